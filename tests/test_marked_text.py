"""An article drawn as Markdown that cannot carry its own markup (ui/marked_text.py)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from ui.marked_text import PUNCTUATION, escaped, marked

HOSTILE = "[link](https://evil.example) ![img](x.png) *em* # head $x$ :red[red] <b>b</b> `code` a@b.org www.x.com"


def test_every_markup_character_is_escaped_and_addresses_are_broken():
    out = escaped(HOSTILE)
    assert "\\[link\\]\\(https\u2060\\:\\/\\/evil\\.example\\)" in out
    assert "\\!\\[img\\]" in out and "\\*em\\*" in out and "\\# head" in out and "\\$x\\$" in out
    assert "\\:red\\[red\\]" in out and "\\<b\\>" in out and "\\`code\\`" in out
    assert "a\u2060\\@b\\.org" in out and "www\u2060\\.x\\.com" in out


def test_lines_become_paragraphs_without_leading_spaces():
    assert escaped("    indented\n\n\nnext") == "indented\n\nnext"


def test_marks_are_numbered_bold_on_a_background_and_overlaps_left_out():
    body = "It docked at Karachi with 45,000 t."
    assert marked(body, [(13, 20, 1), (26, 34, 2), (14, 18, 3)]) == (
        "It docked at :blue-background[**Karachi**] \\[1\\] with :blue-background[**45\\,000 t**] \\[2\\]\\.")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_no_unescaped_punctuation_survives(text):
    """Whatever the text, every ASCII punctuation character of it is preceded by a backslash."""
    out = escaped(text)
    stripped = out.replace("\\\\", "")
    for i, ch in enumerate(stripped):
        if PUNCTUATION.fullmatch(ch) and ch != "\\":
            assert i > 0 and stripped[i - 1] == "\\", (text, out)
