"""Identifiers (analysis/identifiers.py): one plain spelling, refusal of what cannot be an id, and
the skeleton that look-alike ids share."""
import time
import unicodedata

import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.datafiles import text_frame
from analysis.identifiers import (
    changed_by_normalising, identifier_columns, normalise, normalise_frame, problem, skeleton,
    skeletons,
)
from analysis.schema import TABLES
from analysis.validate import validate_table

CYRILLIC_ES = "\u0421"  # С, drawn as Latin C
ZERO_WIDTH_SPACE = "\u200b"
FULL_WIDTH_001 = "\uff10\uff10\uff11"  # ００１
E_ACUTE_DECOMPOSED = "e\u0301"  # e and a combining acute accent


def test_normalise_removes_invisible_characters_and_gives_ascii_digits_and_composed_accents():
    assert normalise(f"CR0{ZERO_WIDTH_SPACE}01") == "CR001"
    assert normalise(f"CR{FULL_WIDTH_001}") == "CR001"
    assert normalise(f"Caf{E_ACUTE_DECOMPOSED}") == "Caf\u00e9"
    assert normalise("\ufeff S001\u00ad \u200e") == "S001"  # byte-order mark, soft hyphen, direction mark
    assert normalise("CR001") == "CR001"
    assert normalise(f"{CYRILLIC_ES}R001") == f"{CYRILLIC_ES}R001"  # a letter of another script is no variant


def test_problem_names_a_letter_of_another_script_with_its_code_and_script():
    assert problem(f"{CYRILLIC_ES}R001") == (
        "mixes scripts: 'С' (U+0421 CYRILLIC CAPITAL LETTER ES) is a Cyrillic letter among Latin ones; "
        "retype it in Latin")
    assert problem("S\u03bf01 Urals") == (  # Greek omicron
        "mixes scripts: 'ο' (U+03BF GREEK SMALL LETTER OMICRON) is a Greek letter among Latin ones; "
        "retype it in Latin")
    # most letters Cyrillic: the Latin one is the odd one out
    assert problem("\u0423\u0440\u0430\u043bs").startswith("mixes scripts: 's' (U+0073 LATIN SMALL LETTER S)")


def test_problem_names_a_control_character_by_its_code():
    assert problem("CR\x0001") == "contains the control character U+0000; delete it"
    assert problem("CR\t001") == "contains the control character U+0009; delete it"
    assert problem("CR\uffff") == "contains U+FFFF, a character no file format can hold; delete it"


def test_problem_accepts_one_script_with_digits_spaces_and_punctuation():
    for text in ("CR001", "Arab Light", "O-12/3", "energy", "\u0423\u0440\u0430\u043b\u044b 2",
                 f"CR0{ZERO_WIDTH_SPACE}01", f"Caf{E_ACUTE_DECOMPOSED}", "2023"):
        assert problem(text) is None, text


def test_what_normalising_changes_is_said_in_words():
    assert changed_by_normalising("CR001") is None
    assert changed_by_normalising(f"CR0{ZERO_WIDTH_SPACE}01") == (
        "holds the invisible character U+200B ZERO WIDTH SPACE, so it looks like 'CR001' but is other text; "
        "write it as 'CR001'")
    assert changed_by_normalising(f"CR{FULL_WIDTH_001}").startswith(
        "holds '０' (U+FF10 FULLWIDTH DIGIT ZERO), a variant of '0', so it looks like 'CR001'")
    assert changed_by_normalising(f"Caf{E_ACUTE_DECOMPOSED}").startswith(
        "holds the separate accent U+0301 COMBINING ACUTE ACCENT, so it looks like 'Café'")
    assert changed_by_normalising(" CR001").startswith("has spaces or line breaks around it")


def test_look_alikes_share_a_skeleton_and_different_ids_do_not():
    same = ["CR001", "cr001", f"{CYRILLIC_ES}R001", f"CR{FULL_WIDTH_001}", f"CR0{ZERO_WIDTH_SPACE}01",
            " Cr001 ", "\u0441R001"]  # the last with a small Cyrillic с
    assert {skeleton(text) for text in same} == {"cr001"}
    assert skeleton(f"Caf{E_ACUTE_DECOMPOSED}") == skeleton("CAFE") == "cafe"
    assert skeleton("\u039f\u03a1\u0395\u03a7") == "opex"  # Greek capitals Ο Ρ Ε Χ
    assert len({skeleton(text) for text in ("CR001", "CR002", "CR0001", "C R001")}) == 4


def test_skeletons_of_a_column_agree_with_skeleton_value_by_value():
    values = pd.Series(["CR001", " cr002", f"{CYRILLIC_ES}R003", None, f"CR{FULL_WIDTH_001}"], dtype="string")
    assert skeletons(values).tolist() == ["cr001", "cr002", "cr003", pd.NA, "cr001"]


def test_identifier_columns_are_keys_references_and_ids():
    assert identifier_columns("cargo_reports") == ["report_id", "cargo_id", "order_id", "source_id", "grade"]
    assert identifier_columns("events") == ["event_id", "source_id", "sectors"]
    assert identifier_columns("grades") == ["grade", "source_id"]


def test_normalise_frame_normalises_identifier_columns_only_and_each_id_of_a_list():
    frame = pd.DataFrame({
        "event_id": ["E1", f"E{FULL_WIDTH_001}", " E3 "],
        "source_id": ["S001", f"S0{ZERO_WIDTH_SPACE}02", ZERO_WIDTH_SPACE],
        "occurred_on": ["2023", None, "2024"],
        "kind": ["meeting"] * 3,
        "title": [f"CR{FULL_WIDTH_001} ", " x", None],  # not an identifier: left as written
        "sectors": ["energy; trade", f"energ{E_ACUTE_DECOMPOSED} ;\uff54rade", "energy"],
        "speaker": [None] * 3, "speaker_role": [None] * 3, "note": [None] * 3,
    }, dtype="string")
    out = normalise_frame("events", frame)
    assert out["event_id"].tolist() == ["E1", "E001", "E3"]
    assert out["source_id"].tolist() == ["S001", "S002", pd.NA]  # nothing left: empty
    assert out["sectors"].tolist() == ["energy;trade", "energ\u00e9;trade", "energy"]
    pd.testing.assert_series_equal(out["title"], frame["title"])
    assert frame["event_id"].tolist()[1] == f"E{FULL_WIDTH_001}"  # a copy: the input is unchanged


def test_normalise_frame_of_a_10000_row_import_takes_little_time():
    n = 10_000
    frame = pd.DataFrame({
        "report_id": [f"CR{i:05d}" for i in range(n)],
        "cargo_id": [f"C{i // 3:05d}" if i % 100 else f"C{FULL_WIDTH_001}" for i in range(n)],
        "order_id": [None] * n, "source_id": ["S001"] * n, "grade": ["Urals"] * n,
    }, dtype="string")
    started = time.perf_counter()
    out = normalise_frame("cargo_reports", frame)
    assert time.perf_counter() - started < 1.0
    assert out.at[0, "cargo_id"] == "C001" and out.at[1, "cargo_id"] == "C00000"


# Text from the scripts and characters look-alike ids are made of, and any other character.
LOOK_ALIKE_TEXT = st.text(st.one_of(
    st.sampled_from("CRSOEcrsoe019 -;\u0421\u0441\u041e\u043e\u0391\u03bf\u200b\u200d\ufeff\u00ad\uff10\uff11"
                    "\u0301\u0308\u00e9\u00c9\u0131\u00df"),
    st.characters(),
), max_size=12)


@settings(max_examples=300, deadline=None)
@given(LOOK_ALIKE_TEXT)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=300, deadline=None)
@given(LOOK_ALIKE_TEXT)
def test_normalising_keeps_the_skeleton(text):
    assert skeleton(normalise(text)) == skeleton(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("CRSOEcrsoeABPTXaptx019 -\u0421\u0441\u041e\u043e\u0420\u0440\u0391\u03b1"
                               "\u039f\u03bf\u00e9\u00c9"), max_size=12))
def test_skeleton_is_case_insensitive(text):
    assert skeleton(text.upper()) == skeleton(text.lower()) == skeleton(text)


@settings(max_examples=300, deadline=None)
@given(LOOK_ALIKE_TEXT)
def test_a_normalised_id_holds_no_invisible_character_and_is_nfkc(text):
    plain = normalise(text)
    assert not any(unicodedata.category(c) == "Cf" for c in plain)
    assert unicodedata.is_normalized("NFKC", plain)
    assert plain == plain.strip()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([("cargo_reports", "report_id"), ("cargo_reports", "grade"), ("events", "sectors")]),
       st.one_of(LOOK_ALIKE_TEXT, st.text(st.sampled_from("ab; \n\t\u00a0\u200b\uff11\u0301\u0421"), max_size=8)))
def test_an_identifier_validation_accepts_is_stored_as_written(place, text):
    """What the store writes is normalised; validation accepts only what normalising leaves as it is,
    so an accepted import is stored exactly as the file says."""
    table, column = place
    assume(not any("\ud800" <= c <= "\udfff" for c in text))  # half a character: no text column holds it
    frame = text_frame(pd.DataFrame({c: ["x"] for c in TABLES[table].column_names}).assign(**{column: [text]}))
    if any(p.column == column for p in validate_table(table, frame)):
        return
    assert normalise_frame(table, frame)[column].equals(frame[column])
