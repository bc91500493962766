"""UN Comtrade goods downloads written by the tests, in the exact column layout the Comtrade API and
the comtradeplus.un.org "Download" button give (47 columns, camelCase, as in
tests/fixtures/comtrade/pakistan_russia_2709_2023.csv): one row per dict, unnamed columns filled
as a real download fills them."""
from __future__ import annotations

import csv
import io

COLUMNS = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"
    "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate").split(",")
COUNTRIES = {586: ("PAK", "Pakistan"), 643: ("RUS", "Russian Federation"), 0: ("W00", "World"),
             792: ("TUR", "Türkiye"), 384: ("CIV", "Côte d'Ivoire"), 699: ("IND", "India"), 156: ("CHN", "China")}
FLOWS = {"M": "Import", "X": "Export"}


def row(reporter: int, partner: int, flow: str, period: str, cmd: str, value: float | str, desc: str = "",
        weight: float | str = "", type_code: str = "C", mot: int = 0) -> dict:
    """One row of a download: `period` YYYY (annual) or YYYYMM (monthly)."""
    freq = "A" if len(period) == 4 else "M"
    level = 0 if cmd == "TOTAL" else len(cmd)
    return {
        "typeCode": type_code, "freqCode": freq, "refPeriodId": f"{period[:4]}{period[4:] or '01'}01",
        "refYear": period[:4], "refMonth": period[4:] or "52", "period": period,
        "reporterCode": reporter, "reporterISO": COUNTRIES[reporter][0], "reporterDesc": COUNTRIES[reporter][1],
        "flowCode": flow, "flowDesc": FLOWS.get(flow, flow), "partnerCode": partner,
        "partnerISO": COUNTRIES[partner][0], "partnerDesc": COUNTRIES[partner][1], "partner2Code": 0,
        "partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6", "classificationSearchCode": "HS",
        "isOriginalClassification": "True", "cmdCode": cmd, "cmdDesc": desc or ("All Commodities" if cmd == "TOTAL"
                                                                               else f"Goods of HS {cmd}"),
        "aggrLevel": level, "isLeaf": "True" if level == 6 else "False", "customsCode": "C00",
        "customsDesc": "TOTAL CPC", "mosCode": 0, "motCode": mot, "motDesc": "TOTAL MOT", "qtyUnitCode": 8,
        "qtyUnitAbbr": "kg", "qty": weight, "isQtyEstimated": "False", "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A",
        "altQty": 0, "isAltQtyEstimated": "False", "netWgt": weight, "isNetWgtEstimated": "False", "grossWgt": 0,
        "isGrossWgtEstimated": "False", "cifvalue": value if flow == "M" else 0, "fobvalue": value if flow == "X" else 0,
        "primaryValue": value, "legacyEstimationFlag": 0, "isReported": "True", "isAggregate": "False"}


def csv_bytes(rows: list[dict], encoding: str = "utf-8") -> bytes:
    """The rows as the download's CSV, in `encoding` (the website's files are often Windows-1252)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
