"""Identifiers (report ids, source ids, grades, sector lists) as one text for one record.

`CR001` with a Cyrillic С, a zero-width space, full-width digits or a decomposed accent looks
the same on screen as `CR001` but is other text, so it would be stored as a second record.
`normalise` gives the one plain spelling (Unicode NFKC, no invisible format characters, no
surrounding spaces); `problem` says why a spelling cannot be an identifier at all (a control
character, letters of two scripts); `skeleton` is the form that identifiers which merely look
alike share (no accents, no case, Cyrillic and Greek look-alikes read as Latin letters).

Scripts are read from each letter's Unicode name ("CYRILLIC CAPITAL LETTER ES"): the standard
library holds no script property, and the first word of the name gives it for every letter an
identifier is likely to hold.
"""
from __future__ import annotations

import unicodedata
import numpy as np
import pandas as pd

from analysis.schema import TABLES

LIST_SEPARATOR = ";"  # between the ids of a list column (events.sectors)

# Cyrillic and Greek letters drawn like a Latin letter, after casefolding, so that a capital
# and its small letter share one entry: Greek ν reads as n (its capital Ν is drawn as N).
_LOOK_ALIKES = str.maketrans({
    # Cyrillic а в е к м н о р с т х у і ј ѕ һ ԁ ԛ ԝ ӏ
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h",
    "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0445": "x", "\u0443": "y",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u04bb": "h", "\u0501": "d", "\u051b": "q",
    "\u051d": "w", "\u04cf": "l",
    # Greek α β ε ζ η ι κ μ ν ο ρ τ υ χ ϲ
    "\u03b1": "a", "\u03b2": "b", "\u03b5": "e", "\u03b6": "z", "\u03b7": "h", "\u03b9": "i",
    "\u03ba": "k", "\u03bc": "m", "\u03bd": "n", "\u03bf": "o", "\u03c1": "p", "\u03c4": "t",
    "\u03c5": "y", "\u03c7": "x", "\u03f2": "c",
    # Latin dotless ı
    "\u0131": "i",
})


def _describe(char: str) -> str:
    """'С' (U+0421 CYRILLIC CAPITAL LETTER ES), or U+0007 for a character with no name."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"'{char}' ({code} {name})" if name and unicodedata.category(char)[0] in "LNPS" else \
        f"{code} {name}".strip()


def normalise(text: str) -> str:
    """The plain spelling of an identifier: invisible format characters (Unicode category Cf:
    zero-width spaces and joiners, U+FEFF, soft hyphens, direction marks) removed, then Unicode
    NFKC (full-width digits become ASCII, a letter and its separate accent one letter), then
    surrounding whitespace stripped."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", visible).strip()


def changed_by_normalising(text: str) -> str | None:
    """What `normalise` would change in `text`, in plain words, or None when it is already plain."""
    plain = normalise(text)
    if plain == text:
        return None
    for char in text:
        if unicodedata.category(char) == "Cf":
            what = f"holds the invisible character {_describe(char)}"
            break
        if unicodedata.combining(char):
            what = f"holds the separate accent {_describe(char)}"
            break
        if unicodedata.normalize("NFKC", char) != char:
            what = f"holds {_describe(char)}, a variant of '{unicodedata.normalize('NFKC', char)}'"
            break
    else:
        what = "has spaces or line breaks around it"
    return f"{what}, so it looks like '{plain}' but is other text; write it as '{plain}'"


def _script(char: str) -> str | None:
    """The script of a letter (LATIN, CYRILLIC, GREEK, ARABIC, CJK...), None for anything else:
    digits, spaces, punctuation and accents belong to no script."""
    if not unicodedata.category(char).startswith("L"):
        return None
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return None if word in ("", "MODIFIER") else word


def problem(text: str) -> str | None:
    """Why `text`, once normalised, cannot be an identifier (a control character, or letters of
    more than one script, naming the character, its code and its script), or None."""
    text = normalise(text)
    for char in text:
        if unicodedata.category(char) == "Cc":
            return f"contains the control character U+{ord(char):04X}; delete it"
        if unicodedata.category(char) == "Cs" or char in "\ufffe\uffff":
            return f"contains U+{ord(char):04X}, a character no file format can hold; delete it"
    scripts = [s for s in map(_script, text) if s]
    if len(set(scripts)) < 2:
        return None
    counts = pd.Series(scripts).value_counts(sort=False)
    # The script most letters are in (Latin on a tie) is the intended one; name the first other letter.
    main = max(counts.index, key=lambda s: (counts[s], s == "LATIN"))
    odd = next(c for c in text if _script(c) not in (None, main))
    return (f"mixes scripts: {_describe(odd)} is a {_script(odd).title()} letter among "
            f"{main.title()} ones; retype it in {main.title()}")


def skeleton(text: str) -> str:
    """The form look-alike identifiers share: normalised, accents dropped, casefolded, and the
    Cyrillic and Greek letters drawn like Latin ones read as those Latin letters.
    skeleton("CR001") == skeleton("cr001") == skeleton("СR001") (Cyrillic С) == skeleton("CR００1")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", normalise(text)) if not unicodedata.combining(c))
    return bare.casefold().translate(_LOOK_ALIKES)


def skeletons(values: pd.Series) -> pd.Series:
    """`skeleton` of each text value (<NA> stays <NA>); ASCII values, most of them, without a loop."""
    values = values.astype("string")
    out = values.str.strip().str.lower()
    slow = ~values.str.isascii().fillna(True)
    if slow.any():
        out[slow] = values[slow].map(skeleton)
    return out


def identifier_columns(table_name: str) -> list[str]:
    """The columns of a table that hold identifiers: its key, every column that cites another
    table, and every other column named ..._id (cargo_id, orders' order_id)."""
    table = TABLES[table_name]
    return [c.name for c in table.columns
            if c.name == table.key or c.references or c.name.endswith("_id")]


def normalise_list(text: str) -> str:
    """A list of ids ("energy; trade") with each id normalised, joined by ";" without spaces."""
    return LIST_SEPARATOR.join(normalise(i) for i in text.split(LIST_SEPARATOR))


def normalise_row(table_name: str, row: dict[str, str | None]) -> dict[str, str | None]:
    """One text row (None for empty) with its identifiers normalised as `normalise_frame` does."""
    out = dict(row)
    for name in identifier_columns(table_name):
        value = out.get(name)
        if value is not None:
            listed = TABLES[table_name].column(name).kind == "list"
            out[name] = (normalise_list if listed else normalise)(value) or None
    return out


def normalise_frame(table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a text frame with every identifier column (see `identifier_columns`) normalised;
    a list column's ids each normalised and joined by ";" without spaces. A value that normalises
    to nothing becomes <NA>. Only non-ASCII values take the slow, per-value path."""
    out = frame.copy()
    for name in identifier_columns(table_name):
        if name not in out:
            continue
        values = out[name]
        listed = TABLES[table_name].column(name).kind == "list"
        ascii_ = values.str.isascii().fillna(True).to_numpy(dtype=bool)
        plain = values.str.strip()
        if listed:
            plain = plain.str.replace(r"\s*;\s*", LIST_SEPARATOR, regex=True)
        if not ascii_.all():
            slow = np.flatnonzero(~ascii_)
            plain.iloc[slow] = values.iloc[slow].map(normalise_list if listed else normalise)
        out[name] = plain.mask(plain.eq("").fillna(False))
    return out
