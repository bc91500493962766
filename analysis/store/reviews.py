"""Articles under review on the News desk, kept in `news_reviews` with the decisions made so far,
so that a half-reviewed article can be left and resumed from any server."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from analysis.store.tables import NEWS_REVIEWS
from analysis.validate import Problem, ValidationError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # no database stores all of these (PostgreSQL: no NUL)


@dataclass(frozen=True)
class Review:
    """One article and the analyst's decisions on its drafts: draft key → {"decision": "accepted"
    or "rejected", "values": the values as accepted}."""

    review_id: str
    url: str
    publisher: str
    title: str
    published_on: str  # YYYY-MM-DD
    body: str
    decisions: dict[str, dict] = field(default_factory=dict)
    updated_by: str = ""
    updated_at: str = ""

    def problems(self) -> list[Problem]:
        """What the database could not hold: a control character in any text, named by field."""
        return [Problem("article", None, name, repr(CONTROL.search(value)[0]),
                        "holds a control character; remove it (paste the text again as plain text)")
                for name in ("url", "publisher", "title", "published_on", "body")
                if CONTROL.search(value := getattr(self, name))]


def save(conn: sa.Connection, review: Review) -> None:
    """Insert or replace `review` inside the caller's transaction; ValidationError, writing
    nothing, when it holds text the database cannot store."""
    if review.problems():
        raise ValidationError(review.problems())
    row = {**review.__dict__, "decisions": json.dumps(review.decisions, sort_keys=True)}
    conn.execute(sa.delete(NEWS_REVIEWS).where(NEWS_REVIEWS.c.review_id == review.review_id))
    conn.execute(sa.insert(NEWS_REVIEWS).values(**row))


def read(conn: sa.Connection, review_id: str) -> Review | None:
    """The review of that id, or None."""
    row = conn.execute(sa.select(NEWS_REVIEWS).where(NEWS_REVIEWS.c.review_id == review_id)).mappings().first()
    return None if row is None else Review(**{**row, "decisions": json.loads(row["decisions"])})


def listing(conn: sa.Connection) -> pd.DataFrame:
    """Every review, newest first: id, title, publisher, published_on, updated_by, updated_at."""
    columns = ["review_id", "title", "publisher", "published_on", "updated_by", "updated_at"]
    rows = conn.execute(sa.select(*(NEWS_REVIEWS.c[c] for c in columns))
                        .order_by(NEWS_REVIEWS.c.updated_at.desc())).all()
    return pd.DataFrame(rows, columns=columns, dtype="string")
