"""Alembic's environment for the store: runs the revisions of `versions/` on the connection that
`analysis.store.migrations` hands over (config.attributes["connection"]), inside the transaction
that module holds, so that an upgrade is committed whole or not at all."""
from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
