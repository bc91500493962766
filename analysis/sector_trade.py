"""Trade by cooperation sector, from UN Comtrade downloads imported as trade flows.

Comtrade rows carry who reported them in their id (`analysis.comtrade`:
CT-{reporter}-{partner}-{flow}-{period}[-{commodity}]), so that Pakistan's account and Russia's
mirror account of the same trade stay two figures. A download may hold a chapter and its
headings at once (27 and 2709): each code counts here only for what its own deeper codes in the
same download do not (27 less 2709), so no value is counted twice, and each part goes to its
code's sector (`analysis.hs_sectors`). Only annual rows are used: a year is a year in both
accounts. All values are in US dollars.
"""
from __future__ import annotations

import pandas as pd

from analysis.hs_sectors import ALL_GOODS, sectors_of

COUNTRY = {"PAK": "Pakistan", "RUS": "Russia"}
ID_PARTS = r"^CT-(?P<reporter>PAK|RUS)-(?P<partner>PAK|RUS)-(?P<flow>[MX])-(?P<period>\d{4})(?:-(?P<code>\w+))?$"


def comtrade_flows(flows: pd.DataFrame) -> pd.DataFrame:
    """The annual Pakistan–Russia rows imported from Comtrade: flow_id, year, reporter (Pakistan or
    Russia), direction, commodity, value_usd (float), source_id, note."""
    parts = flows["flow_id"].astype("string").str.extract(ID_PARTS)
    keep = parts["reporter"].notna()
    out = pd.DataFrame({"flow_id": flows.loc[keep, "flow_id"], "year": parts.loc[keep, "period"].astype(int),
                        "reporter": parts.loc[keep, "reporter"].map(COUNTRY),
                        "direction": flows.loc[keep, "direction"], "commodity": flows.loc[keep, "commodity"],
                        "value_usd": flows.loc[keep, "value_usd"].astype(float),
                        "source_id": flows.loc[keep, "source_id"], "note": flows.loc[keep, "note"]})
    return out.reset_index(drop=True)


def _own_parts(rows: pd.DataFrame) -> pd.Series:
    """Each row's value less the values of the codes just below it present in the same account
    (27 less 2709 when both are there; 2709 less 270900): what the code alone adds."""
    codes = rows["commodity"].astype(str).tolist()
    values = rows["value_usd"].tolist()
    own = []
    for code, value in zip(codes, values):
        below = [c for c in codes if c != code and c.startswith(code) and code != ALL_GOODS]
        nearest = [c for c in below if not any(o != c and c.startswith(o) and len(o) > len(code) for o in below)]
        own.append(value - sum(v for c, v in zip(codes, values) if c in nearest))
    return pd.Series(own, index=rows.index)


def sector_trade(flows: pd.DataFrame) -> pd.DataFrame:
    """US dollars per year, reporter, direction and sector (other_goods for codes no sector
    claims), from Comtrade rows below all goods; `all goods` rows are left to `totals`."""
    rows = comtrade_flows(flows)
    rows = rows[rows["commodity"] != ALL_GOODS]
    if rows.empty:
        return pd.DataFrame(columns=["year", "reporter", "direction", "sector_id", "value_usd"])
    parts = []
    for _, account in rows.groupby(["year", "reporter", "direction"], sort=True):
        parts.append(account.assign(value_usd=_own_parts(account), sector_id=sectors_of(account["commodity"])))
    own = pd.concat(parts)
    return (own.groupby(["year", "reporter", "direction", "sector_id"], as_index=False)["value_usd"].sum()
            .sort_values(["year", "direction", "sector_id", "reporter"]).reset_index(drop=True))


def mirror(by_sector: pd.DataFrame) -> pd.DataFrame:
    """Each year, direction and sector with the importer's and the exporter's account side by side
    (Russia → Pakistan: Pakistan's imports against Russia's exports; the reverse the other way),
    the gap (importer less exporter) in US dollars and in percent of the exporter's figure, and
    `missing` naming the country that reported nothing for it (the gap is then empty, not zero)."""
    importer = by_sector["direction"].map({"RU_to_PK": "Pakistan", "PK_to_RU": "Russia"})
    side = pd.Series("exporter", index=by_sector.index).mask(by_sector["reporter"] == importer, "importer")
    wide = (by_sector.assign(side=side)
            .pivot_table(index=["year", "direction", "sector_id"], columns="side", values="value_usd", aggfunc="sum")
            .reindex(columns=["importer", "exporter"]).reset_index())
    wide.columns.name = None
    wide["gap_usd"] = wide["importer"] - wide["exporter"]
    wide["gap_percent"] = wide["gap_usd"] / wide["exporter"] * 100
    importer_country = wide["direction"].map({"RU_to_PK": "Pakistan", "PK_to_RU": "Russia"})
    exporter_country = wide["direction"].map({"RU_to_PK": "Russia", "PK_to_RU": "Pakistan"})
    wide["missing"] = (exporter_country.where(wide["exporter"].isna())
                       .fillna(importer_country.where(wide["importer"].isna())))
    return wide


def composition(flows: pd.DataFrame, direction: str) -> tuple[int | None, str | None, pd.DataFrame]:
    """The latest year with HS chapters (2-digit codes) for `direction`, the country whose account
    it is (the importer's where it reported chapters that year, else the exporter's), and the
    chapters: commodity, sector_id, value_usd, net_weight_t (where Comtrade gives one), source_id and
    share of the chapters' sum in percent, largest first."""
    rows = comtrade_flows(flows)
    rows = rows[(rows["direction"] == direction) & (rows["commodity"].str.len() == 2)]
    if rows.empty:
        return None, None, pd.DataFrame(columns=["commodity", "sector_id", "value_usd", "net_weight_t", "source_id",
                                                 "share_percent"])
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year]
    importer = "Pakistan" if direction == "RU_to_PK" else "Russia"
    reporter = importer if (latest["reporter"] == importer).any() else latest["reporter"].iloc[0]
    chosen = latest[latest["reporter"] == reporter]
    out = pd.DataFrame({"commodity": chosen["commodity"], "sector_id": sectors_of(chosen["commodity"]),
                        "value_usd": chosen["value_usd"], "net_weight_t": _net_weight(chosen["note"]),
                        "source_id": chosen["source_id"]})
    out["share_percent"] = out["value_usd"] / out["value_usd"].sum() * 100
    return year, reporter, out.sort_values("value_usd", ascending=False).reset_index(drop=True)


def importers_account(by_sector: pd.DataFrame) -> pd.DataFrame:
    """The rows of `sector_trade` in the importer's own account (Pakistan's imports from Russia,
    Russia's imports from Pakistan), the account customs keep most fully; where only the
    exporter reported a year and sector, its figure, marked `reporter`."""
    importer = by_sector["direction"].map({"RU_to_PK": "Pakistan", "PK_to_RU": "Russia"})
    ranked = by_sector.assign(rank=(by_sector["reporter"] != importer).astype(int))
    return (ranked.sort_values("rank").drop_duplicates(["year", "direction", "sector_id"])
            .drop(columns="rank").sort_values(["direction", "sector_id", "year"]).reset_index(drop=True))


def sector_overview(latest: pd.DataFrame, by_sector: pd.DataFrame, sectors: pd.DataFrame,
                    chosen: list[str]) -> pd.DataFrame:
    """For each chosen sector: its initiatives' furthest stage (latest frame of
    `analysis.cooperation_views`: furthest_status, furthest_on) and, in each direction, the first
    and last year of trade (`importers_account`), their values in US dollars and the change in
    percent. Sectors with neither initiatives nor trade are left out; other goods come last."""
    names = dict(zip(sectors["sector_id"], sectors["name"]))
    staged = latest.dropna(subset=["furthest_status"]).sort_values("furthest_status", ascending=False)
    stage = staged.drop_duplicates("sector_id").set_index("sector_id")[["furthest_status", "furthest_on"]]
    trade = importers_account(by_sector)
    rows = []
    for sector in [*chosen, "other_goods"]:
        row = {"sector_id": sector, "sector": names.get(sector, "Other goods"),
               "furthest_stage": None if sector not in stage.index else str(stage.at[sector, "furthest_status"]),
               "stage_on": None if sector not in stage.index else stage.at[sector, "furthest_on"]}
        for direction in ("RU_to_PK", "PK_to_RU"):
            years = trade[(trade["sector_id"] == sector) & (trade["direction"] == direction)]
            first, last = (years.iloc[0], years.iloc[-1]) if len(years) else (None, None)
            row[f"{direction}_from"] = None if first is None else int(first["year"])
            row[f"{direction}_to"] = None if last is None else int(last["year"])
            row[f"{direction}_first_usd"] = None if first is None else first["value_usd"]
            row[f"{direction}_last_usd"] = None if last is None else last["value_usd"]
            row[f"{direction}_change_percent"] = (None if first is None or len(years) < 2
                                                 else (last["value_usd"] / first["value_usd"] - 1) * 100)
        if row["furthest_stage"] or row["RU_to_PK_from"] or row["PK_to_RU_from"]:
            rows.append(row)
    return pd.DataFrame(rows)



NET_WEIGHT = r"net weight (?P<tonnes>[\d,]+(?:\.\d+)?) t"  # as analysis.comtrade writes it in a flow's note


def _net_weight(notes: pd.Series) -> pd.Series:
    """Tonnes of net weight from the notes of Comtrade flows; NaN where a note gives none."""
    return notes.astype("string").str.extract(NET_WEIGHT)["tonnes"].str.replace(",", "", regex=False).astype(float)


def crude_against_ledger(flows: pd.DataFrame, cargoes: pd.DataFrame) -> pd.DataFrame:
    """For each year with HS 2709 crude Russia → Pakistan from Comtrade: the tonnes of the
    cargoes that arrived that year by the cargo ledger (each delivered cargo's chosen tonnage) and
    how many, beside the net weight each country's Comtrade account gives (from the note the import
    wrote; <NA> where a country gave none), and the ledger less Pakistan's figure, in tonnes."""
    rows = comtrade_flows(flows)
    crude = rows[(rows["commodity"] == "2709") & (rows["direction"] == "RU_to_PK")]
    columns = ["year", "cargoes", "ledger_t", "pakistan_t", "russia_t", "ledger_less_pakistan_t"]
    if crude.empty:
        return pd.DataFrame(columns=columns)
    tonnes = _net_weight(crude["note"])
    comtrade = (crude.assign(tonnes=tonnes).groupby(["year", "reporter"])["tonnes"].sum(min_count=1)
                .unstack().reindex(columns=["Pakistan", "Russia"]))
    arrived = cargoes[cargoes["delivered"].fillna(False).astype(bool) & cargoes["arrival_start"].notna()]
    ledger = arrived.groupby(arrived["arrival_start"].dt.year).agg(ledger_t=("tonnes", "sum"),
                                                                  cargoes=("cargo_id", "size"))
    out = comtrade.join(ledger, how="left").reset_index(names="year")
    out = out.rename(columns={"Pakistan": "pakistan_t", "Russia": "russia_t"})
    out["cargoes"] = out["cargoes"].fillna(0).astype(int)
    out["ledger_t"] = out["ledger_t"].fillna(0.0)
    out["ledger_less_pakistan_t"] = out["ledger_t"] - out["pakistan_t"]
    return out[columns]
