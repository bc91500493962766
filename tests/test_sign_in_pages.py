"""With sign-in configured, under Streamlit's AppTest: nothing shows before sign-in, an account no
list admits is refused, an old sign-in is asked for again, and the Data desk draws write controls
by role (viewers read history and export only, editors write, admins also delete and undo other
people's changes), recording the signed-in identity. The real login flow runs in a browser in
test_browser_sign_in.py."""
from __future__ import annotations

import time

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

from analysis.access import Writer
from analysis.store import Store
from ui import state

ISSUER = "http://127.0.0.1:9400"
SECRETS = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
             "client_id": "corridor", "client_secret": "s", "server_metadata_url":
             f"{ISSUER}/.well-known/openid-configuration"},
    "access": {"viewers": ["@example.org"], "editors": ["ed@example.org"], "admins": ["boss@example.org"],
               "session_hours": 8},
}


def claims(email: str, issued: float | None = None) -> dict:
    return {"is_logged_in": True, "iss": ISSUER, "sub": email.split("@")[0], "email": email,
            "email_verified": True, "iat": int(issued or time.time())}


@pytest.fixture
def signed(tmp_path, monkeypatch):
    """open(user, page=None): the app with sign-in configured, as `user` (claims, or None: signed out)."""
    path = tmp_path / "corridor.sqlite"
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(path))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    state.open_store.clear()  # opened again with this test's database and access lists

    def open_app(user: dict | None, page: str | None = None, secrets: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.secrets.update(secrets or SECRETS)
        at.user = user or {"is_logged_in": False}
        if page:
            at.switch_page(page)
        at.run()
        assert not at.exception, at.exception
        return at

    yield open_app
    state.open_store.clear()


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_nothing_shows_before_sign_in(signed):
    at = signed(None)
    assert at.info[0].value == "Sign in with your organisation's account to open Corridor."
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.dataframe


def test_an_account_no_list_admits_is_refused(signed):
    at = signed(claims("out@elsewhere.net"))
    assert at.error[0].value.startswith("This account has no access to Corridor.")
    assert "Signed in as out@elsewhere.net" in texts(at)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.metric


def test_a_sign_in_older_than_the_session_is_asked_for_again(signed):
    at = signed(claims("ed@example.org", issued=time.time() - 9 * 3600))
    assert at.info[0].value == "Your sign-in is more than 8 hours old. Sign in again to go on."
    assert not at.metric


def test_malformed_access_lists_show_nothing(signed):
    at = signed(claims("ed@example.org"), secrets={**SECRETS, "access": {"editor": ["ed@example.org"]}})
    assert "the access lists cannot be read: [access] has unknown settings: editor" in at.error[0].value
    assert not at.metric


def test_a_viewer_reads_with_the_account_named(signed):
    at = signed(claims("vi@example.org"))
    assert "Signed in as vi@example.org · viewer" in [t.value for t in at.sidebar.text]
    assert at.metric  # the Overview


def test_a_viewer_gets_no_write_controls_even_by_link(signed):
    at = signed(claims("vi@example.org"), "pages/data_desk.py")
    assert [t.label for t in at.tabs] == ["History", "Export"]
    assert at.info[0].value.startswith("You can read every record's history and export tables.")
    at.query_params["desk_tab"] = "Add"  # a link naming a write tab opens none
    at.run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["History", "Export"]
    assert not [b for b in at.button if b.label.startswith("Add")]
    assert not [w for w in at.text_input if w.label == "Your name"]


def test_an_editor_adds_under_the_signed_in_account(signed):
    at = signed(claims("ed@example.org"), "pages/data_desk.py")
    assert [t.label for t in at.tabs] == ["Add", "Correct", "History", "Import", "Export"]
    assert "Signed in as ed@example.org (editor): your changes are recorded under this account." in texts(at)
    assert not [w for w in at.text_input if w.label == "Your name"]  # a typed name is not asked for
    for column, value in {"source_id": "S900", "publisher": "Dawn", "title": "Cargo docks",
                          "url": "https://www.dawn.com/news/1", "published_on": "2024-02-01"}.items():
        at.text_input(key=f"desk_add_sources_{column}_0").set_value(value)
    at.selectbox(key="desk_add_sources_kind_0").set_value("news")
    next(b for b in at.button if b.label == "Add source").click().run()
    assert not at.exception, at.exception
    change = Store().history("sources", "S900").iloc[-1]
    assert (change["user"], change["issuer"], change["subject"], change["email"]) == (
        "ed@example.org", ISSUER, "ed", "ed@example.org")


def test_only_an_admin_may_delete_in_the_grid(signed):
    editor = signed(claims("ed@example.org"), "pages/data_desk.py")
    editor.session_state["desk_tab"] = "Correct"
    editor.run()
    assert "Deleting records is for admins: ask one, or correct the record instead." in [
        c.value for c in editor.caption]
    admin = signed(claims("boss@example.org"), "pages/data_desk.py")
    admin.session_state["desk_tab"] = "Correct"
    admin.run()
    assert not [c for c in admin.caption if c.value.startswith("Deleting records is for admins")]


def undo_buttons(at) -> list[str]:
    return [b.key for b in at.button if b.label == "Undo"]


def test_undo_is_offered_on_ones_own_changes_and_to_admins_on_all(signed):
    signed(claims("ed@example.org"))  # creates and seeds the store
    Store().update("sectors", "energy", {"name": "Energy and power"}, 1,
                   Writer.from_claims(claims("ed@example.org")), "wider name")
    for who, offered in [("vi@example.org", 0), ("ed@example.org", 1), ("boss@example.org", 2)]:
        at = signed(claims(who), "pages/data_desk.py")
        at.session_state["desk_tab"] = "History"
        at.run()
        at.selectbox(key="desk_hist_table").set_value("sectors").run()
        at.selectbox(key="desk_hist_key").set_value("energy").run()
        assert not at.exception, at.exception
        assert len(undo_buttons(at)) == offered, who  # the seed row's creation and ed's change
