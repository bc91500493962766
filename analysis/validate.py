"""Validation of every table against `analysis.schema`, reporting all problems at once.

Tables arrive as text, exactly as read from a file or a form (empty cells as <NA>). Each
problem names the file, the row (counting the header as row 1, as a spreadsheet does), the
column, the offending value and the rule it breaks.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from analysis import identifiers
from analysis.dates import YEARS, is_in_years, is_valid_partial_date
from analysis.schema import LOAD_ORDER, TABLES, UNIT_MAXIMA, Column, Table
from analysis.text_columns import is_in, numbers, positions

HEADER_ROWS = 1
_WEB_ADDRESS = r"^https?://\S+$"
# Characters no table may hold: control characters other than tab, line feed and carriage return
# (PostgreSQL refuses NUL; none survives an export), and U+FFFE and U+FFFF, which XML (so an .xlsx
# workbook) cannot hold. Written as RE2 and Python `re` both read it.
_UNSTORABLE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "\ufffe\uffff" + "]"


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


def _has_plain_host(s: pd.Series) -> pd.Series:
    """True where a web address names a host and no user name or password before it
    (`https://intranet@evil.example/` leads to evil.example); each distinct address read once."""
    def plain(url: str) -> bool:
        try:
            parts = urlsplit(url)
            return bool(parts.hostname) and "@" not in parts.netloc
        except ValueError:  # an unclosed [ in the host, a port that is no number
            return False
    codes, distinct = pd.factorize(s)
    verdicts = np.array([plain(u) for u in distinct] + [True], dtype=bool)  # code -1, a missing value: True
    return pd.Series(verdicts[codes], index=s.index) | ~s.str.match(_WEB_ADDRESS).fillna(False)


def _rules(column: Column, known: dict[str, set[str]]) -> list[tuple[Callable[[pd.Series], pd.Series], str]]:
    """The rules a column's text values must meet: for each, a function giving True where a
    value meets it (a missing value always does) and the words that name it."""
    rules = [(lambda s, n=column.max_length: s.str.len().le(n) | s.isna(),
              f"longer than {column.max_length} characters")]
    if column.kind == "number":
        rules.append((_is_number, "must be a number"))
        if column.positive:
            rules.append((lambda s: numbers(s).pipe(lambda n: n.gt(0) | n.isna()), "must be greater than zero"))
        if column.maximum is not None:
            rules.append((lambda s, m=column.maximum: numbers(s).pipe(lambda n: n.le(m) | n.isna()),
                          f"must be at most {column.maximum:,.0f}"))
    elif column.kind == "partial_date":
        rules.append((lambda s: is_valid_partial_date(s) | s.isna(),
                      "must be a real date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"))
    elif column.kind == "date":
        rules.append((lambda s: pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna() | s.isna(),
                      "must be a real date written YYYY-MM-DD"))
    elif column.kind == "url":
        rules.append((lambda s: s.str.match(_WEB_ADDRESS) | s.isna(),
                      "must be a web address starting http:// or https://"))
        rules.append((lambda s: _has_plain_host(s) | s.isna(),
                      "must name the site right after http(s)://, with no user name or password "
                      "before an @"))
    if column.kind in ("partial_date", "date"):
        rules.append((lambda s: is_in_years(s) | s.isna(), f"the year must lie between {YEARS[0]} and {YEARS[1]}"))
    if column.pattern:
        rules.append((lambda s, p=column.pattern[0]: s.str.fullmatch(p) | s.isna(), column.pattern[1]))
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
                   file: str | None = None, columns: Collection[str] | None = None) -> list[Problem]:
    """Every problem in one table. `known` maps "table.column" to the ids other tables hold.

    With `columns`, each column's own rules are checked on those columns only (a correction of
    stored rows, whose other values were checked when they were written); the rules that tie
    columns together (a quantity and its unit, a period's ends) still see the whole row.
    """
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
    try:
        text = frame.astype("string")
    except UnicodeEncodeError:  # a lone surrogate: no text column can hold it, so nothing else is judged
        return _surrogate_problems(frame, file)
    own = table if columns is None else replace(table, columns=tuple(c for c in table.columns if c.name in columns))
    if not _clearly_valid(own, text, known):
        try:
            _pandera_schema(own, known).validate(text[own.column_names], lazy=True)
        except pa.errors.SchemaErrors as err:
            problems.extend(_problems_from(err.failure_cases, file, frame))
    def touched(*names: str) -> bool:
        return columns is None or any(name in columns for name in names)

    if touched("quantity", "unit"):
        problems.extend(_paired_unit_problems(table, frame, file))
    if touched(*{n for c in table.columns if c.required_when for n in (c.name, c.required_when[0])}):
        problems.extend(_conditional_problems(table, frame, file))
    if touched("value_low", "value"):
        problems.extend(_range_problems(table, frame, file))
    if touched("unit", *[c.name for c in table.columns if c.kind == "number"]):
        problems.extend(_unit_maximum_problems(table, text, file))
    if touched("period_start", "period_end"):
        problems.extend(_period_problems(table, text, file))
    problems.extend(_character_problems(own, text, file))
    spelling = _identifier_problems(own, text, file)
    problems.extend(spelling)
    if table.key in own.column_names:
        problems.extend(_lookalike_key_problems(table, text, file, {p.row for p in spelling if p.column == table.key}))
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


def _unit_maximum_problems(table: Table, text: pd.DataFrame, file: str) -> list[Problem]:
    """A figure beside a unit column stays within that unit's bound (UNIT_MAXIMA: a percentage at
    most 100), where the bound is tighter than its column's own."""
    if "unit" not in table.column_names:
        return []
    bounds = np.r_[list(UNIT_MAXIMA.values()), np.inf]  # the last for a unit with no bound of its own
    limit = pd.Series(bounds[positions(text["unit"], pd.Series(list(UNIT_MAXIMA)))], index=text.index)
    problems = []
    for column in table.columns:
        tighter = limit < (column.maximum if column.maximum is not None else np.inf)
        if column.kind != "number" or not tighter.any():
            continue
        over = (numbers(text[column.name]) > limit) & tighter
        problems += [Problem(file, i + HEADER_ROWS + 1, column.name, text.at[i, column.name],
                             f"must be at most {limit[i]:,.0f} when the unit is {text.at[i, 'unit']}")
                     for i in text.index[over]]
    return problems


def _period_problems(table: Table, text: pd.DataFrame, file: str) -> list[Problem]:
    """A period (period_start to period_end) cannot end before it starts."""
    if not {"period_start", "period_end"} <= set(table.column_names):
        return []
    start, end = (pd.to_datetime(text[c], format="%Y-%m-%d", errors="coerce") for c in ("period_start", "period_end"))
    return [Problem(file, i + HEADER_ROWS + 1, "period_end", text.at[i, "period_end"],
                    f"the period ends before it starts (period_start {text.at[i, 'period_start']})")
            for i in text.index[end < start]]


def _unstorable(char: str) -> str:
    """Why a character matching _UNSTORABLE (or a lone surrogate) is refused."""
    if char in "\ufffe\uffff" or "\ud800" <= char <= "\udfff":
        return f"holds U+{ord(char):04X}, a character no file format can hold; delete it"
    return f"holds the control character U+{ord(char):04X}, which cannot be stored or exported; delete it"


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
# _UNSTORABLE as UTF-8 bytes: C0 controls but tab and line breaks, DEL, U+0080-U+009F, U+FFFE/U+FFFF.
_UNSTORABLE_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")


def _may_hold_unstorable(values: pd.Series) -> bool:
    """Whether a text column may hold a character of _UNSTORABLE (False: certainly none), judged
    on its UTF-8 bytes at once: printable ASCII dropped, what is left, little in most tables, is
    searched (a regular expression cell by cell over a million cells takes seconds)."""
    text = pyarrow.array(values.astype("string"))
    text = text.combine_chunks() if isinstance(text, pyarrow.ChunkedArray) else text
    if text.buffers()[2] is None:
        return False
    offsets = np.frombuffer(text.buffers()[1], np.int64 if pyarrow.types.is_large_string(text.type) else np.int32)
    data = text.buffers()[2].to_pybytes()[offsets[text.offset]:offsets[text.offset + len(text)]]
    return _UNSTORABLE_BYTES.search(data.translate(None, _PRINTABLE_ASCII)) is not None


def _character_problems(table: Table, text: pd.DataFrame, file: str) -> list[Problem]:
    """Cells holding a character no table may hold (see _UNSTORABLE), naming it by its code."""
    problems = []
    for column in table.column_names:
        values = text[column]
        if not _may_hold_unstorable(values):
            continue
        for i in text.index[values.str.contains(_UNSTORABLE).fillna(False)]:
            char = re.search(_UNSTORABLE, values[i]).group()
            problems.append(Problem(file, i + HEADER_ROWS + 1, column, values[i], _unstorable(char)))
    return problems


def _surrogate_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Cells holding half of a character (a lone surrogate, as a broken paste can leave)."""
    problems = []
    for column in frame.columns:
        for i, value in frame[column].items():
            found = re.search("[\ud800-\udfff]", value) if isinstance(value, str) else None
            if found:
                shown = value.encode("utf-8", "backslashreplace").decode("utf-8")
                problems.append(Problem(file, i + HEADER_ROWS + 1, column, shown, _unstorable(found.group())))
    return problems


def _identifier_reason(text: str) -> str | None:
    return identifiers.problem(text) or identifiers.changed_by_normalising(text)


def _identifier_problems(table: Table, text: pd.DataFrame, file: str) -> list[Problem]:
    """Identifiers (see `identifiers.identifier_columns`) written plainly and in one script, so
    that an identifier accepted here is stored exactly as written (`identifiers.normalise_frame`
    leaves it as it is). Only values with a character beyond ASCII, or with blank space around
    them or their ids, need a closer look."""
    problems = []
    for name in [n for n in identifiers.identifier_columns(table.name) if n in table.column_names]:
        values = text[name]
        listed = table.column(name).kind == "list"
        suspect = ~values.str.isascii().fillna(True) | values.str.strip().ne(values).fillna(False)
        if listed:
            suspect |= values.str.contains(r"\s;|;\s").fillna(False)
        for i in text.index[suspect]:
            if re.search(_UNSTORABLE, values[i]):  # named by _character_problems
                continue
            if listed:
                ids = [v.strip() for v in values[i].split(identifiers.LIST_SEPARATOR)]
                reason = next((f"the id '{v}' {r}" for v in ids if (r := _identifier_reason(v))), None)
                plain = identifiers.normalise_list(values[i])
                if reason is None and plain != values[i]:
                    reason = f"has spaces or line breaks beside its ids; write it as '{plain}'"
            else:
                reason = _identifier_reason(values[i])
            if reason:
                problems.append(Problem(file, i + HEADER_ROWS + 1, name, values[i], reason))
    return problems


_LOOKS_THE_SAME = "but is other text (it differs in case, accents or look-alike letters)"


def _lookalike_key_problems(table: Table, text: pd.DataFrame, file: str, named: set[int]) -> list[Problem]:
    """Keys that look like an earlier row's key but are other text ('cr001' below 'CR001'),
    except in the rows `named` already for the key's spelling."""
    keys = text[table.key]
    shapes = identifiers.skeletons(keys)
    first: dict[str, int] = {}
    problems = []
    for i in text.index[shapes.duplicated(keep=False).fillna(False) & shapes.notna()]:
        seen = first.setdefault(shapes[i], i)
        if keys[seen] != keys[i] and i + HEADER_ROWS + 1 not in named:
            problems.append(Problem(file, i + HEADER_ROWS + 1, table.key, keys[i],
                                    f"looks the same as '{keys[seen]}' in row {seen + HEADER_ROWS + 1} "
                                    f"{_LOOKS_THE_SAME}; give both one spelling, or different ids"))
    return problems


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
