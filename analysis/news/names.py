"""Vessels, ports, crude grades and the status words of initiatives, found in an article's text.

Ports and grades come from lists of those in this trade (extended with any the store already
holds); a vessel is a capitalised name after a word that introduces a ship ("MT Pure Point",
"the tanker Pure Point", "a vessel named Kerch Strait", "aboard the Clyde Noble"), a quoted one
before such a word ("the 'Clyde Noble' vessel"), or a name the store already holds. Its value is the name as written,
without the ship word. A status word gives the initiative status of
`analysis.schema` it stands for ("signed" is agreed, "shelved" is stalled).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.news.candidates import Candidate
from analysis.news.targets import sentences

PORTS = ("Karachi", "Port Qasim", "Bin Qasim", "Gwadar", "Hub", "Ust-Luga", "Novorossiysk", "Primorsk", "Taman",
         "Kozmino", "Murmansk", "Duqm", "Sohar", "Fujairah", "Jebel Ali", "Khor Fakkan", "Hamriyah", "Jeddah", "Port Said")
GRADES = ("Urals", "ESPO", "Sokol", "Siberian Light", "CPC Blend", "Varandey", "Arctic Oil", "Arab Light",
          "Arab Medium", "Arab Extra Light", "Murban", "Brent", "Upper Zakum")
GRADE_NAMES = {"Ural": "Urals", "URAL": "Urals", "URALS": "Urals", "Arabian Light": "Arab Light",  # as reporting
               "Arabian light": "Arab Light", "Arab light": "Arab Light"}                    # spells them → grade
SHIP_WORDS = r"(?:MT|M/T|MV|M/V|tanker|vessel|ship|supertanker)"
NAME_WORD = r"[A-Z][A-Za-z0-9'-]*"
VESSEL = re.compile(r"\b" + SHIP_WORDS + r"(?:,?\s+(?:named|called))?\s+[\"'‘“]?(?P<name>" + NAME_WORD
                    + r"(?:\s+" + NAME_WORD + r"){0,3})")
ABOARD_VESSEL = re.compile(r"\b(?:aboard|on\s+board)\s+(?:the\s+)?(?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD
                           + r"){0,3})")  # "aboard the Clyde Noble"
QUOTED_VESSEL = re.compile(r"[\"'‘“](?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){0,3})[\"'’”]\s+"
                           r"(?:vessel|tanker|ship|supertanker|freighter)\b")  # "the 'Clyde Noble' vessel"
STATUS_WORDS = {  # word or phrase → status of analysis.schema.INITIATIVE_STATUSES
    "agreed": ("signed", "inked", "agreed", "finalised", "finalized", "sealed", "concluded", "approved",
               "agreement in principle", "conceptual agreement"),
    "in_talks": ("negotiating", "negotiations", "in talks", "talks on", "discussing", "under negotiation",
                 "being negotiated", "under discussion"),
    "stated": ("under consideration", "considering", "proposed", "mulling", "exploring", "studying"),
    "under_way": ("under way", "underway", "began construction", "work began", "launched", "started work"),
    "delivered": ("delivered", "completed", "commissioned", "inaugurated"),
    "stalled": ("abandoned", "shelved", "scrapped", "suspended", "stalled", "put on hold", "cancelled", "canceled"),
}
STATUS = re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for ws in STATUS_WORDS.values() for w in ws),
                                                 key=len, reverse=True)) + r")\b", re.IGNORECASE)
STATUS_OF = {w: status for status, words in STATUS_WORDS.items() for w in words}


def _listed(body: str, names: Iterable[str], kind: str, confidence: float,
            meaning: dict[str, str] | None = None) -> list[Candidate]:
    """Each name of `names` where it stands in `body` as a whole word, longer names first; its
    value the name, or what `meaning` gives for it."""
    meaning = meaning or {}
    found, taken = [], []
    for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True):
        for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append(Candidate(kind, match.group(0), match.start(), match.end(), meaning.get(name, name),
                                   confidence=confidence))
    return sorted(found, key=lambda c: c.start)


SHIPPING = re.compile(r"\b(?:cargo|cargoes|shipments?|consignments?|ships?|shipped|tankers?|vessels?|berth\w*|dock\w*|"
                      r"ports?|arriv\w*|reach\w*|sail\w*|load\w*|discharg\w*|unload\w*|anchor\w*|pier|terminals?|"
                      r"freight|transship\w*|tranship\w*|lighter\w*|import\w*|export\w*|route|via|bound)\b",
                      re.IGNORECASE)


def ports(body: str, known: Iterable[str] = ()) -> list[Candidate]:
    """Every port of PORTS or `known` in a sentence of `body` about shipping: "a steel plant in
    Karachi" names a city, "docked at Karachi" a port."""
    spans = [span for span in sentences(body) if SHIPPING.search(body[span[0]:span[1]])]
    return [c for c in _listed(body, [*PORTS, *known], "port", 0.9) if any(s <= c.start < e for s, e in spans)]


def grades(body: str, known: Iterable[str] = ()) -> list[Candidate]:
    """Every crude grade of GRADES or `known` in `body`, and other spellings of them (GRADE_NAMES)."""
    return _listed(body, [*GRADES, *GRADE_NAMES, *known], "grade", 0.9, GRADE_NAMES)


def vessels(body: str, known: Iterable[str] = ()) -> list[Candidate]:
    """Ships named after a ship word, and names the store already holds."""
    found = [Candidate("vessel", m["name"], m.start("name"), m.end("name"), m["name"], confidence=0.8)
             for pattern in (VESSEL, QUOTED_VESSEL, ABOARD_VESSEL) for m in pattern.finditer(body)]
    spans = [(c.start, c.end) for c in found]
    return sorted(found + [c for c in _listed(body, known, "vessel", 0.9)
                           if not any(s < c.end and c.start < e for s, e in spans)], key=lambda c: c.start)


# What an initiative is called: a status word in a sentence with none of these ("the meeting
# concluded", "a speech delivered") says nothing of one.
INITIATIVE = re.compile(r"\b(?:agreements?|deals?|projects?|pipelines?|memorand\w*|MoUs?|protocols?|contracts?|"
                        r"plans?|talks|negotiat\w*|initiatives?|cooperation|mechanism|barter|supply|supplies|"
                        r"plant|mills?|train|corridor|roadmap|road map|scheme|framework|venture|purchases?|"
                        r"imports?|terms|proposals?|accords?|treaty|programme|program|documents?)\b", re.IGNORECASE)


def statuses(body: str) -> list[Candidate]:
    """Every status word in a sentence that speaks of an initiative (INITIATIVE), its value the
    initiative status it stands for."""
    spans = [span for span in sentences(body) if INITIATIVE.search(body[span[0]:span[1]])]
    return [Candidate("status", m.group(0), m.start(), m.end(), STATUS_OF[m.group(0).lower()], confidence=0.6)
            for m in STATUS.finditer(body) if any(s <= m.start() < e for s, e in spans)]
