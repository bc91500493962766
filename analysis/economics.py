"""Did each Russian cargo pay? Landed cost, refining value, price-cap check and break-even.

Everything is per barrel of crude in USD/bbl unless a name says otherwise. For one cargo:

    Urals landed cost       L_U = P_U + F_U + I_U + t·(T / b + F_D)
    benchmark landed cost   L_B = P_B + F_B + I_B   (the same number of barrels of Arab Light)
    saving                  S   = L_B − L_U
    refining value          V   = Σ_k y_k·p_k over furnace oil, diesel, petrol, jet and other
    refining adjustment     R   = V_U − V_B
    net benefit             N   = S + R;   per litre N / 158.987294928;   total N × barrels
    break-even discount     d*  = (F_U + I_U + t·(T / b + F_D)) − (F_B + I_B) − R
    price for a benefit     P*_U = P_U + N − r × 158.987294928 / (PKR per USD), r in PKR/litre

P are crude prices, F freight, I insurance, F_D the onward freight from the transshipment port
(all USD/bbl); T is transshipment handling in USD/t and b the cargo's barrels per tonne; t is 1
when the cargo's reports name a transshipment port, else 0. y are volume shares of the crude
(other = 1 − the four named shares) and p product prices (USD/bbl). With the discount
d = P_B − P_U, N = d − d*: the net benefit is zero exactly at the break-even discount.

Defaults come from data/assumptions.csv, validated here (it is no store table: the rules that tie
rows together, such as yields summing to at most 1, are beyond the store's column checks).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.datafiles import read_table_csv, seed_dir
from analysis.overview import source_list
from analysis.text_columns import position_of
from analysis.units import BARREL_M3
from analysis.validate import HEADER_ROWS, Problem, ValidationError
from analysis.volumes import delivered_cargoes

LITRES_PER_BARREL = BARREL_M3 * 1000  # 158.987294928 litres in one US oil barrel
CURRENCIES = ("usd", "pkr", "cny")
COLUMNS = ("assumption_id", "name", "value", "low", "high", "unit", "applies_from", "role",
           "source_id", "basis", "note")
UNITS = ("USD/bbl", "USD/t", "share", "PKR/USD", "CNY/USD", "PKR/litre")
ROLES = ("input", "check")
BASES = ("sourced", "assumption")
PRODUCTS = ("fuel_oil", "diesel", "petrol", "jet")
CRUDES = {"urals": "Urals", "benchmark": "Arab Light"}
CAP_FLAGS = ("above cap", "at or below cap", "cap not yet in force")
CHECKS = {"reported_benefit": "PKR/litre"}  # sourced figures to compare with, never inputs
NO_SOURCE = "assumption, no source"  # what the page says wherever an input rests on no source
MONEY = ("fob", "freight", "insurance", "transship", "landed", "benchmark_landed", "saving",
         "refining_adj", "net")


def _spec(label: str, unit: str, group: str, low: float, high: float, step: float) -> dict:
    return {"metadata": {"label": label, "unit": unit, "group": group, "min": low, "max": high, "step": step}}


def _price(label: str, group: str = "Crude prices") -> dict:
    return _spec(label, "USD/bbl", group, 0.0, 1000.0, 0.5)


def _cost(label: str, unit: str = "USD/bbl") -> dict:
    return _spec(label, unit, "Freight and insurance", 0.0, 200.0, 0.1)


def _share(product: str, crude: str) -> dict:
    return _spec(f"{crude} {product} yield", "share", "Refinery yields", 0.0, 1.0, 0.01)


@dataclasses.dataclass(frozen=True)
class Assumptions:
    """One scenario. Prices and costs in USD/bbl, except transship_fee (USD/t); yields as shares
    of the crude's volume (0–1); exchange rates in PKR and CNY per USD; the price cap applies to
    cargoes loaded (else arrived) on or after price_cap_from. Build it with `from_table` and
    override field by field with `replace`; out-of-range values raise ValueError."""

    urals_price: float = dataclasses.field(**_price("Urals price, free on board"))
    benchmark_price: float = dataclasses.field(**_price("Arab Light official selling price"))
    urals_freight: float = dataclasses.field(**_cost("Urals freight, Russian port → Arabian Sea"))
    urals_insurance: float = dataclasses.field(**_cost("Urals insurance"))
    transship_fee: float = dataclasses.field(**_cost("Transshipment handling at Duqm", "USD/t"))
    onward_freight: float = dataclasses.field(**_cost("Onward freight, Duqm → Karachi"))
    benchmark_freight: float = dataclasses.field(**_cost("Arab Light freight, Gulf → Karachi"))
    benchmark_insurance: float = dataclasses.field(**_cost("Arab Light insurance"))
    urals_yield_fuel_oil: float = dataclasses.field(**_share("furnace-oil", "Urals"))
    urals_yield_diesel: float = dataclasses.field(**_share("diesel", "Urals"))
    urals_yield_petrol: float = dataclasses.field(**_share("petrol", "Urals"))
    urals_yield_jet: float = dataclasses.field(**_share("jet and kerosene", "Urals"))
    benchmark_yield_fuel_oil: float = dataclasses.field(**_share("furnace-oil", "Arab Light"))
    benchmark_yield_diesel: float = dataclasses.field(**_share("diesel", "Arab Light"))
    benchmark_yield_petrol: float = dataclasses.field(**_share("petrol", "Arab Light"))
    benchmark_yield_jet: float = dataclasses.field(**_share("jet and kerosene", "Arab Light"))
    price_fuel_oil: float = dataclasses.field(**_price("Furnace oil price", "Product prices"))
    price_diesel: float = dataclasses.field(**_price("Diesel price", "Product prices"))
    price_petrol: float = dataclasses.field(**_price("Petrol price", "Product prices"))
    price_jet: float = dataclasses.field(**_price("Jet and kerosene price", "Product prices"))
    price_other: float = dataclasses.field(**_price("Other products price", "Product prices"))
    pkr_per_usd: float = dataclasses.field(
        **_spec("Pakistani rupees per US dollar", "PKR/USD", "Exchange rates and cap", 1.0, 10_000.0, 1.0))
    cny_per_usd: float = dataclasses.field(
        **_spec("Chinese yuan per US dollar", "CNY/USD", "Exchange rates and cap", 0.1, 100.0, 0.01))
    price_cap: float = dataclasses.field(**_price("Price cap on Russian crude", "Exchange rates and cap"))
    price_cap_from: dt.date = dataclasses.field(metadata={
        "label": "Price cap applies from", "unit": "date", "group": "Exchange rates and cap"})

    def __post_init__(self) -> None:
        problems = _range_problems(self)
        for crude, name in CRUDES.items():
            other = self.yield_other(crude)
            if other < -1e-9:
                problems.append(f"{name} yields of furnace oil, diesel, petrol and jet add up to "
                                f"{1 - other:.3f}, more than 1; lower one of them")
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Assumptions:
        """The scenario a validated defaults table (see `read_defaults`) describes."""
        rows = table.set_index("assumption_id")
        values = {name: float(rows.at[name, "value"]) for name in INPUTS}
        return cls(**values, price_cap_from=pd.Timestamp(rows.at["price_cap", "applies_from"]).date())

    def replace(self, **changes) -> Assumptions:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def yield_other(self, crude: str) -> float:
        """Share of LPG, naphtha, refinery fuel and loss: 1 − the four named shares of `crude`."""
        return 1.0 - sum(getattr(self, f"{crude}_yield_{p}") for p in PRODUCTS)

    def refining_value(self, crude: str) -> float:
        """Value of the products from one barrel of `crude` ("urals" or "benchmark"), USD/bbl."""
        named = sum(getattr(self, f"{crude}_yield_{p}") * getattr(self, f"price_{p}") for p in PRODUCTS)
        return named + self.yield_other(crude) * self.price_other


FIELDS = {f.name: f.metadata for f in dataclasses.fields(Assumptions)}
INPUTS = tuple(name for name, meta in FIELDS.items() if meta["unit"] != "date")
ROW_OF = {"price_cap_from": "price_cap"}  # inputs whose default sits in another row of the table
# The assumptions whose change moves the net benefit in USD (exchange rates and the cap do not).
DRIVERS = tuple(name for name in INPUTS if name not in ("pkr_per_usd", "cny_per_usd", "price_cap"))


def _range_problems(a: Assumptions) -> list[str]:
    out = []
    for name in INPUTS:
        meta, value = FIELDS[name], getattr(a, name)
        if not (np.isfinite(value) and meta["min"] <= value <= meta["max"]):
            out.append(f"{meta['label']} ({meta['unit']}) must lie between {meta['min']:g} and "
                       f"{meta['max']:g}, not {value:g}")
    return out


# Defaults table ------------------------------------------------------------------------------

def _number(text) -> float | None:
    number = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
    return None if pd.isna(number) or not np.isfinite(number) else float(number)


def validate_defaults(frame: pd.DataFrame, source_ids: set[str],
                      file: str = "data/assumptions.csv") -> list[Problem]:
    """Every problem in a defaults table read as text (see `read_defaults`).

    Rows are counted as in a spreadsheet (header = row 1). Rules: the columns of COLUMNS in that
    order; one row per input of Assumptions and per check, no other ids; value a number within
    the input's range, low ≤ value ≤ high where given; unit as the input needs it; applies_from
    a YYYY-MM-DD date, required for price_cap; role input or check as the id is; basis sourced
    (source_id required: one id, or several joined by ';', each in sources) or assumption
    (source_id empty); the four named yields of each crude adding up to at most 1.
    """
    if list(frame.columns) != list(COLUMNS):
        missing = [c for c in COLUMNS if c not in frame.columns]
        extra = [c for c in frame.columns if c not in COLUMNS]
        problems = [Problem(file, HEADER_ROWS, c, None, "column is missing from the header") for c in missing]
        problems += [Problem(file, HEADER_ROWS, c, None, f"unknown column; expected {', '.join(COLUMNS)}")
                     for c in extra]
        return problems or [Problem(file, HEADER_ROWS, None, None,
                                    f"columns must come in this order: {', '.join(COLUMNS)}")]
    problems: list[Problem] = []
    expected = {**{name: (FIELDS[name]["unit"], "input") for name in INPUTS},
                **{name: (unit, "check") for name, unit in CHECKS.items()}}
    ids: set[str] = set()
    values: dict[str, float] = {}
    for i, row in enumerate(frame.reset_index(drop=True).to_dict("records")):
        problems += _row_problems({k: None if pd.isna(v) else v for k, v in row.items()},
                                  i + HEADER_ROWS + 1, file, expected, source_ids, ids, values)
    for key in expected:
        if key not in ids:
            problems.append(Problem(file, None, "assumption_id", key, "no row gives this assumption"))
    for crude, name in CRUDES.items():
        total = sum(values.get(f"{crude}_yield_{p}", 0.0) for p in PRODUCTS)
        if total > 1 + 1e-9:
            problems.append(Problem(file, None, "value", round(total, 6),
                                    f"{name} yields of furnace oil, diesel, petrol and jet add up to more than 1"))
    return problems


def _row_problems(row: dict, at: int, file: str, expected: dict[str, tuple[str, str]],
                  source_ids: set[str], ids: set[str], values: dict[str, float]) -> list[Problem]:
    """The problems of one row (None for empty cells); records its id in `ids`, its value in `values`."""
    problems: list[Problem] = []

    def bad(column: str, rule: str) -> None:
        problems.append(Problem(file, at, column, row[column], rule))

    for column in ("assumption_id", "name", "value", "unit", "role", "basis"):
        if row[column] is None:
            bad(column, "is required")
    key = row["assumption_id"]
    if key is None:
        return problems
    if key in ids:
        bad("assumption_id", "duplicates another row's assumption_id")
    ids.add(key)
    if key not in expected:
        bad("assumption_id", f"is not a known assumption; expected one of: {', '.join(expected)}")
        return problems
    unit, role = expected[key]
    numbers = {}
    for column in ("value", "low", "high"):
        if row[column] is not None:
            numbers[column] = _number(row[column])
            if numbers[column] is None:
                bad(column, "must be a number")
    value = numbers.get("value")
    if value is not None:
        values[key] = value
        meta = FIELDS.get(key)
        if meta and not meta["min"] <= value <= meta["max"]:
            bad("value", f"must lie between {meta['min']:g} and {meta['max']:g} {unit}")
        if numbers.get("low") is not None and numbers["low"] > value:
            bad("low", "must not be above value")
        if numbers.get("high") is not None and numbers["high"] < value:
            bad("high", "must not be below value")
    if row["unit"] is not None and row["unit"] != unit:
        bad("unit", f"must be {unit} for {key} (units: {', '.join(UNITS)})")
    if row["role"] is not None and row["role"] != role:
        bad("role", f"must be {role} for {key} (roles: {', '.join(ROLES)})")
    if row["applies_from"] is None:
        if key == "price_cap":
            bad("applies_from", "is required for the price cap: the date it applies from")
    elif pd.isna(pd.to_datetime(row["applies_from"], format="%Y-%m-%d", errors="coerce")):
        bad("applies_from", "must be a real date written YYYY-MM-DD")
    basis, source = row["basis"], row["source_id"]
    unknown = [s for s in str(source).split(";") if s.strip() not in source_ids] if source is not None else []
    if basis is not None and basis not in BASES:
        bad("basis", f"must be one of: {', '.join(BASES)}")
    elif basis == "sourced" and source is None:
        bad("source_id", "is required when basis is sourced")
    elif basis == "sourced" and unknown:
        bad("source_id", f"must exist in sources.source_id (not found: {', '.join(unknown)})")
    elif basis == "assumption" and source is not None:
        bad("source_id", "must be empty when basis is assumption (cite the source, or mark it sourced)")
    return problems


def read_defaults(data_dir: str | Path | None = None) -> pd.DataFrame:
    """assumptions.csv of a data directory (`seed_dir()` by default), validated against that
    directory's sources.csv.

    Returns the table with value, low and high as float and applies_from as datetime64; raises
    ValidationError naming file, row, column, value and rule for every problem.
    """
    folder = Path(data_dir) if data_dir is not None else seed_dir()
    label = f"{folder.name}/assumptions.csv"
    sources = read_table_csv(folder / "sources.csv", "sources", file_label=f"{folder.name}/sources.csv")
    frame = read_table_csv(folder / "assumptions.csv", "assumptions", file_label=label)
    problems = validate_defaults(frame, set(sources["source_id"].dropna()), file=label)
    if problems:
        raise ValidationError(problems)
    out = frame.copy()
    for column in ("value", "low", "high"):
        out[column] = pd.to_numeric(out[column]).astype("float64")
    out["applies_from"] = pd.to_datetime(out["applies_from"], format="%Y-%m-%d")
    return out


# Per-cargo economics -------------------------------------------------------------------------

def _per_barrel(a: Assumptions, per_tonne: np.ndarray, transshipped: np.ndarray) -> dict[str, np.ndarray | float]:
    """Every per-barrel figure (USD/bbl) of cargoes with these barrels per tonne and
    transshipment flags, under `a`: the steps from the Urals price to the net benefit."""
    transship = np.where(transshipped, a.transship_fee / per_tonne + a.onward_freight, 0.0)
    landed = a.urals_price + a.urals_freight + a.urals_insurance + transship
    benchmark_landed = a.benchmark_price + a.benchmark_freight + a.benchmark_insurance
    refining_adj = a.refining_value("urals") - a.refining_value("benchmark")
    net = (benchmark_landed - landed) + refining_adj
    discount = a.benchmark_price - a.urals_price
    return {
        "fob": a.urals_price, "freight": a.urals_freight, "insurance": a.urals_insurance, "transship": transship,
        "landed": landed, "benchmark_fob": a.benchmark_price, "benchmark_freight": a.benchmark_freight,
        "benchmark_insurance": a.benchmark_insurance, "benchmark_landed": benchmark_landed,
        "saving": benchmark_landed - landed, "refining_value": a.refining_value("urals"),
        "benchmark_refining_value": a.refining_value("benchmark"), "refining_adj": refining_adj, "net": net,
        "discount": discount, "break_even_discount": discount - net,
        "break_even_price": a.benchmark_price - (discount - net)}


def cargo_economics(cargoes: pd.DataFrame, a: Assumptions) -> pd.DataFrame:
    """One row per cargo of a reconciled cargoes frame (tonnes, bbl_per_tonne, barrels, ...).

    Every cargo is priced as Urals (grade_assumed marks those whose reports name no grade).
    Per-barrel columns end in _usd_per_bbl; totals in _usd, _pkr and _cny; per litre in
    _per_litre. break_even_discount_usd_per_bbl is the discount off the Arab Light price at which
    the net benefit is zero; cap_flag compares the Urals price with the cap (an indicator only).
    """
    c = cargoes.reset_index(drop=True)
    barrels = c["barrels"].astype(float).to_numpy()
    per_tonne = c["bbl_per_tonne"].astype(float).to_numpy()
    transshipped = c["transship_port"].notna().to_numpy()
    port, ports = pd.factorize(c["transship_port"])
    out = {  # built as arrays and made a frame once: a column added to a frame costs a copy
        "cargo_id": c["cargo_id"], "vessel": c["vessel"], "buyer": c["buyer"],
        "arrival_date": c["arrival_date"], "arrival_start": c["arrival_start"], "load_start": c["load_start"],
        "grade_assumed": c["grade"].ne("Urals").fillna(True).astype(bool),
        "transshipped": transshipped,
        "route": _words(np.where(port < 0, len(ports), port),
                        [f"via {p}" for p in ports] + ["direct (no transshipment reported)"]),
        "tonnes": c["tonnes"].astype(float), "bbl_per_tonne": per_tonne, "barrels": barrels,
    }
    per_bbl = _per_barrel(a, per_tonne, transshipped)
    net = per_bbl["net"]
    out |= {f"{name}_usd_per_bbl": np.broadcast_to(value, barrels.shape) for name, value in per_bbl.items()}
    out |= {f"{money}_usd": per_bbl[money] * barrels for money in MONEY}
    rates = {"usd": 1.0, "pkr": a.pkr_per_usd, "cny": a.cny_per_usd}
    for currency in CURRENCIES[1:]:
        out |= {f"{money}_{currency}": out[f"{money}_usd"] * rates[currency] for money in MONEY}
    out |= {f"net_{currency}_per_litre": net * rate / LITRES_PER_BARREL for currency, rate in rates.items()}
    out["net_pkr_per_bbl"] = net * a.pkr_per_usd
    out["net_cny_per_bbl"] = net * a.cny_per_usd
    out["verdict"] = _words(net > 0, ["did not pay", "paid"])
    reference = c["load_start"].fillna(c["arrival_start"])
    out["cap_date_basis"] = _words(c["load_start"].notna().to_numpy(), ["arrived", "loaded"])
    in_force = (reference.isna() | (reference >= pd.Timestamp(a.price_cap_from))).to_numpy()
    above, at_or_below, not_yet = CAP_FLAGS
    out["cap_flag"] = _words(in_force, [not_yet, above if a.urals_price > a.price_cap else at_or_below])
    return pd.DataFrame(out, index=c.index)


def _words(codes: np.ndarray, words: list[str]) -> pd.api.extensions.ExtensionArray:
    """words[code] for each code (an int or bool array), as text without a Python string per row."""
    return pd.array(pa.array(words, pa.large_string()).take(pa.array(np.asarray(codes, dtype=np.int64))),
                    dtype="string")


def totals(econ: pd.DataFrame) -> pd.Series:
    """Sums over the cargoes of `cargo_economics`: barrels, tonnes and every money total (USD, PKR,
    CNY), with barrel-weighted per-barrel and per-litre figures; NaN ratios when there is none."""
    sums = econ[["tonnes", "barrels"] + [f"{m}_{c}" for m in MONEY for c in CURRENCIES]].sum()
    barrels = sums["barrels"] if sums["barrels"] else np.nan
    out = sums.copy()
    out["cargoes"] = len(econ)
    for money in ("landed", "benchmark_landed", "saving", "refining_adj", "net"):
        out[f"{money}_usd_per_bbl"] = sums[f"{money}_usd"] / barrels
    out["net_pkr_per_litre"] = sums["net_pkr"] / barrels / LITRES_PER_BARREL
    out["net_usd_per_litre"] = sums["net_usd"] / barrels / LITRES_PER_BARREL
    out["break_even_discount_usd_per_bbl"] = (econ["break_even_discount_usd_per_bbl"] * econ["barrels"]).sum() / barrels
    out["paid"] = int(econ["verdict"].eq("paid").sum())
    out["above_cap"] = int(econ["cap_flag"].eq("above cap").sum())
    return out


def price_for_benefit(net_usd_per_bbl, a: Assumptions, pkr_per_litre: float):
    """The Urals free-on-board price (USD/bbl) at which a net benefit of `net_usd_per_bbl` under
    `a` would instead be `pkr_per_litre` rupees a litre, all else held:
    P_U + N − target × 158.987294928 / (PKR per USD). Works on a number or a Series (per cargo,
    or a barrel-weighted total from `totals`)."""
    target = pkr_per_litre * LITRES_PER_BARREL / a.pkr_per_usd
    return a.urals_price + net_usd_per_bbl - target


def scenario_table(defaults: pd.DataFrame, a: Assumptions) -> pd.DataFrame:
    """The defaults table (see `read_defaults`) with the scenario's value of each input beside
    the default (`scenario_value`, the cap's date in `scenario_applies_from`) and `changed`."""
    out = defaults.copy()
    out["scenario_value"] = out["assumption_id"].map({n: float(getattr(a, n)) for n in INPUTS}).astype("float64")
    out["scenario_applies_from"] = out["applies_from"].where(out["assumption_id"] != "price_cap",
                                                             pd.Timestamp(a.price_cap_from))
    out["changed"] = ((out["scenario_value"] != out["value"]) & out["scenario_value"].notna()) | (
        out["scenario_applies_from"].ne(out["applies_from"]) & out["applies_from"].notna())
    return out


def sourced_inputs(defaults: pd.DataFrame) -> tuple[int, int]:
    """How many of the scenario's inputs (every field of Assumptions; the cap's start date rests on
    the cap's row) have a sourced default in a defaults table, and how many inputs there are."""
    basis = defaults.set_index("assumption_id")["basis"]
    rows = [ROW_OF.get(name, name) for name in FIELDS]
    return int(basis.reindex(rows).eq("sourced").sum()), len(rows)


def assumptions_view(table: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """A `scenario_table` as the page shows it, with no empty cell: `source` names the publisher
    and id of each source of a sourced row, or says NO_SOURCE; `source_range` is the source's
    low–high in the row's unit, or "none given"; `applies_from` is YYYY-MM-DD or "always"; a
    check's scenario value is its reported value (a check is never an input)."""
    publisher = dict(zip(sources["source_id"], sources["publisher"]))

    def cited(ids) -> str:
        if pd.isna(ids):
            return NO_SOURCE
        return "; ".join(f"{publisher.get(i.strip(), 'unknown source')} ({i.strip()})" for i in ids.split(";"))

    ranged = table["low"].notna() & table["high"].notna()
    return pd.DataFrame({
        "assumption_id": table["assumption_id"], "name": table["name"],
        "scenario_value": table["scenario_value"].fillna(table["value"]), "value": table["value"],
        "unit": table["unit"],
        "basis": table["basis"].where(table["basis"].eq("sourced"), NO_SOURCE),
        "source": table["source_id"].map(cited),
        "source_range": (table["low"].map(_figure) + "–" + table["high"].map(_figure)).where(ranged, "none given"),
        "applies_from": table["applies_from"].dt.strftime("%Y-%m-%d").fillna("always"),
        "note": table["note"].fillna(""), "changed": table["changed"],
    })


def _figure(number: float) -> str:
    """A number with at most four decimals and no trailing zeros: 285.6028, 0.5, 52."""
    return f"{number:,.4f}".rstrip("0").rstrip(".") if pd.notna(number) else ""


def landed_cost_steps(row: pd.Series) -> pd.DataFrame:
    """The steps from free-on-board price to refining-adjusted cost for one cargo of
    `cargo_economics`, for Urals and for Arab Light, in USD/bbl, with plotly waterfall measures.

    The refining-value gap is what Urals products are worth less than Arab Light's (V_B − V_U),
    so the two final totals differ by exactly the net benefit.
    """
    gap = -row["refining_adj_usd_per_bbl"]
    return pd.DataFrame({
        "step": ["Free on board", "Freight", "Insurance", "Transshipment", "Landed cost",
                 "Refining-value gap", "Refining-adjusted cost"],
        "measure": ["absolute", "relative", "relative", "relative", "total", "relative", "total"],
        "urals_usd_per_bbl": [row["fob_usd_per_bbl"], row["freight_usd_per_bbl"], row["insurance_usd_per_bbl"],
                              row["transship_usd_per_bbl"], row["landed_usd_per_bbl"], gap,
                              row["landed_usd_per_bbl"] + gap],
        "benchmark_usd_per_bbl": [row["benchmark_fob_usd_per_bbl"], row["benchmark_freight_usd_per_bbl"],
                                  row["benchmark_insurance_usd_per_bbl"], 0.0,
                                  row["benchmark_landed_usd_per_bbl"], 0.0, row["benchmark_landed_usd_per_bbl"]],
    })


# Sensitivity ---------------------------------------------------------------------------------

def with_value(a: Assumptions, name: str, value: float) -> Assumptions:
    """`a` with one input set to `value`. A yield changed this way takes its room from the
    crude's other shares pro rata (the named ones and the remainder), so they still sum to 1."""
    if "_yield_" not in name:
        return a.replace(**{name: value})
    crude = name.split("_yield_")[0]
    rest = 1.0 - getattr(a, name)
    scale = (1.0 - value) / rest if rest > 0 else 0.0
    changes = {f"{crude}_yield_{p}": getattr(a, f"{crude}_yield_{p}") * scale for p in PRODUCTS}
    changes[name] = value
    return a.replace(**changes)


def sensitivity(a: Assumptions, cargo: pd.DataFrame | pd.Series, change: float = 0.2) -> pd.DataFrame:
    """Net benefit of one cargo with each driver of it set to (1 − change) and (1 + change)
    times its value, the others held (yields rebalanced as in `with_value`).

    One row per driver, largest swing first: assumption, label, unit, base_value, low_value,
    high_value, net_low_usd_per_bbl, net_high_usd_per_bbl, net_low_usd, net_high_usd (net
    benefit at the low and high value) and swing_usd_per_bbl (|high − low|); base_net_usd_per_bbl
    repeats the net benefit at `a`. A value pushed out of range (a yield above 1) is capped.
    """
    frame = cargo.to_frame().T if isinstance(cargo, pd.Series) else cargo
    row = frame.iloc[0]
    per_tonne, barrels = float(row["bbl_per_tonne"]), float(row["barrels"])
    transshipped = pd.notna(row["transship_port"])

    def net(scenario: Assumptions) -> float:
        return float(_per_barrel(scenario, np.asarray(per_tonne), np.asarray(transshipped))["net"])

    rows = []
    for name in DRIVERS:
        meta, value = FIELDS[name], getattr(a, name)
        low, high = (float(np.clip(value * f, meta["min"], meta["max"])) for f in (1 - change, 1 + change))
        nets = [net(with_value(a, name, v)) for v in (low, high)]
        rows.append({"assumption": name, "label": meta["label"], "group": meta["group"], "unit": meta["unit"],
                     "base_value": value, "low_value": low, "high_value": high,
                     "net_low_usd_per_bbl": nets[0], "net_high_usd_per_bbl": nets[1],
                     "net_low_usd": nets[0] * barrels, "net_high_usd": nets[1] * barrels})
    base = net(a)
    out = pd.DataFrame(rows)
    out["swing_usd_per_bbl"] = (out["net_high_usd_per_bbl"] - out["net_low_usd_per_bbl"]).abs()
    out["base_net_usd_per_bbl"] = base
    return out.sort_values(["swing_usd_per_bbl", "assumption"], ascending=[False, True], ignore_index=True)


# What the Economics page shows ---------------------------------------------------------------

_PRICED = ["cargo_id", "vessel", "buyer", "arrival_date", "arrival_start", "load_start", "grade",
           "transship_port", "tonnes", "bbl_per_tonne", "barrels", "delivered", "sources"]


@dataclass(frozen=True)
class Outcome:
    """The delivered cargoes of a date range under one scenario, sized for a page."""

    cargoes: int  # delivered cargoes in the range
    totals: pd.Series  # `totals` over them all
    first: pd.DataFrame  # `cargo_economics` of the first `limit` of them, in arrival order
    sources: str  # ';'-joined ids of every source behind them
    grade_assumed: bool  # whether any of them is priced as Urals though no report names its grade


def outcome(cargoes: pd.DataFrame, a: Assumptions, start, end, limit: int = 1000) -> Outcome:
    """Every cargo of a reconciled cargoes frame delivered between start and end (arrival date),
    priced under `a`: totals over them all, per-cargo rows for the first `limit`."""
    delivered = delivered_cargoes(cargoes[_PRICED], start, end)
    econ = cargo_economics(delivered, a)
    return Outcome(cargoes=len(econ), totals=totals(econ), first=econ.head(limit).copy(),  # not a view of all
                   sources=source_list(delivered["sources"]), grade_assumed=bool(econ["grade_assumed"].any()))


@dataclass(frozen=True)
class OneCargo:
    """One delivered cargo under one scenario: its `cargo_economics` row, the steps of
    `landed_cost_steps` and the `sensitivity` of its net benefit."""

    row: pd.Series
    steps: pd.DataFrame
    sensitivity: pd.DataFrame


def one_cargo(cargoes: pd.DataFrame, a: Assumptions, cargo_id: str, start, end) -> OneCargo | None:
    """The cargo `cargo_id` of a reconciled cargoes frame under `a`, or None unless it was
    delivered between start and end."""
    at = position_of(cargoes["cargo_id"], cargo_id)
    cargo = delivered_cargoes(cargoes.iloc[max(at, 0):at + 1], start, end)
    if cargo.empty:
        return None
    row = cargo_economics(cargo.iloc[:1], a).iloc[0]
    return OneCargo(row=row, steps=landed_cost_steps(row), sensitivity=sensitivity(a, cargo.iloc[:1]))
