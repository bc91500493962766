"""Sign-in for real: a local OpenID Connect provider (oidc-provider-mock, started here on 127.0.0.1),
the dashboard served with sign-in configured in its secrets, and headless Chromium going through
the provider's login form and back.

- an editor signs in, imports a source on the Data desk, and the change log (stored and shown on
  the History tab) holds the identity the provider vouched for;
- a viewer sees no write tab, even through a link naming one, and a write made with the viewer's
  identity is refused by the store;
- an account no list admits sees nothing but the refusal;
- signing out asks for sign-in again;
- a tampered session cookie, one past Streamlit's 30 days and one older than Corridor's session
  are each met with the sign-in page.
Skipped without Chromium, except in CI.
"""
from __future__ import annotations

import json
import re
import secrets
import time

import pandas as pd
import pytest
from conftest import need_chromium
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from analysis.access import AccessPolicy, Writer, WriteRefused
from analysis.schema import TABLES
from analysis.store import Store
from scripts.browse import free_port, serve, settle
from sign_in_flow import ACCESS, USERS, provider, sign_in, write_secrets

COOKIE = "_streamlit_user"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(app URL, issuer URL, cookie secret, store folder): the dashboard with sign-in through the
    provider, on a fresh store."""
    need_chromium()
    folder = tmp_path_factory.mktemp("signed")
    port, secret = free_port(), secrets.token_hex(32)
    with provider(folder) as issuer:
        write_secrets(folder / "secrets.toml", f"http://127.0.0.1:{port}", issuer, secret)
        with serve(folder, port, ["--secrets.files", str(folder / "secrets.toml")]) as url:
            yield url, issuer, secret, folder


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def sidebar_text(pg) -> str:
    return pg.locator('[data-testid="stSidebar"]').inner_text() if pg.locator('[data-testid="stSidebar"]').count() else ""


def asks_to_sign_in(pg) -> bool:
    return (pg.get_by_role("button", name="Sign in").count() == 1
            and "Signed in as" not in sidebar_text(pg) and pg.locator('[data-testid="stMetric"]').count() == 0)


def test_an_editor_signs_in_edits_and_the_log_shows_who(site, page, tmp_path):
    url, issuer, _, folder = site
    sign_in(page, url, "ed")
    assert "Signed in as ed@example.org · editor" in sidebar_text(page)
    assert page.locator('[data-testid="stMetric"]').count() > 0  # the Overview
    page.goto(f"{url}/data_desk?desk_tab=Import&desk_imp_table=Sources")
    settle(page)
    assert "Signed in as ed@example.org (editor)" in main_text(page)
    assert page.get_by_role("textbox", name="Your name").count() == 0  # no name is typed
    columns = TABLES["sources"].column_names
    row = {"source_id": "S900", "publisher": "Dawn", "title": "Cargo docks at Karachi",
           "url": "https://www.dawn.com/news/900", "published_on": "2024-02-01", "kind": "news"}
    upload = tmp_path / "source.csv"
    pd.DataFrame([row], columns=columns).to_csv(upload, index=False)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_role("button", name=re.compile(r"Import 1 new and 0 changed rows")).click()
    page.get_by_text("Imported.").wait_for(timeout=30_000)

    change = Store(f"sqlite:///{folder / 'corridor.sqlite'}").history("sources", "S900").iloc[-1]
    assert (change["user"], change["issuer"], change["subject"], change["email"]) == (
        "ed@example.org", issuer, "ed", "ed@example.org")
    page.goto(f"{url}/data_desk?desk_tab=History&desk_hist_table=Sources&desk_hist_key=S900")
    settle(page)
    assert f"by ed@example.org (signed in: ed at {issuer})" in main_text(page)


def test_a_viewer_has_no_write_controls_and_a_forged_write_is_refused(site, page):
    url, issuer, _, folder = site
    sign_in(page, url, "vi")
    assert "Signed in as vi@example.org · viewer" in sidebar_text(page)
    page.goto(f"{url}/data_desk?desk_tab=Import&desk_imp_table=Sources")  # a link naming a write tab
    settle(page)
    tabs = [t.inner_text().strip() for t in page.get_by_role("tab").all()]
    assert tabs == ["History", "Export"]
    assert "Adding, correcting, importing and undoing are for editors" in main_text(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_role("button", name="Undo").count() == 0
    # The page offers nothing to send; a write made with the viewer's identity anyway is refused by
    # the store under the server's own access lists.
    store = Store(f"sqlite:///{folder / 'corridor.sqlite'}", policy=AccessPolicy.from_mapping(ACCESS))
    viewer = Writer.from_claims({"iss": issuer, **next(u for u in USERS if u["sub"] == "vi")})
    before = store.last_change_id()
    with pytest.raises(WriteRefused, match="vi@example.org is signed in as a viewer"):
        store.update("sectors", "energy", {"name": "Forged"}, 1, viewer, "forged")
    assert store.last_change_id() == before


def test_an_account_without_access_sees_only_the_refusal(site, page):
    url, _, _, _ = site
    sign_in(page, url, "out")
    assert "This account has no access to Corridor." in main_text(page)
    assert "Signed in as out@elsewhere.net" in main_text(page)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNavLink"], [data-testid="stPageLink"]').count() == 0
    page.goto(f"{url}/data_desk")
    settle(page)
    assert "This account has no access to Corridor." in main_text(page)
    assert page.get_by_role("tab").count() == 0


def test_signing_out_asks_for_sign_in_again(site, page):
    url, _, _, _ = site
    sign_in(page, url, "ed")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    # Streamlit sends the browser to the provider's end of session, which asks to confirm it and
    # then sends the browser back.
    page.wait_for_url(lambda address: not address.startswith(url), timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda address: address.startswith(url), timeout=30_000)
    settle(page)
    assert asks_to_sign_in(page)
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]


def signed_cookie(pg, secret: str, change, signer=TimestampSigner) -> str:
    """The session cookie of `pg`, its payload changed by `change` and signed again with `secret`
    (the server's), by `signer`."""
    serializer = URLSafeTimedSerializer(secret, salt=COOKIE)
    value = next(c["value"] for c in pg.context.cookies() if c["name"] == COOKIE)
    payload = json.loads(serializer.loads(value))
    return URLSafeTimedSerializer(secret, salt=COOKIE, signer=signer).dumps(json.dumps(change(payload)))


def with_cookie(browser, url: str, value: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_cookies([{"name": COOKIE, "value": value, "url": url, "httpOnly": True, "sameSite": "Lax"}])
    pg = context.new_page()
    pg.goto(url)
    settle(pg)
    return context, pg


class _FortyDaysAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 40 * 86400


def test_a_tampered_or_expired_session_cookie_is_rejected(site, page, browser):
    url, _, secret, _ = site
    sign_in(page, url, "vi")
    value = next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)
    _, timestamp, signature = value.rsplit(".", 2)  # a compressed payload starts with "." itself
    raise_role = URLSafeTimedSerializer(secret, salt=COOKIE).loads(value).replace("vi@example.org", "ed@example.org")
    forged = ".".join([URLSafeTimedSerializer("not the secret", salt=COOKIE).dumps(raise_role).rsplit(".", 2)[0],
                       timestamp, signature])  # another payload under the real signature
    cases = {
        "tampered": forged,
        "signed with another secret": URLSafeTimedSerializer("not the secret", salt=COOKIE).dumps(raise_role),
        "past Streamlit's 30 days": signed_cookie(page, secret, lambda p: p, _FortyDaysAgo),
        "older than the session": signed_cookie(page, secret, lambda p: {**p, "iat": int(time.time()) - 13 * 3600}),
    }
    for case, cookie in cases.items():
        context, pg = with_cookie(browser, url, cookie)
        try:
            if case == "older than the session":
                assert "Your sign-in is more than 12 hours old." in main_text(pg), case
                assert pg.locator('[data-testid="stMetric"]').count() == 0, case
            else:
                assert asks_to_sign_in(pg), case
        finally:
            context.close()
    # The cookie as issued still works: the rejections came from the changes.
    context, pg = with_cookie(browser, url, value)
    try:
        assert "Signed in as vi@example.org · viewer" in sidebar_text(pg)
    finally:
        context.close()
