"""UN Comtrade exports of crude petroleum (HS 2709) turned into Corridor rows.

A file as the Comtrade API or comtradeplus.un.org "Download" gives it (CSV or xlsx, one row per
reporter × partner × flow × period, columns typeCode, freqCode, refPeriodId, period, reporterCode,
flowCode, partnerCode, cmdCode, netWgt in kg, primaryValue in US dollars, ...) maps as follows:

- Pakistan (586) ↔ Russia (643) rows become `trade_flows` of commodity 2709: Pakistan's imports
  from Russia and Russia's exports to Pakistan are RU_to_PK, the other two PK_to_RU;
  value_usd = primaryValue.
  Both countries' reports are kept, as two rows: disagreement is data.
- Pakistan's imports from the World (partner 0) become two `import_context` rows of crude: tonnes
  (netWgt kg / 1000; qualifier "about" when Comtrade flags the weight as estimated) and US dollars
  (primaryValue).
- Annual rows (freqCode A, period YYYY) cover the calendar year, monthly rows (M, YYYYMM) the
  month; Comtrade periods are calendar periods.
- Every other row is listed as ignored with the reason: other partners, re-imports and
  re-exports, breakdowns by second partner, transport mode or customs procedure (only their
  totals are imported), and zero values. A row for another commodity or a non-goods type is a
  problem: the file is refused.
- The upload itself becomes one `sources` row (publisher UN Comtrade, kind dataset), whose id
  comes from the file's content, so the same file imported twice changes nothing. Row ids come
  from reporter, partner, flow and period (CT-PAK-RUS-M-2023), so a revised download updates
  the same rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
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
COMMODITY = "2709"  # the trade_flows.commodity of every row imported: HS 2709, crude petroleum
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
    problems, ignored, flows, context, seen = [], [], [], [], {}
    for position, row in enumerate(frame.to_dict("records")):
        number = position + HEADER_ROWS + 1

        def problem(column: str, rule: str) -> None:
            value = row.get(column)
            problems.append(Problem(file, number, column, None if pd.isna(value) else value, rule))

        if "typeCode" in row and not pd.isna(row["typeCode"]) and row["typeCode"] != "C":
            problem("typeCode", "must be C (goods); services are not crude imports")
            continue
        if pd.isna(row["cmdCode"]) or str(row["cmdCode"]).strip() not in CRUDE_CODES:
            problem("cmdCode", "must be 2709 (crude petroleum): export only HS 2709 from Comtrade")
            continue
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
        row_id = f"CT-{COUNTRIES[reporter][0]}-{COUNTRIES[partner][0]}-{flow}-{str(period).removesuffix('.0')}"
        if row_id in seen:
            problem("period", f"repeats row {seen[row_id]} (same reporter, partner, flow and period)")
            continue
        seen[row_id] = number
        start, end = span
        said = f"UN Comtrade, HS 2709 crude petroleum only; {COUNTRIES[reporter][1]} reported its " \
               f"{FLOW_WORDS[flow]} {COUNTRIES[partner][1]}"
        if not to_world:
            if pd.isna(value) or value == 0:
                ignored.append((number, "no value given (primaryValue empty or 0)"))
                continue
            weight_note = "" if pd.isna(weight) or weight == 0 else f"; net weight {weight / 1000:,.0f} t" + (
                " (estimated)" if _is_true(row.get("isNetWgtEstimated")) else "")
            flows.append({"flow_id": row_id, "source_id": source_id, "period_start": start, "period_end": end,
                          "basis": "calendar", "direction": DIRECTIONS[key], "commodity": COMMODITY,
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
                                       "holds no Pakistan–Russia crude trade and no Pakistani crude imports "
                                       "from the world (partner 0), so there is nothing to import")])
    tables = {"trade_flows": _frame("trade_flows", flows), "import_context": _frame("import_context", context)}
    return ComtradeImport({name: rows for name, rows in tables.items() if len(rows)},
                          pd.DataFrame(ignored, columns=["row", "reason"]), source_id)


def read_comtrade(name: str, data: bytes, retrieved_on: dt.date, stored_source_ids: set[str]) -> ComtradeImport:
    """A Comtrade upload (CSV or xlsx, read as `analysis.imports.read_upload` reads any upload)
    mapped to Corridor rows, with its sources row first unless that source is already stored."""
    found = comtrade_rows(read_upload(name, data), name, source_id_for(data))
    tables = dict(found.tables)
    if found.source_id not in stored_source_ids:
        tables = {"sources": _frame("sources", [{
            "source_id": found.source_id, "publisher": PUBLISHER,
            "title": f"UN Comtrade export {name} (HS 2709 crude petroleum)", "url": COMTRADE_URL,
            "published_on": retrieved_on.isoformat(), "kind": "dataset", "language": "en"}]), **tables}
    return ComtradeImport(tables, found.ignored, found.source_id)
