"""Where a candidate would go in the store: the table and column it fills ("cargo_reports.vessel"),
told from its kind and the words of its sentence, or None where the sentence does not tell.

Plans and targets stay apart from what happened: a quantity, share or rate in a sentence that
speaks of an aim ("aims to", "target", "could", "plans") goes to `targets.value`, never to a cargo.
"""
from __future__ import annotations

import re
from dataclasses import replace

from analysis.news.candidates import Candidate

SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])|\s*\n\s*")  # a line ends one too
AIM = re.compile(r"\b(?:aims?|aiming|targets?|targeting|plans?|planned|planning|hopes?|expects?|expected|could|would|"
                 r"will|intends?|goal|envisages?|projected|ambition|seeks?|up to)\b", re.IGNORECASE)
ORDER = re.compile(r"\b(?:order(?:ed|s)?|purchase[ds]?|bought|buy|contract(?:ed|s)?|deal|agreement)\b", re.IGNORECASE)
ARRIVAL = re.compile(r"\b(?:arrived?|arrives|arriving|arrival|docked|docks?|berthed|reached|reaches|landed|"
                     r"unloaded|discharged?|received)\b", re.IGNORECASE)
LOADING = re.compile(r"\b(?:loaded|loading|left|departed|sailed|set sail|shipped from)\b", re.IGNORECASE)
TRANSSHIP = re.compile(r"\b(?:via|transshipped|transhipped|ship-to-ship|transferred|smaller ships|lighter(?:ed|ing)?)\b",
                       re.IGNORECASE)
CARGO = re.compile(r"\b(?:cargo|shipment|consignment|tanker|vessel|ship|delivered|delivery)\b", re.IGNORECASE)
TRADE = re.compile(r"\b(?:trade|turnover|exports?|imports?)\b", re.IGNORECASE)
IMPORT_SHARE = re.compile(r"\b(?:imports?|requirements?|needs|demand|consumption)\b", re.IGNORECASE)
MEETING = re.compile(r"\b(?:signed|met|meeting|visit(?:ed)?|talks|summit|session|said|told|announced|statement)\b",
                     re.IGNORECASE)
BUYER = re.compile(r"\b(?:refiner(?:y|ies)|bought|buyer|purchased|received|refine[ds]?|imported)\b", re.IGNORECASE)
PORT_OF_LOADING = re.compile(r"\b(?:from|at|in|out of|left|departed|leaving)\s+(?:the\s+)?(?:port\s+of\s+)?$", re.IGNORECASE)
ALWAYS = {"vessel": "cargo_reports.vessel", "grade": "cargo_reports.grade", "person": "events.speaker",
          "status": "initiative_reports.status"}


def sentences(body: str) -> list[tuple[int, int]]:
    """The character spans of `body`'s sentences, in order."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(body):
        spans.append((start, match.start() + len(match["close"] or "")))
        start = match.end()
    return [*spans, (start, len(body))]


def _clause(before: str) -> str:
    """The last clause of `before`: "docked at" in "was transferred at Duqm and docked at"."""
    return re.split(r"[,;]|\band\b", before)[-1]


def _target(c: Candidate, sentence: str, before: str) -> str | None:
    """The column `c` fills, from its `sentence` and the words of it `before` the candidate."""
    aim = AIM.search(sentence) is not None
    arrival = ARRIVAL.search(sentence) is not None and CARGO.search(sentence) is not None  # not "trade reached"
    if c.kind in ALWAYS:
        return ALWAYS[c.kind]
    if c.kind == "quantity":
        if aim or c.unit in ("t/year", "bbl/day"):
            return "targets.value" if aim else None
        if c.unit in ("t", "bbl"):
            if ORDER.search(sentence) and not arrival:
                return "orders.quantity"
            return "cargo_reports.quantity" if CARGO.search(sentence) else None
        return None
    if c.kind == "percent":
        return "targets.value" if aim and IMPORT_SHARE.search(sentence) else None
    if c.kind == "money":
        return "trade_flows.value_usd" if c.unit == "USD" and TRADE.search(sentence) and not aim else None
    if c.kind == "date":
        clause = _clause(before)
        if CARGO.search(sentence) and (LOADING.search(clause) or ARRIVAL.search(clause)):  # the nearer verb tells
            return "cargo_reports.load_date" if LOADING.search(clause) else "cargo_reports.arrival_date"
        if arrival:
            return "cargo_reports.arrival_date"
        if LOADING.search(sentence) and CARGO.search(sentence):
            return "cargo_reports.load_date"
        if ORDER.search(sentence):
            return "orders.placed_on"
        if TRADE.search(sentence) and not CARGO.search(sentence):
            return "trade_flows.period_start"
        return "events.occurred_on" if MEETING.search(sentence) else None
    if c.kind == "port":
        clause = _clause(before)
        if re.search(r"\bvia\s+$", clause) or (TRANSSHIP.search(clause) and re.search(r"\b(?:at|in|off)\s+$", clause)):
            return "cargo_reports.transship_port"
        if LOADING.search(clause) and PORT_OF_LOADING.search(clause):
            return "cargo_reports.load_port"
        return "cargo_reports.discharge_port" if arrival else None
    if c.kind == "organisation":
        return "cargo_reports.buyer" if BUYER.search(sentence) else None
    return None


def aimed(body: str, found: list[Candidate]) -> list[Candidate]:
    """`found` (in reading order) with each one's `target` set where its sentence tells."""
    spans = sentences(body)
    out, i = [], 0
    for c in found:
        while i < len(spans) - 1 and spans[i][1] <= c.start:
            i += 1
        start, end = spans[i]
        out.append(replace(c, target=_target(c, body[start:end], body[start:c.start])))
    return out
