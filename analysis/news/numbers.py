"""Quantities with their units, percentages and sums of money, found in an article's text.

Each finding is a `Candidate` whose value is normalised: masses in tonnes ("t"; "t/year" for
annual rates: "2.5 million tonnes a year" is 2,500,000 t/year), volumes in barrels ("bbl";
"bbl/day" for daily rates), gas in cubic metres ("m3", "m3/year") or cubic feet a day
("cf/day": "500 mmcfd"), areas in acres, lengths in km; percentages as numbers; money with its
ISO code ("Rs" is Pakistani rupees). South Asian scales count: a lakh is 100,000 and a crore
10,000,000, and digits may be grouped the Indian way ("1,00,000"); numbers may be written in
words ("one hundred thousand tonnes", "a million barrels"). A range ("40-45 percent", "40,000 to
45,000 tonnes", "between 0.7 million and 1 million tons") gives one candidate per end, marked
"low" and "high".
"""
from __future__ import annotations

import re

from analysis.news.candidates import Candidate

NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "million": 1e6, "mn": 1e6, "crore": 1e7,
          "crores": 1e7, "billion": 1e9, "bn": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12}
SCALE = r"thousand|lakhs?|lac|million|mn|crores?|billion|bn|bln|trillion|tn"
MONEY_SCALE = SCALE + r"|m|b|k"  # "$5m", "$2bn", "$800k": one letter, only right after a sum of money
LETTER_SCALES = {"m": 1e6, "b": 1e9, "k": 1e3}


def _range(n: str = "") -> str:
    """An optional low end before a number: "40-", "40,000 to ", "between 0.7 million and "."""
    return (r"(?:(?P<btw" + n + r">between\s+)?(?P<low" + n + r">" + NUMBER + r")(?:\s*(?P<lowscale" + n + r">"
            + SCALE + r")\b)?\s*(?(btw" + n + r")(?:and|-|–|to)|(?:-|–|to))\s*)?")


RANGE = _range()

# Unit words → (unit, factor to it). Longer spellings first, so that "metric tonnes" wins over "tonnes".
UNITS = {
    r"metric\s+tonnes|metric\s+tons|tonnes|tonne|tons|ton|mt|t": ("t", 1.0),
    r"kilotonnes|kt": ("t", 1e3),
    r"dwt": ("t", 1.0),  # deadweight tonnes: what a ship or berth can carry
    r"mtpa|mmtpa": ("t/year", 1e6),
    r"tpa": ("t/year", 1.0),
    r"mmt": ("t", 1e6),
    r"barrels|barrel|bbls|bbl": ("bbl", 1.0),
    r"bpd|b/d": ("bbl/day", 1.0),
    r"cubic\s+metres|cubic\s+meters|m3|m³": ("m3", 1.0),
    r"bcm": ("m3", 1e9),
    r"mmscfd|mmcfd": ("cf/day", 1e6),
    r"acres|acre": ("acre", 1.0),
    r"kilometres|kilometers|kilometre|kilometer|km": ("km", 1.0),
}
WORD_VALUES = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
               "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORD_SCALES = {"hundred": 100, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9}
WORDS = (r"(?:" + "|".join(WORD_VALUES) + r")(?:[\s-]+(?:" + "|".join(k for k in WORD_VALUES if len(k) > 2)
         + r"))?(?:\s+(?:" + "|".join(WORD_SCALES) + r"))+")  # "one hundred thousand", "a million", "two lakh"
YEARLY = r"\s*(?:a|per|each)\s+(?:year|annum)|\s*/\s*(?:year|yr)|\s+annually"
DAILY = r"\s*(?:a|per|each)\s+day|\s*/\s*(?:day|d)\b"
# A rate may follow what is measured: "10 million tonnes of crude a year", "12.4 bcm of gas annually".
UNIT = (r"(?P<unit>" + "|".join(f"(?:{u})" for u in UNITS) + r")(?![\w-])"
        r"(?P<rate>(?:\s+of\s+(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+(?=" + YEARLY + "|" + DAILY + r"))?(?:" + YEARLY + "|"
        + DAILY + r"))?")
QUANTITY = re.compile(
    r"(?<![\w.,])" + RANGE + r"(?P<num>" + NUMBER + r")(?:(?P<mscale>m)(?=\s)|\s*(?P<scale>" + SCALE + r")\b)?"
    r"(?:\s*-\s*|\s*)" + UNIT, re.IGNORECASE)  # "0.1m tons": a letter scale only right after the digits
QUANTITY_IN_WORDS = re.compile(r"(?<![\w-])(?P<words>" + WORDS + r")(?:\s*-\s*|\s+)" + UNIT, re.IGNORECASE)
PERCENT = re.compile(r"(?<![\w.,])" + RANGE + r"(?P<num>" + NUMBER + r")\s*(?:%|per\s*cent\b|percent\b|pc\b)",
                     re.IGNORECASE)
CURRENCIES = {"usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
              "rs": "PKR", "rs.": "PKR", "pkr": "PKR", "rupee": "PKR", "rupees": "PKR", "cny": "CNY", "rmb": "CNY",
              "yuan": "CNY", "renminbi": "CNY"}
BEFORE = r"(?P<cur>US\$|\$|USD|PKR|Rs\.?|CNY|RMB)\s*"
AFTER = r"\s*(?P<cur_after>US\s+dollars|dollars?|rupees?|yuan|renminbi|USD|PKR|CNY)\b"
MONEY = re.compile(
    r"(?<![\w.,])" + BEFORE + RANGE + r"(?P<num>" + NUMBER + r")(?:\s*(?P<scale>" + MONEY_SCALE + r")\b)?"
    r"|(?<![\w.,$])" + _range("2") + r"(?P<num2>" + NUMBER + r")(?:\s*(?P<scale2>" + SCALE
    + r")\b)?" + AFTER, re.IGNORECASE)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(word: str | None, letters: bool = False) -> float:
    if not word:
        return 1.0
    word = word.lower()
    return LETTER_SCALES[word] if letters and word in LETTER_SCALES else SCALES[word]


def _words_value(words: str) -> float:
    """A number written in words: "one hundred thousand" is 100,000, "twenty-five million" 25,000,000."""
    total, part = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in WORD_VALUES:
            part += WORD_VALUES[word]
        elif word == "hundred":
            part = (part or 1) * 100
        else:
            total += (part or 1) * WORD_SCALES[word]
            part = 0.0
    return total + part


def _unit(word: str, rate: str | None) -> tuple[str, float]:
    for pattern, (unit, factor) in UNITS.items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            break
    if word == "Mt":  # capital M, small t: million tonnes ("MT" and "mt" are metric tons)
        unit, factor = "t", 1e6
    rate = re.sub(r"^\s+of\s+.*?(?=" + YEARLY + "|" + DAILY + r")", "", rate or "", flags=re.IGNORECASE)
    if re.fullmatch(YEARLY, rate, re.IGNORECASE) and unit in ("t", "m3"):
        unit += "/year"
    elif re.fullmatch(DAILY, rate, re.IGNORECASE) and unit == "bbl":
        unit = "bbl/day"
    return unit, factor


def _ends(kind: str, match: re.Match, low: str | None, high: str, factor: float, unit: str | None,
          confidence: float, low_factor: float | None = None) -> list[Candidate]:
    """One candidate, or two for a range (each with the whole range's words and offsets); the low
    end takes the high end's factor unless it has its own scale (`low_factor`)."""
    text, start, end = match.group(0).strip(), match.start(), match.start() + len(match.group(0).rstrip())
    if low is None:
        return [Candidate(kind, text, start, end, _number(high) * factor, unit, confidence=confidence)]
    low_value = _number(low) * (low_factor if low_factor is not None else factor)
    return [Candidate(kind, text, start, end, value, unit, range=side, confidence=confidence)
            for value, side in ((low_value, "low"), (_number(high) * factor, "high"))]


def _low_factor(match: re.Match, unit_factor: float, n: str = "") -> float | None:
    scale = match["lowscale" + n]
    return None if scale is None else _scale(scale) * unit_factor


def quantities(body: str) -> list[Candidate]:
    """Every quantity with a unit of mass, volume or area in `body`."""
    found = []
    for match in QUANTITY.finditer(body):
        unit, factor = _unit(match["unit"], match["rate"])
        sure = 0.6 if match["unit"].lower() in {"t", "mt"} else 0.9  # a bare "t" or "MT" reads less surely
        scale = 1e6 if match["mscale"] else _scale(match["scale"])
        found += _ends("quantity", match, match["low"], match["num"], factor * scale, unit, sure,
                       _low_factor(match, factor))
    for match in QUANTITY_IN_WORDS.finditer(body):
        unit, factor = _unit(match["unit"], match["rate"])
        found.append(Candidate("quantity", match.group(0), match.start(), match.end(),
                               _words_value(match["words"]) * factor, unit, confidence=0.8))
    return sorted(found, key=lambda c: (c.start, c.range == "high"))


def percents(body: str) -> list[Candidate]:
    """Every percentage in `body`."""
    return [c for match in PERCENT.finditer(body)
            for c in _ends("percent", match, match["low"], match["num"], 1.0, None, 0.95)]


def money(body: str) -> list[Candidate]:
    """Every sum of money with a currency in `body`."""
    found = []
    for match in MONEY.finditer(body):
        if match["num"] is not None:
            currency, low, high = CURRENCIES[match["cur"].lower()], match["low"], match["num"]
            factor, low_factor = _scale(match["scale"], letters=True), _low_factor(match, 1.0)
        else:
            currency, low, high = CURRENCIES[re.sub(r"\s+", " ", match["cur_after"].lower())], match["low2"], match["num2"]
            factor, low_factor = _scale(match["scale2"]), _low_factor(match, 1.0, "2")
        found += _ends("money", match, low, high, factor, currency, 0.9, low_factor)
    return found


def numbers(body: str) -> list[Candidate]:
    """Quantities, percentages and money in `body`, in the order they appear."""
    return sorted([*quantities(body), *percents(body), *money(body)], key=lambda c: (c.start, c.range == "high"))
