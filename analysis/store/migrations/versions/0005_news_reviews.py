"""The News desk keeps the articles being reviewed: `news_reviews`.

One row per article (keyed by the source id the article's address gives), with its text and
metadata and the analyst's decisions so far, so that a half-reviewed article can be left and
resumed, from any server. Nothing in it reaches the dataset until a draft is accepted, and that
goes through the store's usual validated, logged write.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "news_reviews",
        sa.Column("review_id", sa.Text, primary_key=True),
        *(sa.Column(name, sa.Text, nullable=False)
          for name in ("url", "publisher", "title", "published_on", "body", "decisions", "updated_by", "updated_at")),
    )
