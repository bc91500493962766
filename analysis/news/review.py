"""From an article's candidate facts to draft records an analyst reviews, and the rows an accepted
draft writes. No Streamlit here: the News desk page draws these.

Candidates are grouped by sentence. A sentence about a cargo (a vessel, or a quantity, date or
port the sentence ties to a cargo) gives one cargo report; an order, an aim ("aims to cover 35
percent"), a sum of trade, an initiative's status word, and a person's statement each give their
own draft, so that plans, targets and statements never merge with what happened. A cargo report
is matched against the stored ones by vessel, quantity and date: a match makes it another account
of that cargo (a new row citing the article, beside the stored ones, never over them), shown with
its reasons, confidence and every field where the accounts disagree.

Every draft's key is made from the article's source id, so accepting the same draft twice writes
the same rows and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.desk import next_id
from analysis.news.candidates import Candidate
from analysis.news.targets import sentences

SECTOR_WORDS = {  # sector id → words that put a sentence in it
    "energy": ("oil", "crude", "gas", "energy", "refiner", "pipeline", "lng", "lpg", "fuel", "petroleum", "power"),
    "trade": ("trade", "barter", "export", "import", "turnover"),
    "commerce": ("commerce", "business", "chamber", "investment", "investor"),
    "agriculture": ("wheat", "agricultur", "rice", "citrus", "potato", "food", "fertili"),
    "pharmaceuticals": ("pharma", "medicine", "drug", "vaccine"),
    "health": ("health", "hospital", "medical"),
    "railways": ("rail", "train"),
    "industry": ("steel", "industr", "factory", "plant", "manufactur"),
    "it": ("information technology", "software", "digital"),
    "education": ("education", "universit", "scholarship", "student"),
    "diplomacy": ("minister", "ambassador", "visit", "foreign", "summit", "diplomat", "talks"),
}
TARGET_METRICS = {"%": ("share_of_crude_imports", "percent"), "bbl/day": ("import_rate", "bbl/d"),
                  "t/year": ("annual_volume", "t/yr"), "t": ("annual_volume", "t")}
ABOUT = re.compile(r"\b(?:about|around|nearly|almost|roughly|approximately|some|over|more than)\b", re.IGNORECASE)
UP_TO = re.compile(r"\bup to\b", re.IGNORECASE)
KEY_TABLE = {"cargo_reports": "report_id", "orders": "report_id", "events": "event_id",
             "initiative_reports": "report_id", "targets": "target_id", "trade_flows": "flow_id"}


@dataclass(frozen=True)
class SourcedArticle:
    """An article as the analyst gave it: its text and where it was published."""

    body: str
    publisher: str
    title: str
    url: str
    published: dt.date
    language: str = "en"

    @property
    def source_id(self) -> str:
        """The id of its `sources` row, the same for the same address: "N" and 8 hex digits."""
        return "N" + hashlib.sha256(self.url.strip().encode()).hexdigest()[:8].upper()

    def source_row(self) -> dict[str, str]:
        return {"source_id": self.source_id, "publisher": self.publisher.strip(), "title": self.title.strip(),
                "url": self.url.strip(), "published_on": self.published.isoformat(), "kind": "news",
                "language": self.language}


@dataclass(frozen=True)
class CargoMatch:
    """A stored cargo a cargo-report draft may be another account of."""

    cargo_id: str
    confidence: float  # 0..1: 0.5 a vessel, up to 0.3 a quantity, up to 0.2 a date
    reasons: tuple[str, ...]
    accounts: pd.DataFrame = field(compare=False)  # the stored reports of that cargo


@dataclass
class Draft:
    """One record the article may add: `values` as text per column (editable before it is written),
    the candidates it draws on (indices into the article's candidates), and why."""

    key: str
    table: str
    values: dict[str, str | None]
    uses: tuple[int, ...]
    why: str
    match: CargoMatch | None = None
    disagreements: tuple[str, ...] = ()


def _first(found: list[tuple[int, Candidate]], kind: str, target: str | None = None):
    return next(((i, c) for i, c in found if c.kind == kind and (target is None or c.target == target)), None)


def _number(value: float) -> str:
    """A figure as the store writes it: 45000, 7.25."""
    return f"{value:.10g}" if value != int(value) else str(int(value))


def _shown(value: float, unit: str | None) -> str:
    """A figure as a reader reads it: 45,000 t."""
    return f"{value:,.10g}" + (f" {unit}" if unit else "")


def sectors_named(text: str, known: list[str]) -> list[str]:
    """The sector ids of `known` whose words appear in `text` (energy first where it does)."""
    lower = f" {text.lower()} "
    return [s for s, words in SECTOR_WORDS.items() if s in known and any(w in lower for w in words)]


def _qualifier(sentence: str) -> str:
    return "up_to" if UP_TO.search(sentence) else "about" if ABOUT.search(sentence) else "exact"


def _speaker(found, previous) -> tuple[str | None, str | None]:
    hit = _first(found, "person") or _first(previous, "person")
    return (hit[1].value, hit[1].role) if hit else (None, None)


def match_cargo(values: dict[str, str | None], reports: pd.DataFrame) -> CargoMatch | None:
    """The stored cargo whose reports best agree with a draft cargo report (typed `reports`, as the
    dataset holds them), when the agreement reaches 0.5: a vessel alone does, a quantity within
    0.5% with the same arrival day does."""
    if reports.empty:
        return None
    score = np.zeros(len(reports))
    vessel = values.get("vessel")
    if vessel:
        score += 0.5 * (reports["vessel"].fillna("").str.casefold() == vessel.casefold()).to_numpy()
    quantity = float(values["quantity"]) if values.get("quantity") else None
    if quantity:
        same_unit = (reports["unit"] == values.get("unit")).fillna(False).to_numpy()
        gap = np.abs(reports["quantity"].to_numpy(dtype=float) - quantity) / quantity
        score += np.where(same_unit & (gap <= 0.005), 0.3, np.where(same_unit & (gap <= 0.05), 0.2, 0.0))
    for column in ("arrival_date", "load_date"):
        when = values.get(column)
        if when:
            stored = reports[column].fillna("")
            score += np.where(stored == when, 0.2, np.where(stored.str[:7] == when[:7], 0.1, 0.0))
            break
    best = int(np.argmax(score))
    if score[best] < 0.5:
        return None
    row = reports.iloc[best]
    reasons = []
    if vessel and str(row["vessel"]).casefold() == vessel.casefold():
        reasons.append(f"same vessel, {row['vessel']}")
    if quantity and row["unit"] == values.get("unit") and pd.notna(row["quantity"]):
        reasons.append(f"quantity {_shown(quantity, values['unit'])} against {_shown(row['quantity'], row['unit'])} "
                       f"({abs(row['quantity'] - quantity) / quantity:.1%} apart)")
    for column in ("arrival_date", "load_date"):
        if values.get(column) and pd.notna(row[column]) and str(row[column])[:7] == values[column][:7]:
            reasons.append(f"{column.replace('_', ' ')} {values[column]} against {row[column]}")
            break
    accounts = reports[reports["cargo_id"] == row["cargo_id"]]
    return CargoMatch(str(row["cargo_id"]), round(min(float(score[best]), 1.0), 2), tuple(reasons), accounts)


def disagreements(values: dict[str, str | None], accounts: pd.DataFrame) -> tuple[str, ...]:
    """Each field where a draft and a stored account of the same cargo give different figures."""
    found = []
    for column in ("quantity", "vessel", "arrival_date", "load_date", "discharge_port", "grade"):
        mine = values.get(column)
        if not mine:
            continue
        for _, row in accounts.iterrows():
            theirs = row.get(column)
            if pd.isna(theirs) or theirs == "":
                continue
            if column == "quantity":
                same = abs(float(theirs) - float(mine)) < 1e-9 and row["unit"] == values.get("unit")
                mine_shown, theirs_shown = _shown(float(mine), values.get("unit")), _shown(float(theirs), row["unit"])
            else:  # a date at another precision agrees when one is the start of the other: 2023-06 and 2023-06-11
                a, b = str(theirs).casefold(), mine.casefold()
                same = a.startswith(b) or b.startswith(a) if column.endswith("_date") else a == b
                mine_shown, theirs_shown = mine, theirs
            if not same:
                found.append(f"{column.replace('_', ' ')}: {mine_shown} here, {theirs_shown} in "
                             f"{row['report_id']} ({row['source_id']})")
    return tuple(found)


def _value(found, kind: str, target: str | None = None) -> str | None:
    """The value of the first candidate of `kind` (filling `target`) in `found`, as text."""
    hit = _first(found, kind, target)
    return None if hit is None else str(hit[1].value)


def _cargo(found, sentence: str, source: str) -> dict[str, str | None]:
    """A cargo report's values from the candidates of one sentence."""
    hit = _first(found, "quantity", "cargo_reports.quantity")
    unit = hit[1].unit if hit and hit[1].unit in ("t", "bbl") else None
    arrival = _value(found, "date", "cargo_reports.arrival_date")
    loading = _value(found, "date", "cargo_reports.load_date")
    return {
        "source_id": source, "vessel": _value(found, "vessel"), "grade": _value(found, "grade"),
        "load_port": _value(found, "port", "cargo_reports.load_port"), "load_date": loading,
        "transship_port": _value(found, "port", "cargo_reports.transship_port"),
        "discharge_port": _value(found, "port", "cargo_reports.discharge_port"), "arrival_date": arrival,
        "quantity": _number(hit[1].value) if unit else None, "unit": unit, "qualifier": _qualifier(sentence),
        "buyer": _value(found, "organisation", "cargo_reports.buyer"),
        "status": "arrived" if arrival else "loaded" if loading else "in_transit",
        "evidence": "press", "link": "confirmed",
    }


def drafts(article: SourcedArticle, found: list[Candidate], tables: dict[str, pd.DataFrame]) -> list[Draft]:
    """The draft records of `article` from its candidates `found` (in reading order, as
    `analysis.news.extract.extract` gives them), matched against the dataset's typed `tables`."""
    body, source = article.body, article.source_id
    known_sectors = list(tables["sectors"]["sector_id"]) if "sectors" in tables else []
    out: list[Draft] = []
    by_sentence: list[list[tuple[int, Candidate]]] = []
    spans = sentences(body)
    for start, end in spans:
        by_sentence.append([(i, c) for i, c in enumerate(found) if start <= c.start < end])

    def add(table, values, uses, why, **more):
        key = f"{source}-{len(out) + 1:02d}"
        out.append(Draft(key, table, {KEY_TABLE[table]: key, **values}, tuple(uses), why, **more))

    previous: list[tuple[int, Candidate]] = []
    for (start, end), here in zip(spans, by_sentence):
        sentence = body[start:end]
        aimed = [(i, c) for i, c in here if c.target == "targets.value"]
        cargo_words = [(i, c) for i, c in here if (c.target or "").startswith("cargo_reports.")
                       and c.kind in ("vessel", "quantity", "date", "port")]
        ordered = [(i, c) for i, c in here if (c.target or "").startswith("orders.")]
        speaker, role = _speaker(here, previous)
        if cargo_words and (_first(here, "vessel") or _first(here, "quantity", "cargo_reports.quantity")):
            values = _cargo(here, sentence, source)
            match = match_cargo(values, tables.get("cargo_reports", pd.DataFrame()))
            if match:
                values.update(cargo_id=match.cargo_id, link="probable",
                              link_note="matched by " + "; ".join(match.reasons) + f" (confidence {match.confidence:.2f})")
            else:
                values["cargo_id"] = None  # the page suggests a new cargo id
            add("cargo_reports", values, [i for i, c in here if (c.target or "").startswith("cargo_reports.")],
                "a cargo: " + ", ".join(c.text for _, c in cargo_words), match=match,
                disagreements=disagreements(values, match.accounts) if match else ())
        elif ordered:
            quantity = _first(here, "quantity", "orders.quantity")
            placed = _first(here, "date", "orders.placed_on")
            buyer = _first(here, "organisation")
            add("orders", {"order_id": None, "source_id": source,
                           "placed_on": str(placed[1].value) if placed else article.published.isoformat()[:7],
                           "buyer": buyer[1].value if buyer else None, "seller": "Russia",
                           "quantity": _number(quantity[1].value) if quantity else None,
                           "unit": quantity[1].unit if quantity else None, "qualifier": _qualifier(sentence),
                           "channel": "government" if re.search(r"government|state", sentence, re.I) else "commercial",
                           "evidence": "official" if speaker else "press"},
                [i for i, _ in ordered], "an order: " + ", ".join(c.text for _, c in ordered))
        lows = {c.start: c for _, c in aimed if c.range == "low"}
        for i, c in aimed:
            if c.range == "low" or (c.unit or "%") not in TARGET_METRICS:
                continue
            metric, unit = TARGET_METRICS[c.unit or "%"]
            low = lows.get(c.start) if c.range == "high" else None
            stated = _first(here, "date")
            add("targets", {"source_id": source,
                            "stated_on": str(stated[1].value) if stated else article.published.isoformat(),
                            "metric": metric,
                            "kind": "target" if re.search(r"\b(?:aims?|targets?|goal)\b", sentence, re.I) else
                                    "under_consideration" if re.search(r"\b(?:could|consider)", sentence, re.I)
                                    else "plan",
                            "value_low": _number(low.value) if low else None, "value": _number(c.value),
                            "unit": unit, "qualifier": _qualifier(sentence), "speaker": speaker,
                            "speaker_role": role},
                [i] + ([found.index(low)] if low else []), f"an aim: {c.text}")
        for i, c in here:
            if c.target == "trade_flows.value_usd":
                year = next((d for _, d in here if d.kind == "date" and d.precision == "year"), None)
                year_text = str(year.value)[:4] if year else str(article.published.year)
                direction = ("RU_to_PK" if re.search(r"imports? from Russia|Russian exports", sentence, re.I)
                             else "PK_to_RU" if re.search(r"exports? to Russia|Pakistani exports", sentence, re.I)
                             else "total")
                add("trade_flows", {"source_id": source, "period_start": f"{year_text}-01-01",
                                    "period_end": f"{year_text}-12-31",
                                    "basis": "fiscal" if re.search(r"fiscal|\bFY", sentence) else "calendar",
                                    "direction": direction, "commodity": "TOTAL", "value_usd": _number(c.value),
                                    "qualifier": "at_least" if re.search(r"passed|over|more than|exceeded", sentence, re.I)
                                    else _qualifier(sentence)},
                    [i], f"a sum of trade: {c.text}")
        statuses = [(i, c) for i, c in here if c.kind == "status"]
        for clause_start, clause_end in clauses(body, start, end):
            status = next(((i, c) for i, c in statuses if clause_start <= c.start < clause_end), None)
            if status:
                clause = body[clause_start:clause_end]
                add("initiative_reports", {"initiative_id": initiative_for(clause, tables.get("initiatives")),
                                           "source_id": source, "reported_on": article.published.isoformat(),
                                           "status": status[1].value, "speaker": speaker, "speaker_role": role},
                    [status[0]], f"a status: {status[1].text}")
        person = _first(here, "person")
        if person and not (aimed or statuses or cargo_words or ordered):
            when = _first(here, "date")
            add("events", {"source_id": source,
                           "occurred_on": str(when[1].value) if when else article.published.isoformat(),
                           "kind": "statement", "title": " ".join(sentence.split())[:200],
                           "sectors": ";".join(sectors_named(sentence, known_sectors)) or None,
                           "speaker": person[1].value, "speaker_role": person[1].role},
                [person[0]] + ([when[0]] if when else []), f"a statement by {person[1].value}")
        previous = here
    return out


def clauses(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the clauses of the sentence `body[start:end]`, cut at commas, semicolons and
    ", and" / ", but"."""
    cuts = [m.end() for m in re.finditer(r"[;,]\s*(?:(?:and|but|while)\s+)?", body[start:end])]
    bounds = [start, *(start + c for c in cuts), end]
    return list(zip(bounds[:-1], bounds[1:]))


def initiative_for(sentence: str, initiatives: pd.DataFrame | None) -> str | None:
    """The stored initiative whose title shares most words of four letters or more with `sentence`."""
    if initiatives is None or initiatives.empty:
        return None
    words = set(re.findall(r"[a-z]{4,}", sentence.lower()))
    shared = initiatives["title"].fillna("").map(lambda t: len(words & set(re.findall(r"[a-z]{4,}", t.lower()))))
    return str(initiatives.loc[shared.idxmax(), "initiative_id"]) if shared.max() > 0 else None


def known_names(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """The ports, grades, vessels, buyers and speakers the dataset already names, for `extract`'s
    `known`."""
    reports, orders = tables["cargo_reports"], tables["orders"]

    def names(*columns: pd.Series) -> list[str]:
        return sorted({str(v) for column in columns for v in column.dropna().unique()} - {""})  # unique first: fast

    return {"port": names(reports["load_port"], reports["transship_port"], reports["discharge_port"]),
            "grade": names(tables["grades"]["grade"]), "vessel": names(reports["vessel"]),
            "organisation": names(reports["buyer"], orders["buyer"]),
            "person": names(*(tables[t]["speaker"] for t in ("events", "targets", "initiative_reports")))}


def new_ids(stored_next: str | None, count: int, prefix: str) -> list[str]:
    """`count` new ids starting at `stored_next` (the next free stored id), else at PREFIX01."""
    first = stored_next or f"{prefix}01"
    ids = [first]
    while len(ids) < count:
        ids.append(next_id(ids))
    return ids[:count]
