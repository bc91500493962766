"""Validation's first look (analysis/validate.py): judged on each column's distinct values, it
must call a table valid exactly when the full, row-by-row pandera validation finds nothing."""
import pandas as pd
import pandera.pandas as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.schema import TABLES
from analysis.validate import _clearly_valid, _pandera_schema, validate_table

TABLE = TABLES["cargo_reports"]
KNOWN = {"orders.order_id": {"O1", "O2"}, "sources.source_id": {"S001", "S038"}, "grades.grade": {"Urals"}}
CELLS = {  # per column: values that pass and values that break a rule (None: an empty cell)
    "report_id": ["CR1", "CR2", "CR3", None],
    "order_id": ["O1", "O2", None, "O9"],
    "source_id": ["S001", "S038", "S999", None],
    "grade": ["Urals", None, "Brent"],
    "load_date": ["2023-04-21", "2023-06", None, "2023-02-30", "sometime in 2023", "0000"],
    "arrival_date": ["2023-06-11", "2023-Q2", None, "2023-13"],
    "quantity": ["45142", "3.137", None, "-5", "45,142", "inf", "1e308"],
    "unit": ["t", "Mt", None, "gallons"],
    "qualifier": ["exact", "about", None, "roughly"],
    "status": ["arrived", "discharged", None, "lost"],
    "evidence": ["port_data", "press", None, "rumour"],
    "link": ["confirmed", "unconfirmed", None, "maybe"],
    "completes_order": [None, "yes", "no"],
    "note": [None, "x" * 10, "y" * 5000],
}


@st.composite
def tables(draw):
    rows = draw(st.integers(min_value=1, max_value=4))
    frame = {}
    for column in TABLE.column_names:
        pool = CELLS.get(column, ["a value", None])
        frame[column] = [draw(st.sampled_from(pool)) for _ in range(rows)]
    return pd.DataFrame(frame, dtype="string")


@settings(max_examples=150, deadline=None)
@given(tables())
def test_the_first_look_agrees_with_the_full_validation(frame):
    try:
        _pandera_schema(TABLE, KNOWN).validate(frame, lazy=True)
        full_finds_nothing = True
    except pa.errors.SchemaErrors:
        full_finds_nothing = False
    assert _clearly_valid(TABLE, frame, KNOWN) == full_finds_nothing


def test_a_table_with_a_problem_still_gets_every_row_named():
    frame = pd.DataFrame({c: ["x"] * 3 for c in TABLE.column_names}, dtype="string").assign(
        report_id=["CR1", "CR2", "CR3"], source_id="S001", order_id=None, grade=None, load_date=None,
        arrival_date=None, quantity=["45142", "-5", "lots"], unit="t", qualifier="exact", status="arrived",
        evidence="press", link="confirmed", link_note=None, completes_order=None)
    problems = validate_table("cargo_reports", frame, KNOWN)
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (3, "quantity", "must be greater than zero"), (4, "quantity", "must be a number")]


def test_a_link_that_is_not_confirmed_needs_its_reason_and_a_completed_order_its_id():
    frame = pd.DataFrame({c: ["x"] * 3 for c in TABLE.column_names}, dtype="string").assign(
        report_id=["CR1", "CR2", "CR3"], source_id="S001", order_id=None, grade=None, load_date=None,
        arrival_date=None, quantity="45142", unit="t", qualifier="exact", status="arrived", evidence="press",
        link=["confirmed", "probable", "unconfirmed"], link_note=[None, None, "Vessel not named."],
        completes_order=["yes", None, None])
    problems = validate_table("cargo_reports", frame, KNOWN)
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (2, "order_id", "is required when completes_order is yes"),
        (3, "link_note", "is required when link is probable or unconfirmed")]


# One valid row of each table the rules below are tried on; a test changes the cells it is about.
VALID = {
    "cargo_reports": dict(report_id="CR1", cargo_id="C1", order_id=None, source_id="S001", vessel="Test Carrier",
                          grade="Urals", load_port=None, load_date="2023-04", transship_port=None, discharge_port=None,
                          arrival_date="2023-06-11", quantity="45142", unit="t", qualifier="exact", buyer=None,
                          status="arrived", evidence="press", link="confirmed", link_note=None, completes_order=None,
                          note=None),
    "sources": dict(source_id="S1", publisher="Dawn", title="Refinery news", url="https://www.dawn.com/news/1",
                    published_on="2023-04-19", kind="news", language="en"),
    "trade_flows": dict(flow_id="TF1", source_id="S001", period_start="2023-01-01", period_end="2023-12-31",
                        basis="calendar", direction="total", commodity="TOTAL", value_usd="1000000",
                        qualifier="exact", note=None),
    "import_context": dict(context_id="IC1", source_id="S001", period_start="2023-07-01", period_end="2024-06-30",
                           basis="fiscal", measure="crude", quantity="5531129000", unit="USD", qualifier="exact",
                           russian_crude_note=None, note=None),
    "targets": dict(target_id="T1", source_id="S001", stated_on="2023-01-20", metric="share_of_crude_imports",
                    kind="target", value_low=None, value="35", unit="percent", qualifier="exact", speaker=None,
                    speaker_role=None, note=None),
    "grades": dict(grade="Urals", api_low="31", api_high="32", source_id="S001"),
    "events": dict(event_id="E1", source_id="S001", occurred_on="2023-04", kind="meeting", title="Talks",
                   sectors="energy;trade", speaker=None, speaker_role=None, note=None),
}
KNOWN_ALL = {**KNOWN, "sectors.sector_id": {"energy", "trade"}}


def found(table: str, column: str, *changes: dict, dtype="string") -> list[tuple]:
    """(row, value, rule) of every problem in `column` of a table of one row per change."""
    rows = [{c: {**VALID[table], **change}.get(c) for c in TABLES[table].column_names} for change in changes]
    problems = validate_table(table, pd.DataFrame(rows, dtype=dtype), KNOWN_ALL)
    return [(p.row, p.value, p.rule) for p in problems if p.column == column]


def test_an_identifier_in_two_scripts_is_refused_naming_the_letter():
    assert found("cargo_reports", "report_id", {"report_id": "\u0421R1"}) == [
        (2, "\u0421R1", "mixes scripts: 'С' (U+0421 CYRILLIC CAPITAL LETTER ES) is a Cyrillic letter among Latin "
                        "ones; retype it in Latin")]
    assert found("cargo_reports", "grade", {"grade": "Ur\u0430ls"})[-1] == (
        2, "Ur\u0430ls", "mixes scripts: 'а' (U+0430 CYRILLIC SMALL LETTER A) is a Cyrillic letter among Latin "
                         "ones; retype it in Latin")


def test_an_identifier_with_an_invisible_or_variant_character_is_refused_with_its_plain_spelling():
    assert found("cargo_reports", "source_id", {"source_id": "S0\u200b01"})[-1] == (
        2, "S0\u200b01", "holds the invisible character U+200B ZERO WIDTH SPACE, so it looks like 'S001' but is "
                         "other text; write it as 'S001'")
    assert found("cargo_reports", "cargo_id", {"cargo_id": "C\uff11"}) == [
        (2, "C\uff11", "holds '１' (U+FF11 FULLWIDTH DIGIT ONE), a variant of '1', so it looks like 'C1' but is "
                       "other text; write it as 'C1'")]
    assert found("cargo_reports", "report_id", {"report_id": " CR1"}) == [
        (2, " CR1", "has spaces or line breaks around it, so it looks like 'CR1' but is other text; write it as 'CR1'")]


def test_each_id_of_a_list_is_judged_and_named():
    assert found("events", "sectors", {"sectors": "energy; trade"}) == [
        (2, "energy; trade", "has spaces or line breaks beside its ids; write it as 'energy;trade'")]
    assert found("events", "sectors", {"sectors": "energy;tr\u0430de"})[-1] == (
        2, "energy;tr\u0430de", "the id 'tr\u0430de' mixes scripts: 'а' (U+0430 CYRILLIC SMALL LETTER A) is a "
                                "Cyrillic letter among Latin ones; retype it in Latin")


def test_text_that_is_not_an_identifier_may_hold_any_script():
    assert found("sources", "title", {"title": "Первая партия российской нефти, Urals"}) == []


def test_keys_that_look_alike_are_refused_naming_the_first():
    assert found("cargo_reports", "report_id", {}, {"report_id": "CR2"}, {"report_id": "cr1"}) == [
        (4, "cr1", "looks the same as 'CR1' in row 2 but is other text (it differs in case, accents or look-alike "
                   "letters); give both one spelling, or different ids")]


def test_a_control_character_in_any_text_is_refused_by_its_code_but_tab_and_line_breaks_are_not():
    assert found("cargo_reports", "vessel", {"vessel": "Test\x00Carrier"}) == [
        (2, "Test\x00Carrier", "holds the control character U+0000, which cannot be stored or exported; delete it")]
    assert found("cargo_reports", "note", {"note": "a\x1bb"}, {"note": "bad\x85"}) == [
        (2, "a\x1bb", "holds the control character U+001B, which cannot be stored or exported; delete it"),
        (3, "bad\x85", "holds the control character U+0085, which cannot be stored or exported; delete it")]
    assert found("cargo_reports", "note", {"note": "line one\nline two\ttabbed\r\n"}) == []
    assert found("cargo_reports", "report_id", {"report_id": "CR\x001"}) == [  # named once, not twice
        (2, "CR\x001", "holds the control character U+0000, which cannot be stored or exported; delete it")]


def test_a_character_no_file_format_can_hold_is_refused():
    assert found("cargo_reports", "note", {"note": "x\uffff"}, {"note": "\ufffe"}) == [
        (2, "x\uffff", "holds U+FFFF, a character no file format can hold; delete it"),
        (3, "\ufffe", "holds U+FFFE, a character no file format can hold; delete it")]
    assert found("cargo_reports", "vessel", {"vessel": "Test \ud800"}, dtype=object) == [
        (2, "Test \\ud800", "holds U+D800, a character no file format can hold; delete it")]


def test_a_year_before_1900_or_after_2100_is_refused():
    rule = "the year must lie between 1900 and 2100"
    assert found("cargo_reports", "load_date", {"load_date": "0000"}, {"load_date": "1899-Q4"},
                 {"load_date": "1900"}, {"load_date": "2100-12-31"}, {"load_date": "2101-01"}) == [
        (2, "0000", rule), (3, "1899-Q4", rule), (6, "2101-01", rule)]
    assert found("trade_flows", "period_start", {"period_start": "0000-01-01", "period_end": "0000-12-31"}) == [
        (2, "0000-01-01", rule)]


def test_a_number_above_its_column_bound_is_refused_stating_the_bound():
    assert found("cargo_reports", "quantity", {"quantity": "1e308"}, {"quantity": "1000000000"}) == [
        (2, "1e308", "must be at most 1,000,000,000")]
    assert found("trade_flows", "value_usd", {"value_usd": "2e13"}) == [
        (2, "2e13", "must be at most 10,000,000,000,000")]
    assert found("grades", "api_high", {"api_high": "101"}) == [(2, "101", "must be at most 100")]


def test_a_figure_is_bounded_by_its_unit_too():
    assert found("import_context", "quantity", {}, {"quantity": "5531129000", "unit": "t"}) == [
        (3, "5531129000", "must be at most 1,000,000,000 when the unit is t")]
    assert found("targets", "value", {"value": "135"}, {"value": "100"}) == [
        (2, "135", "must be at most 100 when the unit is percent")]
    assert found("targets", "value_low", {"value_low": "120", "value": "135"})[0] == (
        2, "120", "must be at most 100 when the unit is percent")


def test_a_number_that_is_not_finite_is_refused():
    assert found("cargo_reports", "quantity", {"quantity": "inf"}, {"quantity": "nan"}, {"quantity": "1e400"},
                 {"quantity": "-inf"}) == [
        (2, "inf", "must be a number"), (3, "nan", "must be a number"), (4, "1e400", "must be a number"),
        (5, "-inf", "must be a number")]


def test_a_period_that_ends_before_it_starts_is_refused_naming_both_dates():
    assert found("trade_flows", "period_end", {"period_start": "2023-12-31", "period_end": "2023-01-01"},
                 {"period_start": "2023-12-31", "period_end": "2023-12-31"}) == [
        (2, "2023-01-01", "the period ends before it starts (period_start 2023-12-31)")]
    assert found("import_context", "period_end", {"period_end": "2023-06-30"}) == [
        (2, "2023-06-30", "the period ends before it starts (period_start 2023-07-01)")]


def test_a_web_address_with_a_user_name_or_no_host_is_refused():
    rule = "must name the site right after http(s)://, with no user name or password before an @"
    bad = ["https://intranet@evil.example/", "https://user:pw@host.example/", "https:///path", "http://[::1"]
    good = ["https://medium.com/@desk/crude-1", "http://localhost:8501/data?x=a@b", "https://[2001:db8::1]/x"]
    assert found("sources", "url", *[{"url": u} for u in bad + good]) == [(i + 2, u, rule) for i, u in enumerate(bad)]
    assert found("sources", "url", {"url": "www.dawn.com"}) == [
        (2, "www.dawn.com", "must be a web address starting http:// or https://")]  # one message, not two
