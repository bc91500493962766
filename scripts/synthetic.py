"""Synthetic Corridor datasets of any size, for benchmarks and load tests.

`generate(reports, seed)` returns one text frame per table of `analysis.schema.TABLES` (the same
columns, every column of "string" dtype, empty cells as <NA>), exactly as `analysis.datafiles`
would read them from CSV, and valid under `analysis.validate`. The same seed always gives the same
frames. Everything is drawn with numpy's default_rng, column by column (no loop per row), so a
million cargo reports take seconds.

What it looks like: a few thousand sources of every kind; the seed grades plus a dozen more;
orders from ~15 exporters to ~40 importers and refiners, each reported by 1–3 sources in t, kt or
bbl at mixed date precision; cargoes reported by 1–4 sources that disagree slightly (some
rounded, in t, kt, bbl or m3, with qualifiers, statuses and the evidence each rests on; ~10% of
accounts linked to their cargo on a probable link, ~5% on an unconfirmed one), arriving 2015–2026,
~80% of them linked to an order (some accounts of an order's last cargo say it completes it);
and events, initiatives, trade flows (most of all goods, some of crude petroleum alone), import
totals and targets in proportion. The sectors are data/sectors.csv.

    python scripts/synthetic.py --reports 10000 --seed 7 --out DIR

writes one CSV per table into DIR, usable as a data directory.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.datafiles import read_table_csv  # noqa: E402
from analysis.schema import (CARGO_STATUSES, EVENT_KINDS, EVIDENCE_KINDS, INITIATIVE_STATUSES,  # noqa: E402
                             LINKS, LOAD_ORDER, SOURCE_KINDS, TABLES, TARGET_KINDS)
from analysis.units import BARREL_M3, DEFAULT_BARRELS_PER_TONNE, barrels_per_tonne  # noqa: E402

DATA_DIR = ROOT / "data"
FIRST_DAY = np.datetime64("2015-01-01")
LAST_DAY = np.datetime64("2026-12-31")
TODAY = np.datetime64("2026-01-16")  # cargoes due after this are still loading or at sea
PRECISIONS = ("day", "month", "quarter", "year")

PUBLISHERS = {
    "official": ("Ministry of Energy (Petroleum Division), Pakistan", "Ministry of Energy of Russia",
                 "Embassy of Russia in Pakistan", "Oil Companies Advisory Council",
                 "Pakistan Bureau of Statistics", "Karachi Port Trust", "Port Qasim Authority",
                 "Ministry of Commerce, Pakistan", "Ministry of Petroleum and Natural Gas, India",
                 "General Administration of Customs, China"),
    "dataset": ("Kpler", "Vortexa", "LSEG shipping data", "UN Comtrade", "JODI Oil",
                "Port notices digest", "Tanker tracker"),
    "news": ("Reuters", "Bloomberg", "Dawn", "Business Recorder", "The News", "Express Tribune",
             "TASS", "Interfax", "Argus Media", "S&P Global Commodity Insights", "Economic Times",
             "Arab News", "DNA News", "Profit", "Caixin", "Hurriyet Daily News", "The Daily Star"),
    "estimate": ("Rystad Energy", "Energy Aspects", "CREA", "Kpler analyst note", "FGE"),
}
LANGUAGES = {"TASS": "ru", "Interfax": "ru", "Ministry of Energy of Russia": "ru",
             "Embassy of Russia in Pakistan": "ru", "Caixin": "zh",
             "General Administration of Customs, China": "zh"}
TOPICS = ("Crude cargo arrives", "Tanker discharges crude", "Refiner books crude cargo",
          "Crude imports rise", "Crude imports fall", "Term supply deal signed", "Shipment delayed",
          "Discount on crude agreed", "Payment arrangement for crude", "Monthly import statistics")
EXTRA_GRADES = (  # grade, api_low, api_high
    ("ESPO", 34.0, 35.0), ("Sokol", 35.0, 37.0), ("Siberian Light", 34.5, 35.5),
    ("Arab Medium", 30.0, 31.0), ("Murban", 39.5, 40.5), ("Upper Zakum", 33.0, 34.0),
    ("Kuwait Export", 30.5, 31.5), ("Basrah Medium", 28.0, 29.5), ("Qatar Marine", 35.0, 36.0),
    ("Oman Export", 33.0, 34.0), ("Azeri Light", 34.5, 35.5), ("CPC Blend", 44.0, 46.0),
    ("Bonny Light", 33.0, 35.0),
)
SELLERS = (  # seller, grades it sells, share of its orders made government to government
    ("Russia", ("Urals", "ESPO"), 1.0),
    ("Rosneft", ("Urals", "Sokol"), 0.1),
    ("Lukoil", ("Urals", "Siberian Light"), 0.0),
    ("Gazprom Neft", ("ESPO", "Urals"), 0.1),
    ("Surgutneftegas", ("Urals", "ESPO"), 0.0),
    ("Saudi Aramco", ("Arab Light", "Arab Medium"), 0.3),
    ("ADNOC", ("Murban", "Upper Zakum"), 0.2),
    ("Kuwait Petroleum Corporation", ("Kuwait Export",), 0.3),
    ("SOMO (Iraq)", ("Basrah Medium",), 0.5),
    ("QatarEnergy", ("Qatar Marine",), 0.2),
    ("Oman", ("Oman Export",), 1.0),
    ("SOCAR", ("Azeri Light",), 0.2),
    ("KazMunayGas", ("CPC Blend",), 0.1),
    ("NNPC", ("Bonny Light",), 0.1),
    ("BP Trading", ("Brent",), 0.0),
)
LOAD_PORTS = {
    "Urals": ("Ust-Luga", "Primorsk", "Novorossiysk"), "ESPO": ("Kozmino",), "Sokol": ("De-Kastri",),
    "Siberian Light": ("Novorossiysk",), "Arab Light": ("Ras Tanura", "Yanbu"),
    "Arab Medium": ("Ras Tanura",), "Murban": ("Fujairah", "Jebel Dhanna"),
    "Upper Zakum": ("Zirku Island",), "Kuwait Export": ("Mina al-Ahmadi",),
    "Basrah Medium": ("Basrah Oil Terminal",), "Qatar Marine": ("Halul Island",),
    "Oman Export": ("Mina al-Fahal",), "Azeri Light": ("Ceyhan",),
    "CPC Blend": ("CPC Terminal",), "Bonny Light": ("Bonny",), "Brent": ("Sullom Voe",),
}
BUYERS = (  # buyer, discharge port
    ("Pakistan Refinery Ltd (PRL)", "Karachi"), ("Cnergyico", "Karachi"),
    ("Attock Refinery Ltd (ARL)", "Karachi"), ("National Refinery Ltd (NRL)", "Karachi"),
    ("Pak-Arab Refinery (PARCO)", "Port Qasim"), ("Pakistan State Oil (PSO)", "Port Qasim"),
    ("Reliance Industries", "Sikka"), ("Indian Oil Corporation", "Paradip"),
    ("Bharat Petroleum", "Kochi"), ("Hindustan Petroleum", "Visakhapatnam"),
    ("Nayara Energy", "Vadinar"), ("MRPL", "New Mangalore"), ("HPCL-Mittal Energy", "Mundra"),
    ("Sinopec", "Ningbo"), ("PetroChina", "Dalian"), ("Rongsheng Petrochemical", "Zhoushan"),
    ("Hengli Petrochemical", "Changxing"), ("Shandong Yulong", "Longkou"), ("CNOOC", "Huizhou"),
    ("Zhenhua Oil", "Qingdao"), ("Tupras", "Izmit"), ("STAR Refinery", "Aliaga"),
    ("Eastern Refinery Ltd", "Chittagong"), ("Ceylon Petroleum Corporation", "Colombo"),
    ("Petron", "Limay"), ("Thai Oil", "Sriracha"), ("IRPC", "Rayong"), ("SK Energy", "Ulsan"),
    ("GS Caltex", "Yeosu"), ("S-Oil", "Onsan"), ("ENEOS", "Negishi"), ("Idemitsu", "Chiba"),
    ("Pertamina", "Cilacap"), ("Petronas", "Pengerang"), ("Nghi Son Refinery", "Nghi Son"),
    ("Bapco Energies", "Sitra"), ("ENOC", "Jebel Ali"), ("Saras", "Sarroch"),
    ("Hellenic Energy", "Aspropyrgos"), ("Motor Oil Hellas", "Agioi Theodoroi"),
)
TRANSSHIP_PORTS = ("Duqm", "Sohar", "Fujairah", "Port Said", "Ceuta", "Laconian Gulf", "Sikka")
VESSEL_WORDS = (
    ("Pure", "Clyde", "Blue", "Silver", "Golden", "Northern", "Eastern", "Ocean", "Sea", "Star",
     "Arctic", "Coral", "Crimson", "Desert", "Emerald", "Falcon", "Grand", "Harbour", "Iron",
     "Jade", "Kestrel", "Lunar", "Marble", "Noble", "Orient", "Pacific", "Quantum", "Royal"),
    ("Point", "Noble", "Pioneer", "Spirit", "Voyager", "Horizon", "Dawn", "Crest", "Venture",
     "Glory", "Harmony", "Legend", "Mariner", "Navigator", "Pearl", "Prospect", "Quest", "Ranger",
     "Sentinel", "Trader", "Unity", "Valour", "Wave", "Zenith"),
)
NOTES = ("DISCREPANCY with other accounts of this cargo.", "UNCERTAIN: vessel name not confirmed.",
         "Ship-to-ship transfer reported before discharge.", "Figure taken from a port notice.",
         "Quantity given as the vessel's capacity.")
LINK_NOTES = ("Vessel not named; buyer and month match.", "Arrival month differs from the other accounts.",
              "Size differs; may be another cargo of the same buyer.", "Discharge port not stated.")
ORDER_NOTES = ("DISCREPANCY with other accounts of this order.", "UNCERTAIN: buyer not confirmed.",
               "Part of a term contract.", "Spot purchase.")
REMARKS = ("UNCERTAIN: reported second-hand.", "Reported by several outlets.",
           "Figure given without a period.", "Earlier reports differ.")
EVENT_TITLES = {
    "statement": "Statement on", "meeting": "Meeting on", "agreement": "Agreement on",
    "order": "Order placed in", "shipment": "Shipment in", "payment": "Payment settled in",
    "policy": "Policy change in", "suspension": "Suspension in", "plan": "Plan announced in",
}
SPEAKERS = (  # speaker (made-up names), office; an empty name is an unnamed official
    ("Speaker A", "Minister for Petroleum"), ("Speaker B", "Deputy Energy Minister of Russia"),
    ("Speaker C", "Chief executive, refinery"), ("Speaker D", "Russian Ambassador to Pakistan"),
    ("", "Energy Ministry officials"), ("", "Customs official"),
)
INITIATIVE_TITLES = ("Supply contract", "Joint venture", "Upgrade project", "Payment channel",
                     "Barter arrangement", "Training programme", "Working group", "Pilot project")


def _ids(prefix: str, n: int) -> np.ndarray:
    """prefix + 1..n zero-padded to the width of n, e.g. CR0001…CR1000."""
    width = len(str(max(n, 1)))
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype("U"), width))


def _text(values, missing=None) -> pd.Series:
    """A "string" Series from an array of str, <NA> where `missing` is True."""
    out = pd.Series(np.asarray(values), dtype="string")
    return out if missing is None else out.mask(np.asarray(missing))


def _numbers(x: np.ndarray) -> np.ndarray:
    """Plain decimal text: whole numbers without a decimal point, others as their shortest repr."""
    return np.where(np.floor(x) == x, x.astype(np.int64).astype("U"), x.astype("U"))


def _choice(rng, options, n: int, p=None) -> np.ndarray:
    """Indices into `options` (or weights `p`) for n draws."""
    return rng.choice(len(options), size=n, p=None if p is None else np.asarray(p) / np.sum(p))


def _pick(rng, options_per_key: list[tuple[str, ...]], keys: np.ndarray) -> np.ndarray:
    """For each key, one of that key's options, uniformly."""
    width = max(len(o) for o in options_per_key)
    table = np.array([list(o) + [o[0]] * (width - len(o)) for o in options_per_key])
    counts = np.array([len(o) for o in options_per_key])
    return table[keys, (rng.random(len(keys)) * counts[keys]).astype(int)]


def _partial_dates(days: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Day numbers (datetime64[D]) written at a precision code (0 day, 1 month, 2 quarter, 3 year)."""
    full = days.astype("datetime64[D]").astype("U10")
    month = full.astype("U7")
    year = full.astype("U4")
    quarter = (days.astype("datetime64[M]").astype(np.int64) % 12) // 3
    quarter = np.char.add(year, np.array(["-Q1", "-Q2", "-Q3", "-Q4"])[quarter])
    return np.select([precision == 0, precision == 1, precision == 2], [full, month, quarter], year)


def _speakers(rng, n: int) -> dict[str, pd.Series]:
    """speaker and speaker_role columns: about a third of the rows name who said it."""
    which = _choice(rng, SPEAKERS, n)
    named = rng.random(n) < 0.35
    name, role = (np.array([s[i] for s in SPEAKERS])[which] for i in (0, 1))
    return {"speaker": _text(name, ~named | (name == "")), "speaker_role": _text(role, ~named)}


def _round_significant(x: np.ndarray, digits: np.ndarray) -> np.ndarray:
    """x rounded to `digits` significant digits, as the nearest double to that decimal."""
    exponent = np.floor(np.log10(x)).astype(int) - digits + 1
    up = 10.0 ** np.abs(exponent)
    return np.where(exponent >= 0, np.round(x / up) * up, np.round(x * up) / up)


def _near(rng, published: np.ndarray, days: np.ndarray, low: int, high: int) -> np.ndarray:
    """Indices of sources published shortly after each day (between low and high days later)."""
    target = days + rng.integers(low, high, size=len(days))
    index = np.searchsorted(published, target) + rng.integers(-2, 3, size=len(days))
    return np.clip(index, 0, len(published) - 1)


def _sizes(rng, total: int, low: int, high: int, p=None) -> np.ndarray:
    """Group sizes in [low, high] (weights p) summing exactly to total."""
    values = np.arange(low, high + 1)
    mean = values.mean() if p is None else float(np.dot(values, np.asarray(p) / np.sum(p)))
    draws = values[_choice(rng, values, int(total / mean * 1.2) + 10, p)]
    while draws.sum() < total:
        draws = np.concatenate([draws, values[_choice(rng, values, int(total / mean * 0.2) + 10, p)]])
    ends = np.cumsum(draws)
    count = int(np.searchsorted(ends, total)) + 1
    sizes = draws[:count].copy()
    sizes[-1] -= ends[count - 1] - total
    return sizes[sizes > 0]


def _sources(rng, n: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Sources in publication order, with their publication days and kinds."""
    days = np.sort(rng.integers(np.datetime64("2014-12-01").astype(int), TODAY.astype(int) + 1, n))
    share = {"official": 0.12, "dataset": 0.15, "news": 0.63, "estimate": 0.10}
    kind = _choice(rng, SOURCE_KINDS, n, [share[k] for k in SOURCE_KINDS])
    publisher = _pick(rng, [PUBLISHERS[k] for k in SOURCE_KINDS], kind)
    ids = _ids("S", n)
    precision = _choice(rng, PRECISIONS, n, (0.82, 0.12, 0.02, 0.04))
    language = pd.Series(publisher).map(LANGUAGES).fillna("en").to_numpy(dtype="U2")
    slug = np.char.replace(np.char.lower(publisher), " ", "-")
    frame = pd.DataFrame({
        "source_id": _text(ids),
        "publisher": _text(publisher),
        "title": _text(np.char.add(np.char.add(np.array(TOPICS)[_choice(rng, TOPICS, n)], " — item "),
                                   ids)),
        "url": _text(np.char.add(np.char.add(np.char.add("https://example.org/", slug), "/"),
                                 np.char.lower(ids))),
        "published_on": _text(_partial_dates(days, precision)),
        "kind": _text(np.array(SOURCE_KINDS)[kind]),
        "language": _text(language, rng.random(n) < 0.05),
    })
    return frame, days, kind


def _grades(rng, source_ids: np.ndarray, kinds: np.ndarray) -> pd.DataFrame:
    """The seed grades (data/grades.csv) and EXTRA_GRADES, each cited by a dataset source."""
    seed = read_table_csv(DATA_DIR / "grades.csv", "grades")
    extra = pd.DataFrame({
        "grade": _text([g[0] for g in EXTRA_GRADES]),
        "api_low": _text(_numbers(np.array([g[1] for g in EXTRA_GRADES]))),
        "api_high": _text(_numbers(np.array([g[2] for g in EXTRA_GRADES]))),
    })
    frame = pd.concat([seed[["grade", "api_low", "api_high"]], extra], ignore_index=True)
    datasets = source_ids[kinds == SOURCE_KINDS.index("dataset")]
    pool = datasets if len(datasets) else source_ids
    frame["source_id"] = _text(pool[rng.integers(0, len(pool), len(frame))])
    return frame.astype("string")


def _factors(grades: pd.DataFrame) -> dict[str, float]:
    """Barrels per tonne of each grade at the midpoint of its API range."""
    api = (grades["api_low"].astype(float) + grades["api_high"].astype(float)) / 2
    return dict(zip(grades["grade"], barrels_per_tonne(api.to_numpy())))


def _in_unit(rng, tonnes: np.ndarray, unit: np.ndarray, factor: np.ndarray,
             rounded: np.ndarray) -> np.ndarray:
    """Tonnes expressed in t, kt, bbl or m3 as a source would publish them: whole tonnes, barrels
    and cubic metres, kilotonnes to three decimals; `rounded` ones to 2–3 significant digits."""
    barrels = tonnes * factor
    value = np.select([unit == "kt", unit == "bbl", unit == "m3"],
                      [np.round(tonnes / 1000, 3), np.round(barrels), np.round(barrels * BARREL_M3)],
                      np.round(tonnes))
    value = np.maximum(value, np.where(unit == "kt", 0.001, 1.0))
    digits = rng.integers(2, 4, len(tonnes))
    return np.where(rounded, _round_significant(value, digits), value)


def _orders(rng, n_orders: int, cargo_tonnes_per_order: np.ndarray, grade_factor: dict[str, float],
            published: np.ndarray, source_ids: np.ndarray) -> tuple[pd.DataFrame, dict]:
    """Order reports (1–3 per order) and each order's truth (placement day, buyer, grade...)."""
    seller = _choice(rng, SELLERS, n_orders, [3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1])
    grade = _pick(rng, [s[1] for s in SELLERS], seller)
    buyer = _choice(rng, BUYERS, n_orders, [4] * 6 + [1] * (len(BUYERS) - 6))
    placed = rng.integers(np.datetime64("2014-12-10").astype(int), np.datetime64("2025-12-31").astype(int),
                          n_orders)
    government = rng.random(n_orders) < np.array([s[2] for s in SELLERS])[seller]
    ordered = np.round(cargo_tonnes_per_order * rng.uniform(0.85, 1.25, n_orders), -3)
    ordered = np.maximum(ordered, 1000.0)
    order_ids = _ids("O", n_orders)

    of = np.repeat(np.arange(n_orders), 1 + _choice(rng, "abc", n_orders, (0.45, 0.35, 0.20)))
    n = len(of)
    factor = pd.Series(grade[of]).map(grade_factor).to_numpy(dtype=float)
    unit = np.array(["t", "kt", "bbl"])[_choice(rng, "abc", n, (0.6, 0.2, 0.2))]
    qualifier = np.array(["exact", "about", "up_to", "at_least"])[_choice(rng, "abcd", n,
                                                                         (0.6, 0.25, 0.1, 0.05))]
    noisy = rng.random(n) < 0.25
    tonnes = ordered[of] * np.where(noisy, rng.uniform(0.95, 1.05, n), 1.0)
    quantity = _in_unit(rng, tonnes, unit, factor, qualifier != "exact")
    has_q = rng.random(n) < 0.85
    shifted = placed[of] + np.where(rng.random(n) < 0.1, rng.integers(-3, 4, n), 0)
    precision = _choice(rng, PRECISIONS, n, (0.4, 0.4, 0.1, 0.1))
    frame = pd.DataFrame({
        "report_id": _text(_ids("OR", n)),
        "order_id": _text(order_ids[of]),
        "source_id": _text(source_ids[_near(rng, published, placed[of], 0, 30)]),
        "placed_on": _text(_partial_dates(shifted, precision)),
        "buyer": _text(np.array([b[0] for b in BUYERS])[buyer[of]]),
        "seller": _text(np.array([s[0] for s in SELLERS])[seller[of]]),
        "grade": _text(grade[of], rng.random(n) < 0.4),
        "quantity": _text(_numbers(quantity), ~has_q),
        "unit": _text(unit, ~has_q),
        "qualifier": _text(np.where(has_q, qualifier, "exact")),
        "channel": _text(np.where(government[of], "government", "commercial")),
        "evidence": _text(np.array(["official", "press"])[_choice(rng, "ab", n, (0.4, 0.6))]),
        "note": _text(np.array(ORDER_NOTES)[_choice(rng, ORDER_NOTES, n)], rng.random(n) > 0.05),
    })
    truth = {"ids": order_ids, "placed": placed, "buyer": buyer, "grade": grade}
    return frame, truth


def _cargo_reports(rng, reports: int, grades: pd.DataFrame, published: np.ndarray,
                   source_ids: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Cargo reports (1–4 accounts per cargo, shuffled) and the orders ~80% of cargoes belong to."""
    grade_factor = _factors(grades)
    accounts = _sizes(rng, reports, 1, 4, (0.3, 0.35, 0.2, 0.15))
    n_cargo = len(accounts)
    size_class = _choice(rng, "abcd", n_cargo, (0.25, 0.4, 0.25, 0.1))
    low = np.array([40_000, 85_000, 125_000, 260_000])[size_class]
    high = np.array([50_000, 115_000, 155_000, 300_000])[size_class]
    tonnes = np.round(rng.uniform(low, high))

    linked = rng.random(n_cargo) < 0.8
    n_linked = int(linked.sum())
    per_order = _sizes(rng, n_linked, 1, 12)
    n_orders = len(per_order)
    order_of = np.full(n_cargo, -1)
    order_of[linked] = rng.permutation(np.repeat(np.arange(n_orders), per_order))
    per_order_t = np.bincount(order_of[linked], weights=tonnes[linked], minlength=n_orders)
    orders, truth = _orders(rng, n_orders, per_order_t, grade_factor, published, source_ids)

    own = np.where(linked, order_of, 0)
    arrival = np.where(
        linked, truth["placed"][own] + rng.integers(25, 400, n_cargo),
        rng.integers(FIRST_DAY.astype(int), LAST_DAY.astype(int) + 1, n_cargo))
    arrival = np.minimum(arrival, LAST_DAY.astype(int))
    load = arrival - rng.integers(18, 50, n_cargo)
    grade = np.where(linked, truth["grade"][own],
                     grades["grade"].to_numpy(dtype="U")[rng.integers(0, len(grades), n_cargo)])
    buyer = np.where(linked, truth["buyer"][own], _choice(rng, BUYERS, n_cargo))
    vessel = np.char.add(np.char.add(np.array(VESSEL_WORDS[0])[_choice(rng, VESSEL_WORDS[0], n_cargo)], " "),
                         np.array(VESSEL_WORDS[1])[_choice(rng, VESSEL_WORDS[1], n_cargo)])
    grade_index = pd.Series(grade).map({g: i for i, g in enumerate(LOAD_PORTS)}).to_numpy()
    load_port = _pick(rng, list(LOAD_PORTS.values()), grade_index)
    transship = np.array(TRANSSHIP_PORTS)[_choice(rng, TRANSSHIP_PORTS, n_cargo)]
    transshipped = rng.random(n_cargo) < 0.2

    c = rng.permutation(np.repeat(np.arange(n_cargo), accounts))  # the cargo of each report
    n = len(c)
    at_sea = arrival[c] > TODAY.astype(int)
    status = np.where(at_sea, _choice(rng, "ab", n, (0.4, 0.6)),
                      _choice(rng, CARGO_STATUSES, n, (0.08, 0.12, 0.4, 0.4)))
    arrived = status >= 2
    has_arrival = arrived & (rng.random(n) < 0.9)
    jitter = np.where(rng.random(n) < 0.15, rng.integers(-2, 3, n), 0)
    has_load = rng.random(n) < 0.3
    unit = np.array(["t", "kt", "bbl", "m3"])[_choice(rng, "abcd", n, (0.55, 0.15, 0.22, 0.08))]
    style = _choice(rng, "abcd", n, (0.6, 0.28, 0.06, 0.06))  # exact, rounded, up to, at least
    qualifier = np.array(["exact", "about", "up_to", "at_least"])[style]
    qualifier = np.where((style == 1) & (rng.random(n) < 0.3), "exact", qualifier)
    noise = np.where(rng.random(n) < 0.4, rng.normal(0, 0.002, n), 0.0)
    reported = tonnes[c] * (1 + noise) * np.select([style == 2, style == 3], [1.02, 0.98], 1.0)
    factor = pd.Series(grade[c]).map(grade_factor).fillna(DEFAULT_BARRELS_PER_TONNE).to_numpy(dtype=float)
    quantity = _in_unit(rng, reported, unit, factor, style > 0)
    has_q = rng.random(n) < 0.88
    has_order = linked[c] & (rng.random(n) < 0.95)
    link = _choice(rng, LINKS, n, (0.85, 0.1, 0.05))
    # About half the arrival accounts of each order's last cargo say it completes the order.
    by_order = np.flatnonzero(linked)[np.lexsort((arrival[linked], order_of[linked]))]
    last = np.zeros(n_cargo, dtype=bool)
    last[by_order[np.r_[order_of[by_order][1:] != order_of[by_order][:-1], True]]] = True
    completes = last[c] & arrived & has_order & (rng.random(n) < 0.5)
    frame = pd.DataFrame({
        "report_id": _text(_ids("CR", n)),
        "cargo_id": _text(_ids("C", n_cargo)[c]),
        "order_id": _text(truth["ids"][own[c]], ~has_order),
        "source_id": _text(source_ids[_near(rng, published, arrival[c], -10, 90)]),
        "vessel": _text(vessel[c], rng.random(n) < 0.15),
        "grade": _text(grade[c], rng.random(n) < 0.3),
        "load_port": _text(load_port[c], rng.random(n) < 0.5),
        "load_date": _text(_partial_dates(load[c], np.where(rng.random(n) < 0.7, 0, 1)), ~has_load),
        "transship_port": _text(transship[c], ~(transshipped[c] & (rng.random(n) < 0.8))),
        "discharge_port": _text(np.array([b[1] for b in BUYERS])[buyer[c]], rng.random(n) < 0.15),
        "arrival_date": _text(_partial_dates(np.clip(arrival[c] + jitter, FIRST_DAY.astype(int), LAST_DAY.astype(int)),
                                             _choice(rng, PRECISIONS, n, (0.6, 0.25, 0.08, 0.07))),
                              ~has_arrival),
        "quantity": _text(_numbers(quantity), ~has_q),
        "unit": _text(unit, ~has_q),
        "qualifier": _text(np.where(has_q, qualifier, "exact")),
        "buyer": _text(np.array([b[0] for b in BUYERS])[buyer[c]], rng.random(n) < 0.15),
        "status": _text(np.array(CARGO_STATUSES)[status]),
        "evidence": _text(np.array(EVIDENCE_KINDS)[_choice(rng, EVIDENCE_KINDS, n, (0.15, 0.15, 0.15, 0.55))]),
        "link": _text(np.array(LINKS)[link]),
        "link_note": _text(np.array(LINK_NOTES)[_choice(rng, LINK_NOTES, n)], link == 0),
        "completes_order": _text(np.full(n, "yes"), ~completes),
        "note": _text(np.array(NOTES)[_choice(rng, NOTES, n)], rng.random(n) > 0.04),
    })
    delivered = {"arrival": arrival, "tonnes": tonnes}
    return frame, orders, delivered


def _events(rng, n: int, sectors: pd.DataFrame, source_ids: np.ndarray) -> pd.DataFrame:
    sector_ids, names = sectors["sector_id"].to_numpy(dtype="U"), sectors["name"].to_numpy(dtype="U")
    days = rng.integers(FIRST_DAY.astype(int), TODAY.astype(int) + 1, n)
    kind = np.array(EVENT_KINDS)[_choice(rng, EVENT_KINDS, n)]
    k = len(sector_ids)
    first = rng.integers(0, k, n)
    step1 = rng.integers(1, k, n)
    step2 = rng.integers(1, k - 1, n)
    step2 = np.where(step2 >= step1, step2 + 1, step2)
    tags = sector_ids[first]  # one to three distinct sector ids
    two = rng.random(n) < 0.4
    three = two & (rng.random(n) < 0.3)
    tags = np.where(two, np.char.add(np.char.add(tags, ";"), sector_ids[(first + step1) % k]), tags)
    tags = np.where(three, np.char.add(np.char.add(tags, ";"), sector_ids[(first + step2) % k]), tags)
    title = np.char.add(np.char.add(pd.Series(kind).map(EVENT_TITLES).to_numpy(dtype="U"), " "),
                        names[first])
    return pd.DataFrame({
        "event_id": _text(_ids("E", n)),
        "source_id": _text(source_ids[rng.integers(0, len(source_ids), n)]),
        "occurred_on": _text(_partial_dates(days, _choice(rng, PRECISIONS, n, (0.7, 0.2, 0.05, 0.05)))),
        "kind": _text(kind),
        "title": _text(np.char.add(title, " cooperation")),
        "sectors": _text(tags),
        **_speakers(rng, n),
        "note": _text(np.array(REMARKS)[_choice(rng, REMARKS, n)], rng.random(n) > 0.1),
    })


def _initiatives(rng, n: int, sectors: pd.DataFrame, source_ids: np.ndarray
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    which = rng.integers(0, len(sectors), n)
    sector = sectors["sector_id"].to_numpy(dtype="U")[which]
    ids = _ids("I", n)
    title = np.char.add(np.char.add(np.array(INITIATIVE_TITLES)[_choice(rng, INITIATIVE_TITLES, n)], " in "),
                        np.char.lower(sectors["name"].to_numpy(dtype="U")[which]))
    initiatives = pd.DataFrame({
        "initiative_id": _text(ids),
        "sector_id": _text(sector),
        "title": _text(np.char.add(np.char.add(title, " #"), np.arange(1, n + 1).astype("U"))),
        "description": _text(np.char.add("Synthetic initiative in the sector ", sector),
                             rng.random(n) < 0.3),
    })
    per = rng.integers(2, 9, n)
    of = np.repeat(np.arange(n), per)
    step = np.arange(len(of)) - np.repeat(np.cumsum(per) - per, per)  # 0, 1, 2… within each
    begun = rng.integers(FIRST_DAY.astype(int), np.datetime64("2024-06-30").astype(int), n)
    gaps = rng.integers(30, 200, len(of))
    days = np.minimum(begun[of] + step * gaps, TODAY.astype(int))
    status = np.minimum(step + rng.integers(0, 2, len(of)), len(INITIATIVE_STATUSES) - 2)
    status = np.where(rng.random(len(of)) < 0.1, len(INITIATIVE_STATUSES) - 1, status)
    reports = pd.DataFrame({
        "report_id": _text(_ids("IR", len(of))),
        "initiative_id": _text(ids[of]),
        "source_id": _text(source_ids[rng.integers(0, len(source_ids), len(of))]),
        "reported_on": _text(_partial_dates(days, _choice(rng, PRECISIONS, len(of), (0.6, 0.3, 0.05, 0.05)))),
        "status": _text(np.array(INITIATIVE_STATUSES)[status]),
        **_speakers(rng, len(of)),
        "note": _text(np.array(REMARKS)[_choice(rng, REMARKS, len(of))], rng.random(len(of)) > 0.1),
    })
    return initiatives, reports


def _periods(rng, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n periods 2015–2025: whole years, halves or quarters, calendar or fiscal (from 1 July)."""
    fiscal = rng.random(n) < 0.4
    year = rng.integers(2015, 2026, n)
    months = np.array([12, 6, 3])[_choice(rng, "abc", n, (0.5, 0.25, 0.25))]
    offset = (rng.integers(0, 4, n) * 3) % 12 // months * months
    first = (year - 1970) * 12 - np.where(fiscal, 6, 0) + offset
    start = first.astype("datetime64[M]").astype("datetime64[D]")
    end = (first + months).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    return start, end, fiscal


def _sourced_periods(rng, key: tuple[str, str], source_ids: np.ndarray, start: np.ndarray, end: np.ndarray,
                     fiscal: np.ndarray) -> dict[str, pd.Series]:
    """The columns trade_flows and import_context share: the row id (`key` is its column and
    prefix), a random source, the period (from `_periods`) and its basis."""
    n = len(start)
    return {key[0]: _text(_ids(key[1], n)),
            "source_id": _text(source_ids[rng.integers(0, len(source_ids), n)]),
            "period_start": _text(start.astype("U10")), "period_end": _text(end.astype("U10")),
            "basis": _text(np.where(fiscal, "fiscal", "calendar"))}


def _trade_flows(rng, n: int, source_ids: np.ndarray) -> pd.DataFrame:
    """Four figures in five of all goods (TOTAL), in one direction or both; one in five of crude
    petroleum alone (HS 2709), Russia → Pakistan only, worth 5–50% of all goods that way."""
    start, end, fiscal = _periods(rng, n)
    crude = rng.random(n) < 0.2
    direction = np.where(crude, 0, _choice(rng, "abc", n, (0.3, 0.3, 0.4)))
    share = np.where(crude, rng.uniform(0.05, 0.5, n), 1.0)
    scale = np.array([0.8, 0.1, 1.0])[direction] * share * (end - start).astype(int) / 365
    value = _round_significant(rng.uniform(4e8, 1.2e9, n) * scale, np.full(n, 4))
    return pd.DataFrame({
        **_sourced_periods(rng, ("flow_id", "TF"), source_ids, start, end, fiscal),
        "direction": _text(np.array(["RU_to_PK", "PK_to_RU", "total"])[direction]),
        "commodity": _text(np.where(crude, "2709", "TOTAL")),
        "value_usd": _text(_numbers(value)),
        "qualifier": _text(np.array(["exact", "about", "at_least"])[_choice(rng, "abc", n, (0.7, 0.2, 0.1))]),
        "note": _text(np.array(REMARKS)[_choice(rng, REMARKS, n)], rng.random(n) > 0.2),
    })


def _import_context(rng, n: int, delivered: dict, source_ids: np.ndarray) -> pd.DataFrame:
    """Total crude imports per period: the synthetic cargoes arriving then, times 3–6, plus a
    baseline of 4 Mt a year, so that any one importer's share stays plausible. One row in 15
    carries a note on Russian crude without a quantity."""
    start, end, fiscal = _periods(rng, n)
    order = np.argsort(delivered["arrival"], kind="stable")
    arrivals, cumulative = delivered["arrival"][order], np.concatenate([[0.0], np.cumsum(delivered["tonnes"][order])])
    inside = (cumulative[np.searchsorted(arrivals, end.astype(int), side="right")]
              - cumulative[np.searchsorted(arrivals, start.astype(int))])
    days = (end - start).astype(int) + 1
    tonnes = inside * rng.uniform(3, 6, n) + 4e6 * days / 365
    unit = np.array(["Mt", "t", "bbl/d", "USD"])[_choice(rng, "abcd", n, (0.35, 0.3, 0.2, 0.15))]
    barrels = tonnes * DEFAULT_BARRELS_PER_TONNE
    usd = np.round(barrels * rng.uniform(55, 95, n), -3)
    # The long periods of a large dataset sum to more than a tonne or dollar column holds: in Mt.
    unit = np.where(((unit == "t") & (tonnes > 1e8)) | ((unit == "USD") & (usd > 1e12)), "Mt", unit)
    value = np.select([unit == "Mt", unit == "t", unit == "bbl/d"],
                      [np.round(tonnes / 1e6, 3), np.round(tonnes, -3), np.round(barrels / days, -2)], usd)
    return pd.DataFrame({
        **_sourced_periods(rng, ("context_id", "IC"), source_ids, start, end, fiscal),
        "measure": _text(np.full(n, "crude")),
        "quantity": _text(_numbers(value)),
        "unit": _text(unit),
        "qualifier": _text(np.where(rng.random(n) < 0.9, "exact", "about")),
        "russian_crude_note": _text(np.full(n, "Some Russian crude arrived in the period; no tonnage given."),
                                    np.arange(n) % 15 != 7),
        "note": _text(np.full(n, "Synthetic total of crude imports from all origins."), rng.random(n) > 0.3),
    })


def _targets(rng, n: int, source_ids: np.ndarray) -> pd.DataFrame:
    metric = _choice(rng, "abc", n)
    value = np.select([metric == 0, metric == 1],
                      [rng.integers(10, 41, n).astype(float), rng.integers(4, 41, n) * 5000.0],
                      np.round(rng.uniform(0.5, 5.0, n), 1))
    days = rng.integers(np.datetime64("2022-01-01").astype(int), np.datetime64("2025-12-31").astype(int), n)
    ranged = rng.random(n) < 0.2  # a range from 70% of the figure up
    stated = np.array(["exact", "up_to", "about"])[_choice(rng, "abc", n, (0.7, 0.2, 0.1))]
    qualifier = np.where(ranged, "exact", stated)  # a range is stated as such
    return pd.DataFrame({
        "target_id": _text(_ids("T", n)),
        "source_id": _text(source_ids[rng.integers(0, len(source_ids), n)]),
        "stated_on": _text(_partial_dates(days, _choice(rng, PRECISIONS, n, (0.7, 0.3, 0.0, 0.0)))),
        "metric": _text(np.array(["share_of_crude_imports", "import_rate", "annual_volume"])[metric]),
        "kind": _text(np.array(TARGET_KINDS)[_choice(rng, TARGET_KINDS, n, (0.5, 0.3, 0.2))]),
        "value_low": _text(_numbers(np.round(value * 0.7, 2)), ~ranged),
        "value": _text(_numbers(value)),
        "unit": _text(np.array(["percent", "bbl/d", "Mt/yr"])[metric]),
        "qualifier": _text(qualifier),
        **_speakers(rng, n),
        "note": _text(np.full(n, "Synthetic target."), rng.random(n) > 0.5),
    })


def table_sizes(reports: int) -> dict[str, int]:
    """Rows of the tables whose size is set directly by the number of cargo reports (orders and
    initiative reports follow from the cargoes and initiatives drawn)."""
    return {
        "sources": int(np.clip(reports // 250, 100, 5000)),
        "events": int(np.clip(reports // 500, 40, 5000)),
        "initiatives": int(np.clip(reports // 20_000, 15, 300)),
        "trade_flows": int(np.clip(reports // 20_000, 10, 200)),
        "import_context": int(np.clip(reports // 20_000, 10, 120)),
        "targets": int(np.clip(reports // 100_000, 6, 30)),
    }


def generate(reports: int = 1_000_000, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A whole dataset with `reports` cargo reports: table name → text frame (all columns of
    "string" dtype, <NA> for empty), columns in schema order. Deterministic in `seed`."""
    if reports < 1:
        raise ValueError("reports must be at least 1")
    rng = np.random.default_rng(seed)
    sizes = table_sizes(reports)
    sources, published, kinds = _sources(rng, sizes["sources"])
    source_ids = sources["source_id"].to_numpy(dtype="U")
    grades = _grades(rng, source_ids, kinds)
    cargo_reports, orders, delivered = _cargo_reports(rng, reports, grades, published, source_ids)
    sectors = read_table_csv(DATA_DIR / "sectors.csv", "sectors")
    initiatives, initiative_reports = _initiatives(rng, sizes["initiatives"], sectors, source_ids)
    frames = {
        "sources": sources, "sectors": sectors, "grades": grades, "orders": orders,
        "cargo_reports": cargo_reports,
        "events": _events(rng, sizes["events"], sectors, source_ids),
        "initiatives": initiatives, "initiative_reports": initiative_reports,
        "trade_flows": _trade_flows(rng, sizes["trade_flows"], source_ids),
        "import_context": _import_context(rng, sizes["import_context"], delivered, source_ids),
        "targets": _targets(rng, sizes["targets"], source_ids),
    }
    return {name: frames[name][TABLES[name].column_names].astype("string") for name in LOAD_ORDER}


def write(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """One `<table>.csv` per frame in `out` (created if missing), empty cells for <NA>."""
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(out / f"{name}.csv", index=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000, help="cargo reports (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="directory for the CSV files")
    args = parser.parse_args(argv)
    frames = generate(args.reports, args.seed)
    write(frames, args.out)
    counts = ", ".join(f"{name} {len(frame):,}" for name, frame in frames.items())
    print(f"Wrote {args.out}: {counts}")


if __name__ == "__main__":
    main()
