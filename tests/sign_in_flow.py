"""A local OpenID Connect provider and the browser's way through its login form, shared by the
browser tests that sign in (test_browser_sign_in.py, test_deploy.py)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from scripts.browse import free_port, settle

USERS = [
    {"sub": "ed", "email": "ed@example.org", "email_verified": True, "name": "Ed Editor"},
    {"sub": "ada", "email": "ada@example.org", "email_verified": True, "name": "Ada Editor"},
    {"sub": "vi", "email": "vi@example.org", "email_verified": True, "name": "Vi Viewer"},
    {"sub": "out", "email": "out@elsewhere.net", "email_verified": True, "name": "Out Sider"},
]
ACCESS = {"viewers": ["@example.org"], "editors": ["ed@example.org", "ada@example.org"], "session_hours": 12}


@contextmanager
def provider(folder: Path) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port, knowing USERS (its log in `folder`); yields its
    issuer URL and stops it on exit."""
    port = free_port()
    log = open(folder / "provider.log", "w+b")
    claims = [arg for user in USERS for arg in ("--user-claims", json.dumps(user))]
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port),
                             "--require-nonce", *claims], stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError("the OpenID provider did not start: " + log.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def write_secrets(path: Path, app_url: str, issuer: str, cookie_secret: str,
                  access: Mapping[str, object] = ACCESS) -> Path:
    """A secrets.toml signing in at `app_url` through `issuer`, with these access lists."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        'client_id = "corridor"\n'
        'client_secret = "corridor-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n\n'
        "[access]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in access.items()))
    return path


def sign_in(pg, url: str, sub: str) -> None:
    """From the app's sign-in page through the provider's form (as `sub`) and back."""
    pg.goto(url)
    settle(pg)
    pg.get_by_role("button", name="Sign in").click()
    pg.get_by_placeholder("sub").fill(sub)
    pg.get_by_role("button", name="Authorize").click()
    pg.wait_for_url(re.compile(re.escape(url) + r"/?(\?.*)?$"), timeout=30_000)
    settle(pg)
