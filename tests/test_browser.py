"""The served app in a real headless Chromium: every page draws, deep links and filters work, and
axe-core finds no serious or critical WCAG 2.1 AA violation on any page or tab.

Uses the `server`, `browser` and `page` fixtures of conftest.py: the app served on a free local
port with a throwaway store, driven through the system Chromium with Playwright (screenshots are
taken by scripts/screenshots.py, not here). Skipped where Chromium is missing, except in CI.
"""
from __future__ import annotations

import re

import pytest
from conftest import pale_chart_text, serious_violations

from scripts.browse import open_view, pages, settle, tab_labels, views
from ui.colours import BACKGROUND

HEADINGS = {  # URL path → (name, text the page must show)
    "": ("overview", "where it stands"),
    "volumes": ("volumes", "Crude volumes"),
    "economics": ("economics", "Russian cargoes pay"),
    "cooperation": ("cooperation", "Cooperation"),
    "timeline": ("timeline", "Timeline"),
    "sources": ("sources", "Sources"),
}


@pytest.mark.parametrize("path", list(HEADINGS), ids=[v[0] for v in HEADINGS.values()])
def test_every_page_draws_without_errors(server, page, path):
    page.goto(f"{server}/{path}")
    settle(page)
    name, heading = HEADINGS[path]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert heading.lower() in page.locator('[data-testid="stMain"]').inner_text().lower()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() > 0, f"chart {i} on {name} did not draw"


def metric_value(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_deep_link_opens_the_filtered_view(server, page):
    # Oct–Dec 2023: only the two Cnergyico cargoes (100,000 t + 10,000 t), in barrels at 7.33 bbl/t.
    page.goto(f"{server}/?from=2023-10-01&to=2023-12-31&unit=barrels")
    settle(page)
    assert metric_value(page, "Cargoes arrived") == "2"
    assert metric_value(page, "Delivered") == "806 kbbl"  # 110,000 t × 7.33 = 806,300 bbl


def test_changing_a_filter_changes_the_url(server, page):
    page.goto(server)
    settle(page)
    assert "unit=" not in page.url
    page.locator('[data-testid="stSidebar"]').get_by_text("barrels", exact=True).click()
    page.wait_for_url(re.compile(r"unit=barrels"), timeout=15_000)
    settle(page)
    assert metric_value(page, "Ordered") == "733 kbbl"  # 100,000 t × 7.33 bbl/t


def test_filters_follow_the_reader_to_another_page(server, page):
    page.goto(f"{server}/?unit=barrels&from=2023-06-01")
    settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Crude volumes", exact=True).click()
    page.wait_for_url(re.compile(r"/volumes\?"), timeout=15_000)
    settle(page)
    assert "unit=barrels" in page.url and "from=2023-06-01" in page.url
    assert "in barrels" in page.locator('[data-testid="stMain"]').inner_text()


def test_filters_survive_a_visit_to_a_page_without_them(server, page):
    page.goto(f"{server}/?unit=barrels")
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Data desk", exact=True).click()
    page.wait_for_url(re.compile(r"/data_desk"), timeout=15_000)
    settle(page)
    sidebar.get_by_text("Overview", exact=True).click()
    page.wait_for_url(re.compile(r"unit=barrels"), timeout=15_000)
    settle(page)
    assert metric_value(page, "Ordered") == "733 kbbl"


TABS = {path: tab_labels(path)[1:] for path in ("volumes", "sources")}  # tabs that run only while open


@pytest.mark.parametrize("path", list(TABS))
def test_each_tab_draws_and_its_link_opens_it(server, page, path):
    page.goto(f"{server}/{path}")
    settle(page)
    for label in TABS[path]:
        page.get_by_role("tab", name=label).click()
        page.wait_for_url(re.compile(r"_section="), timeout=15_000)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_role("tab", name=label).get_attribute("aria-selected") == "true"
        charts = page.locator('[data-testid="stPlotlyChart"]')
        for i in range(charts.count()):
            assert charts.nth(i).locator(".main-svg").count() > 0, f"chart {i} in {label} did not draw"
    link = page.url  # the last tab, as a reader would share it
    page.goto(server)
    settle(page)
    page.goto(link)
    settle(page)
    assert page.get_by_role("tab", name=TABS[path][-1]).get_attribute("aria-selected") == "true"


def test_a_tab_keeps_its_settings_while_another_is_open(server, page):
    page.goto(f"{server}/volumes?vol_section=Per+period+and+share+of+imports&vol_freq=quarter")
    settle(page)
    per_quarter = page.locator('[data-testid="stPlotlyChart"][aria-label*="Crude delivered per quarter"]')
    assert per_quarter.count() == 1
    page.get_by_role("tab", name="Route").click()
    page.wait_for_url(re.compile(r"vol_section=Route"), timeout=15_000)
    settle(page)
    page.get_by_role("tab", name="Per period and share of imports").click()
    settle(page)
    assert per_quarter.count() == 1


def test_the_views_cover_every_page_and_tab(server, page):
    """scripts/browse.py lists what the accessibility test and the screenshots visit: every page
    of the menu and every tab of each page."""
    page.goto(server)
    settle(page)
    assert page.locator('[data-testid="stSidebar"] a').count() == len(pages())
    for path in pages().values():
        page.goto(f"{server}/{path}")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert [t.inner_text().strip() for t in page.get_by_role("tab").all()] == tab_labels(path), path


@pytest.mark.parametrize("view", views(), ids=lambda v: v.name)
def test_no_serious_accessibility_violation(server, page, view):
    """axe-core on the view as drawn, then again with every expander open (the text version of
    each chart among them); every chart carries an accessible name and its text version, and its
    own text (ticks, titles, labels) reads at 4.5:1."""
    open_view(page, server, view)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert serious_violations(page) == []
    charts = page.locator('[data-testid="stPlotlyChart"]')
    named = page.locator('[data-testid="stPlotlyChart"][role="figure"][aria-label^="Chart: "]')
    assert named.count() == charts.count()
    assert pale_chart_text(page, BACKGROUND) == []  # axe does not read the text inside charts
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(closed.count()):
        closed.first.click()
    settle(page)  # the tables in the expanders draw
    texts = page.locator('[data-testid="stExpander"]', has_text="Text version of this chart")
    assert texts.count() == charts.count()
    assert serious_violations(page) == []
