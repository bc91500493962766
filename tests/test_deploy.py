"""The shared deployment for real: one PostgreSQL, two Streamlit servers and nginx in front of them
with deploy/nginx.conf (TLS with a throwaway certificate, sticky sessions, WebSocket upgrade,
security headers), and a local OpenID Connect provider, all started here on loopback.

Two editors sign in through the proxy, each kept on a different server. One's edit shows through
the other server; when both change the same record from the same version, the first wins and the
second gets the stale-version message. When a server stops, its reader goes on through the
other, still signed in (the servers share the cookie secret). Skipped without nginx, Chromium
or PostgreSQL, except in CI.
"""
from __future__ import annotations

import getpass
import os
import re
import secrets
import shutil
import ssl
import subprocess
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from string import Template

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import drop_store, need_chromium

from analysis.schema import TABLES
from scripts.browse import ROOT, free_port, serve, settle
from sign_in_flow import provider, sign_in, write_secrets

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
INSECURE = ssl.create_default_context()
INSECURE.check_hostname, INSECURE.verify_mode = False, ssl.CERT_NONE  # the throwaway certificate


def need_nginx() -> None:
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the deployment test: install nginx (Debian: apt-get install nginx-light)",
                        pytrace=False)
        pytest.skip("nginx not installed")


@contextmanager
def nginx(folder: Path, port: int, upstreams: list[int]):
    """nginx serving deploy/nginx.conf on `port` over TLS, in front of these local ports; yields
    its URL and the access log's path."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    site = Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(
        SERVER_NAME="127.0.0.1", LISTEN=str(port), CERT=str(folder / "cert.pem"), KEY=str(folder / "key.pem"),
        UPSTREAMS=" ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstreams),
        ACCESS_LOG=str(folder / "access.log"))
    assert not re.search(r"^[^#]*\$\{", site, re.MULTILINE)  # every placeholder filled in
    (folder / "corridor.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir()
    (folder / "nginx.conf").write_text(
        f"user {getpass.getuser()};\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 512; }\n"
        "http {\n" + "".join(f"  {kind}_temp_path {temp}/{kind};\n"
                             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {folder}/corridor.conf;\n}}\n")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.time() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", context=INSECURE, timeout=5):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("nginx did not start: " + (folder / "error.log").read_text()[-2000:]) from None
                time.sleep(0.2)
        yield url, folder / "access.log"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def get(url: str, route: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": f"corridor_route={route}"} if route else {})
    with urllib.request.urlopen(request, context=INSECURE, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def upstream_of(log: Path, route: str) -> str:
    """The server nginx sent the latest request of `route` to, as its access log says (nginx logs
    a request just after answering it)."""
    deadline = time.time() + 10
    while not (lines := [line for line in log.read_text().splitlines() if line.endswith(f"route={route}")]):
        assert time.time() < deadline, f"no request of {route} logged"
        time.sleep(0.05)
    return re.search(r"upstream=(\S+)", lines[-1]).group(1)


def routes(url: str, log: Path, ports: list[int]) -> dict[int, str]:
    """A route id that nginx keeps on each server, found by asking."""
    found: dict[int, str] = {}
    for n in range(200):
        route = f"reader-{n}"
        get(f"{url}/_stcore/health", route)
        port = int(upstream_of(log, route).rsplit(":", 1)[1])
        found.setdefault(port, route)
        if len(found) == len(ports):
            return found
    raise AssertionError(f"no route reached every server: {found}")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres_url):
    """PostgreSQL, the provider, two servers and nginx; yields (proxy URL, access log, server
    ports, issuer, the ExitStack that stops server B)."""
    need_chromium()
    need_nginx()
    folder = tmp_path_factory.mktemp("deploy")
    engine = sa.create_engine(postgres_url)
    drop_store(engine)
    proxy_port, ports, secret = free_port(), [free_port(), free_port()], secrets.token_hex(32)
    with ExitStack() as stack:
        issuer = stack.enter_context(provider(folder))
        settings = write_secrets(folder / "secrets.toml", f"https://127.0.0.1:{proxy_port}", issuer, secret)
        options = ["--secrets.files", str(settings)]
        env = {"CORRIDOR_DATABASE_URL": postgres_url, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
        for port in ports:  # one after the other: the first creates and seeds the store
            server = folder / f"server-{port}"
            server.mkdir()
            if port == ports[0]:
                stack.enter_context(serve(server, port, options, env=env))
            else:
                second = ExitStack()
                second.enter_context(serve(server, port, options, env=env))
                stack.callback(second.close)
        url, log = stack.enter_context(nginx(folder, proxy_port, ports))
        yield url, log, ports, issuer, second
    drop_store(engine)
    engine.dispose()


def reader(browser, url: str, route: str):
    """A browser context kept on one server by its route cookie, and its page."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, ignore_https_errors=True)
    context.add_cookies([{"name": "corridor_route", "value": route, "url": url, "secure": True, "httpOnly": True}])
    pg = context.new_page()
    blocked: list[str] = []
    pg.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    pg.blocked = blocked
    return context, pg


def sector_csv(folder: Path, name: str) -> Path:
    columns = [*TABLES["sectors"].column_names, "version"]
    path = folder / f"sectors-{name.split()[-1]}.csv"
    pd.DataFrame([{"sector_id": "energy", "name": name, "group": "energy", "version": "1"}],
                 columns=columns).to_csv(path, index=False)
    return path


def preview(pg, url: str, upload: Path) -> None:
    pg.goto(f"{url}/data_desk?desk_tab=Import&desk_imp_table=Sectors")
    settle(pg)
    pg.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    pg.get_by_role("button", name=re.compile(r"Import 0 new and 1 changed rows")).wait_for(timeout=30_000)


def test_two_servers_behind_the_proxy_share_one_store(deployment, browser, tmp_path):
    url, log, ports, issuer, second = deployment
    status, headers, body = get(f"{url}/_stcore/health")
    assert (status, body) == (200, b"ok")
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "nginx/" not in headers.get("Server", "")  # no version given away

    route = routes(url, log, ports)
    (ctx_a, a), (ctx_b, b) = reader(browser, url, route[ports[0]]), reader(browser, url, route[ports[1]])
    try:
        sign_in(a, url, "ed")
        sign_in(b, url, "ada")
        assert "Signed in as ed@example.org · editor" in a.locator('[data-testid="stSidebar"]').inner_text()
        assert "Signed in as ada@example.org · editor" in b.locator('[data-testid="stSidebar"]').inner_text()

        # Both read version 1 of the same record and change it.
        preview(a, url, sector_csv(tmp_path, "Energy and power"))
        preview(b, url, sector_csv(tmp_path, "Energy and fuels"))
        a.get_by_role("button", name=re.compile(r"Import 0 new and 1 changed rows")).click()
        a.get_by_text("Imported.").wait_for(timeout=30_000)
        b.get_by_role("button", name=re.compile(r"Import 0 new and 1 changed rows")).click()
        # Importing checks the file again: the record it was read from has moved on.
        b.get_by_text("Nothing can be imported until every problem is fixed; nothing was written.").wait_for(
            timeout=30_000)
        settle(b)
        problems = b.locator('[data-testid="stDataFrame"]').last.locator("table").first
        problems.wait_for(state="attached", timeout=20_000)
        assert "the stored record is now version 2: someone changed it" in problems.inner_text()

        # The winning edit, made through server A, is what server B shows.
        b.goto(f"{url}/data_desk?desk_tab=History&desk_hist_table=Sectors&desk_hist_key=energy")
        settle(b)
        history = b.locator('[data-testid="stMain"]').inner_text()
        assert f"by ed@example.org (signed in: ed at {issuer})" in history
        diff = b.locator('[data-testid="stDataFrame"]').first.locator("table").first
        diff.wait_for(state="attached", timeout=20_000)
        assert "nameEnergyEnergy and power" in diff.inner_text()  # column, before, after (hidden table, no gaps)

        # Each reader stayed on its own server, WebSocket included.
        for port, pg_route in ((ports[0], route[ports[0]]), (ports[1], route[ports[1]])):
            served = {re.search(r"upstream=(\S+)", line).group(1) for line in log.read_text().splitlines()
                      if line.endswith(f"route={pg_route}")}
            assert served == {f"127.0.0.1:{port}"}, served
        assert any("/_stcore/stream" in line and " 101 " in line for line in log.read_text().splitlines())
        assert a.blocked + b.blocked == [], "\n".join(a.blocked + b.blocked)  # the page runs whole under the policy

        # Server B stops: its reader goes on through server A, still signed in.
        second.close()
        b.goto(url)
        settle(b)
        assert "Signed in as ada@example.org · editor" in b.locator('[data-testid="stSidebar"]').inner_text()
        assert upstream_of(log, route[ports[1]]) == f"127.0.0.1:{ports[0]}"
    finally:
        ctx_a.close()
        ctx_b.close()
