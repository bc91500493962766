"""An article's text drawn with words marked, through Markdown that cannot carry the article's own
markup: every ASCII punctuation character of the text is backslash-escaped, so a link, an image,
emphasis, a heading, a colour directive (":red[...]") or formula ("$x$") in the article is shown
as the characters it is (an address too), and HTML is never enabled. Only the marks are Markdown: each marked span
is bold on a coloured background and followed by its number in brackets, so that colour is not
the only sign of it."""
from __future__ import annotations

import re

PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


# Web and e-mail addresses in text become links even with their punctuation escaped (GitHub's
# "autolink literal"); a word joiner (U+2060, invisible) after "http", "www" and before "@" stops it.
AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)")


def escaped(text: str) -> str:
    """`text` as Markdown that reads as itself: punctuation escaped, addresses kept from becoming
    links, each line a paragraph of its own with no leading spaces (which would make it code)."""
    lines = (PUNCTUATION.sub(r"\\\1", AUTOLINK.sub("\u2060", line.strip())) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def marked(body: str, spans: list[tuple[int, int, int]]) -> str:
    """`body` as Markdown with each (start, end, number) span marked and numbered; a span that
    overlaps one already marked, or runs over a line end, is left unmarked."""
    body = body.replace("\x01", " ")  # the placeholder below; a control character has no place in an article
    pieces, marks, at = [], [], 0
    for start, end, number in sorted(spans):
        if start < at or end <= start or "\n" in body[start:end]:
            continue
        pieces.append(body[at:start] + f"\x01{len(marks)}\x01")
        marks.append(f":blue-background[**{escaped(body[start:end])}**] \\[{number}\\]")
        at = end
    text = escaped("".join(pieces) + body[at:])
    return re.sub(r"\x01(\d+)\x01", lambda m: marks[int(m[1])], text)
