"""Validation of every table against `analysis.schema`, reporting all problems at once.

Tables arrive as text, exactly as read from a file or a form (empty cells as <NA>). Each
problem names the file, the row (counting the header as row 1, as a spreadsheet does), the
column, the offending value and the rule it breaks.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from analysis.dates import is_valid_partial_date
from analysis.schema import LOAD_ORDER, TABLES, Column, Table
from analysis.text_columns import is_in, numbers

HEADER_ROWS = 1


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: object
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f": value {str(self.value)[:80]!r}"
        return f"{where}{value}: {self.rule}"


class ValidationError(ValueError):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def _is_number(s: pd.Series) -> pd.Series:
    return numbers(s).notna() | s.isna()


def _is_in(s: pd.Series, values) -> pd.Series:
    return pd.Series(is_in(s, values), index=s.index) | s.isna()


def _rules(column: Column, known: dict[str, set[str]]) -> list[tuple[Callable[[pd.Series], pd.Series], str]]:
    """The rules a column's text values must meet: for each, a function giving True where a
    value meets it (a missing value always does) and the words that name it."""
    rules = [(lambda s, n=column.max_length: s.str.len().le(n) | s.isna(),
              f"longer than {column.max_length} characters")]
    if column.kind == "number":
        rules.append((_is_number, "must be a number"))
        if column.positive:
            rules.append((lambda s: numbers(s).pipe(lambda n: n.gt(0) | n.isna()), "must be greater than zero"))
    elif column.kind == "partial_date":
        rules.append((lambda s: is_valid_partial_date(s) | s.isna(),
                      "must be a real date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"))
    elif column.kind == "date":
        rules.append((lambda s: pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna() | s.isna(),
                      "must be a real date written YYYY-MM-DD"))
    elif column.kind == "url":
        rules.append((lambda s: s.str.match(r"^https?://\S+$") | s.isna(),
                      "must be a web address starting http:// or https://"))
    if column.allowed:
        rules.append((lambda s, a=column.allowed: _is_in(s, a), f"must be one of: {', '.join(column.allowed)}"))
    if column.references:
        target = set(known.get(column.references, set()))
        if column.kind == "list":
            rules.append((lambda s, t=target: s.isna() | s.str.split(";").map(
                lambda ids: all(i.strip() in t for i in ids), na_action="ignore").astype(bool),
                f"every id must exist in {column.references}"))
        else:
            rules.append((lambda s, t=target: _is_in(s, t), f"must exist in {column.references}"))
    return rules


def _checks(column: Column, known: dict[str, set[str]]) -> list[pa.Check]:
    return [pa.Check(rule, error=words) for rule, words in _rules(column, known)]


def _clearly_valid(table: Table, frame: pd.DataFrame, known: dict[str, set[str]]) -> bool:
    """Whether every column of a text frame meets its rules, judged on each column's distinct
    values: a first look that costs a fraction of a full validation on a large table. It says
    True only when nothing can be wrong; anything else goes to the full validation, which
    names every row at fault."""
    for column in table.columns:
        values = frame[column.name]
        if column.required and values.isna().any():
            return False
        if column.name == table.key and values.duplicated().any():
            return False
        distinct = pd.Series(values.unique(), dtype="string").dropna()
        if not all(rule(distinct).all() for rule, _ in _rules(column, known)):
            return False
    return True


def _pandera_schema(table: Table, known: dict[str, set[str]]) -> pa.DataFrameSchema:
    columns = {
        c.name: pa.Column(
            "string", nullable=not c.required, unique=(c.name == table.key),
            checks=_checks(c, known), required=False,
        )
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, coerce=True)


_RULE_NAMES = {
    "not_nullable": "is required",
    "field_uniqueness": "duplicates another row's key",
}


def _problems_from(failures: pd.DataFrame, file: str, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for rec in failures.itertuples(index=False):
        index = rec.index
        row = None if index is None or pd.isna(index) else int(frame.index.get_loc(index)) + HEADER_ROWS + 1
        value = None if pd.isna(rec.failure_case) else rec.failure_case
        problems.append(Problem(file, row, rec.column, value, _RULE_NAMES.get(rec.check, rec.check)))
    return problems


def validate_table(name: str, frame: pd.DataFrame, known: dict[str, set[str]] | None = None,
                   file: str | None = None) -> list[Problem]:
    """Every problem in one table. `known` maps "table.column" to the ids other tables hold."""
    table = TABLES[name]
    file = file or f"{name}.csv"
    known = known or {}
    problems: list[Problem] = []
    got, want = list(frame.columns), table.column_names
    for missing in [c for c in want if c not in got]:
        problems.append(Problem(file, HEADER_ROWS, missing, None, "column is missing from the header"))
    for extra in [c for c in got if c not in want]:
        problems.append(Problem(file, HEADER_ROWS, extra, None, f"unknown column; expected {', '.join(want)}"))
    if problems:
        return problems
    if frame.empty:
        return problems
    frame = frame.reset_index(drop=True)
    text = frame.astype("string")
    if not _clearly_valid(table, text, known):
        try:
            _pandera_schema(table, known).validate(text, lazy=True)
        except pa.errors.SchemaErrors as err:
            problems.extend(_problems_from(err.failure_cases, file, frame))
    problems.extend(_paired_unit_problems(table, frame, file))
    problems.extend(_conditional_problems(table, frame, file))
    problems.extend(_range_problems(table, frame, file))
    return sorted(problems, key=lambda p: (p.row or 0, table.column_names.index(p.column)
                                           if p.column in table.column_names else -1))


def _paired_unit_problems(table: Table, frame: pd.DataFrame, file: str) -> list[Problem]:
    """A quantity needs its unit and a unit needs its quantity."""
    if not {"quantity", "unit"} <= set(table.column_names):
        return []
    q, u = frame["quantity"].isna(), frame["unit"].isna()
    problems = [Problem(file, i + HEADER_ROWS + 1, "unit", None, "a quantity needs a unit")
                for i in frame.index[~q & u]]
    problems += [Problem(file, i + HEADER_ROWS + 1, "quantity", None, "a unit needs a quantity")
                 for i in frame.index[q & ~u]]
    return problems


def _range_problems(table: Table, frame: pd.DataFrame, file: str) -> list[Problem]:
    """The low end of a range (value_low) cannot lie above its value."""
    if not {"value_low", "value"} <= set(table.column_names):
        return []
    above = numbers(frame["value_low"]) > numbers(frame["value"])
    return [Problem(file, i + HEADER_ROWS + 1, "value_low", frame.at[i, "value_low"],
                    "the low end of a range cannot be above its value") for i in frame.index[above.fillna(False)]]


def _conditional_problems(table: Table, frame: pd.DataFrame, file: str) -> list[Problem]:
    """A column required only where another holds certain values (a link_note where the link
    is probable or unconfirmed) must then be given."""
    problems = []
    for column in table.columns:
        if column.required_when is None:
            continue
        other, values = column.required_when
        missing = frame[column.name].isna() & pd.Series(is_in(frame[other], values), index=frame.index)
        rule = f"is required when {other} is {' or '.join(values)}"
        problems += [Problem(file, i + HEADER_ROWS + 1, column.name, None, rule) for i in frame.index[missing]]
    return problems


def known_ids(frames: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """The ids each referenced "table.column" holds in these frames."""
    refs = {c.references for t in TABLES.values() for c in t.columns if c.references}
    out = {}
    for ref in refs:
        table, column = ref.split(".")
        frame = frames.get(table)
        out[ref] = set(frame[column].dropna()) if frame is not None and column in frame else set()
    return out


def validate_dataset(frames: dict[str, pd.DataFrame], files: dict[str, str] | None = None) -> list[Problem]:
    """Every problem in a whole dataset, cross-table references included."""
    files = files or {}
    known = known_ids(frames)
    problems = []
    for name in LOAD_ORDER:
        if name in frames:
            problems += validate_table(name, frames[name], known, files.get(name))
    return problems


def check_dataset(frames: dict[str, pd.DataFrame], files: dict[str, str] | None = None) -> None:
    """Raise ValidationError listing every problem, or return quietly."""
    problems = validate_dataset(frames, files)
    if problems:
        raise ValidationError(problems)
