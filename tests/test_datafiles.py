"""Reading table files: text as written, <NA> for empty cells, plain-words errors naming the file."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.datafiles import _careful_frame, _fast_frame, read_data_dir, read_table_csv, text_frame, typed
from analysis.schema import LOAD_ORDER, TABLES
from analysis.validate import ValidationError

MINI = Path(__file__).parent / "fixtures" / "mini"
SECTORS = "sector_id,name,group\nenergy,Energy,economy\nrail,  ,\n"


@pytest.mark.parametrize("make", [
    lambda text, path: text.encode(),
    lambda text, path: "\ufeff".encode() + text.encode(),  # UTF-8 with a byte-order mark
    lambda text, path: io.BytesIO(text.encode()),
    lambda text, path: io.StringIO(text),
    lambda text, path: (path.write_text(text, encoding="utf-8"), path)[1],
    lambda text, path: (path.write_text(text, encoding="utf-8"), str(path))[1],
], ids=["bytes", "bytes-bom", "binary-file", "text-file", "path", "str-path"])
def test_reads_text_with_empty_and_blank_cells_as_na(make, tmp_path):
    frame = read_table_csv(make(SECTORS, tmp_path / "sectors.csv"), "sectors")
    assert list(frame.columns) == ["sector_id", "name", "group"]
    assert all(str(dtype) == "string" for dtype in frame.dtypes)
    assert frame.loc[0].tolist() == ["energy", "Energy", "economy"]
    assert frame.loc[1, "sector_id"] == "rail"
    assert pd.isna(frame.loc[1, "name"]) and pd.isna(frame.loc[1, "group"])


def test_keeps_values_exactly_as_written():
    text = 'report_id,note,quantity\nR1,"45,142 t; ""about"", then\nrevised",045142.50\n'
    frame = read_table_csv(text.encode(), "orders")
    assert frame.loc[0, "note"] == '45,142 t; "about", then\nrevised'
    assert frame.loc[0, "quantity"] == "045142.50"


def test_header_only_gives_an_empty_frame_and_trailing_blank_lines_are_ignored():
    assert list(read_table_csv(b"sector_id,name,group\n", "sectors").columns) == ["sector_id", "name", "group"]
    assert len(read_table_csv(b"sector_id,name,group\r\nenergy,Energy,economy\r\n\r\n\r\n", "sectors")) == 1


def test_a_blank_line_inside_the_file_stays_a_row_so_row_numbers_match_the_file():
    frame = read_table_csv(b"sector_id,name,group\n\nenergy,Energy,economy\n", "sectors")
    assert len(frame) == 2 and frame.loc[0].isna().all()


BROKEN = [
    ("Karachi é".encode("latin-1"), None, "not UTF-8"),
    (b"", None, "is empty"),
    (b"  \n\n", None, "is empty"),
    (b"\nsector_id,name,group\n", 1, "first row is empty"),
    (b'sector_id,name,group\nenergy,"Energy,economy\nrail,Rail,infra\n', 2, "never closed"),
    (b'sector_id,name,group\nenergy,"Energy"x,economy\n', 2, "follows a closing quote"),
    (b"sector_id,name,group\nenergy,Energy,economy\nrail,Rail\n", 3, "has 2 fields but the header has 3"),
    (b"sector_id,name,name\nenergy,Energy,economy\n", 1, "more than once"),
    (b"sector_id,name,group\nen\x00ergy,Energy,economy\n", None, "NUL byte (on line 2)"),
    ("sector_id,name\n".encode("utf-16-le"), None, "NUL byte (on line 1)"),
]


@pytest.mark.parametrize("raw, row, words", BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_files_raise_one_plain_problem_naming_the_file(raw, row, words):
    with pytest.raises(ValidationError) as err:
        read_table_csv(raw, "sectors", file_label="upload/sectors.csv")
    [problem] = err.value.problems
    assert problem.file == "upload/sectors.csv" and problem.row == row and words in problem.rule
    assert str(err.value).startswith("1 problem(s):\n- upload/sectors.csv")


def test_every_short_or_long_row_is_reported():
    with pytest.raises(ValidationError) as err:
        read_table_csv(b"a,b\n1\n1,2\n1,2,3\n", "sectors")
    assert [(p.row, p.rule) for p in err.value.problems] == [
        (2, "has 1 field but the header has 2"), (4, "has 3 fields but the header has 2")]


def test_file_is_named_by_label_then_path_then_table(tmp_path):
    path = tmp_path / "my sectors.csv"
    path.write_bytes(b"")
    for source, label, expected in ((path, None, "my sectors.csv"), (path, "x.csv", "x.csv"),
                                    (b"", None, "sectors.csv")):
        with pytest.raises(ValidationError) as err:
            read_table_csv(source, "sectors", file_label=label)
        assert err.value.problems[0].file == expected


def test_read_data_dir_reads_the_tables_present_in_load_order(tmp_path):
    frames = read_data_dir(MINI)
    assert list(frames) == [n for n in LOAD_ORDER if (MINI / f"{n}.csv").exists()]
    assert "trade_flows" not in frames and len(frames["cargo_reports"]) == 2
    (tmp_path / "notes.csv").write_text("ignored\n")
    assert read_data_dir(tmp_path) == {}


def test_read_data_dir_reports_the_problems_of_every_file(tmp_path):
    (tmp_path / "sources.csv").write_bytes(b"")
    (tmp_path / "sectors.csv").write_bytes(b"sector_id,name,group\nenergy,Energy\n")
    with pytest.raises(ValidationError) as err:
        read_data_dir(tmp_path)
    assert [(p.file, p.row) for p in err.value.problems] == [
        (f"{tmp_path.name}/sources.csv", None), (f"{tmp_path.name}/sectors.csv", 2)]


def test_typed_makes_number_columns_float_and_keeps_the_rest_as_text():
    frame = read_data_dir(MINI)["cargo_reports"].assign(version=pd.array([1, 2], dtype="Int64"))
    out = typed("cargo_reports", frame)
    for column in TABLES["cargo_reports"].columns:
        assert str(out[column.name].dtype) == ("float64" if column.kind == "number" else "string")
    assert out["quantity"].tolist() == [45142.0, 45000.0]
    assert str(out["version"].dtype) == "Int64"
    assert str(frame["quantity"].dtype) == "string"  # the input is left alone


def test_text_frame_turns_blank_cells_into_na():
    out = text_frame(pd.DataFrame({"a": ["x", " ", "", None], "b": [1.5, None, 2, 3]}))
    assert out["a"].isna().tolist() == [False, True, True, True]
    assert out["b"].tolist()[0] == "1.5" and pd.isna(out["b"].tolist()[1])


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=5))
def test_anything_written_as_csv_reads_back_the_same(records):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["sector_id", "name", "group"], *records])
    frame = read_table_csv(buffer.getvalue().encode(), "sectors")
    expected = [[None if not cell.strip() else cell for cell in record] for record in records]
    while expected and all(cell is None for cell in expected[-1]):
        expected.pop()  # trailing blank rows are dropped
    got = [[None if pd.isna(v) else v for v in row] for row in frame.astype(object).values.tolist()]
    assert got == expected


# The fast reader (pyarrow) must either hand the file to the careful one (csv module) or read
# exactly what the careful one reads; files are drawn from the characters CSV quoting turns on.
csv_bytes = st.text(alphabet=st.sampled_from(['a', 'é', ' ', '\t', ',', '"', '\n', '\r', '\u3000', '1']),
                    max_size=40).map(lambda body: ("a,b,c\n" + body).encode())


@settings(max_examples=400, deadline=None)
@given(csv_bytes)
def test_the_fast_reader_reads_what_the_careful_one_reads_or_passes_the_file_on(raw):
    fast = _fast_frame(raw)
    if fast is None:
        return
    careful = _careful_frame(raw, "sectors", "sectors.csv")  # must not raise: the fast reader took it
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), careful.reset_index(drop=True))


@pytest.mark.parametrize("raw", [
    b'a,b\n"x"y,2\n',  # text after a closing quote: the csv module refuses it
    b'a,b\n",""x"y",2\n',  # the same, after a quoted comma and an escaped quote
    b'a,b\n1,"2',  # a quote still open at the end
    b'a,b\nx\x00,2\n',
    b'"a",b\n1,2\n',  # a quoted header
    b'a,a\n1,2\n',
    b'a,b\n\xff,2\n',
    b'a,b\n1\n',
    b'a,b\n' + b'y' * 200_000 + b',2\n',  # longer than the csv module's cell limit
    "a,b\n1,2\n",  # already text
])
def test_files_the_fast_reader_passes_to_the_careful_one(raw):
    assert _fast_frame(raw) is None


def test_the_fast_reader_reads_a_well_formed_file():
    raw = b'\xef\xbb\xbfa,b\r\n"x,""y""",\r\n\r\n \t,2\r\n,\r\n'
    got = _fast_frame(raw)
    assert got is not None and len(got) == 3  # the trailing blank row goes; the one inside stays
    assert got.loc[0, "a"] == 'x,"y"' and got.loc[2, "b"] == "2"
    assert got.loc[1].isna().all() and pd.isna(got.loc[2, "a"])
