"""Candidate facts of one article, and the command that prints them as JSON.

    python -m analysis.news.extract ARTICLE [--published YYYY-MM-DD]

ARTICLE is a text file or a saved web page. The publication date is the one given, else the
page's own; without either, dates that need it cannot be read and the command says so.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from analysis.news.article import ArticleError, read_article
from analysis.news.candidates import Candidate
from analysis.news.dates import dates
from analysis.news.names import grades, ports, statuses, vessels
from analysis.news.numbers import numbers
from analysis.news.people import organisations, people, without_inside
from analysis.news.targets import aimed


def extract(body: str, published: dt.date, known: Mapping[str, Iterable[str]] | None = None) -> list[Candidate]:
    """Every candidate in `body`, in reading order, each with the column it would fill where its
    sentence tells (`analysis.news.targets`). `known` may list the ports, grades, vessels,
    organisations and people the store holds already ({"port": [...], "person": [...], ...}). A
    date inside a quantity or a sum of money ("2023" in "2023 tonnes") is left to the number; a port, grade,
    vessel or person inside an organisation's name ("Karachi Port Trust") to the organisation."""
    known = known or {}
    counted = numbers(body)
    spans = [(c.start, c.end) for c in counted]
    found = counted + [d for d in dates(body, published) if not any(s < d.end and d.start < e for s, e in spans)]
    bodies = organisations(body, tuple(known.get("organisation", ())))
    named = [*ports(body, known.get("port", ())), *grades(body, known.get("grade", ())),
             *vessels(body, known.get("vessel", ())), *people(body, tuple(known.get("person", ())))]
    found += [*bodies, *without_inside(named, bodies), *statuses(body)]
    return aimed(body, sorted(found, key=lambda c: (c.start, c.range == "high")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the candidate facts of one article as JSON.")
    parser.add_argument("article", type=Path, help="a text file or a saved web page")
    parser.add_argument("--published", type=dt.date.fromisoformat, help="the publication date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        data = args.article.read_bytes()
    except OSError as err:
        print(f"Cannot read {args.article}: {err.strerror}", file=sys.stderr)
        return 2
    try:
        article = read_article(data, args.article.name)
    except ArticleError as err:
        print(str(err), file=sys.stderr)
        return 2
    published = args.published or article.published
    if published is None:
        print(f"{args.article.name} does not say when it was published: give --published YYYY-MM-DD", file=sys.stderr)
        return 2
    json.dump({"candidates": [c.as_json() for c in extract(article.body, published)]}, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
