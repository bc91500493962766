"""The change log records who signed in: `changes.issuer`, `changes.subject` and `changes.email`.

With sign-in on, every change carries the identity the provider vouched for (its issuer URL, the
subject id it gives the account, and the e-mail address); `user` stays the name shown. The
columns are added empty: changes logged before were made without sign-in, under a typed name.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    for name in ("issuer", "subject", "email"):
        op.add_column("changes", sa.Column(name, sa.Text, nullable=True))
