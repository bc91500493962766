"""An unexpected error reaches the reader as a short message with an error id, in AppTest and in
the served app in headless Chromium: no traceback, no server path, no query or stored value; the
server log has the details under that id. In the served app the error is provoked for real: the
store's change log is taken away under it."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from scripts.browse import ROOT, serve, settle

ERROR_ID = re.compile(r"Error id ([0-9a-f]{8})")
# What the failure would show with details: its type, the database's words, a trace, file paths.
DETAILS = ("no such table", "OperationalError", "sqlalchemy", "Traceback", 'File "', "site-packages", str(ROOT))


def break_store(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE changes RENAME TO changes_gone")


def test_a_failure_is_shown_with_an_error_id_and_no_details(caplog):
    from streamlit.testing.v1 import AppTest

    def page():
        from ui.failures import show_failure

        try:
            raise RuntimeError(f"no such table: changes, in {__file__}")
        except RuntimeError as error:
            show_failure(error, "overview")

    at = AppTest.from_function(page).run()
    shown = at.exception[0]
    error_id = ERROR_ID.search(shown.message).group(1)
    assert not shown.stack_trace
    for detail in DETAILS + ("RuntimeError",):
        assert detail not in shown.message
    logged = [r for r in caplog.records if r.name == "corridor.errors"]
    assert [r.getMessage() for r in logged] == [f"error id {error_id} on page overview"]
    assert str(logged[0].exc_info[1]).startswith("no such table: changes")


def test_the_served_app_shows_an_error_id_and_logs_the_details(tmp_path, browser):
    with serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(url)
        settle(page)
        break_store(tmp_path / "corridor.sqlite")
        page.goto(f"{url}/volumes")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"] '
                               '[data-testid="stException"]', timeout=30_000)
        text = page.locator("body").inner_text()
        page.close()
        log = (tmp_path / "streamlit.log").read_text()
    error_id = ERROR_ID.search(text).group(1)
    for detail in DETAILS:
        assert detail not in text
    logged = log[log.index(f"error id {error_id} on page volumes"):]
    assert "Traceback" in logged and "no such table: changes" in logged
