"""Versioned schema migrations of the store (Alembic), applied when the app opens the store.

The revisions in `versions/` are written by hand, each a step that keeps every row and the change
log: 0001 the store as the last release before migrations created it, 0002 `trade_flows.commodity`,
0003 the look-alike `match_key` of every record, indexes on the columns that cite other tables,
and the `activity` table, 0004 the signed-in identity of each change, 0005 `news_reviews`. A store
keeps the revision it is at in its own table `alembic_version`.

To change the schema: change `analysis.schema` (or `tables.py`), then write the next revision
(`revision = "0006"`, `down_revision = "0005"`) taking a store at the last revision to the new
tables; `tests/test_migrations.py` checks that a fresh store taken through every revision has
exactly the tables of `tables.METADATA`. Stores are only ever upgraded, never downgraded.
"""
from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from analysis.store.connection import is_busy, make_engine
from analysis.store.tables import METADATA

FOLDER = Path(__file__).resolve().parent
VERSION_TABLE = "alembic_version"
BASELINE = "0001"  # the store as released before migrations
UPGRADE_WAIT = 600.0  # seconds a server waits while another upgrades (or writes to) the same store
# PostgreSQL advisory lock held while the schema is checked and upgraded (any fixed number would do).
_LOCK_KEY = 2_024_110_009

_MOVE_DATA = (
    "To move its data: with the version of Corridor that made this store, download every table as CSV "
    "on the Data desk (Export tab); then start this version on a new, empty store (another CORRIDOR_DB_PATH "
    "or CORRIDOR_DATABASE_URL) and import the files on the Data desk (Import tab), sources first, adding "
    "any column the import asks for.")


class UpgradeError(RuntimeError):
    """The store cannot be brought to this version's schema; nothing was changed. The message
    says why and what to do."""


def _config(connection: sa.Connection) -> Config:
    """Alembic's configuration, built here (no alembic.ini): the revisions of this folder, run on
    `connection`."""
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision."""
    return ScriptDirectory(str(FOLDER)).get_current_head()


@functools.cache
def baseline_columns() -> dict[str, frozenset[str]]:
    """Table -> column names, as revision 0001 creates them (run on a database in memory)."""
    with sa.create_engine("sqlite://").connect() as conn:
        command.upgrade(_config(conn), BASELINE)
        inspector = sa.inspect(conn)
        return {t: frozenset(c["name"] for c in inspector.get_columns(t))
                for t in inspector.get_table_names() if t != VERSION_TABLE}


def _differences(inspector: sa.Inspector, present: set[str]) -> tuple[list[str], bool]:
    """How the store's tables differ from the baseline's, one phrase each; and whether the store
    only lacks things the baseline has (it is older)."""
    baseline, phrases, extra = baseline_columns(), [], False
    for table in sorted(present | set(baseline)):
        if table not in baseline:
            phrases.append(f"it has a table {table}")
            extra = True
        elif table not in present:
            phrases.append(f"it has no table {table}")
        else:
            columns = {c["name"] for c in inspector.get_columns(table)}
            if missing := sorted(baseline[table] - columns):
                phrases.append(f"{table} has no {', '.join(missing)}")
            if added := sorted(columns - baseline[table]):
                phrases.append(f"{table} has {', '.join(added)} besides")
                extra = True
    return phrases, not extra


def _refuse_unknown_tables(inspector: sa.Inspector, present: set[str], where: str) -> None:
    """UpgradeError unless the unversioned store's tables are exactly the baseline's."""
    phrases, older = _differences(inspector, present)
    if not phrases:
        return
    if older:
        said = (f"The store at {where} is older than any upgrade path: it lacks what the oldest store "
                f"this version can upgrade already had ({'; '.join(phrases)}).")
    else:
        said = (f"The store at {where} matches no version this one can upgrade from "
                f"({'; '.join(phrases)}).")
    raise UpgradeError(f"{said} Nothing was changed. {_MOVE_DATA}")


def _refuse_newer(conn: sa.Connection, config: Config, where: str) -> None:
    """UpgradeError when the store is at a revision this version does not know (a newer one)."""
    known = {r.revision for r in ScriptDirectory.from_config(config).walk_revisions()}
    current = MigrationContext.configure(conn).get_current_heads()
    if unknown := [r for r in current if r not in known]:
        raise UpgradeError(
            f"The store at {where} was upgraded by a newer version of Corridor (schema revision "
            f"{', '.join(unknown)}; this version knows up to {head()}). Nothing was changed. "
            "Run the newer version on this store, or this version on another one.")


def _check_foreign_keys(conn: sa.Connection) -> None:
    """SQLite: every reference still holds after tables were rebuilt with the checks off."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, target, _ = broken[0]
        raise UpgradeError(f"The upgrade would leave {len(broken)} broken references (first: row {rowid} of "
                           f"{table} cites a missing {target}); nothing was changed.")


def _upgrade(conn: sa.Connection, target: str, where: str) -> str:
    """Check, stamp and upgrade inside the caller's transaction; the revision reached."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    config = _config(conn)
    inspector = sa.inspect(conn)
    present = set(inspector.get_table_names())
    if VERSION_TABLE in present:
        _refuse_newer(conn, config, where)
    elif ours := present & (set(baseline_columns()) | set(METADATA.tables)):
        _refuse_unknown_tables(inspector, ours, where)
        command.stamp(config, BASELINE)
    elif target == "head":  # an empty database: this version's tables at once, recorded at the newest
        METADATA.create_all(conn)
        command.stamp(config, "head")
        return head()
    before = MigrationContext.configure(conn).get_current_revision()
    command.upgrade(config, target)
    reached = MigrationContext.configure(conn).get_current_revision()
    if reached != before and conn.dialect.name == "sqlite":
        _check_foreign_keys(conn)
    return reached


def upgrade(engine: sa.Engine, target: str = "head") -> str:
    """Bring the store at `engine.url` (a file or server database) to revision `target`, by
    default the newest; returns the revision it is at.

    An empty database gets this version's tables at once (the same as running every revision,
    which `tests/test_migrations.py` checks) and is recorded at the newest revision. A store made by the release
    before migrations (its tables, no `alembic_version`) is first recorded at 0001. A store at
    an older revision is upgraded from there; one at the newest is left alone. Everything runs
    in one transaction, committed whole or not at all. Raises UpgradeError, changing nothing,
    when the store's tables are not those of any revision (older than 0001, or unknown), when
    it is at a revision newer than this version knows, or when another server held the store
    for longer than UPGRADE_WAIT seconds.

    Two servers starting at once upgrade one after the other; the second finds nothing to do.
    On PostgreSQL they queue on an advisory lock, on SQLite on the write lock (BEGIN IMMEDIATE).
    On SQLite the foreign-key checks are off while tables are rebuilt (batch mode drops and
    recreates tables that others cite) and every reference is checked before committing.
    """
    where = engine.url.render_as_string(hide_password=True)
    own = make_engine(engine.url.render_as_string(hide_password=False), UPGRADE_WAIT)
    try:
        with own.execution_options(corridor_write=True).connect() as conn:
            if conn.dialect.name == "sqlite":  # outside any transaction, where SQLite honours it
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                return _upgrade(conn, target, where)
    except OperationalError as err:
        if not is_busy(err):
            raise
        raise UpgradeError(f"The store at {where} stayed busy for more than {UPGRADE_WAIT:g} s (another "
                           "server upgrading it, or a long write); nothing was changed. Start again when "
                           "it is free.") from None
    finally:
        own.dispose()
