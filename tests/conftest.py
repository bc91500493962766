"""Shared fixtures: a throwaway PostgreSQL server, a fresh store on SQLite and on PostgreSQL, the
app's pages under Streamlit's AppTest, and the app served to a headless Chromium."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.datafiles import read_data_dir, typed
from analysis.dataset import derive
from analysis.store import DATA_DIR, METADATA, Store

from scripts.browse import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from scripts.pg_server import create_database, pg_bindir, postgres_server

SEED_DIR = Path(__file__).resolve().parent / "fixtures" / "seed"  # frozen copy of data/ (see its README)
# Every test, and every app a test starts, seeds stores and reads the Economics defaults from it.
os.environ["CORRIDOR_SEED_DIR"] = str(SEED_DIR)

# Commits need not survive a crash of a throwaway server: the tests run faster without flushing.
PG_TEST_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


@pytest.fixture(scope="session")
def postgres_url():
    """A postgresql+psycopg URL to a database on a PostgreSQL server started for this session.

    Skips when no PostgreSQL binaries are installed, except under CI (env CI set), where it fails.
    """
    if pg_bindir() is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    server = postgres_server(free_port(), PG_TEST_SETTINGS)
    try:
        admin = server.__enter__()
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield create_database(admin, "corridor")
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh, empty store with its tables created: on SQLite in a new file, on PostgreSQL in the
    session's database, whose tables are dropped before and after each test."""
    if request.param == "sqlite":
        made = Store(f"sqlite:///{tmp_path / 'corridor.sqlite'}")
    else:
        made = Store(request.getfixturevalue("postgres_url"))
        drop_store(made.engine)
    made.create()
    yield made
    if request.param == "postgresql":
        drop_store(made.engine)
    made.close()


def drop_store(engine) -> None:
    """Drop every table of the store and the schema version it records (alembic_version), so
    that the next store made in this database starts from nothing."""
    METADATA.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture(scope="session")
def seed():
    """The frozen seed dataset (SEED_DIR), typed and derived as the pages see it (no store)."""
    return _derived(SEED_DIR)


@pytest.fixture(scope="session")
def curated():
    """The dataset in data/ as it stands, typed and derived: for the tests of its own figures."""
    return _derived(DATA_DIR)


def _derived(folder: Path):
    frames = read_data_dir(folder)
    return derive({name: typed(name, frame) for name, frame in frames.items()})


# The app's pages under Streamlit's AppTest (shared by the page tests) ---------------------------

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def page_app(tmp_path, monkeypatch):
    """open(page, timeout=60): the app's `page` (e.g. "pages/volumes.py"; None for the home page)
    in AppTest, on a throwaway store that the app creates and seeds from SEED_DIR on its first run."""
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
    """The plotly figure (as sent to the browser) of the chart whose title starts so (read with
    its line breaks as spaces: a long title is wrapped)."""
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["layout"]["title"]["text"].replace("<br>", " ").startswith(title_start):
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
# Fixtures `server`, `browser` and `page`; helpers `serious_violations` (axe-core), `contrast` (the
# WCAG formula) and `pale_chart_text`. Serving, settling and the list of views are in
# scripts/browse.py, shared with scripts/screenshots.py. A module that defines its own fixture of
# the same name uses its own.

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.1 level AA
# Rule → class of the element in Streamlit's own markup where its findings are set aside.
STREAMLIT_MARKUP = {
    # st.latex draws a formula in KaTeX's display box, which scrolls sideways (overflow-x: auto)
    # and comes out 2 px narrower than its formula at every width, so axe asks for a focusable
    # element inside it, which the app cannot add. The formulas are kept to one equation a line
    # and show whole at 390 px and up: there is nothing to scroll to.
    "scrollable-region-focusable": ".katex-display",
}


def need_chromium() -> None:
    """Skip (or, under CI, fail) when Chromium, Playwright or axe-core is missing."""
    import importlib.util
    missing = [what for what, ok in (("Chromium", CHROMIUM), ("playwright", importlib.util.find_spec("playwright")),
                                     ("axe-playwright-python", importlib.util.find_spec("axe_playwright_python")))
               if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: install {' and '.join(missing)}", pytrace=False)
        pytest.skip(f"{' and '.join(missing)} not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard served as scripts/serve.sh serves it, on a free local port with a fresh
    store; yields its URL."""
    need_chromium()
    try:
        with serve(tmp_path_factory.mktemp("server")) as url:
            yield url
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)


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


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours, '#rrggbb' or 'rgb(r, g, b)': 1 to 21."""
    def luminance(colour: str) -> float:
        if colour.startswith("rgb"):
            channels = [int(v) / 255 for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
        else:
            channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pale_chart_text(pg, background: str) -> list[str]:
    """Each colour of text drawn in a chart on the page (tick labels, titles, legends, labels) that
    reads at less than 4.5:1 on `background`, with where it is drawn. Counts in heatmap cells are
    left out: plotly sets them dark or light against each cell's own colour."""
    fills = pg.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg text')]
        .filter(t => t.textContent.trim() && !t.closest('.heatmap-label, .heatmaplayer'))
        .map(t => [getComputedStyle(t).fill, t.getAttribute('class') || t.parentNode.getAttribute('class') || ''])""")
    return sorted({f"{fill} ({where})" for fill, where in fills if contrast(fill, background) < 4.5})


def serious_violations(pg) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as drawn, one line each
    (rule, impact, help, and the first elements it names); empty when there are none."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(pg, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                   "resultTypes": ["violations"]}).response["violations"]
    lines = []
    for v in found:
        nodes = [n for n in v["nodes"] if not (v["id"] in STREAMLIT_MARKUP
                                               and n["target"][-1].endswith(STREAMLIT_MARKUP[v["id"]]))]
        if nodes and v["impact"] in ("serious", "critical"):
            lines.append(f"{v['id']} ({v['impact']}): {v['help']}; "
                         + " | ".join(f"{' '.join(n['target'])} {n['html'][:120]}" for n in nodes[:3]))
    return lines
