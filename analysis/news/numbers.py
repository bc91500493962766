"""Quantities with their units, percentages and sums of money, found in an article's text.

Each finding is a `Candidate` whose value is normalised: masses in tonnes ("t"; "t/year" for
annual rates: "2.5 million tonnes a year" is 2,500,000 t/year), volumes in barrels ("bbl";
"bbl/day" for daily rates), areas in acres; percentages as numbers; money with its ISO code
("Rs" is Pakistani rupees). South Asian scales count: a lakh is 100,000 and a crore 10,000,000,
and digits may be grouped the Indian way ("1,00,000"). A range ("40-45 percent", "40,000 to
45,000 tonnes") gives one candidate per end, marked "low" and "high".
"""
from __future__ import annotations

import re

from analysis.news.candidates import Candidate

NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "million": 1e6, "mn": 1e6, "crore": 1e7,
          "crores": 1e7, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
SCALE = r"thousand|lakhs?|lac|million|mn|crores?|billion|bn|trillion|tn"
MONEY_SCALE = SCALE + r"|m|b|k"  # "$5m", "$2bn", "$800k": one letter, only right after a sum of money
LETTER_SCALES = {"m": 1e6, "b": 1e9, "k": 1e3}
RANGE = r"(?:(?P<low>" + NUMBER + r")\s*(?:-|–|to)\s*)?"

# Unit words → (unit, factor to it). Longer spellings first, so that "metric tonnes" wins over "tonnes".
UNITS = {
    r"metric\s+tonnes|metric\s+tons|tonnes|tonne|tons|ton|mt|t": ("t", 1.0),
    r"kilotonnes|kt": ("t", 1e3),
    r"mmt|mtpa": ("t", 1e6),
    r"barrels|barrel|bbls|bbl": ("bbl", 1.0),
    r"bpd|b/d": ("bbl/day", 1.0),
    r"acres|acre": ("acre", 1.0),
}
YEARLY = r"\s*(?:a|per|each)\s+(?:year|annum)|\s*/\s*(?:year|yr)|\s+annually"
DAILY = r"\s*(?:a|per|each)\s+day|\s*/\s*(?:day|d)\b"
QUANTITY = re.compile(
    r"(?<![\w.,])" + RANGE + r"(?P<num>" + NUMBER + r")(?:\s*(?P<scale>" + SCALE + r")\b)?(?:\s*-\s*|\s*)"
    r"(?P<unit>" + "|".join(f"(?:{u})" for u in UNITS) + r")\b(?P<rate>" + YEARLY + "|" + DAILY + r")?",
    re.IGNORECASE)
PERCENT = re.compile(r"(?<![\w.,])" + RANGE + r"(?P<num>" + NUMBER + r")\s*(?:%|per\s*cent\b|percent\b|pc\b)",
                     re.IGNORECASE)
CURRENCIES = {"usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
              "rs": "PKR", "rs.": "PKR", "pkr": "PKR", "rupee": "PKR", "rupees": "PKR", "cny": "CNY", "rmb": "CNY",
              "yuan": "CNY", "renminbi": "CNY"}
BEFORE = r"(?P<cur>US\$|\$|USD|PKR|Rs\.?|CNY|RMB)\s*"
AFTER = r"\s*(?P<cur_after>US\s+dollars|dollars?|rupees?|yuan|renminbi|USD|PKR|CNY)\b"
MONEY = re.compile(
    r"(?<![\w.,])" + BEFORE + RANGE + r"(?P<num>" + NUMBER + r")(?:\s*(?P<scale>" + MONEY_SCALE + r")\b)?"
    r"|(?<![\w.,$])" + RANGE.replace("low", "low2") + r"(?P<num2>" + NUMBER + r")(?:\s*(?P<scale2>" + SCALE
    + r")\b)?" + AFTER, re.IGNORECASE)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(word: str | None, letters: bool = False) -> float:
    if not word:
        return 1.0
    word = word.lower()
    return LETTER_SCALES[word] if letters and word in LETTER_SCALES else SCALES[word]


def _unit(word: str, rate: str | None) -> tuple[str, float]:
    for pattern, (unit, factor) in UNITS.items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            break
    if word == "Mt":  # capital M, small t: million tonnes ("MT" and "mt" are metric tons)
        unit, factor = "t", 1e6
    if rate and re.fullmatch(YEARLY, rate, re.IGNORECASE) and unit == "t":
        unit = "t/year"
    elif rate and re.fullmatch(DAILY, rate, re.IGNORECASE) and unit == "bbl":
        unit = "bbl/day"
    return unit, factor


def _ends(kind: str, match: re.Match, low: str | None, high: str, factor: float, unit: str | None,
          confidence: float) -> list[Candidate]:
    """One candidate, or two for a range (each with the whole range's words and offsets)."""
    text, start, end = match.group(0).strip(), match.start(), match.start() + len(match.group(0).rstrip())
    if low is None:
        return [Candidate(kind, text, start, end, _number(high) * factor, unit, confidence=confidence)]
    return [Candidate(kind, text, start, end, _number(value) * factor, unit, range=side, confidence=confidence)
            for value, side in ((low, "low"), (high, "high"))]


def quantities(body: str) -> list[Candidate]:
    """Every quantity with a unit of mass, volume or area in `body`."""
    found = []
    for match in QUANTITY.finditer(body):
        unit, factor = _unit(match["unit"], match["rate"])
        sure = 0.6 if match["unit"].lower() in {"t", "mt"} else 0.9  # a bare "t" or "MT" reads less surely
        found += _ends("quantity", match, match["low"], match["num"], factor * _scale(match["scale"]), unit, sure)
    return found


def percents(body: str) -> list[Candidate]:
    """Every percentage in `body`."""
    return [c for match in PERCENT.finditer(body) for c in _ends("percent", match, match["low"], match["num"], 1.0,
                                                                   None, 0.95)]


def money(body: str) -> list[Candidate]:
    """Every sum of money with a currency in `body`."""
    found = []
    for match in MONEY.finditer(body):
        if match["num"] is not None:
            currency, low, high = CURRENCIES[match["cur"].lower()], match["low"], match["num"]
            factor = _scale(match["scale"], letters=True)
        else:
            currency, low, high = CURRENCIES[re.sub(r"\s+", " ", match["cur_after"].lower())], match["low2"], match["num2"]
            factor = _scale(match["scale2"])
        found += _ends("money", match, low, high, factor, currency, 0.9)
    return found


def numbers(body: str) -> list[Candidate]:
    """Quantities, percentages and money in `body`, in the order they appear."""
    return sorted([*quantities(body), *percents(body), *money(body)], key=lambda c: (c.start, c.range == "high"))
