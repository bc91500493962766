"""The "Says who?" popover (ui/widgets.py): which sources it lists, and how many it sends."""
import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.widgets import POPOVER_ROWS, source_rows


def sources(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "source_id": [f"S{i:04d}" for i in range(n)],
        "publisher": ["Dawn"] * n, "title": ["t"] * n,
        "published_on": [f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
        "kind": ["news"] * n, "url": ["https://example.org"] * n,
    }).astype("string")


def test_source_rows_takes_ids_joined_by_semicolons_and_sorts_them_by_date():
    got = source_rows(sources(5), ["S0003;S0001", None, "S0001;;S0009"])
    assert got["source_id"].tolist() == ["S0001", "S0003"]  # Feb before Apr; S0009 does not exist
    assert list(got.columns) == ["source_id", "publisher", "title", "published_on", "kind", "url"]


def run_popover(n: int):
    at = AppTest.from_string(
        "import pandas as pd\nfrom ui.widgets import says_who\n"
        f"n = {n}\n"
        "frame = pd.DataFrame({'source_id': [f'S{i:04d}' for i in range(n)], 'publisher': 'Dawn', 'title': 't',"
        " 'published_on': '2023-06-11', 'kind': 'news', 'url': 'https://example.org'}).astype('string')\n"
        "says_who(frame, [';'.join(frame['source_id'])], key='who')\n", default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_a_popover_lists_at_most_its_limit_and_offers_every_source_as_csv():
    at = run_popover(POPOVER_ROWS + 50)
    [table] = at.dataframe
    assert len(table.value) == POPOVER_ROWS
    assert at.caption[0].value.startswith(f"Showing the first {POPOVER_ROWS:,} of {POPOVER_ROWS + 50:,} sources")
    assert [b.label for b in at.get("download_button")] == ["Download every source (CSV)"]


def test_a_short_list_is_shown_whole_without_a_download():
    at = run_popover(3)
    assert len(at.dataframe[0].value) == 3 and not at.caption and not at.get("download_button")
