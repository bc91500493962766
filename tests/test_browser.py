"""The served app in a real headless Chromium: every page draws, deep links and filters work.

Uses the `server`, `browser` and `page` fixtures of conftest.py: `streamlit run app.py` on a free
local port with a throwaway store, driven through the system Chromium with Playwright. Saves a
screenshot of every page to docs/screenshots/. Skipped where Chromium is missing, except in CI.
"""
from __future__ import annotations

import re

import pytest
from conftest import save_screenshot, settle

PAGES = {  # URL path → (screenshot name, text the page must show)
    "": ("overview", "where it stands"),
    "volumes": ("volumes", "Crude volumes"),
    "economics": ("economics", "Did each Russian cargo pay"),
    "cooperation": ("cooperation", "Cooperation"),
    "timeline": ("timeline", "Timeline"),
    "sources": ("sources", "Sources"),
}


@pytest.mark.parametrize("path", list(PAGES), ids=[v[0] for v in PAGES.values()])
def test_every_page_draws_without_errors(server, page, path):
    page.goto(f"{server}/{path}")
    settle(page)
    name, heading = PAGES[path]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert heading.lower() in page.locator('[data-testid="stMain"]').inner_text().lower()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() > 0, f"chart {i} on {name} did not draw"
    save_screenshot(page, name)


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


TABS = {  # page → tabs that run only while open, each with a screenshot
    "volumes": ["Cumulative deliveries", "Per period and share of imports", "Route"],
    "sources": ["Order sizes", "Arrival dates", "Order dates", "Every source"],
}


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
        save_screenshot(page, f"{path}_{label.lower().replace(' ', '_')}")
    link = page.url  # the last tab, as a reader would share it
    page.goto(server)
    settle(page)
    page.goto(link)
    settle(page)
    assert page.get_by_role("tab", name=TABS[path][-1]).get_attribute("aria-selected") == "true"


def test_a_tab_keeps_its_settings_while_another_is_open(server, page):
    page.goto(f"{server}/volumes?vol_section=Per+period+and+share+of+imports&vol_freq=quarter")
    settle(page)
    assert "Crude delivered per quarter" in page.locator('[data-testid="stMain"]').inner_text()
    page.get_by_role("tab", name="Route").click()
    page.wait_for_url(re.compile(r"vol_section=Route"), timeout=15_000)
    settle(page)
    page.get_by_role("tab", name="Per period and share of imports").click()
    settle(page)
    assert "Crude delivered per quarter" in page.locator('[data-testid="stMain"]').inner_text()
