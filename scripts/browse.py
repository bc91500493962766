"""The dashboard served on a free local port and driven in headless Chromium, shared by the browser
tests (tests/conftest.py) and the screenshot script (scripts/screenshots.py): how to serve it, when
a page has finished drawing, and the list of every page and tab a reader can open."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

TAB_PARAMS = {"volumes": "vol_section", "sources": "src_section", "data_desk": "desk_tab"}  # path → its open tab


def pages() -> dict[str, str]:
    """Every page of the menu: its name (as analysis.params names it) → its URL path."""
    from analysis.params import PAGES

    return {name: "" if name == "overview" else name for name in PAGES}


def tab_labels(path: str) -> list[str]:
    """The labels of the page's tabs, in order: those the address keeps (analysis.params), or the
    economics page's tabs of assumptions, one per group of inputs; none for a page without tabs."""
    from analysis.economics import FIELDS
    from analysis.params import options

    if path in TAB_PARAMS:
        return list(options(TAB_PARAMS[path]))
    return list(dict.fromkeys(meta["group"] for meta in FIELDS.values())) if path == "economics" else []


@dataclass(frozen=True)
class View:
    """One page with one tab open: `path` opens it, then a click on the tab labelled `click`
    (for tabs the address does not keep)."""
    name: str
    path: str
    click: str | None = None


def _slug(label: str) -> str:
    return label.lower().replace(" ", "_")


def views() -> list[View]:
    """Every page and every tab of it; a page's first tab is the page's own view."""
    found = []
    for name, path in pages().items():
        labels = tab_labels(path)
        found.append(View(name, path))
        for label in labels[1:]:
            found.append(View(f"{name}_{_slug(label)}", f"{path}?{TAB_PARAMS[path]}={quote_plus(label)}")
                         if path in TAB_PARAMS else View(f"{name}_{_slug(label)}", path, click=label))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(folder: Path, port: int | None = None, options: Sequence[str] = (),
          env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The dashboard as scripts/serve.sh starts it, on `port` (else a free one) with a fresh store
    in `folder` (unless `env`, added to the environment, names a CORRIDOR_DATABASE_URL), its log
    in `folder`, and any further streamlit `options`; yields its URL and stops it on exit. Raises
    RuntimeError if it does not start."""
    port = port or free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "CORRIDOR_DATABASE_URL"},
           "CORRIDOR_DB_PATH": str(folder / "corridor.sqlite"), **(env or {})}
    log = open(folder / f"streamlit-{port}.log", "w+b")  # a file, not a pipe nobody reads, which would fill up
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", *options], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError("streamlit did not start: "
                                       + log.read().decode(errors="replace")[-2000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def settle(pg) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts."""
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
    done = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # the run has ended
    pg.wait_for_selector(done, timeout=30_000)
    pg.wait_for_timeout(800)  # a rerun the page asks for (a widget settling its value) starts in this time
    pg.wait_for_selector(done, timeout=30_000)
    pg.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=30_000)
    # Charts and tables load their code after the run ends, shown meanwhile as skeletons.
    pg.wait_for_function("""() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')""",
                         timeout=30_000)
    for chart in pg.locator('[data-testid="stPlotlyChart"]').all():
        chart.locator(".main-svg").first.wait_for(timeout=20_000)


def open_view(pg, url: str, view: View) -> None:
    """Go to the view and wait until it has drawn."""
    pg.goto(f"{url}/{view.path}")
    settle(pg)
    if view.click:
        pg.get_by_role("tab", name=view.click, exact=True).click()
        settle(pg)
