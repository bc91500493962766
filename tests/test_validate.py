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
    "load_date": ["2023-04-21", "2023-06", None, "2023-02-30", "sometime in 2023"],
    "arrival_date": ["2023-06-11", "2023-Q2", None, "2023-13"],
    "quantity": ["45142", "3.137", None, "-5", "45,142", "inf"],
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
