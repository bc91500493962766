"""URL parameters: the registry, the one function that reads a link (a table of cases, datasette
style), every page's keys against the registry, and links under AppTest: a date out of range is
clamped with a note on every page, and the menu's links carry a filter the moment it changes."""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from analysis import params
from analysis.economics import FIELDS

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2024, 3, 15)  # bounds: from ≤ 15 Mar 2024, to ≤ 31 Dec 2029
NOTE_HEAD = "Some settings in this link could not be used as given:"


# The registry -------------------------------------------------------------------------------------

@pytest.mark.parametrize("p", params.PARAMS.values(), ids=lambda p: p.name)
def test_every_parameter_is_documented_and_consistent(p):
    assert p.doc.strip() and p.kind in (params.DATE, params.CHOICE, params.CHOICES, params.NUMBER,
                                        params.FLAG, params.TEXT)
    assert p.pages and set(p.pages) <= set(params.PAGES)
    default = p.default_on(TODAY)
    if default is None or (p.kind == params.CHOICES and p.options is None):
        assert p.values, f"{p.name}: the data supplies its default or options, so say where"
    if p.kind == params.CHOICE and p.options is not None:
        assert default in p.options
    if p.kind == params.CHOICES and p.options is not None:
        assert set(default) <= set(p.options)
    low, high = p.bounds(TODAY)
    if low is not None and high is not None:
        assert low <= high
        assert default is None or low <= default <= high


def test_the_scenario_has_one_parameter_per_assumption_with_its_bounds():
    scenario = {name for name in params.PARAMS if name.startswith("eco_") and name != "eco_cargo"}
    assert scenario == {f"eco_{name}" for name in FIELDS}
    assert params.PARAMS["eco_pkr_per_usd"].bounds(TODAY) == (FIELDS["pkr_per_usd"]["min"],
                                                             FIELDS["pkr_per_usd"]["max"])


# One function reads a link: valid, missing, malformed, out of range, unknown keys ------------------

DEFAULT_VIEW = {"from": dt.date(2015, 1, 1), "to": TODAY, "unit": "tonnes", "basis": "calendar"}

CASES = [
    # (case, page, query, values expected (a subset), notes expected: key → words in the note)
    ("valid shared filters", "overview",
     {"from": "2023-06-01", "to": "2023-06-30", "unit": "barrels", "basis": "fiscal"},
     {"from": dt.date(2023, 6, 1), "to": dt.date(2023, 6, 30), "unit": "barrels", "basis": "fiscal"}, {}),
    ("valid page settings", "volumes", {"vol_section": "Route", "vol_freq": "year", "vol_targets": "true"},
     {"vol_section": "Route", "vol_freq": "year", "vol_targets": True}, {}),
    ("a flag in capitals, as Streamlit reads it", "volumes", {"vol_targets": "TRUE"}, {"vol_targets": True}, {}),
    ("a list", "timeline", {"tl_kind": ["shipment", "order"]}, {"tl_kind": ("shipment", "order")}, {}),
    ("a list with a value twice", "timeline", {"tl_kind": ["order", "order"]}, {"tl_kind": ("order",)}, {}),
    ("free text", "sources", {"src_q": "yuan & rupee"}, {"src_q": "yuan & rupee"}, {}),
    ("a number", "economics", {"eco_urals_price": "55.5"}, {"eco_urals_price": 55.5}, {}),
    ("a date setting", "economics", {"eco_price_cap_from": "2023-07-01"},
     {"eco_price_cap_from": dt.date(2023, 7, 1)}, {}),
    ("a table as the desk names it", "data_desk", {"desk_fix_table": "Cargo reports"},
     {"desk_fix_table": "Cargo reports"}, {}),
    ("a key given twice: the last value", "overview", {"unit": ["barrels", "cubic metres"]},
     {"unit": "cubic metres"}, {}),

    ("missing: the defaults", "overview", {}, DEFAULT_VIEW, {}),
    ("missing page settings: the defaults", "volumes", {},
     {"vol_section": "Cargo ledger", "vol_targets": False, "vol_freq": "month"}, {}),
    ("missing lists and text: empty", "sources", {}, {"src_kind": (), "src_q": "", "src_section": "Cargo sizes"}, {}),
    ("empty values count as missing", "overview", {"from": "", "unit": ""}, DEFAULT_VIEW, {}),
    ("an empty list clears it", "timeline", {"tl_kind": ""}, {"tl_kind": ()}, {}),

    ("malformed date", "overview", {"from": "31/12/2023"}, {"from": dt.date(2015, 1, 1)},
     {"from": ["from=31/12/2023", "not a date written YYYY-MM-DD", "the default, 1 Jan 2015"]}),
    ("impossible date", "overview", {"to": "2023-02-30"}, {"to": TODAY},
     {"to": ["to=2023-02-30", "not a date", "15 Mar 2024"]}),
    ("unknown unit", "overview", {"unit": "furlongs"}, {"unit": "tonnes"},
     {"unit": ["unit=furlongs", "not one of tonnes, barrels, cubic metres", "the default, tonnes"]}),
    ("options are case-sensitive", "overview", {"basis": "Fiscal"}, {"basis": "calendar"},
     {"basis": ["not one of calendar, fiscal"]}),
    ("a flag that is neither", "volumes", {"vol_targets": "maybe"}, {"vol_targets": False},
     {"vol_targets": ["vol_targets=maybe", "neither true nor false", "the default, false"]}),
    ("a tab that does not exist", "volumes", {"vol_section": "Charts"}, {"vol_section": "Cargo ledger"},
     {"vol_section": ["not one of Cargo ledger, Cumulative deliveries"]}),
    ("not a number", "economics", {"eco_urals_price": "cheap"}, {"eco_urals_price": None},
     {"eco_urals_price": ["eco_urals_price=cheap", "not a number", "using the default."]}),
    ("not a finite number", "economics", {"eco_urals_price": "nan"}, {"eco_urals_price": None},
     {"eco_urals_price": ["not a number"]}),
    ("unknown values are left out of a list", "timeline", {"tl_kind": ["war", "shipment"]},
     {"tl_kind": ("shipment",)}, {"tl_kind": ["tl_kind=war", "left out"]}),
    ("an overlong value is cut short in the note", "overview", {"unit": "x" * 100}, {"unit": "tonnes"},
     {"unit": ["unit=" + "x" * 39 + "…:"]}),

    ("from before the earliest date: clamped", "overview", {"from": "1999-12-31"},
     {"from": dt.date(2000, 1, 1)},
     {"from": ["from=1999-12-31", "before 1 Jan 2000, the earliest date allowed", "using 1 Jan 2000"]}),
    ("to after the latest date: clamped", "overview", {"to": "2040-01-01"}, {"to": dt.date(2029, 12, 31)},
     {"to": ["to=2040-01-01", "after 31 Dec 2029, the latest date allowed", "using 31 Dec 2029"]}),
    ("from after today: clamped to today", "timeline", {"from": "2030-06-01"}, {"from": TODAY},
     {"from": ["after 15 Mar 2024"]}),
    ("to before the earliest date: clamped", "sources", {"to": "1990-01-01"}, {"to": dt.date(2000, 1, 1)},
     {"to": ["before 1 Jan 2000"]}),
    ("a number above its bound: the default, as a bound widget does", "economics",
     {"eco_pkr_per_usd": "20000"}, {"eco_pkr_per_usd": None},
     {"eco_pkr_per_usd": ["eco_pkr_per_usd=20000", "above 10000, the highest value allowed", "the default"]}),
    ("a number below its bound", "economics", {"eco_urals_price": "-5"}, {"eco_urals_price": None},
     {"eco_urals_price": ["below 0, the lowest value allowed"]}),

    ("an unknown key", "overview", {"colour": "red"}, DEFAULT_VIEW,
     {"colour": ["colour=red", "not a setting of this page; ignored"]}),
    ("another page's key", "overview", {"vol_section": "Route"}, DEFAULT_VIEW,
     {"vol_section": ["a setting of the volumes page, not this one; ignored"]}),
    ("Streamlit's own keys pass silently", "overview", {"embed": "true", "embed_options": "light_theme"},
     DEFAULT_VIEW, {}),
    ("the data desk carries the shared filters without reading them", "data_desk",
     {"from": "1999-12-31", "unit": "furlongs"}, {"desk_tab": "Add"}, {}),
]


@pytest.mark.parametrize("page, query, expected, notes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse(page, query, expected, notes):
    link = params.parse(query, page, TODAY)
    assert {k: link.values[k] for k in expected} == expected
    assert set(link.notes) == set(notes)
    for key, words in notes.items():
        for w in words:
            assert w in link.notes[key], (key, link.notes[key])


def test_the_data_gives_the_allowed_values_and_defaults_the_registry_leaves_to_it():
    link = params.parse({"eco_cargo": "C99", "eco_urals_price": "cheap", "coop_sector": ["Energy", "Mining"]},
                        "economics", TODAY, allowed={"eco_cargo": ["C01", "C02"]},
                        fallbacks={"eco_cargo": "C01", "eco_urals_price": 60.0})
    assert (link.values["eco_cargo"], link.values["eco_urals_price"]) == ("C01", 60.0)
    assert link.notes["eco_cargo"] == "eco_cargo=C99: not one of C01, C02; using the default, C01."
    assert link.notes["eco_urals_price"] == "eco_urals_price=cheap: not a number; using the default, 60."
    sectors = params.parse({"coop_sector": ["Energy", "Mining"]}, "cooperation", TODAY,
                           allowed={"coop_sector": ["Energy", "Trade"]})
    assert sectors.values["coop_sector"] == ("Energy",)
    assert params.parse({"eco_cargo": "C99"}, "economics", TODAY).values["eco_cargo"] == "C99"  # data unknown


@pytest.mark.parametrize("name, value, text", [
    ("from", dt.date(2015, 1, 1), None), ("from", dt.date(2023, 6, 1), "2023-06-01"), ("to", TODAY, None),
    ("unit", "tonnes", None), ("unit", "cubic metres", "cubic metres"), ("vol_targets", True, "true"),
    ("eco_urals_price", 55.5, "55.5"), ("eco_pkr_per_usd", 2807.25, "2807.25"),
])
def test_url_text_leaves_defaults_out_and_reads_back(name, value, text):
    assert params.url_text(name, value, TODAY) == text
    if text is not None:
        assert params.read(name, text, TODAY) == (value, None)


# Every page's URL keys are in the registry, and every registered key is read by its page ---------

def _key_pattern(node: ast.expr) -> str | None:
    """A regular expression for a key written as a string or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+" for part in node.values)
    return None


def url_keys(path: Path) -> set[str]:
    """Patterns of the URL keys a page script reads: widgets bound to the URL, st.query_params."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            kw = {k.arg: k.value for k in node.keywords}
            bind = kw.get("bind")
            if isinstance(bind, ast.Constant) and bind.value == "query-params":
                found.add(_key_pattern(kw["key"]))
            func = node.func
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "query_params" and node.args):
                found.add(_key_pattern(node.args[0]))
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "query_params"):
            found.add(_key_pattern(node.slice))
    assert None not in found, f"{path.name}: a URL key this test cannot read"
    return found


PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))


def test_the_registry_names_every_page():
    assert {p.stem for p in PAGE_FILES} == set(params.PAGES)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_every_url_key_a_page_reads_is_registered_for_it_and_every_registered_key_is_read(path):
    registered = [name for name in params.page_params(path.stem) if name not in params.SHARED]
    used = url_keys(path)
    for pattern in used:
        assert any(re.fullmatch(pattern, name) for name in registered), \
            f"{path.name} reads the URL key {pattern!r}, which analysis/params.py does not register for it"
    for name in registered:
        assert any(re.fullmatch(pattern, name) for pattern in used), \
            f"analysis/params.py registers {name!r} for {path.name}, which does not read it"


def test_the_check_sees_every_way_a_page_reads_the_url(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('x = st.toggle("A", key="a_flag", bind="query-params")\n'
                    'y = st.query_params.get("a_get")\nz = st.query_params["a_item"]\n'
                    'for n in N:\n    st.number_input("B", key=f"a_{n}", bind="query-params")\n')
    assert url_keys(page) == {"a_flag", "a_get", "a_item", "a_.+"}


# Links under AppTest ------------------------------------------------------------------------------

FILTERED_PAGES = [f"pages/{name}.py" for name in params.FILTERED]


@pytest.fixture
def served(page_app, monkeypatch):
    """page_app, with app.py run on every rerun as the server runs it. Without this, AppTest,
    seeing a pages/ folder, reruns only the page script after the first run, so the menu drawn
    by app.py would not be redrawn after a change."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class AsServed(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False  # as st.navigation sets it in a served app

    monkeypatch.setattr(app_test, "PagesManager", AsServed)
    return page_app


def menu_links(at) -> list[dict[str, list[str]]]:
    links = at.sidebar.get("page_link")
    assert len(links) == len(params.PAGES)
    return [parse_qs(link.proto.query_string) for link in links]


def link_notes(at) -> str:
    assert [w.value for w in at.warning if w.value == NOTE_HEAD], "no note on the link"
    return "\n".join(t.value for t in at.text)


@pytest.mark.parametrize("page", FILTERED_PAGES)
@pytest.mark.parametrize("key, text, shown", [
    ("from", "1999-12-31", dt.date(2000, 1, 1)),
    ("to", "2040-01-01", dt.date(dt.date.today().year + 5, 12, 31)),
])
def test_a_date_out_of_range_in_a_link_is_clamped_with_a_note(served, page, key, text, shown):
    at = served(page)
    at.query_params[key] = text
    at.run()
    assert not at.exception, at.exception
    assert at.date_input(key=key).value == shown
    notes = link_notes(at)
    assert f"{key}={text}: " in notes and f"using {shown.day} {shown:%b %Y}" in notes
    assert all(link[key] == [shown.isoformat()] for link in menu_links(at))
    assert at.query_params[key] == shown.isoformat()  # the address bar now holds the clamped date
    at.date_input(key=key).set_value(dt.date(2023, 6, 1)).run()
    assert not any(w.value == NOTE_HEAD for w in at.warning)  # the reader chose anew: the note is spent


def test_a_bad_value_for_a_page_setting_and_an_unknown_key_are_noted(served):
    at = served("pages/timeline.py")
    at.query_params.update({"tl_rows": "weekday", "colour": "red"})
    at.run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="tl_rows").value == "kind"
    notes = link_notes(at)
    assert "tl_rows=weekday: not one of kind, sector; using the default, kind." in notes
    assert "colour=red: not a setting of this page; ignored." in notes


def test_the_data_desk_carries_a_clamped_view_on(served):
    at = served("pages/data_desk.py")
    at.query_params["from"] = "1999-12-31"
    at.run()
    assert not at.exception, at.exception
    assert all(link["from"] == ["2000-01-01"] for link in menu_links(at))


def test_menu_links_carry_a_filter_the_moment_it_changes(served):
    at = served("pages/volumes.py")
    at.run()
    assert all(link == {} for link in menu_links(at))
    at.segmented_control(key="unit").set_value("barrels").run()
    assert all(link == {"unit": ["barrels"]} for link in menu_links(at))
    at.date_input(key="from").set_value(dt.date(2023, 6, 1)).run()
    assert all(link == {"from": ["2023-06-01"], "unit": ["barrels"]} for link in menu_links(at))
    assert dict(at.query_params) == {"from": "2023-06-01", "unit": "barrels"}  # links = address bar
