"""Stored names written as markup are drawn as text in every chart of the served app, in headless
Chromium: a sector, an initiative, a publisher and a vessel named with an HTML link never become
a link (plotly draws '<a href>' in any label as a live link unless it is escaped)."""
from __future__ import annotations

from analysis.store import Store
from scripts.browse import serve, settle

LINK = '<a href="https://example.org/">Click</a>'
RENAMED = [("sectors", "energy", "name"), ("initiatives", "I01", "title"), ("sources", "S092", "publisher"),
           ("sources", "S001", "publisher"), ("cargo_reports", "CR006", "vessel")]
PAGES = ["", "volumes", "economics", "cooperation", "timeline", "sources"]


def test_stored_markup_is_drawn_as_text_and_never_as_a_link(tmp_path, browser):
    with serve(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(url)
        settle(page)  # the server has created and seeded its store
        store = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")
        for table, key, column in RENAMED:
            version = int(store.read_records(table, [key])["version"].iloc[0])
            store.update(table, key, {column: LINK}, version, "test", "a name written as markup")
        store.close()
        drawn, links = [], {}
        for path in PAGES:
            page.goto(f"{url}/{path}")
            settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            charts = page.locator('[data-testid="stPlotlyChart"]')
            links[path] = charts.locator("a").count()
            drawn += charts.locator("svg text").all_text_contents()
        page.close()
    assert links == {path: 0 for path in PAGES}
    assert any(LINK in text for text in drawn)  # the name is there, as the text it was stored as
