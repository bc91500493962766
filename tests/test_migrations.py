"""Schema migrations, on SQLite and PostgreSQL: a store made by the release before migrations
(tests/fixtures/legacy_store_v10.py) is upgraded with every row and the change log intact; a
fresh store taken through every revision has exactly the tables of `tables.METADATA`; upgrading
again changes nothing; a store older than any upgrade path, or newer than this version, is
refused with a message saying what to do; two servers starting at once both succeed."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from analysis.identifiers import skeleton
from analysis.store import METADATA, Store
from analysis.store.migrations import BASELINE, UpgradeError, head, upgrade
from conftest import SEED_DIR, drop_store
from fixtures import legacy_store_v10 as legacy

# What the release's UN Comtrade import stored for tests/fixtures/comtrade/pakistan_russia_2709_2023.csv.
COMTRADE_SOURCE = {"source_id": "CT-3B2B983BF8", "publisher": "UN Comtrade",
                   "title": "UN Comtrade export pakistan_russia_2709_2023.csv (HS 2709 crude petroleum)",
                   "url": "https://comtradeplus.un.org/", "published_on": "2025-11-28", "kind": "dataset",
                   "language": "en"}
COMTRADE_FLOWS = [
    {"flow_id": "CT-PAK-RUS-M-2023", "source_id": "CT-3B2B983BF8", "period_start": "2023-01-01",
     "period_end": "2023-12-31", "basis": "calendar", "direction": "RU_to_PK", "value_usd": "58431000",
     "qualifier": "exact", "note": "UN Comtrade, HS 2709 crude petroleum only; Pakistan reported its imports "
                                   "from Russia; net weight 101,122 t."},
    {"flow_id": "CT-RUS-PAK-X-2023", "source_id": "CT-3B2B983BF8", "period_start": "2023-01-01",
     "period_end": "2023-12-31", "basis": "calendar", "direction": "RU_to_PK", "value_usd": "55300000",
     "qualifier": "exact", "note": "UN Comtrade, HS 2709 crude petroleum only; Russia reported its exports "
                                   "to Pakistan; net weight 98,000 t (estimated)."},
]
# A look-alike of S001 (Oil & Gas Journal), which the release could store beside it.
LOOKALIKE_SOURCE = {"source_id": "s001", "publisher": "Oil & Gas Journal", "title": "Karachi terminal (copy)",
                    "url": "https://www.ogj.com/", "published_on": "2005-09-14", "kind": "news", "language": "en"}
SEED_FLOWS = [f"TF0{i}" for i in range(1, 10)]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """An empty database: a new SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'corridor.sqlite'}"
        return
    found = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(found)
    drop_store(engine)
    yield found
    drop_store(engine)
    engine.dispose()


def released_store(url: str) -> None:
    """A store as the release made it: seeded from tests/fixtures/seed, a Comtrade import, a
    look-alike source, and edits and a delete, so that the change log has history."""
    engine = legacy.create(url)
    try:
        legacy.seed(engine, SEED_DIR)
        with engine.begin() as conn:
            legacy.insert(conn, "sources", [COMTRADE_SOURCE, LOOKALIKE_SOURCE], "ayesha",
                          "import of pakistan_russia_2709_2023.csv")
            legacy.insert(conn, "trade_flows", COMTRADE_FLOWS, "ayesha", "import of pakistan_russia_2709_2023.csv")
        # Its note no longer says where it came from: its source's title still does.
        legacy.update(engine, "trade_flows", "CT-RUS-PAK-X-2023", {"note": "Russia's mirror figure."},
                      "bilal", "shorter note")
        legacy.update(engine, "cargo_reports", "CR002", {"vessel": "Pure Point"}, "bilal", "vessel named by S031")
        legacy.update(engine, "cargo_reports", "CR002", {"quantity": "45000", "unit": "t"}, "ayesha", "quantity")
        legacy.delete(engine, "events", "E001", "ayesha", "duplicate of E002")
    finally:
        engine.dispose()


def contents(url: str, metadata: sa.MetaData) -> dict[str, list[dict]]:
    """Every row of every table of `metadata` (its columns only), in key order."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: [dict(r) for r in conn.execute(
                        sa.select(table).order_by(*table.primary_key.columns)).mappings()]
                    for name, table in metadata.tables.items()}
    finally:
        engine.dispose()


def column(url: str, table: str, key: str, name: str) -> dict[str, str]:
    """{key: value of column `name`} for every row of `table`."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return dict(conn.execute(sa.text(f'SELECT {key}, {name} FROM {table}')).all())
    finally:
        engine.dispose()


def schema(url: str) -> dict:
    """The database's tables: columns, keys, indexes, checks and foreign keys as reflected, and
    the revision recorded."""
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        found = {t: ([{**c, "type": str(c["type"])} for c in inspector.get_columns(t)],
                     inspector.get_pk_constraint(t), inspector.get_indexes(t),
                     inspector.get_check_constraints(t), inspector.get_foreign_keys(t))
                 for t in inspector.get_table_names()}
        with engine.connect() as conn:
            found["revision"] = MigrationContext.configure(conn).get_current_revision()
        return found
    finally:
        engine.dispose()


def differences(url: str, metadata: sa.MetaData) -> list:
    """What Alembic finds different between the database and `metadata` (columns, types,
    nullability, keys, indexes, foreign keys), plus what it does not compare: check constraints
    present on one side only and, on SQLite, which keeps a check's text as written, checks whose
    rule differs (PostgreSQL rewrites the text)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            found = compare_metadata(MigrationContext.configure(conn), metadata)
            inspector = sa.inspect(conn)
            present = set(inspector.get_table_names())
            for name, table in [(n, t) for n, t in metadata.tables.items() if n in present]:
                stored = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(name)}
                wanted = {c.name: str(c.sqltext.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
                          for c in table.constraints if isinstance(c, sa.CheckConstraint)}
                found += [("check only in the database", name, c) for c in sorted(stored.keys() - wanted.keys())]
                found += [("check only in the tables", name, c) for c in sorted(wanted.keys() - stored.keys())]
                if conn.dialect.name == "sqlite":
                    found += [("check rule differs", name, c, stored[c], wanted[c])
                              for c in sorted(stored.keys() & wanted.keys()) if stored[c] != wanted[c]]
        return [d for d in found if not (d[0] == "remove_table" and d[1].name == "alembic_version")]
    finally:
        engine.dispose()


def test_a_store_of_the_last_release_is_upgraded_with_every_row_and_the_change_log(url):
    released_store(url)
    before = contents(url, legacy.METADATA)
    assert {name: len(rows) for name, rows in before.items()} == {
        "sources": 104, "sectors": 11, "grades": 3, "orders": 5, "cargo_reports": 14, "events": 68,
        "initiatives": 14, "initiative_reports": 67, "trade_flows": 11, "import_context": 14, "targets": 6,
        "changes": 322}

    store = Store(url)
    try:
        store.create()
        assert contents(url, legacy.METADATA) == before
        assert column(url, "trade_flows", "flow_id", "commodity") == {
            **dict.fromkeys(SEED_FLOWS, "TOTAL"), "CT-PAK-RUS-M-2023": "2709", "CT-RUS-PAK-X-2023": "2709"}
        for name, table in legacy.TABLES.items():
            expected = {key: skeleton(key) for key in column(url, name, table.key, table.key)}
            if name == "sources":
                expected["s001"] = "s001#s001"  # S001 came first: it keeps the plain skeleton
            assert column(url, name, table.key, "match_key") == expected, name
        assert schema(url)["revision"] == head() == "0005"

        # The upgraded store works: an edit continues the versions and the change log.
        assert store.update("cargo_reports", "CR002", {"vessel": "Pure Point II"}, expected_version=3,
                            user="bilal", reason="vessel renamed") == 4
        log = store.read_changes()
        assert log["change_id"].tolist() == list(range(1, 324))
        assert log.iloc[-1][["record_key", "action", "user"]].tolist() == ["CR002", "update", "bilal"]
    finally:
        store.close()


def test_on_sqlite_the_commodity_sits_after_the_direction(tmp_path):
    url = f"sqlite:///{tmp_path / 'corridor.sqlite'}"
    released_store(url)
    upgrade(sa.create_engine(url))
    names = [c["name"] for c in schema(url)["trade_flows"][0]]
    assert names == ["flow_id", "source_id", "period_start", "period_end", "basis", "direction", "commodity",
                     "value_usd", "qualifier", "note", "version", "match_key"]


def test_a_store_at_an_earlier_revision_is_upgraded_from_there(url):
    released_store(url)
    before = contents(url, legacy.METADATA)
    engine = sa.create_engine(url)
    try:
        assert upgrade(engine, "0002") == "0002"
        assert "match_key" not in {c["name"] for c in schema(url)["sources"][0]}
        assert upgrade(engine) == "0005"
    finally:
        engine.dispose()
    assert contents(url, legacy.METADATA) == before
    assert column(url, "trade_flows", "flow_id", "commodity")["CT-RUS-PAK-X-2023"] == "2709"
    assert differences(url, METADATA) == []


def test_revision_0001_is_exactly_the_schema_of_the_last_release(url):
    engine = sa.create_engine(url)
    try:
        assert upgrade(engine, "0001") == "0001"
    finally:
        engine.dispose()
    assert differences(url, legacy.METADATA) == []


def test_every_revision_in_turn_gives_exactly_the_tables_of_the_store(url):
    engine = sa.create_engine(url)
    try:
        assert upgrade(engine, BASELINE) == BASELINE  # from empty, revision by revision
        assert upgrade(engine) == head()
    finally:
        engine.dispose()
    assert differences(url, METADATA) == []
    assert "ux_sources_match_key" in {i["name"] for i in schema(url)["sources"][2]}


def test_an_empty_database_gets_the_tables_at_once_at_the_newest_revision(url):
    engine = sa.create_engine(url)
    try:
        assert upgrade(engine) == head()
    finally:
        engine.dispose()
    assert differences(url, METADATA) == []
    assert schema(url)["revision"] == head()


def test_the_comparison_sees_a_missing_table_column_or_check(url):
    """The check above can fail: a database one revision short differs from the store's tables,
    and so do tables with a check the database lacks."""
    engine = sa.create_engine(url)
    try:
        upgrade(engine, "0002")
        found = [d for d in differences(url, METADATA) if isinstance(d, tuple)]
        assert ("add_table", "activity") in [(d[0], d[1].name) for d in found if d[0] == "add_table"]
        assert ("sources", "match_key") in [(d[2], d[3].name) for d in found if d[0] == "add_column"]
        upgrade(engine)
    finally:
        engine.dispose()
    stricter = sa.MetaData()
    for table in METADATA.tables.values():
        table.to_metadata(stricter)
    stricter.tables["trade_flows"].append_constraint(
        sa.CheckConstraint("commodity <> ''", name="ck_trade_flows_commodity"))
    assert differences(url, stricter) == [("check only in the tables", "trade_flows", "ck_trade_flows_commodity")]
    widened = sa.MetaData()
    for table in METADATA.tables.values():
        table.to_metadata(widened)
    basis = next(c for c in widened.tables["trade_flows"].constraints if c.name == "ck_trade_flows_basis_allowed")
    basis.sqltext = sa.column("basis").in_(("calendar", "fiscal", "financial"))
    if "sqlite" in url:
        assert differences(url, widened) == [
            ("check rule differs", "trade_flows", "ck_trade_flows_basis_allowed", "basis IN ('calendar', 'fiscal')",
             "basis IN ('calendar', 'fiscal', 'financial')")]


def test_upgrading_again_changes_nothing(url):
    released_store(url)
    engine = sa.create_engine(url)
    try:
        upgrade(engine)
        before, rows = schema(url), contents(url, METADATA)
        assert upgrade(engine) == "0005"
    finally:
        engine.dispose()
    assert schema(url) == before
    assert contents(url, METADATA) == rows


def test_a_store_older_than_any_upgrade_path_is_refused_with_how_to_move_its_data(url):
    older = {**legacy.TABLES,
             "orders": replace(legacy.TABLES["orders"], columns=tuple(
                 c for c in legacy.TABLES["orders"].columns if c.name != "evidence")),
             "cargo_reports": replace(legacy.TABLES["cargo_reports"], columns=tuple(
                 c for c in legacy.TABLES["cargo_reports"].columns if c.name not in ("evidence", "link", "link_note")))}
    legacy.create(url, legacy.metadata_for(older)).dispose()
    before = schema(url)
    store = Store(url)
    try:
        with pytest.raises(UpgradeError) as refused:
            store.create()
    finally:
        store.close()
    where = sa.make_url(url).render_as_string(hide_password=True)
    assert str(refused.value) == (
        f"The store at {where} is older than any upgrade path: it lacks what the oldest store this version "
        "can upgrade already had (cargo_reports has no evidence, link, link_note; orders has no evidence). "
        "Nothing was changed. To move its data: with the version of Corridor that made this store, download "
        "every table as CSV on the Data desk (Export tab); then start this version on a new, empty store "
        "(another CORRIDOR_DB_PATH or CORRIDOR_DATABASE_URL) and import the files on the Data desk (Import "
        "tab), sources first, adding any column the import asks for.")
    assert schema(url) == before
    assert "alembic_version" not in before


def test_a_store_upgraded_by_a_newer_version_is_refused(url):
    engine = sa.create_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
        with pytest.raises(UpgradeError, match=r"was upgraded by a newer version of Corridor \(schema revision "
                                               r"0099; this version knows up to 0005\)\. Nothing was changed\."):
            upgrade(engine)
    finally:
        engine.dispose()


def test_two_servers_starting_at_once_both_open_the_store(url):
    released_store(url)
    before = contents(url, legacy.METADATA)
    start, reached, failed = threading.Barrier(2), [], []

    def server() -> None:
        store = Store(url)
        try:
            start.wait()
            store.create()
            reached.append(schema(url)["revision"])
        except Exception as err:  # noqa: BLE001 - reported below
            failed.append(err)
        finally:
            store.close()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failed == []
    assert reached == ["0005", "0005"]
    assert contents(url, legacy.METADATA) == before
    assert differences(url, METADATA) == []
