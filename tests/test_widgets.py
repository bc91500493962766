"""The "Says who?" popover (ui/widgets.py): which sources it lists, how many it sends and how it
fits a phone; and chart titles that wrap rather than being cut."""
import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.widgets import POPOVER_ROWS, TITLE_LINE, WRAP_ROWS, source_rows


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
    # Title and link first: a phone shows them side by side.
    assert list(got.columns) == ["title", "url", "publisher", "published_on", "kind", "source_id"]


def run_popover(n: int):
    at = AppTest.from_string(
        "import pandas as pd\nfrom ui.widgets import says_who\n"
        f"n = {n}\n"
        "frame = pd.DataFrame({'source_id': [f'S{i:04d}' for i in range(n)], 'publisher': 'Dawn', 'title': 't',"
        " 'published_on': '2023-06-11', 'kind': 'news', 'url': 'https://example.org'}).astype('string')\n"
        "says_who(frame, [';'.join(frame['source_id'])], key='who')\n", default_timeout=30)
    at.session_state["who-open"] = True  # as when the reader opens it
    at.run()
    assert not at.exception
    return at


def test_a_closed_popover_sends_no_sources():
    at = AppTest.from_string(
        "import pandas as pd\nfrom ui.widgets import says_who\n"
        "frame = pd.DataFrame({'source_id': ['S1'], 'publisher': 'Dawn', 'title': 't', 'published_on': '2023-06-11',"
        " 'kind': 'news', 'url': 'https://example.org'}).astype('string')\n"
        "says_who(frame, ['S1'], key='who')\n", default_timeout=30)
    at.run()
    assert not at.exception
    assert not at.dataframe and not at.caption
    at.session_state["who-open"] = True
    at.run()
    assert at.dataframe[0].value["source_id"].tolist() == ["S1"]


def test_a_popover_lists_at_most_its_limit_and_offers_every_source_as_csv():
    at = run_popover(POPOVER_ROWS + 50)
    [table] = at.dataframe
    assert len(table.value) == POPOVER_ROWS
    assert at.caption[0].value.startswith(f"Showing the first {POPOVER_ROWS:,} of {POPOVER_ROWS + 50:,} sources")
    assert [b.label for b in at.get("download_button")] == ["Download every source (CSV)"]


def test_a_short_list_is_shown_whole_without_a_download():
    at = run_popover(3)
    assert len(at.dataframe[0].value) == 3 and not at.caption and not at.get("download_button")


def test_a_source_list_wraps_its_titles_and_fits_the_title_and_link_of_a_phone():
    at = run_popover(3)
    table = at.dataframe[0].proto
    assert table.row_height == WRAP_ROWS > 64  # Streamlit wraps text in rows taller than 64 px
    widths = {name: column.get("width") for name, column in json.loads(table.columns).items()}
    assert widths["title"] + widths["url"] <= 340  # a 390 px screen less the popover's padding


def test_a_long_chart_title_wraps_onto_lines_a_phone_shows():
    at = AppTest.from_string(
        "import plotly.graph_objects as go\nfrom ui.widgets import chart\n"
        "chart(go.Figure(go.Bar(x=['a'], y=[1]), layout=dict(title='Crude delivered per year, Pakistan fiscal "
        "year basis (cubic metres)')), key='c')\n", default_timeout=30)
    at.run()
    assert not at.exception
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    lines = layout["title"]["text"].split("<br>")
    assert lines == ["Crude delivered per year, Pakistan fiscal", "year basis (cubic metres)"]
    assert all(len(line) <= TITLE_LINE for line in lines) and layout["margin"]["t"] == 38 + 22 * 2
