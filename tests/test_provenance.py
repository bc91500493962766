"""What each source supports, counted by hand from data/*.csv."""
from pathlib import Path

import pytest

from analysis.datafiles import read_data_dir, typed
from analysis.provenance import CITING_TABLES, filter_sources, source_support


@pytest.fixture(scope="module")
def tables():
    frames = read_data_dir(Path(__file__).resolve().parent.parent / "data")
    return {name: typed(name, frame) for name, frame in frames.items()}


@pytest.fixture(scope="module")
def support(tables):
    return source_support(tables)


def test_every_citing_table_is_counted(tables, support):
    assert set(CITING_TABLES) == {"grades", "orders", "cargo_reports", "events", "initiative_reports",
                                  "trade_flows", "import_context", "targets"}
    for name in CITING_TABLES:
        assert support[name].sum() == len(tables[name]), name
    assert len(support) == len(tables["sources"])


def test_the_news_28_june_2023_supports_two_cargo_reports_an_event_and_a_target(support):
    row = support.set_index("source_id").loc["S038"]
    # CR004 (Pure Point 45,122 t), CR007 (Clyde Noble 56,000 t), E017 and T03.
    assert (row["cargo_reports"], row["events"], row["targets"], row["orders"], row["rows"]) == (2, 1, 1, 0, 4)


def test_dna_news_2026_article(support):
    row = support.set_index("source_id").loc["S092"]
    # OR002, CR005, E068 and six initiative reports (IR031, IR034, IR040, IR063, IR065, IR067).
    assert (row["orders"], row["cargo_reports"], row["events"], row["initiative_reports"], row["rows"]) == (
        1, 1, 1, 6, 9)


def test_uncited_sources_count_zero(support):
    row = support.set_index("source_id").loc["S001"]
    assert row["rows"] == 0 and row["publisher"] == "Oil & Gas Journal"


def test_filter_by_kind_and_search(support):
    assert sorted(filter_sources(support, ["dataset"])["source_id"]) == ["S072", "S094", "S096", "S098"]
    reuters = filter_sources(support, query="  REUTERS ")
    assert sorted(reuters["source_id"]) == ["S011", "S021", "S022", "S026", "S034", "S047", "S069"]
    # Title words count too: "yuan" is in the titles of S024, S026 and S034.
    assert sorted(filter_sources(support, query="yuan")["source_id"]) == ["S024", "S026", "S034"]
    assert filter_sources(support, ["official"], "reuters").empty
    assert len(filter_sources(support)) == len(support)
