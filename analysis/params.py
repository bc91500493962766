"""Every URL parameter the dashboard reads, and the one function that reads a link.

The URL is the view: `?from=2023-06-01&to=2023-06-30&unit=barrels&basis=fiscal` sets the filters
every page shares, and each page adds its own settings (`/volumes?vol_section=Route`). Each
parameter is registered here once, with its type, default, bounds or allowed values and the pages
that read it; pages take options, defaults and bounds from here rather than repeating them, and a
test fails when a page reads a key that is not registered.

`parse` reads a link as the app does:
- a valid value is used; a missing or empty one gives the default;
- a malformed value gives the default, with a note naming the key, the value and the rule;
- a shared date outside its bounds is clamped to the nearer bound, with a note; a page's own
  number outside its bounds gives the default, with a note, as Streamlit's bound widgets do;
- from a list (a key given several times) the values that are not allowed are left out, with a note;
- a key that the page does not read is ignored, with a note.
Values are the widgets' own: dates, option texts, numbers, true/false, text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from analysis import desk
from analysis.dates import BASES
from analysis.economics import FIELDS
from analysis.formatting import UNIT_LABELS, day
from analysis.schema import EVENT_KINDS, LOAD_ORDER, SOURCE_KINDS
from analysis.timeline import LANES

DATE, CHOICE, CHOICES, NUMBER, FLAG, TEXT = "date", "choice", "choices", "number", "flag", "text"
PAGES = ("overview", "volumes", "economics", "cooperation", "timeline", "sources", "data_desk", "news_desk")
FILTERED = PAGES[:-2]  # the pages that draw the shared filters; the desks' menus carry them on
SHARED = ("from", "to", "unit", "basis")
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})  # Streamlit's own; never ours to read or note

EARLIEST_ALLOWED = dt.date(2000, 1, 1)  # the earliest day the date filters offer
EARLIEST = dt.date(2015, 1, 1)  # where the default view starts

# How the data desk names each table, which is also the text its links carry.
TABLE_LABELS = {name: name.replace("_", " ").capitalize() for name in LOAD_ORDER}
TARGET_LABELS = {**TABLE_LABELS, desk.COMTRADE: "UN Comtrade goods download (CSV or xlsx)"}

Bound = object | Callable[[dt.date], object]  # a fixed value, or one that follows today's date


@dataclass(frozen=True)
class Param:
    """One URL parameter. `default`, `low` and `high` may be functions of today's date. Where the
    data supplies the allowed values or the default, `options` or `default` is None and `values`
    says in words where they come from."""
    name: str
    kind: str  # date, choice (one of options), choices (several), number, flag (true/false), text
    pages: tuple[str, ...]
    doc: str
    default: Bound = None
    options: tuple[str, ...] | None = None
    low: Bound = None
    high: Bound = None
    values: str = ""
    clamp: bool = False  # out of bounds: the nearer bound (shared filters) rather than the default

    def default_on(self, today: dt.date):
        return self.default(today) if callable(self.default) else self.default

    def bounds(self, today: dt.date) -> tuple:
        return tuple(b(today) if callable(b) else b for b in (self.low, self.high))


def _today(today: dt.date) -> dt.date:
    return today


def _five_years_on(today: dt.date) -> dt.date:
    return dt.date(today.year + 5, 12, 31)


def _choice(name: str, page: str, options: Sequence[str], doc: str, default: str | None = None) -> Param:
    options = tuple(options)
    return Param(name, CHOICE, (page,), doc, options[0] if default is None else default, options)


def _scenario() -> list[Param]:
    """The economics page's scenario, one parameter per assumption (defaults from the data)."""
    out = []
    for name, meta in FIELDS.items():
        doc = f"Scenario: {meta['label']} ({meta['unit']})."
        if meta["unit"] == "date":
            out.append(Param(f"eco_{name}", DATE, ("economics",), doc, values="data/assumptions.csv"))
        else:
            out.append(Param(f"eco_{name}", NUMBER, ("economics",), doc, low=float(meta["min"]),
                             high=float(meta["max"]), values="data/assumptions.csv"))
    return out


_REGISTRY = [
    Param("from", DATE, FILTERED, "First day of the date range every page filters on.", EARLIEST,
          low=EARLIEST_ALLOWED, high=_today, clamp=True),
    Param("to", DATE, FILTERED, "Last day of the date range; up to five years ahead, so stated targets "
          "can run on.", _today, low=EARLIEST_ALLOWED, high=_five_years_on, clamp=True),
    Param("unit", CHOICE, FILTERED, "Unit of every quantity.", "tonnes", tuple(UNIT_LABELS.values())),
    Param("basis", CHOICE, FILTERED, "Calendar years or Pakistan's fiscal years (July–June).", "calendar",
          tuple(BASES)),

    _choice("vol_section", "volumes", ("Cargo ledger", "Cumulative deliveries", "Per period and share of imports",
                                       "Route"), "The open section."),
    Param("vol_targets", FLAG, ("volumes",), "Draw the targets, plans and deals under consideration on the "
          "cumulative chart.", False),
    _choice("vol_freq", "volumes", ("month", "quarter", "year"), "Periods of the deliveries chart."),

    *_scenario(),
    Param("eco_cargo", CHOICE, ("economics",), "The cargo costed step by step.",
          values="a cargo id in the table of cargoes (C01, C02...); the first row by default"),

    Param("coop_sector", CHOICES, ("cooperation",), "Sectors shown; none chosen shows every sector.", (),
          values="sector names in the sectors table"),
    _choice("coop_count_by", "cooperation", ("latest report", "furthest stage"),
            "Count initiatives by their latest report or by the furthest stage they reached."),
    _choice("coop_trade_basis", "cooperation", ("all", "calendar", "fiscal"), "Periods of the trade chart."),

    Param("tl_kind", CHOICES, ("timeline",), "Kinds of event shown; none chosen shows every kind.", (),
          tuple(EVENT_KINDS)),
    Param("tl_sector", CHOICES, ("timeline",), "Sectors shown; none chosen shows every sector.", (),
          values="sector names in the sectors table, as the Sector filter lists them"),
    _choice("tl_rows", "timeline", LANES, "One chart row per kind of event or per sector."),

    _choice("src_section", "sources", ("Cargo sizes", "Order sizes", "Arrival dates", "Order dates",
                                       "Links to cargoes", "Every source"), "The open section."),
    Param("src_kind", CHOICES, ("sources",), "Kinds of source listed; none chosen lists every kind.", (),
          tuple(SOURCE_KINDS)),
    Param("src_q", TEXT, ("sources",), "Text the publisher or title of a listed source contains.", ""),

    _choice("desk_tab", "data_desk", ("Add", "Correct", "History", "Import", "Export"), "The open tab."),
    _choice("desk_add_kind", "data_desk", tuple(desk.ADD_KINDS), "What the Add tab adds."),
    _choice("desk_fix_table", "data_desk", tuple(TABLE_LABELS.values()), "Table the Correct tab edits."),
    Param("desk_fix_q", TEXT, ("data_desk",), "Text the rows shown on the Correct tab contain.", ""),
    _choice("desk_hist_table", "data_desk", tuple(TABLE_LABELS.values()), "Table the History tab reads."),
    Param("desk_hist_key", CHOICE, ("data_desk",), "Record whose history is shown; none shows the latest "
          "changes.", values="a record key of the chosen table"),
    Param("desk_hist_id", TEXT, ("data_desk",), "The same for a table of more than 5,000 records, where the "
          "History tab asks for the id instead of listing every key.", ""),
    _choice("desk_imp_table", "data_desk", tuple(TARGET_LABELS.values()), "Table the Import tab fills."),
]
PARAMS: dict[str, Param] = {p.name: p for p in _REGISTRY}


def page_params(page: str) -> dict[str, Param]:
    """The parameters `page` reads: the shared filters (on every page but the data desk) and its own."""
    return {name: p for name, p in PARAMS.items() if page in p.pages}


def options(name: str) -> tuple[str, ...]:
    """The allowed values of a registered choice, in the order the page offers them."""
    return PARAMS[name].options


def default(name: str, today: dt.date | None = None):
    """The default of a registered parameter (today's date where it follows the date)."""
    return PARAMS[name].default_on(today or dt.date.today())


@dataclass(frozen=True)
class Link:
    values: dict[str, object]  # every parameter of the page: from the link where usable, else the default
    notes: dict[str, str]  # key → what was wrong with its value and what is used instead


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _listing(values: Sequence[str]) -> str:
    return ", ".join(values) if len(values) <= 12 else ", ".join(values[:12]) + f" (and {len(values) - 12:,} more)"


def _convert(p: Param, text: str, allowed: Sequence[str] | None):
    """(value, None) or (None, the rule the text breaks)."""
    if p.kind == DATE:
        try:
            if _ISO_DATE.fullmatch(text):
                return dt.date.fromisoformat(text), None
        except ValueError:
            pass  # 2023-02-30 and the like
        return None, "not a date written YYYY-MM-DD"
    if p.kind == NUMBER:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        return (number, None) if math.isfinite(number) else (None, "not a number")
    if p.kind == FLAG:
        lower = text.lower()
        return (lower == "true", None) if lower in ("true", "false") else (None, "neither true nor false")
    if allowed is not None and text not in allowed:
        return None, f"not one of {_listing(allowed)}"
    return text, None


def read(name: str, texts: str | Sequence[str] | None, today: dt.date,
         allowed: Sequence[str] | None = None, fallback=None) -> tuple[object, str | None]:
    """One parameter's value from its URL text(s), and a note when the text could not be used as
    given. `allowed` lists the values the data allows (where the registry leaves that to the data);
    `fallback` is the default the data gives (where the registry has none)."""
    p = PARAMS[name]
    texts = [texts] if isinstance(texts, str) else list(texts or [])
    allowed = p.options if p.options is not None else allowed
    fallback = p.default_on(today) if p.default is not None else fallback
    if p.kind == CHOICES:
        given = [t for t in texts if t]  # ?tl_kind= clears the list
        if allowed is None:
            return tuple(dict.fromkeys(given)), None
        dropped = [t for t in given if t not in allowed]
        kept = tuple(dict.fromkeys(t for t in given if t in allowed))
        note = (f"{name}={_clip(', '.join(dropped))}: not one of {_listing(allowed)}; left out."
                if dropped else None)
        return kept, note
    text = texts[-1] if texts else ""  # a key given twice: the last value, as Streamlit reads it
    if p.kind == TEXT:
        return text, None
    if text == "":
        return fallback, None
    value, rule = _convert(p, text, allowed)
    using = "using the default" + ("" if fallback is None else f", {_shown(fallback)}")
    if rule is not None:
        return fallback, f"{name}={_clip(text)}: {rule}; {using}."
    low, high = p.bounds(today)
    dates = p.kind == DATE
    for bound, outside, relation, word in (
            (low, low is not None and value < low, "before" if dates else "below", "earliest" if dates else "lowest"),
            (high, high is not None and value > high, "after" if dates else "above", "latest" if dates else "highest")):
        if outside:
            instead = f"using {_shown(bound)}" if p.clamp else using
            return (bound if p.clamp else fallback,
                    f"{name}={text}: {relation} {_shown(bound)}, the {word} {'date' if dates else 'value'} "
                    f"allowed; {instead}.")
    return value, None


def parse(query: Mapping[str, str | Sequence[str]], page: str, today: dt.date,
          allowed: Mapping[str, Sequence[str]] | None = None,
          fallbacks: Mapping[str, object] | None = None) -> Link:
    """Read a link's query (key → text, or texts where a key is repeated) for `page`: the value of
    each parameter the page reads and a note for each key whose value could not be used as given
    or that the page does not read. `allowed` and `fallbacks` give, by key, the values and defaults
    the data supplies (see `read`)."""
    allowed, fallbacks = allowed or {}, fallbacks or {}
    values, notes = {}, {}
    for name in page_params(page):
        values[name], note = read(name, query.get(name), today, allowed.get(name), fallbacks.get(name))
        if note:
            notes[name] = note
    for key, texts in query.items():
        if key in values or key in STREAMLIT_KEYS or (key in SHARED and page not in FILTERED):
            continue  # the data desk's menu carries the shared filters on without reading them
        text = _clip(", ".join([texts] if isinstance(texts, str) else texts))
        owner = PARAMS[key].pages if key in PARAMS else ()
        notes[key] = (f"{key}={text}: a setting of the {' and '.join(owner)} page, not this one; ignored."
                      if owner else f"{key}={text}: not a setting of this page; ignored.")
    return Link(values, notes)


def url_text(name: str, value, today: dt.date) -> str | None:
    """The URL text for a parameter's value, or None for its default (left out to keep links short)."""
    if value == PARAMS[name].default_on(today):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value:.15g}" if isinstance(value, float) else _shown(value)
