"""Dates in an article's text, at the precision the words give, read against its publication date.

"July 3, 2024" is 2024-07-03 (a day); "April 2023" and "since March 2019" are months; "2023" is a
year. Words that need the publication date take it: "in April" is April of the year of
publication, or of the year before or after where its clause is in the past or about the future
(`_year_of`); "on Sunday" the last Sunday on or before it; "last year", "in December of last
year", "mid-February", "the first week of June", "by the end of October", "last week" (its
month), "before March next year". A day range ("12-14 May", "November 25 to 27") gives one
candidate per end, marked "low" and "high". Values are ISO text at their precision ("2023-06-11",
"2023-06", "2023"), in `precision` "day", "month" or "year".
"""
from __future__ import annotations

import datetime as dt
import re

from analysis.news.candidates import Candidate

MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d{2})"
SHIFT = {"last": -1, "next": 1, "this": 0, "previous": -1, "coming": 1}
PREPOSITION = r"(?:in|since|by|before|after|until|till|from|during|through)\s+"  # before a month named alone


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


PAST = re.compile(r"\b(?:was|were|had|did|(?!expected|planned|scheduled)\w{3,}ed)\b", re.IGNORECASE)
FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|due|expect\w*|plans?|planned|planning|scheduled|"
                    r"next|upcoming|coming|aims?|hopes?|intends?)\b", re.IGNORECASE)


def _year_of(month: int, m: re.Match, published: dt.date) -> int:
    """The year of a month named without one: the publication year, unless the clause it stands in
    says otherwise: a month three or more after publication in a clause in the past tense ("approved
    in June", written in February) is last year's; a month before publication in a clause about the
    future ("imports from January", written in October) is next year's."""
    clause = re.split(r"[.;!?](?=\s)", m.string[max(0, m.start() - 120):m.start()])[-1]  # not at "3.6"
    after = re.split(r"[.;!?](?=\s|$)", m.string[m.end():m.end() + 60])[0]
    future = FUTURE.search(clause) or FUTURE.search(after)
    if month >= published.month + 3 and PAST.search(clause) and not future:
        return published.year - 1
    if month < published.month and future and not PAST.search(clause):
        return published.year + 1
    return published.year


def _iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str] | None:
    """(ISO text, precision), None for a day that does not exist."""
    if month is None:
        return f"{year:04d}", "year"
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


# Each rule: a pattern, and how its match becomes [((ISO, precision) or None, range end or None, confidence)];
# a group named "words" narrows the words to that part of the match. Rules run in this order; a
# later rule's match that overlaps an earlier one's is dropped.
RULES: list[tuple[re.Pattern, object]] = []


def rule(pattern: str):
    def register(read):
        RULES.append((re.compile(pattern, re.IGNORECASE), read))
        return read
    return register


@rule(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
def _iso_date(m, published):
    return [(_iso(int(m["year"]), int(m["month"]), int(m["day"])), None, 0.95)]


@rule(r"\b(?P<low>[0-3]?\d)\s*(?:-|–|to)\s*(?P<high>[0-3]?\d)\s+(?P<month>" + MONTH + r")(?:,?\s+" + YEAR + r")?\b")
def _day_range(m, published):
    month = _month(m["month"])
    year = int(m["year"]) if m["year"] else _year_of(month, m, published)
    return [(_iso(year, month, int(m["low"])), "low", 0.85), (_iso(year, month, int(m["high"])), "high", 0.85)]


@rule(r"\b(?P<month>" + MONTH + r")\s+(?P<low>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<high>[0-3]?\d)(?:st|nd|rd|th)?"
      r"(?:,?\s+" + YEAR + r")?\b")
def _month_day_range(m, published):
    month = _month(m["month"])
    year = int(m["year"]) if m["year"] else _year_of(month, m, published)
    return [(_iso(year, month, int(m["low"])), "low", 0.85), (_iso(year, month, int(m["high"])), "high", 0.85)]


@rule(r"\b(?P<month>" + MONTH + r")\s+" + DAY + r",?\s+" + YEAR + r"\b")
def _month_day_year(m, published):
    return [(_iso(int(m["year"]), _month(m["month"]), int(m["day"])), None, 0.95)]


@rule(r"\b" + DAY + r"\s+(?:of\s+)?(?P<month>" + MONTH + r"),?\s+" + YEAR + r"\b")
def _day_month_year(m, published):
    return [(_iso(int(m["year"]), _month(m["month"]), int(m["day"])), None, 0.95)]


@rule(r"\b(?P<month>" + MONTH + r")\s+(?:of\s+)?(?P<shift>last|next|this|previous|coming)\s+year\b")
def _month_shifted_year(m, published):
    return [(_iso(published.year + SHIFT[m["shift"].lower()], _month(m["month"])), None, 0.85)]


@rule(r"\b(?:early|mid|late|(?:the\s+)?(?:first|second|third|fourth|last|final)\s+(?:week|fortnight|half)\s+of|"
      r"(?:the\s+)?(?:end|start|beginning|middle)\s+of)[-\s]+(?P<month>" + MONTH + r")(?:,?\s+" + YEAR + r")?\b")
def _part_of_month(m, published):
    month = _month(m["month"])
    return [(_iso(int(m["year"]) if m["year"] else _year_of(month, m, published), month), None, 0.8)]


@rule(r"\b(?P<month>" + MONTH + r"),?\s+" + YEAR + r"\b")
def _month_year(m, published):
    return [(_iso(int(m["year"]), _month(m["month"])), None, 0.95)]


@rule(r"\b(?P<month>" + MONTH + r")\s+" + DAY + r"\b")
def _month_day(m, published):
    month = _month(m["month"])
    return [(_iso(_year_of(month, m, published), month, int(m["day"])), None, 0.8)]


@rule(r"\b" + DAY + r"\s+(?:of\s+)?(?P<month>" + MONTH + r")\b")
def _day_month(m, published):
    month = _month(m["month"])
    return [(_iso(_year_of(month, m, published), month, int(m["day"])), None, 0.8)]


@rule(r"\b" + PREPOSITION + r"(?P<words>(?P<month>" + MONTH + r"))\b")
def _month_alone(m, published):
    if m["month"].lower() == "may" and not m["month"][0].isupper():
        return []  # the verb
    month = _month(m["month"])
    return [(_iso(_year_of(month, m, published), month), None, 0.75)]


@rule(r"\b(?P<shift>last|next|this|previous|coming)\s+(?P<span>year|month)\b")
def _shifted_span(m, published):
    shift = SHIFT[m["shift"].lower()]
    if m["span"].lower() == "year":
        return [(_iso(published.year + shift), None, 0.8)]
    month = published.month - 1 + shift
    return [(_iso(published.year + month // 12, month % 12 + 1), None, 0.8)]


@rule(r"\b(?P<shift>last|next|this)\s+week\b")
def _shifted_week(m, published):
    day = published + dt.timedelta(weeks=SHIFT[m["shift"].lower()])
    return [(_iso(day.year, day.month), None, 0.6)]  # the month it falls in: a week has no precision of its own


@rule(r"\b(?P<word>yesterday|today|tomorrow)\b")
def _near_day(m, published):
    day = published + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m["word"].lower()])
    return [(_iso(day.year, day.month, day.day), None, 0.8)]


@rule(r"\bon\s+(?P<words>(?P<weekday>" + "|".join(WEEKDAYS) + r"))\b")
def _weekday(m, published):
    back = (published.weekday() - WEEKDAYS.index(m["weekday"].lower())) % 7  # on or before publication
    day = published - dt.timedelta(days=back)
    return [(_iso(day.year, day.month, day.day), None, 0.75)]


@rule(r"(?<![\d,.\-$])\b" + YEAR + r"\b(?![\d,.]*\s*(?:%|per\s*cent|tonnes|barrels))")
def _year(m, published):
    return [(_iso(int(m["year"])), None, 0.7)]


STAMP = re.compile(r"\b(?:Published|Updated|Last updated|Posted)\b[^\n]{0,30}$", re.IGNORECASE)


def dates(body: str, published: dt.date) -> list[Candidate]:
    """Every date in `body`, read against the `published` date, in reading order; not the page's own
    stamps ("Published May 29, 2021", "Updated 28 Jun, 2023"), which date the page, not a fact."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, read in RULES:
        for match in pattern.finditer(body):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken) or STAMP.search(body, max(0, start - 40), start):
                continue
            read_as = read(match, published)
            if not read_as:
                continue
            taken.append((start, end))  # a day that does not exist ("31 February") is no date at all
            readings = [(iso, side, sure) for iso, side, sure in read_as if iso is not None]
            words = "words" if "words" in match.groupdict() else 0  # a rule may match more than its date
            found += [Candidate("date", match.group(words), match.start(words), match.end(words), iso[0], range=side,
                                precision=iso[1], confidence=sure) for iso, side, sure in readings]
    return sorted(found, key=lambda c: (c.start, c.range == "high"))
