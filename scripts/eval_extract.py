"""Scores of the news desk's extraction against a labelled set of articles: precision, recall and
F1 for each kind of candidate and overall.

    .venv/bin/python scripts/eval_extract.py                  # tests/fixtures/news/devset.json
    .venv/bin/python scripts/eval_extract.py OTHER.json --misses

A set is {"articles": [{"id", "published", "body", "labels": [{"kind", "text", "value", "unit"?}]}]}
(tests/fixtures/news/README.md says how the development set was labelled). Within an article, a
candidate matches a label of the same kind and value (numbers within 0.1%, names and words
without regard to case), and for quantities and money the same unit; each label is matched once,
so a fact written twice must be found twice. A range's two ends are two labels.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT),) if p not in sys.path]

from analysis.news.candidates import KINDS  # noqa: E402
from analysis.news.extract import extract  # noqa: E402

DEVSET = ROOT / "tests" / "fixtures" / "news" / "devset.json"


def same(label: dict, found: dict) -> bool:
    if label["kind"] != found["kind"] or label.get("unit") != (found.get("unit") if label.get("unit") else None):
        return False
    a, b = label["value"], found["value"]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-3 * max(abs(a), abs(b), 1e-9)
    return str(a).casefold() == str(b).casefold()


def score(articles: list[dict]) -> tuple[Counter, Counter, Counter, list[tuple[str, list, list]], float]:
    """True positives, false positives and false negatives per kind, the misses of each article
    (labels not found, candidates not labelled) and the seconds spent extracting."""
    tp, fp, fn, misses, spent = Counter(), Counter(), Counter(), [], 0.0
    for article in articles:
        start = time.perf_counter()
        found = [c.as_json() for c in extract(article["body"], dt.date.fromisoformat(article["published"]))]
        spent += time.perf_counter() - start
        open_labels = list(article["labels"])
        extra = []
        for candidate in found:
            hit = next((label for label in open_labels if same(label, candidate)), None)
            if hit is None:
                extra.append(candidate)
                fp[candidate["kind"]] += 1
            else:
                open_labels.remove(hit)
                tp[candidate["kind"]] += 1
        for label in open_labels:
            fn[label["kind"]] += 1
        misses.append((article["id"], open_labels, extra))
    return tp, fp, fn, misses, spent


def _ratios(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def table(tp: Counter, fp: Counter, fn: Counter) -> str:
    lines = ["| kind | labels | found | right | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind in [*KINDS, "overall"]:
        t, f, n = ((sum(tp.values()), sum(fp.values()), sum(fn.values())) if kind == "overall"
                   else (tp[kind], fp[kind], fn[kind]))
        if kind != "overall" and not (t or f or n):
            continue
        p, r, f1 = _ratios(t, f, n)
        lines.append(f"| {kind} | {t + n} | {t + f} | {t} | {p:.2f} | {r:.2f} | {f1:.2f} |")
    return "\n".join(lines)


def speed(articles: list[dict], words: int = 1_000, runs: int = 20) -> tuple[float, float]:
    """Seconds to extract an article of about `words` words (the set's bodies joined) once warm,
    median of `runs`; and seconds for a fresh process to import the engine and extract it once."""
    import statistics
    import subprocess

    body, published = "", articles[0]["published"]
    for article in articles * 10:
        if len(body.split()) >= words:
            break
        body += article["body"] + "\n"
    day = dt.date.fromisoformat(published)
    extract(body, day)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(body, day)
        times.append(time.perf_counter() - start)
    code = ("import time, datetime as dt, sys; t = time.perf_counter(); from analysis.news.extract import extract; "
            f"extract(sys.stdin.read(), dt.date.fromisoformat({published!r})); print(time.perf_counter() - t)")
    first = subprocess.run([sys.executable, "-c", code], input=body, capture_output=True, text=True, cwd=ROOT,
                           check=True)
    return statistics.median(times), float(first.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labelled", nargs="?", type=Path, default=DEVSET, help="a labelled set (JSON)")
    parser.add_argument("--misses", action="store_true", help="also list, per article, what was missed or extra")
    parser.add_argument("--speed", action="store_true", help="also time a 1,000-word article, warm and in a new process")
    args = parser.parse_args(argv)
    articles = json.loads(args.labelled.read_text())["articles"]
    tp, fp, fn, misses, spent = score(articles)
    words = sum(len(a["body"].split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, {sum(len(a['labels']) for a in articles)} labels; "
          f"extraction {spent:.2f} s in all\n")
    print(table(tp, fp, fn))
    if args.speed:
        warm, first = speed(articles)
        print(f"\nA 1,000-word article: {warm * 1000:.0f} ms once warm (median of 20); {first:.2f} s for the first "
              "extraction in a new process, imports included.")
    if args.misses:
        for article_id, missed, extra in misses:
            if missed or extra:
                print(f"\n{article_id}")
                for label in missed:
                    print(f"  missed  {label['kind']:<12} {label['text']!r} → {label['value']!r} {label.get('unit') or ''}")
                for found in extra:
                    print(f"  extra   {found['kind']:<12} {found['text']!r} → {found['value']!r} {found.get('unit') or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
