"""The benchmarks at 10,000 cargo reports, as CI runs them: the page benchmark
(scripts/bench_pages.py) must run every page that app.py registers, and every tab of the pages
that run only their open tab, to the end; the analysis benchmark (scripts/benchmark.py) must
time the analysis layer and DuckDB on the same aggregation, which it first checks agree; the
store benchmark (scripts/bench_store.py) must run every step on a small SQLite store; the load
benchmark (scripts/bench_load.py) must run its sessions without error and see an import.
Timings are printed, never asserted: they depend on the machine."""
import json
import re
import subprocess
import sys
from pathlib import Path

from analysis.store import MAX_IMPORT_ROWS

ROOT = Path(__file__).resolve().parent.parent


def test_page_benchmark_runs_every_page(tmp_path):
    out = tmp_path / "pages.json"
    done = subprocess.run([sys.executable, "scripts/bench_pages.py", "--sizes", "10000", "--repeats", "1",
                           "--no-docs", "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())["10000"]
    registered = re.findall(r'st\.Page\("(pages/[^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    assert [view for view in result["pages"] if " · " not in view] == registered
    tabs = [view for view in result["pages"] if " · " in view]
    assert tabs == ["pages/volumes.py · Cumulative deliveries", "pages/volumes.py · Per period and share of imports",
                    "pages/volumes.py · Route", "pages/sources.py · Order sizes", "pages/sources.py · Arrival dates",
                    "pages/sources.py · Order dates", "pages/sources.py · Links to cargoes",
                    "pages/sources.py · Every source"]
    for page, figures in result["pages"].items():
        assert "error" not in figures, (page, figures.get("error"))
        assert figures["first_s"] > 0 and figures["warm_s"] > 0 and figures["page_bytes"] > 0
    assert result["cargoes"] > 0 and result["rss_peak_mb"] > 0
    assert result["pages"]["pages/overview.py"]["popover_rows"] > 0  # its "Says who?" lists, measured open
    if Path("/usr/bin/chromium").exists():  # the served app, opened in the browser
        assert result["served"]["first_page_s"] > 0 and result["served"]["server_peak_mb"] > 0
    assert "| overview |" in done.stdout  # the table is printed


def test_analysis_benchmark_runs_and_checks_pandas_against_duckdb():
    # --quick: 10,000 reports, printed only. The script asserts that pandas and DuckDB give the
    # same numbers before timing them, so a run to the end is also that check.
    done = subprocess.run([sys.executable, "scripts/benchmark.py", "--quick"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for step in ("pipeline", "DuckDB ledger", "DuckDB monthly series"):
        assert re.search(rf"10,000\s+{step}\s+\d+\.\d+ s", done.stdout), step


def test_store_benchmark_runs_every_step(tmp_path):
    out = tmp_path / "store.json"
    done = subprocess.run([sys.executable, "scripts/bench_store.py", "--sizes", "1000", "--backends", "sqlite",
                           "--samples", "3", "--refreshes", "2", "--imports", "100", "--load-runs", "1", "--warm-runs", "1",
                           "--no-docs", "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())["sizes"]["1000"]["sqlite"]
    assert result["rows"]["cargo_reports"] == 1000 and result["seed_s"] > 0
    for kind in ("cold", "warm"):
        (loaded,) = result["load"][kind]
        assert loaded["cargoes"] > 0 and loaded["load_s"] > 0 and loaded["rss_peak_mb"] > 0
        assert loaded["snapshot_s"] is None  # too small a store to keep a snapshot
    assert result["load"]["cold"][0]["reader_peak_mb"] > 0  # the SQLite reading process, measured apart
    for step in ("floor", "update", "delete", "undo"):
        assert result[step]["n"] == 3 and result[step]["median"] > 0, step
    assert result["refresh"]["n"] == 2
    assert result["imports"]["100"]["new"] == 50 and result["imports"]["100"]["changed"] == 50
    assert (f"{MAX_IMPORT_ROWS + 1:,} rows in one import; at most {MAX_IMPORT_ROWS:,} can be imported at once"
            in result["imports"]["refused"])
    assert "| one update (ms) |" in done.stdout and "SQLite, one update p95 ≤ 50 ms" in done.stdout


def test_load_benchmark_runs_sessions_and_readers_see_an_import(tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run([sys.executable, "scripts/bench_load.py", "--levels", "1", "3", "--rounds", "1",
                           "--during", "3", "--no-docs", "--json", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert [(n, r["sessions"], r["errors"]) for n, r in result["levels"].items()] == [("1", 1, 0), ("3", 3, 0)]
    during = result["during_import"]
    assert (during["sessions"], during["errors"], during["rows"]) == (3, 0, 1001)
    # The import adds one arrived cargo, seen at the next run.
    assert int(during["cargoes_after"]) == int(during["cargoes_before"]) + 1
    assert "| sessions at once |" in done.stdout
    assert (result["floor"]["sessions"], result["floor"]["errors"]) == (25, 0)  # the bare page, same run
