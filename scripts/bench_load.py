"""Load benchmark: many readers at once on the served app, speaking Streamlit's own protocol.

The app is served as scripts/serve.sh serves it (scripts/browse.serve: a fresh store seeded from
data/, on a free port on 127.0.0.1). Each simulated reader opens a WebSocket session as a
browser tab does, asks for the Overview (a BackMsg rerun_script) and reads the ForwardMsgs until
the run ends, recording the seconds until the first chart arrived complete and until the run
finished, and any error (an exception element, a failed connection, a run that did not end
within TIMEOUT). For each level of concurrency (1, 10, 25 and 50 sessions), ROUNDS rounds start
that many sessions at once; every session is new, so each pays for a first run.

Then 25 sessions run while an editor imports a file (a new arrived cargo and 1,000 events) through
the store, and one more session checks that the Overview counts the new cargo at its next run.

Results go to docs/benchmarks.md between <!-- load:start --> and <!-- load:end -->; timings are
medians and 95th percentiles over all sessions of a level. Loopback only; a fixed count of
sessions, each bounded by TIMEOUT.

    python scripts/bench_load.py                # 1, 10, 25, 50 sessions, 3 rounds each
    python scripts/bench_load.py --levels 1 10 --rounds 1 --no-docs
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "scripts")) if p not in sys.path]

from benchmark import machine  # noqa: E402
from bench_pages import FLOOR_APP, _serving, write_section  # noqa: E402
from browse import serve  # noqa: E402

LEVELS = (1, 10, 25, 50)
ROUNDS = 3
TIMEOUT = 60.0  # seconds a session may take before it counts as an error
DURING_IMPORT = 25
BUDGET = {"sessions": 25, "p95_s": 2.0}
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"


async def one_session(url: str) -> dict:
    """One reader opening the Overview: seconds to the first complete chart and to the end of the
    run, the 'Cargoes arrived' figure shown, and the error if any."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    started = time.perf_counter()
    out = {"chart_s": None, "done_s": None, "error": None, "cargoes": None}
    try:
        async with asyncio.timeout(TIMEOUT):
            async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None) as ws:
                back = BackMsg()
                back.rerun_script.query_string = ""
                back.rerun_script.page_script_hash = ""
                await ws.send(back.SerializeToString())
                while True:
                    msg = ForwardMsg()
                    msg.ParseFromString(await ws.recv())
                    kind = msg.WhichOneof("type")
                    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        element = msg.delta.new_element
                        what = element.WhichOneof("type")
                        if what == "plotly_chart" and out["chart_s"] is None:
                            out["chart_s"] = time.perf_counter() - started
                        elif what == "exception":
                            out["error"] = "the page showed an error"
                        elif what == "metric" and element.metric.label == "Cargoes arrived":
                            out["cargoes"] = element.metric.body
                    elif kind == "script_finished":
                        out["done_s"] = time.perf_counter() - started
                        return out
    except TimeoutError:
        out["error"] = f"no end of the run within {TIMEOUT:.0f} s"
    except (OSError, websockets.WebSocketException) as err:
        out["error"] = f"{type(err).__name__}: {err}"
    return out


async def _many(url: str, n: int) -> list[dict]:
    return list(await asyncio.gather(*(one_session(url) for _ in range(n))))


def level(url: str, n: int, rounds: int) -> list[dict]:
    """`rounds` rounds of `n` sessions started at once."""
    return [r for _ in range(rounds) for r in asyncio.run(_many(url, n))]


def summary(results: list[dict]) -> dict:
    charts = sorted(r["chart_s"] for r in results if r["chart_s"] is not None and not r["error"])
    errors = [r["error"] for r in results if r["error"]]

    def pct(q: float) -> float | None:
        return charts[min(len(charts) - 1, int(round(q * (len(charts) - 1))))] if charts else None

    return {"sessions": len(results), "p50_s": statistics.median(charts) if charts else None,
            "p95_s": pct(0.95), "max_s": charts[-1] if charts else None, "errors": len(errors),
            "error_kinds": sorted(set(errors))}


def import_file(store_path: Path) -> tuple[float, int]:
    """An editor's import through the store the server uses: one new arrived cargo (a copy of an
    arrival account under new ids) and 1,000 events. Seconds it took, and rows written."""
    from analysis.store import Store

    store = Store(f"sqlite:///{store_path}")
    reports = store.read_table("cargo_reports").drop(columns="version")
    arrived = reports[reports["status"] == "arrived"].iloc[[0]].assign(report_id="CR-LOAD", cargo_id="C-LOAD",
                                                                       order_id=pd.NA, completes_order=pd.NA)
    events = store.read_table("events").drop(columns="version").iloc[[0] * 1000].reset_index(drop=True)
    events["event_id"] = [f"E-LOAD-{i:04d}" for i in range(1000)]
    started = time.perf_counter()
    store.write_many({"cargo_reports": arrived.astype("string"), "events": events.astype("string")},
                     "load benchmark", "an import while many read")
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, 1001


def floor(rounds: int) -> dict:
    """The budget's level of sessions on bench_pages.FLOOR_APP (a title, one metric, one small
    chart), a bare Streamlit page served with the app's settings (.streamlit/config.toml)."""
    with tempfile.TemporaryDirectory(prefix="corridor-bench-load-floor-") as tmp:
        script = Path(tmp) / "floor.py"
        script.write_text(FLOOR_APP)
        with _serving([sys.executable, "-m", "streamlit", "run", str(script)], dict(os.environ)) as (url, _, _):
            level(url, 1, 1)  # its first imports, not counted
            return summary(level(url, BUDGET["sessions"], rounds))


def run(levels: list[int], rounds: int, during: int = DURING_IMPORT) -> dict:
    result = {"levels": {}, "machine": machine()}
    result["floor"] = floor(rounds)
    print(f"floor, {BUDGET['sessions']} sessions: {result['floor']}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="corridor-bench-load-") as tmp:
        folder = Path(tmp)
        env_seed = os.environ.pop("CORRIDOR_SEED_DIR", None)  # the repository's data/
        try:
            with serve(folder) as url:
                level(url, 1, 1)  # the server's warm-up and first imports, not counted
                for n in levels:
                    result["levels"][str(n)] = summary(level(url, n, rounds))
                    print(f"{n:>3} sessions: {result['levels'][str(n)]}", file=sys.stderr, flush=True)
                imported: dict = {}
                writer = threading.Thread(target=lambda: imported.update(
                    zip(("import_s", "rows"), import_file(folder / "corridor.sqlite"))))
                before = level(url, 1, 1)[0]["cargoes"]
                started = time.perf_counter()

                async def readers_and_import():
                    task = asyncio.ensure_future(_many(url, during))
                    await asyncio.sleep(0.2)  # the readers are connected and running
                    writer.start()
                    return await task

                read = asyncio.run(readers_and_import())
                writer.join()
                after = level(url, 1, 1)[0]
                result["during_import"] = summary(read) | imported | {
                    "cargoes_before": before, "cargoes_after": after["cargoes"],
                    "seconds": time.perf_counter() - started}
                print(f"during an import: {result['during_import']}", file=sys.stderr, flush=True)
        finally:
            if env_seed is not None:
                os.environ["CORRIDOR_SEED_DIR"] = env_seed
    return result


# Causes found by measuring the server (its CPU time per level, and py-spy samples of its threads
# during 25 sessions), which do not change from run to run as the timings do.
NOTES = """### Where the time goes

- **One process, one core.** Streamlit runs each session's script in a thread of one Python
  process, so sessions that arrive together share one core (the GIL) and finish together: 25 at
  once take about 25 times one session's server time, whatever their order. Two or more servers
  behind a proxy (docs/deploy.md) share the load across cores.
- **What each new session cost, and what was done** (25 sessions at once, p95 to the first
  chart, each step measured with the ones before it):

  | step | p95 |
  |---|---:|
  | as found: Streamlit's default file watcher walked every loaded module for each new session (2026-12-03 01:26 UTC) | 10.3 s |
  | source files not watched (`fileWatcherType = "none"`, 01:32 UTC) | 7.1 s |
  | "Says who?" lists and chart text versions made only when opened (`on_change="rerun"`) | 6.7 s |
  | no full garbage collection after every run (`runner.postScriptGC = false`): with 25 sessions each ran one over the whole heap | 2.4 s |
  | charts styled property by property instead of through plotly's `update_layout` | 2.0 s |
  | the Overview's chart built and styled once per view, through the view cache | 1.2 s |

- **What remains, per session** (about 45 ms of server time, sampled with py-spy): Streamlit's own
  work to build, hash and send each element (its config lock is taken for every message), the
  headline cards, and plotly serialising the chart.
"""


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def markdown(result: dict, load: tuple[float, float]) -> str:
    rows = [f"| {n} | {r['sessions']} | {_s(r['p50_s'])} | {_s(r['p95_s'])} | {_s(r['max_s'])} | {r['errors']} |"
            for n, r in result["levels"].items()]
    d = result.get("during_import")
    if d:
        rows.append(f"| {d['sessions']}, during an import | {d['sessions']} | {_s(d['p50_s'])} | {_s(d['p95_s'])} | "
                    f"{_s(d['max_s'])} | {d['errors']} |")
    budget = result["levels"].get(str(BUDGET["sessions"]))
    lines = [f"{START}", "## Many readers at once", "",
             f"`scripts/bench_load.py`, run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on "
             f"{result['machine']['CPU']} ({result['machine']['cores']} cores), load average {load[0]:.2f} before and {load[1]:.2f} after. The app is "
             "served as `scripts/serve.sh` serves it, on the seed data (`data/`), on 127.0.0.1; each "
             "session is a new WebSocket client speaking Streamlit's protocol that opens the Overview, "
             "as a new browser tab does. Time to the first complete chart, in seconds, over every "
             "session of a level (the levels start that many sessions at once, three times). The "
             "clients run on the same two cores as the server.", "",
             "| sessions at once | sessions measured | p50 (s) | p95 (s) | slowest (s) | errors |",
             "|---|---:|---:|---:|---:|---:|", *rows, ""]
    if budget and budget["p95_s"] is not None:
        met = budget["p95_s"] <= BUDGET["p95_s"] and budget["errors"] == 0
        lines.append(f"- {BUDGET['sessions']} sessions, p95 ≤ {BUDGET['p95_s']:.0f} s and no errors: "
                     f"**{'met' if met else 'not met'}** (p95 {budget['p95_s']:.2f} s, {budget['errors']} errors).")
        bare = result.get("floor")
        if bare and bare["p95_s"]:
            lines.append(f"- Floor, in the same run: {BUDGET['sessions']} sessions at once on a bare Streamlit page "
                         "(a title, one metric, one small chart) served with the same settings, p50 "
                         f"{_s(bare['p50_s'])} s, p95 {_s(bare['p95_s'])} s; the Overview's p95 is "
                         f"{budget['p95_s'] / bare['p95_s']:.1f}× that.")
    if d:
        lines.append(f"- During an import ({d.get('rows', 0):,} rows written in {d.get('import_s', 0):.2f} s by an "
                     f"editor, through the store): {d['sessions']} sessions, p95 {_s(d['p95_s'])} s, {d['errors']} "
                     f"errors. The next session's Overview counted {d['cargoes_after']} cargoes arrived, against "
                     f"{d['cargoes_before']} before the import.")
    lines.append(f"\n{NOTES}\nRerun: `.venv/bin/python scripts/bench_load.py`.\n{END}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS))
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--during", type=int, default=DURING_IMPORT, help="sessions while an import runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-docs", action="store_true", help="print, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    before = os.getloadavg()
    result = run(args.levels, args.rounds, args.during)
    text = markdown(result, (before[0], os.getloadavg()[0]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if args.no_docs:
        print(text)
        return
    write_section(DOC, text, START, END)
    print(f"Wrote the load section of {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
