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
        other_site = opens_session(url, "https://corridor.streamlit.app")
        same_site = opens_session(url, url)
        log = (tmp_path / f"streamlit-{url.rsplit(':', 1)[1]}.log").read_text()
    error_id = ERROR_ID.search(text).group(1)
    for detail in DETAILS + ("Ask Google", "Ask ChatGPT"):
        assert detail not in text
    logged = log[log.index(f"error id {error_id} on page volumes"):]
    assert "Traceback" in logged and "no such table: changes" in logged
    # A page of another site (here one of Streamlit's own hosting domains) cannot open a session.
    assert (other_site, same_site) == (False, True)


def opens_session(url: str, origin: str) -> bool:
    """Whether a WebSocket session opened from a page of `origin` gets an answer to a run request."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from websockets.sync.client import connect

    ask = BackMsg()
    ask.rerun_script.query_string = ""

    try:
        with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], origin=origin,
                     open_timeout=10) as ws:
            ws.send(ask.SerializeToString())
            ws.recv(timeout=10)
            return True
    except (websockets.WebSocketException, OSError, TimeoutError):
        return False


def test_deployment_settings_keep_error_details_and_other_sites_out():
    from streamlit import config

    assert config.get_option("client.showErrorDetails") == "none"
    assert config.get_option("client.showErrorLinks") is False
    assert config.get_option("client.allowedOrigins") == []
    assert config.get_option("server.enableXsrfProtection") and config.get_option("server.enableCORS")
