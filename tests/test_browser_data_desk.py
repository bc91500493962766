"""The data desk in a real headless Chromium: an analyst uploads a CSV holding a new cargo report,
previews it, imports it, and sees the new cargo in the Crude volumes cargo ledger.

Uses the `server`, `browser` and `page` fixtures of tests/conftest.py (a fresh store per module).
Skipped without Chromium, except in CI.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.schema import TABLES
from conftest import serious_violations
from scripts.browse import settle

NEW_CARGO = {  # a cargo reported today: a new cargo id and vessel, citing a stored source
    "report_id": "CR100", "cargo_id": "C09", "source_id": "S032", "vessel": "Sea Falcon", "grade": "Urals",
    "load_port": "Ust-Luga", "load_date": "2025-10", "discharge_port": "Karachi", "arrival_date": "2025-11-20",
    "quantity": "98000", "unit": "t", "qualifier": "about", "buyer": "Pakistan Refinery Ltd (PRL)",
    "status": "arrived", "evidence": "port_data", "link": "confirmed", "note": "Reported by the port on arrival.",
}


def csv_bytes() -> bytes:
    columns = TABLES["cargo_reports"].column_names
    return pd.DataFrame([{c: NEW_CARGO.get(c) for c in columns}], columns=columns).to_csv(index=False).encode()


def metric_value(pg, label: str) -> str:
    return pg.locator('[data-testid="stMetric"]', has_text=label).first.locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_a_new_cargo_uploaded_on_the_desk_shows_on_crude_volumes(server, page, tmp_path):
    page.goto(f"{server}/data_desk?desk_tab=Import&desk_imp_table=Cargo+reports")  # a deep link
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Data desk" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    page.get_by_role("textbox", name="Your name").fill("Ana Analyst")
    page.get_by_role("textbox", name="Your name").press("Enter")
    settle(page)
    upload = tmp_path / "new_cargo.csv"
    upload.write_bytes(csv_bytes())
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("New rows").first.wait_for(timeout=30_000)
    settle(page)
    assert (metric_value(page, "New rows"), metric_value(page, "Changed rows")) == ("1", "0")
    assert serious_violations(page) == []  # the preview of an import
    page.get_by_role("button", name=re.compile(r"Import 1 new and 0 changed rows")).click()
    page.get_by_text("Imported.").wait_for(timeout=30_000)
    settle(page)
    assert "Cargo reports: 1 new, 0 changed, 0 unchanged rows." in page.locator('[data-testid="stMain"]').inner_text()

    page.locator('[data-testid="stSidebar"]').get_by_text("Crude volumes", exact=True).click()
    page.wait_for_url(re.compile(r"/volumes"), timeout=15_000)
    settle(page)
    ledger = page.locator('[data-testid="stDataFrame"]').filter(has_text="Vessel").first
    ledger.locator("table").first.wait_for(state="attached", timeout=20_000)
    rows = ledger.locator("table").first.inner_text()
    assert "C09" in rows and "Sea Falcon" in rows
    assert page.locator('[data-testid="stException"]').count() == 0


def test_every_tab_of_the_desk_draws(server, page):
    for tab in ("Add", "Correct", "History", "Import", "Export"):
        page.goto(f"{server}/data_desk?desk_tab={tab}")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, tab
        selected = page.locator('[role="tab"][aria-selected="true"]').first.inner_text()
        assert selected.strip() == tab
