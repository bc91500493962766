"""UN Comtrade goods downloads turned into Corridor rows.

A file as the Comtrade API or comtradeplus.un.org "Download" gives it (CSV or xlsx, one row per
reporter × partner × flow × period × commodity, columns typeCode, freqCode, refPeriodId, period,
reporterCode, flowCode, partnerCode, cmdCode, cmdDesc, netWgt in kg, primaryValue in US dollars,
...) maps as follows:

- Any commodity level: all goods (cmdCode TOTAL), HS chapters (2 digits), headings (4) and
  subheadings (6); crude petroleum (2709, and its one subheading 270900) is commodity 2709.
- Pakistan (586) ↔ Russia (643) rows become `trade_flows` of that commodity: Pakistan's imports
  from Russia and Russia's exports to Pakistan are RU_to_PK, the other two PK_to_RU;
  value_usd = primaryValue. Both countries' reports are kept, as two rows: disagreement is data.
  The note says who reported it, the commodity with its description and the net weight.
- Pakistan's crude imports from the World (partner 0) become two `import_context` rows of crude:
  tonnes (netWgt kg / 1000; qualifier "about" when Comtrade flags the weight as estimated) and US
  dollars (primaryValue). Its imports of other goods from the world are listed as ignored.
- Annual rows (freqCode A, period YYYY) cover the calendar year, monthly rows (M, YYYYMM) the
  month; Comtrade periods are calendar periods.
- Every other row is listed as ignored with the reason: other partners, re-imports and
  re-exports, breakdowns by second partner, transport mode or customs procedure (only their
  totals are imported), and zero values. A row of services (typeCode S) or with a malformed
  commodity code is a problem: the file is refused, as is a file of more than MAX_FILE_ROWS rows
  (an all-partners download: choose Pakistan and Russia as reporter and partner).
- A CSV that is not UTF-8 is read as Windows-1252 (the website's downloads are often saved so,
  with names such as Türkiye or Côte d'Ivoire) when that is the only reading its bytes allow;
  otherwise it is refused, naming the first byte that cannot be read.
- The upload itself becomes one `sources` row (publisher UN Comtrade, kind dataset), whose id
  comes from the file's content, so the same file imported twice changes nothing. Row ids come
  from reporter, partner, flow, period and commodity (CT-PAK-RUS-M-2023-27; crude keeps the ids
  it always had, CT-PAK-RUS-M-2023), so a revised download updates the same rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from analysis.imports import number_text, read_upload
from analysis.schema import TABLES
from analysis.validate import HEADER_ROWS, Problem, ValidationError

COMTRADE_URL = "https://comtradeplus.un.org/"
PUBLISHER = "UN Comtrade"
PAKISTAN, RUSSIA, WORLD = 586, 643, 0
COUNTRIES = {PAKISTAN: ("PAK", "Pakistan"), RUSSIA: ("RUS", "Russia"), WORLD: ("W00", "the world")}
CRUDE_CODES = ("2709", "270900")
CRUDE = "2709"  # the trade_flows.commodity of crude petroleum, whichever of CRUDE_CODES the file gives
COMMODITY_CODE = re.compile(r"TOTAL|\d{2}|\d{4}|\d{6}")
MAX_FILE_ROWS = 20_000  # Pakistan–Russia by 6-digit code, both reporters, both flows, ten years: under this
REQUIRED = ("freqCode", "reporterCode", "flowCode", "partnerCode", "cmdCode", "netWgt", "primaryValue")
# Breakdown columns and the value that means "all of them" (a total).
TOTALS = {"partner2Code": "0", "motCode": "0", "customsCode": "C00", "mosCode": "0"}
DIRECTIONS = {  # (reporter, partner, flowCode) -> direction of the goods
    (PAKISTAN, RUSSIA, "M"): "RU_to_PK", (PAKISTAN, RUSSIA, "X"): "PK_to_RU",
    (RUSSIA, PAKISTAN, "X"): "RU_to_PK", (RUSSIA, PAKISTAN, "M"): "PK_to_RU",
}
FLOW_WORDS = {"M": "imports from", "X": "exports to"}


@dataclass(frozen=True)
class ComtradeImport:
    """What a Comtrade file gives: text frames per table (in load order) and the rows ignored."""

    tables: dict[str, pd.DataFrame]
    ignored: pd.DataFrame  # columns row (as in the file), reason
    source_id: str


def source_id_for(data: bytes) -> str:
    """The sources id of an upload: 'CT-' and the first 10 hex digits of its SHA-256."""
    return "CT-" + hashlib.sha256(data).hexdigest()[:10].upper()


def _frame(table: str, records: list[dict]) -> pd.DataFrame:
    columns = TABLES[table].column_names
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns, dtype="string")


def _code(value: object) -> int | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) or number != int(number) else int(number)


def _amount(value: object) -> float | None:
    return None if pd.isna(value) else pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]


def _period(freq: str, period: str) -> tuple[str, str] | None:
    """First and last day of an annual (YYYY) or monthly (YYYYMM) Comtrade period."""
    text = str(period).strip().removesuffix(".0")
    if freq == "A" and len(text) == 4 and text.isdigit():
        return f"{text}-01-01", f"{text}-12-31"
    if freq == "M" and len(text) == 6 and text.isdigit() and 1 <= int(text[4:]) <= 12:
        start = pd.Timestamp(int(text[:4]), int(text[4:]), 1)
        return start.strftime("%Y-%m-%d"), (start + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    return None


def _name(row: dict, column: str, code: int) -> str:
    """A country's name as the file gives it, else its code."""
    value = row.get(column)
    return str(code) if value is None or pd.isna(value) else str(value)


def _goods(commodity: str, row: dict) -> str:
    """What a row counts, in words: "HS 2709 crude petroleum only", "all goods (TOTAL)", "HS 10
    (Cereals)" with the file's description."""
    if commodity == CRUDE:
        return "HS 2709 crude petroleum only"
    if commodity == "TOTAL":
        return "all goods (TOTAL)"
    described = row.get("cmdDesc")
    return f"HS {commodity}" + ("" if described is None or pd.isna(described) else f" ({str(described).strip()})")


def _is_true(value: object) -> bool:
    return not pd.isna(value) and str(value).strip().lower() in ("true", "1")


def comtrade_rows(frame: pd.DataFrame, file: str, source_id: str) -> ComtradeImport:
    """Map a Comtrade text frame (see the module docstring) to trade_flows and import_context.

    Raises ValidationError listing every problem (file row, column, value, rule).
    """
    missing = [c for c in REQUIRED if c not in frame]
    if "period" not in frame and "refPeriodId" not in frame:
        missing.append("period")
    if missing:
        raise ValidationError([Problem(file, HEADER_ROWS, c, None,
                                       "column is missing: is this a UN Comtrade export (CSV or Excel)?")
                               for c in missing])
    if len(frame) > MAX_FILE_ROWS:
        raise ValidationError([Problem(file, None, None, None,
                                       f"has {len(frame):,} rows, more than the {MAX_FILE_ROWS:,} that Pakistan–Russia "
                                       "trade by HS code fills: download with Pakistan and Russia as reporter and "
                                       "partner (and the world only for Pakistan's crude imports)")])
    problems, ignored, flows, context, seen = [], [], [], [], {}
    for position, row in enumerate(frame.to_dict("records")):
        number = position + HEADER_ROWS + 1

        def problem(column: str, rule: str) -> None:
            value = row.get(column)
            problems.append(Problem(file, number, column, None if pd.isna(value) else value, rule))

        if "typeCode" in row and not pd.isna(row["typeCode"]) and row["typeCode"] != "C":
            problem("typeCode", "must be C (goods); services are not crude imports")
            continue
        code = "" if pd.isna(row["cmdCode"]) else str(row["cmdCode"]).strip().removesuffix(".0")
        if not COMMODITY_CODE.fullmatch(code):
            problem("cmdCode", "must be TOTAL (all goods) or an HS code of 2, 4 or 6 digits, such as 27, 2709 "
                               "or 270900")
            continue
        commodity = CRUDE if code in CRUDE_CODES else code
        reporter, partner, flow = _code(row["reporterCode"]), _code(row["partnerCode"]), row["flowCode"]
        if reporter is None:
            problem("reporterCode", "must be a numeric country code (586 Pakistan, 643 Russia)")
            continue
        if partner is None:
            problem("partnerCode", "must be a numeric country code (0 World, 586 Pakistan, 643 Russia)")
            continue
        breakdown = [c for c, total in TOTALS.items()
                     if c in row and not pd.isna(row[c]) and str(row[c]).strip().removesuffix(".0") != total]
        if flow not in ("M", "X"):
            ignored.append((number, f"flow {flow}: only imports (M) and exports (X) are imported"))
            continue
        if breakdown:
            ignored.append((number, f"a breakdown by {breakdown[0]}: only totals are imported"))
            continue
        key = (reporter, partner, flow)
        to_world = reporter == PAKISTAN and partner == WORLD and flow == "M"
        if to_world and commodity != CRUDE:
            ignored.append((number, f"Pakistan's imports of {_goods(commodity, row)} from the world: only crude "
                                    "(2709) feeds the import context"))
            continue
        if key not in DIRECTIONS and not to_world:
            ignored.append((number, f"{_name(row, 'reporterDesc', reporter)} {FLOW_WORDS[flow]} "
                                    f"{_name(row, 'partnerDesc', partner)}: neither Pakistan–Russia trade nor "
                                    "Pakistan's imports from the world"))
            continue
        freq = row["freqCode"]
        period = row["period"] if "period" in row and not pd.isna(row.get("period")) else (
            None if pd.isna(row.get("refPeriodId")) else str(row["refPeriodId"])[:4 if freq == "A" else 6])
        span = None if period is None else _period(freq, period)
        if span is None:
            problem("period" if "period" in row else "refPeriodId",
                    "must be a year YYYY with freqCode A, or a month YYYYMM with freqCode M")
            continue
        value, weight = _amount(row["primaryValue"]), _amount(row["netWgt"])
        bad = False
        for column, amount in (("primaryValue", value), ("netWgt", weight)):
            if pd.isna(amount) and not pd.isna(row[column]):
                problem(column, "must be a number")
                bad = True
            elif not pd.isna(amount) and amount < 0:
                problem(column, "must not be negative")
                bad = True
        if bad:
            continue
        row_id = f"CT-{COUNTRIES[reporter][0]}-{COUNTRIES[partner][0]}-{flow}-{str(period).removesuffix('.0')}" + (
            "" if commodity == CRUDE else f"-{commodity}")
        if row_id in seen:
            problem("period", f"repeats row {seen[row_id]} (same reporter, partner, flow, period and commodity)")
            continue
        seen[row_id] = number
        start, end = span
        said = f"UN Comtrade, {_goods(commodity, row)}; {COUNTRIES[reporter][1]} reported its " \
               f"{FLOW_WORDS[flow]} {COUNTRIES[partner][1]}"
        if not to_world:
            if pd.isna(value) or value == 0:
                ignored.append((number, "no value given (primaryValue empty or 0)"))
                continue
            weight_note = "" if pd.isna(weight) or weight == 0 else f"; net weight {weight / 1000:,.0f} t" + (
                " (estimated)" if _is_true(row.get("isNetWgtEstimated")) else "")
            flows.append({"flow_id": row_id, "source_id": source_id, "period_start": start, "period_end": end,
                          "basis": "calendar", "direction": DIRECTIONS[key], "commodity": commodity,
                          "value_usd": number_text(value),
                          "qualifier": "exact", "note": said + weight_note + "."})
            continue
        if pd.isna(weight) or weight == 0:
            ignored.append((number, "no net weight given (netWgt empty or 0): tonnes not imported"))
        else:
            context.append({"context_id": f"{row_id}-t", "source_id": source_id, "period_start": start,
                            "period_end": end, "basis": "calendar", "measure": "crude",
                            "quantity": number_text(weight / 1000),
                            "unit": "t", "qualifier": "about" if _is_true(row.get("isNetWgtEstimated")) else "exact",
                            "note": f"{said}; net weight {number_text(weight)} kg / 1000."})
        if pd.isna(value) or value == 0:
            ignored.append((number, "no value given (primaryValue empty or 0): US dollars not imported"))
        else:
            context.append({"context_id": f"{row_id}-USD", "source_id": source_id, "period_start": start,
                            "period_end": end, "basis": "calendar", "measure": "crude",
                            "quantity": number_text(value),
                            "unit": "USD", "qualifier": "exact", "note": f"{said}; primaryValue in US dollars."})
    if problems:
        raise ValidationError(problems)
    if not flows and not context:
        raise ValidationError([Problem(file, None, None, None,
                                       "holds no Pakistan–Russia trade and no Pakistani crude imports from the "
                                       "world (partner 0), so there is nothing to import")])
    tables = {"trade_flows": _frame("trade_flows", flows), "import_context": _frame("import_context", context)}
    return ComtradeImport({name: rows for name, rows in tables.items() if len(rows)},
                          pd.DataFrame(ignored, columns=["row", "reason"]), source_id)


def _as_utf8(name: str, data: bytes) -> bytes:
    """A CSV's bytes as UTF-8: as they are when they are UTF-8 (or an xlsx), else read as
    Windows-1252 where that gives text with no control character (ISO-8859-1 then reads the same,
    or gives control characters where Windows-1252 gives letters and quotes); ValidationError
    naming the first byte neither can read."""
    if data[:2] == b"PK":  # an xlsx: a zip archive
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError as err:
        first = err.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        first = err.start
    else:
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text):
            return text.encode("utf-8")
    line = data[:first].count(b"\n") + 1
    raise ValidationError([Problem(name, line, None, f"0x{data[first]:02x}",
                                   "is neither UTF-8 nor Windows-1252 text at this byte, so its names cannot be read "
                                   "for certain: download the file again as CSV (UTF-8)")])


def read_comtrade(name: str, data: bytes, retrieved_on: dt.date, stored_source_ids: set[str]) -> ComtradeImport:
    """A Comtrade upload (CSV or xlsx, read as `analysis.imports.read_upload` reads any upload)
    mapped to Corridor rows, with its sources row first unless that source is already stored."""
    found = comtrade_rows(read_upload(name, _as_utf8(name, data)), name, source_id_for(data))
    tables = dict(found.tables)
    if found.source_id not in stored_source_ids:
        codes = set(tables["trade_flows"]["commodity"]) if "trade_flows" in tables else {CRUDE}
        what = "HS 2709 crude petroleum" if codes == {CRUDE} else "all goods" if codes == {"TOTAL"} else \
            "goods by HS code"
        tables = {"sources": _frame("sources", [{
            "source_id": found.source_id, "publisher": PUBLISHER,
            "title": f"UN Comtrade export {name} ({what})", "url": COMTRADE_URL,
            "published_on": retrieved_on.isoformat(), "kind": "dataset", "language": "en"}]), **tables}
    return ComtradeImport(tables, found.ignored, found.source_id)
