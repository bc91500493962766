"""Shared fixtures: a throwaway PostgreSQL server, a fresh store on SQLite and on PostgreSQL, the
app's pages under Streamlit's AppTest, and the app served to a headless Chromium."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from analysis.datafiles import read_data_dir, typed
from analysis.dataset import derive
from analysis.store import DATA_DIR, METADATA, Store

PG_USER = "corridor-pg"  # PostgreSQL refuses to run as root


def _pg_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    for folder in candidates:
        if folder and all((Path(folder) / b).exists() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg_user() -> list[str]:
    """Command prefix that runs a program as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
                       check=True)
    return ["runuser", "-u", PG_USER, "--"]


@pytest.fixture(scope="session")
def postgres_url():
    """A postgresql+psycopg URL to a database on a PostgreSQL server started for this session.

    Skips when no PostgreSQL binaries are installed, except under CI (env CI set), where it fails.
    """
    bindir = _pg_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    prefix = _as_pg_user()
    root = Path(tempfile.mkdtemp(prefix="corridor-pg-"))
    if prefix:
        shutil.chown(root, PG_USER, PG_USER)
    data, log, port = root / "data", root / "server.log", _free_port()
    run = lambda *cmd: subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C")
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as err:
        server_log = log.read_text() if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {err.stderr}\n{server_log}", pytrace=False)
    admin = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE corridor")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/corridor"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh, empty store with its tables created: on SQLite in a new file, on PostgreSQL in the
    session's database, whose tables are dropped before and after each test."""
    if request.param == "sqlite":
        made = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")
    else:
        made = Store(request.getfixturevalue("postgres_url"))
        METADATA.drop_all(made.engine)
    made.create()
    yield made
    if request.param == "postgresql":
        METADATA.drop_all(made.engine)
    made.close()


@pytest.fixture(scope="session")
def seed():
    """The seed dataset in data/, typed and derived as the pages see it (no store involved)."""
    frames = read_data_dir(DATA_DIR)
    return derive({name: typed(name, frame) for name, frame in frames.items()})


# The app's pages under Streamlit's AppTest (shared by the page tests) ---------------------------

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def page_app(tmp_path, monkeypatch):
    """open(page, timeout=60): the app's `page` (e.g. "pages/volumes.py"; None for the home page)
    in AppTest, on a throwaway store that the app creates and seeds from data/ on its first run."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CORRIDOR_DB_PATH", str(tmp_path / "corridor.sqlite"))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)

    def open_page(page: str | None = None, timeout: int = 60) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=timeout)
        if page:
            at.switch_page(page)
        return at

    return open_page


def table_with(at, column: str):
    """The first table on the page with `column`, as a frame (popovers hold tables too)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def chart_titled(at, title_start: str) -> dict:
    """The plotly figure (as sent to the browser) of the chart whose title starts so."""
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["layout"]["title"]["text"].startswith(title_start):
            return spec
    raise AssertionError(f"no chart titled {title_start!r}")


def plotly_values(data) -> list:
    """A plotly array as a list, whether plain or packed as base64 ({'dtype', 'bdata'})."""
    import base64

    import numpy as np

    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def open_tab(at, key: str, label: str) -> None:
    """Open a tab of a page whose tabs run only while open (st.tabs with this key), and rerun."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, at.exception


# The served app in a headless Chromium (shared by the browser tests) ------------------------------
# Fixtures `server`, `browser` and `page`, and the helpers `settle` and `save_screenshot` (import
# them with `from conftest import settle, save_screenshot`). A module that defines its own fixture
# of the same name uses its own.

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def need_chromium() -> None:
    """Skip (or, under CI, fail) when Chromium or Playwright is missing."""
    import importlib.util
    missing = [what for what, ok in (("Chromium", CHROMIUM), ("playwright", importlib.util.find_spec("playwright")))
               if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: install {' and '.join(missing)}", pytrace=False)
        pytest.skip(f"{' and '.join(missing)} not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard served as scripts/serve.sh serves it, on a free local port with a fresh
    store; yields its URL."""
    import sys
    import time
    import urllib.request

    need_chromium()
    port = _free_port()
    folder = tmp_path_factory.mktemp("server")
    env = dict(os.environ, CORRIDOR_DB_PATH=str(folder / "corridor.sqlite"))
    env.pop("CORRIDOR_DATABASE_URL", None)
    log = open(folder / "streamlit.log", "w+b")  # a file, not a pipe nobody reads, which would fill up
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port),  # as scripts/serve.sh starts it
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail("streamlit did not start: " + log.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def settle(pg) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts."""
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
    done = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # the run has ended
    pg.wait_for_selector(done, timeout=30_000)
    pg.wait_for_timeout(800)  # a rerun the page asks for (a widget settling its value) starts in this time
    pg.wait_for_selector(done, timeout=30_000)
    pg.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=30_000)
    for chart in pg.locator('[data-testid="stPlotlyChart"]').all():
        chart.locator(".main-svg").first.wait_for(timeout=20_000)


def save_screenshot(pg, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = pg.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": 1366, "height": min(int(height) + 40, 9000)})
    pg.wait_for_timeout(1200)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))
