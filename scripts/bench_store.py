"""Store benchmark: the shared store's own path (analysis/store) on SQLite and on PostgreSQL.

For each size (cargo reports), a dataset from scripts/synthetic.py is written to a temporary
folder and put in a new store on each database with `Store.create` and `Store.seed` (timed:
the seeding). PostgreSQL is a throwaway server (scripts/pg_server.py) on a free loopback port, with
the server's default settings (every commit flushed to disk), and stopped at the end. Each store
is built once per size and settled (`settle`), and every step then runs on it, in this order:

- load: a fresh Python process opens the store as the app does (`open_default`) and runs
  `analysis.refresh.current(store, None, -1)`: first with no snapshot (every table read through
  Arrow, then derived, and a snapshot written for a large store), then, after one more change,
  from that snapshot (`analysis.snapshot`); the time each takes, the process's whole run, and
  the peak resident memory of the process and the SQLite reading process together (`TreeMemory`),
  with each one's own peak (VmHWM): the reading process peaks while it reads and gives its
  memory back before the process derives, so the sum of the two peaks overstates the machine's;
- floor: the same single-row UPDATE of a cargo report's quantity issued directly in SQL (the
  sqlite3 module or psycopg, autocommit, committed), its samples taken in turn with the updates';
- one update (`Store.update` of a random cargo report's quantity at its current version), one
  delete (`Store.delete`) and the undo of an update (`Store.undo`);
- the refresh a reader sees after an edit: with the derived dataset held, one update, then
  `current(store, previous, since)`, which reads only the changed records (analysis/refresh.py);
- imports (`Store.write("cargo_reports", ...)`) of 1,000 and 10,000 rows and MAX_IMPORT_ROWS, half
  new rows and half changed stored rows with their `version`: the time of the whole call, an
  upper bound on how long the import holds the write lock; then an import one row larger than
  allowed, whose refusal is shown.

Edits are timed one by one with time.perf_counter: the median and, over 20 samples or more, the
95th percentile; every write is also given as a ratio to the floor's median. Results go to
docs/benchmarks.md between the markers <!-- store:start --> and <!-- store:end --> (the rest of
the file is left alone).

    python scripts/bench_store.py                  # 10,000, 100,000 and 1,000,000 reports, both databases
    python scripts/bench_store.py --quick          # 10,000 only, printed, docs untouched
    python scripts/bench_store.py --sizes 2000 --backends sqlite --samples 5 --imports 100 --no-docs
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "scripts")) if p not in sys.path]

from analysis.refresh import current  # noqa: E402
from analysis.snapshot import MANIFEST, SNAPSHOT_REPORTS  # noqa: E402
from analysis.store import MAX_IMPORT_ROWS, Store, columnar, open_default  # noqa: E402
from analysis.store.tables import DB_TABLES  # noqa: E402
from analysis.validate import ValidationError  # noqa: E402
from browse import free_port  # noqa: E402
from pg_server import create_database, pg_bindir, postgres_server  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
BACKENDS = ("sqlite", "postgresql")
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
IMPORTS = tuple(sorted({1_000, 10_000, MAX_IMPORT_ROWS}))
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- store:start -->", "<!-- store:end -->"
BUDGETS = {  # at 1,000,000 cargo reports (issue 11)
    "load_s": 5.0, "load_mb": 1536, "edit_p95_s": 0.050, "import_10000_s": 3.0, "lock_s": 5.0, "refresh_s": 1.0,
}
SEED = 0
USER = "benchmark"
TABLE = "cargo_reports"
FLOOR_SQL = "UPDATE cargo_reports SET quantity = {0} WHERE report_id = {1}"
IMPORT_RUNS = 3  # of each import size
LOAD_RUNS = 3  # fresh processes that load a store with no snapshot, at every size
WARM_RUNS = 3  # fresh processes that load a store from its snapshot, at every size


def summary(seconds: list[float]) -> dict:
    """Median, 95th percentile (with 20 samples or more, else None) and maximum, in seconds."""
    return {"n": len(seconds), "median": statistics.median(seconds),
            "p95": float(np.percentile(seconds, 95)) if len(seconds) >= 20 else None, "max": max(seconds),
            "samples": seconds}


def _timed(fn) -> tuple[float, object]:
    """(seconds fn() took, what it returned)."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


# The load, in a fresh process ---------------------------------------------------------------------

def peak_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM), in MiB. Not getrusage's ru_maxrss: Linux keeps
    that across exec, so a process started by a large one reports at least its parent's size."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def rss_mb(pid: int | str = "self") -> float:
    """A process's resident memory now (VmRSS), in MiB; 0 once it has exited."""
    try:
        return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024
    except (OSError, AttributeError):
        return 0.0


def children(pid: int | None = None) -> list[str]:
    """The running children of a process (this one by default): the SQLite reading process."""
    pid = os.getpid() if pid is None else pid
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


class TreeMemory:
    """The resident memory of this process and its children together, sampled every 10 ms on a
    thread: `peak_mb` is the highest sum seen, and at least each process's own peak (VmHWM)
    plus what the other held at the sample nearest to it, so a peak between samples still counts."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []  # (this process, its children), MiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _take(self) -> None:
        self.samples.append((rss_mb(), sum(rss_mb(child) for child in children())))

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self._take()

    def stop(self) -> dict:
        """Own peak, the children's peak (VmHWM, summed) and the peak of the sum, in MiB."""
        self._stop.set()
        self._thread.join()
        self._take()  # at least one sample, however short the run
        own, theirs_peak = peak_mb(), sum(peak_mb(child) for child in children())
        mine, theirs = max(self.samples), max(self.samples, key=lambda s: s[1])
        together = max(max(a + b for a, b in self.samples), own + mine[1], theirs_peak + theirs[0])
        return {"rss_peak_mb": own, "reader_peak_mb": theirs_peak, "together_peak_mb": together}


def load_child() -> dict:
    """Run in a fresh process, on the store that env CORRIDOR_DATABASE_URL names: open it as the
    app does and derive the dataset from it (from the snapshot in env CORRIDOR_SNAPSHOT_DIR where
    one holds); then wait for the snapshot being written, if one is (`snapshot_s`)."""
    start, memory = time.perf_counter(), TreeMemory()
    store = open_default()
    data, _ = current(store, None, -1)
    seconds = time.perf_counter() - start
    writing = [t for t in threading.enumerate() if t.name == "corridor-snapshot"]
    for thread in writing:
        thread.join()
    return {"load_s": seconds, "snapshot_s": time.perf_counter() - start - seconds if writing else None,
            "cargoes": len(data.cargoes), "orders": len(data.orders)} | memory.stop()


def _load_once(url: str, snapshots: str, kind: str) -> dict:
    start = time.perf_counter()
    child = subprocess.run([sys.executable, __file__, "--child-load"], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                           check=True, env=dict(os.environ, CORRIDOR_DATABASE_URL=url, CORRIDOR_SNAPSHOT_DIR=snapshots))
    result = json.loads(child.stdout) | {"process_s": time.perf_counter() - start}
    written = "" if result["snapshot_s"] is None else f", snapshot written in {result['snapshot_s']:.2f} s more"
    print(f"    load ({kind}) {result['load_s']:.2f} s (process {result['process_s']:.2f} s{written}), peak "
          f"{result['rss_peak_mb']:,.0f} + {result['reader_peak_mb']:,.0f} MiB, "
          f"{_at_once(result):,.0f} MiB at once", file=sys.stderr, flush=True)
    return result


def load(url: str, runs: int, warm_runs: int, touch) -> dict[str, list[dict]]:
    """Fresh processes' loads of the store (load_child) and their whole runs (process_s), after
    one uncounted load: "cold", each with no snapshot (everything read and derived, and, at
    SNAPSHOT_REPORTS reports and more, a snapshot written); then "warm", each after one more
    change (`touch`), from the snapshot the cold runs left, catching up on the changes since; then
    "tables", the same after a release that changed the derivation and not how tables are read
    (the snapshots' manifests are given another derivation fingerprint): the snapshot's tables
    mapped and caught up, and derived again."""
    out = {"cold": [], "warm": [], "tables": []}
    with tempfile.TemporaryDirectory(prefix="corridor-bench-snapshots-") as snapshots:
        # One load first, not counted: it brings the store's files into the OS cache, as a server's
        # store in use has them (this machine pages out file pages left unread for a minute).
        _load_once(url, snapshots, "to warm the OS cache, not counted")
        for _ in range(runs):
            for old in Path(snapshots).iterdir():
                shutil.rmtree(old)
            out["cold"].append(_load_once(url, snapshots, "cold"))
        for _ in range(warm_runs):
            touch()
            out["warm"].append(_load_once(url, snapshots, "warm"))
        for _ in range(warm_runs):
            for manifest in Path(snapshots).glob(f"*/*/{MANIFEST}"):
                manifest.write_text(json.dumps(json.loads(manifest.read_text()) | {"code": "an older derivation"}))
            touch()
            out["tables"].append(_load_once(url, snapshots, "new derivation code"))
    return out


# Edits and imports ---------------------------------------------------------------------------------

class Floor:
    """The single-row UPDATE issued directly in SQL on its own autocommit connection (on SQLite
    with the store's synchronous=NORMAL, so that it commits as the store's writes do)."""

    def __init__(self, store: Store):
        if store.url.startswith("sqlite"):
            self.conn = sqlite3.connect(store.engine.url.database, isolation_level=None)
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.sql = FLOOR_SQL.format("?", "?")
        else:
            import psycopg

            libpq = store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self.conn = psycopg.connect(libpq, autocommit=True)
            self.sql = FLOOR_SQL.format("%s", "%s")

    def update(self, key: str, quantity: float) -> float:
        """Seconds to set one report's quantity, committed."""
        seconds, _ = _timed(lambda: self.conn.execute(self.sql, (quantity, key)))
        return seconds

    def close(self) -> None:
        self.conn.close()


def _version(store: Store, key: str) -> int:
    """The stored version of one cargo report."""
    db = DB_TABLES[TABLE]
    with store.engine.connect() as conn:
        return conn.execute(sa.select(db.c.version).where(db.c.report_id == key)).scalar_one()


def _new_quantity(quantity: str) -> str:
    return str(round(float(quantity) * 1.01, 3))


class Keys:
    """Cargo reports drawn at random, each used once: those with a quantity and a unit for the
    edits, the rest in turn for the imports' changed rows."""

    def __init__(self, reports: pd.DataFrame, edits: int):
        rng = np.random.default_rng(SEED)
        quantified = reports["quantity"].notna() & reports["unit"].notna()
        self.quantity = dict(zip(reports["report_id"], reports["quantity"]))
        editable = rng.permutation(reports.loc[quantified, "report_id"].to_numpy(dtype=object))
        self.edits = iter(editable[:edits])
        taken = set(editable[:edits])
        self.rest = rng.permutation([k for k in reports["report_id"] if k not in taken])
        self.deleted: set[str] = set()
        self.offset = 0

    def edit(self) -> str:
        return next(self.edits)

    def changed(self, n: int) -> list[str]:
        """`n` stored reports (fewer if fewer remain), taken in turn from the rest."""
        pool = [k for k in self.rest if k not in self.deleted] if self.deleted else list(self.rest)
        n = min(n, len(pool))
        picked = [pool[(self.offset + i) % len(pool)] for i in range(n)]
        self.offset = (self.offset + n) % len(pool)
        return picked


def edits(store: Store, keys: Keys, samples: int) -> dict:
    """The floor and one update (in turn), one delete and the undo of an update: seconds each."""
    floor, times = Floor(store), {"floor": [], "update": [], "delete": [], "undo": []}
    try:
        for _ in range(samples):
            key = keys.edit()
            times["floor"].append(floor.update(key, float(_new_quantity(keys.quantity[key]))))
            key = keys.edit()
            version = _version(store, key)
            times["update"].append(_timed(lambda: store.update(
                TABLE, key, {"quantity": _new_quantity(keys.quantity[key])}, version, USER, "benchmark: update"))[0])
    finally:
        floor.close()
    for _ in range(samples):
        key = keys.edit()
        version = _version(store, key)
        times["delete"].append(_timed(lambda: store.delete(TABLE, key, version, USER, "benchmark: delete"))[0])
        keys.deleted.add(key)
    for _ in range(samples):
        key = keys.edit()
        store.update(TABLE, key, {"quantity": _new_quantity(keys.quantity[key])}, _version(store, key), USER,
                     "benchmark: an update to undo")
        change = store.last_change_id()
        times["undo"].append(_timed(lambda: store.undo(change, USER, "benchmark: undo"))[0])
    return {name: summary(seconds) for name, seconds in times.items()}


def refreshes(store: Store, keys: Keys, n: int) -> dict:
    """Seconds for a reader holding the derived dataset to see one update (`current` from it)."""
    data, since = current(store, None, -1)
    seconds = []
    for _ in range(n):
        key = keys.edit()
        store.update(TABLE, key, {"quantity": _new_quantity(keys.quantity[key])}, _version(store, key), USER,
                     "benchmark: an update a reader sees")
        elapsed, (data, since) = _timed(lambda: current(store, data, since))
        seconds.append(elapsed)
    return summary(seconds)


class Batches:
    """Import files for cargo_reports: new rows copied from random stored reports under new ids,
    and changed stored rows (their note) with the version they were read at."""

    def __init__(self, reports: pd.DataFrame):
        self.reports, self.run = reports, 0
        self.rng = np.random.default_rng(SEED + 1)

    def new_rows(self, n: int) -> pd.DataFrame:
        self.run += 1
        rows = self.reports.iloc[self.rng.integers(0, len(self.reports), n)].reset_index(drop=True)
        rows["report_id"] = [f"CRN{self.run:02d}{i:06d}" for i in range(n)]
        rows["note"] = f"Imported in benchmark run {self.run}."
        return rows.assign(version=pd.NA).astype("string")

    def batch(self, store: Store, keys: Keys, rows: int) -> pd.DataFrame:
        """`rows` rows: half changed stored rows (as many as there are), the rest new."""
        stored = columnar.read_keys(store.url, TABLE, keys.changed(rows // 2))
        stored["note"] = f"Checked again in benchmark run {self.run + 1}."
        return pd.concat([stored.astype("string"), self.new_rows(rows - len(stored))], ignore_index=True)


def imports(store: Store, keys: Keys, reports: pd.DataFrame, sizes: list[int]) -> dict:
    """Seconds of each import (the whole Store.write call), with its new and changed rows, and the
    message refusing an import of one row more than allowed."""
    batches, out = Batches(reports), {}
    for rows in sizes:
        seconds, counts = [], None
        for _ in range(IMPORT_RUNS):
            frame = batches.batch(store, keys, rows)
            elapsed, done = _timed(lambda: store.write(TABLE, frame, USER, "benchmark: import", "import.csv"))
            seconds.append(elapsed)
            counts = {"new": done.new, "changed": done.changed}
            assert done.new + done.changed == rows, (rows, done)
        out[str(rows)] = summary(seconds) | counts
        print(f"    import {rows:,} rows ({counts['new']:,} new, {counts['changed']:,} changed): "
              f"{statistics.median(seconds):.2f} s", file=sys.stderr, flush=True)
    too_many = batches.new_rows(MAX_IMPORT_ROWS + 1)
    try:
        store.write(TABLE, too_many, USER, "benchmark: an import over the limit", "import.csv")
        out["refused"] = None
    except ValidationError as err:
        out["refused"] = str(err)
    return out


# One store ------------------------------------------------------------------------------------------

def settle(store: Store) -> None:
    """Leave a freshly seeded store as one in use would be, so that the clean-up after the bulk
    load does not fall into the measurements: on PostgreSQL vacuumed, analysed and checkpointed
    (autovacuum would otherwise start on the new rows mid-run), on SQLite the write-ahead log
    checkpointed into the file; then everything written to disk, which the kernel would otherwise
    still be doing during the first load."""
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if store.url.startswith("sqlite"):
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            conn.exec_driver_sql("VACUUM ANALYZE")
            conn.exec_driver_sql("CHECKPOINT")
    os.sync()


def run_store(url: str, folder: Path, reports: pd.DataFrame, args) -> dict:
    """Seed a new store at `url` from `folder` and measure every step on it."""
    store = Store(url)
    store.create()
    seed_s, rows = _timed(lambda: store.seed(folder))
    print(f"    seeded in {seed_s:.1f} s", file=sys.stderr, flush=True)
    settle(store)
    keys = Keys(reports, 4 * args.samples + args.refreshes + 2 * args.warm_runs)  # touch() before each snapshot load
    result = {"seed_s": seed_s, "rows": rows}
    def touch() -> None:
        key = keys.edit()
        store.update(TABLE, key, {"quantity": _new_quantity(keys.quantity[key])}, _version(store, key), USER,
                     "benchmark: a change a new server catches up on")

    result["load"] = load(url, args.load_runs, args.warm_runs, touch)
    result |= edits(store, keys, args.samples)
    for step in ("floor", "update", "delete", "undo"):
        r = result[step]
        print(f"    {step:<7} median {_ms(r['median'])} ms, p95 {_ms(r['p95'])} ms", file=sys.stderr, flush=True)
    result["refresh"] = refreshes(store, keys, args.refreshes)
    print(f"    refresh median {result['refresh']['median'] * 1000:.0f} ms", file=sys.stderr, flush=True)
    result["imports"] = imports(store, keys, reports, args.imports)
    store.close()
    return result


def run_size(size: int, backends: list[str], admin: str | None, args) -> dict:
    """Generate `size` reports, build a store of them on each backend and measure it."""
    from synthetic import generate, write

    with tempfile.TemporaryDirectory(prefix="corridor-bench-store-") as tmp:
        folder = Path(tmp) / "data"
        frames = generate(size, SEED)
        write(frames, folder)
        reports = frames["cargo_reports"]
        del frames
        out = {}
        for backend in backends:
            print(f"{size:>10,} reports on {NAMES[backend]}", file=sys.stderr, flush=True)
            url = (f"sqlite:///{Path(tmp) / 'corridor.sqlite'}" if backend == "sqlite"
                   else create_database(admin, f"corridor_{size}"))
            out[backend] = run_store(url, folder, reports, args)
    return out


# The report -----------------------------------------------------------------------------------------

def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1000
    return f"{ms:.2f}" if ms < 1 else f"{ms:.1f}" if ms < 100 else f"{ms:,.0f}"


def _ratio(seconds: float, floor: float) -> str:
    r = seconds / floor
    return f"{r:.1f}×" if r < 10 else f"{r:,.0f}×"


def table(result: dict) -> str:
    """One markdown table of a size's results, a column group per backend."""
    backends = list(result)
    head = "| step | " + " | ".join(f"{NAMES[b]} median | p95 | ÷ floor" for b in backends) + " |"
    rule = "|---|" + "---:|---:|---:|" * len(backends)
    first = result[backends[0]]

    def row(title: str, cells) -> str:
        return f"| {title} | " + " | ".join(" | ".join(cells(result[b])) for b in backends) + " |"

    def load_row(title: str, kind: str, key: str) -> str:
        def cells(r):
            values = [x[key] for x in r["load"][kind] if x[key] is not None]
            return (f"{statistics.median(values):.2f}" if values else "—"), "—", "—"
        return row(title, cells)

    def timed(title: str, get, ratio: bool = True) -> str:
        def cells(r):
            s = get(r)
            return (_ms(s["median"]), _ms(s["p95"]), _ratio(s["median"], r["floor"]["median"]) if ratio else "—")
        return row(title, cells)

    lines = [head, rule,
             row("seeding from the CSV folder (s)", lambda r: (f"{r['seed_s']:.1f}", "—", "—")),
             load_row("load in a fresh process, no snapshot: open, read everything, derive (s)", "cold", "load_s"),
             load_row("… then the snapshot written, before the process exits (s)", "cold", "snapshot_s"),
             load_row("… the process from start to exit (s)", "cold", "process_s"),
             row("… peak memory at once, process and SQLite reading process (each one's own peak) (MiB)",
                 lambda r: (_memory(_peak(r, "cold")), "—", "—")),
             load_row("load in a fresh process from the snapshot, one change since (s)", "warm", "load_s"),
             load_row("… the process from start to exit (s)", "warm", "process_s"),
             row("… peak memory at once, process and SQLite reading process (each one's own peak) (MiB)",
                 lambda r: (_memory(_peak(r, "warm")), "—", "—")),
             load_row("load after a release that changed the derivation: the snapshot's tables, one change "
                      "since, derived again (s)", "tables", "load_s"),
             row("… peak memory at once, process and SQLite reading process (each one's own peak) (MiB)",
                 lambda r: (_memory(_peak(r, "tables")), "—", "—")),
             timed("**floor**: the same UPDATE in SQL (ms)", lambda r: r["floor"], ratio=False),
             timed("one update (ms)", lambda r: r["update"]),
             timed("one delete (ms)", lambda r: r["delete"]),
             timed("undo of an update (ms)", lambda r: r["undo"])]
    for rows, counts in first["imports"].items():
        if rows == "refused":
            continue
        lines.append(timed(f"import of {int(rows):,} rows ({counts['new']:,} new, {counts['changed']:,} changed) "
                           "(ms)", lambda r, k=rows: r["imports"][k]))
    lines.append(timed("refresh a reader sees after one update (ms)", lambda r: r["refresh"], ratio=False))
    return "\n".join(lines)


def _at_once(run: dict) -> float:
    """A load's peak memory, process and reading process together (MiB): as sampled, but never
    above the sum of their own peaks (a child sampled between fork and exec shows its parent's
    pages as its own)."""
    return min(run["together_peak_mb"], run["rss_peak_mb"] + run["reader_peak_mb"])


def _peak(r: dict, kind: str) -> dict:
    """The load run of a kind with the highest peak memory (process and reading process together)."""
    return max(r["load"][kind], key=_at_once)


def _memory(run: dict) -> str:
    if not run["reader_peak_mb"]:
        return f"{_at_once(run):,.0f}"
    return f"{_at_once(run):,.0f} ({run['rss_peak_mb']:,.0f} + {run['reader_peak_mb']:,.0f})"


def verdicts(result: dict) -> list[str]:
    """Each budget against a size's results, per backend: met or not, and by how much."""
    lines = []

    def verdict(backend: str, what: str, value: float, budget: float, shown: str) -> None:
        met = "**met**" if value <= budget else f"**not met** ({value / budget:.2f}× the budget)"
        lines.append(f"- {NAMES[backend]}, {what}: {met} ({shown})")

    for backend, r in result.items():
        for kind, how in (("warm", "from the snapshot"),
                          ("tables", "from the snapshot's tables (a first start on new derivation code)"),
                          ("cold", "with no snapshot (a new store, or new code for reading tables)")):
            load_s = statistics.median(x["load_s"] for x in r["load"][kind])
            verdict(backend, f"load {how} ≤ 5 s", load_s, BUDGETS["load_s"],
                    f"{load_s:.2f} s; the first page adds its own first run")
            peak = _at_once(_peak(r, kind))
            verdict(backend, f"peak memory of the load {how} ≤ 1.5 GB", peak, BUDGETS["load_mb"], f"{peak:,.0f} MiB")
        for step in ("update", "delete"):
            p95 = r[step]["p95"] or r[step]["max"]
            verdict(backend, f"one {step} p95 ≤ 50 ms", p95, BUDGETS["edit_p95_s"], f"{_ms(p95)} ms")
        done = {int(k): v for k, v in r["imports"].items() if k != "refused"}
        if 10_000 in done:
            s = done[10_000]["median"]
            verdict(backend, "import of 10,000 rows ≤ 3 s", s, BUDGETS["import_10000_s"], f"{s:.2f} s")
        largest = max(done)
        longest = max(v["max"] for v in done.values())
        verdict(backend, f"longest write lock an import holds ≤ 5 s (at most the slowest import; the largest is "
                         f"{largest:,} rows)", longest, BUDGETS["lock_s"], f"{longest:.2f} s")
        s = r["refresh"]["median"]
        verdict(backend, "a reader sees an edit ≤ 1 s after it", s, BUDGETS["refresh_s"],
                f"median {_ms(s)} ms, slowest {_ms(r['refresh']['max'])} ms")
    return lines


def _refusal(run: dict) -> str | None:
    """The message refusing the import over the limit (None if it was not refused)."""
    return next(r["imports"]["refused"] for result in run["sizes"].values() for r in result.values())


def markdown(run: dict, notes: str) -> str:
    """The section of docs/benchmarks.md between the markers, from measure_all's results."""
    machine_rows = "\n".join(f"| {k} | {v} |" for k, v in run["machine"].items())
    sizes = []
    refused = _refusal(run)
    for size, result in run["sizes"].items():
        r = next(iter(result.values()))
        cargoes = statistics.median(x["cargoes"] for x in r["load"]["cold"])
        sizes.append(f"### {int(size):,} cargo reports ({cargoes:,.0f} cargoes)\n\n{table(result)}\n\n"
                     "Budgets (they apply at 1,000,000 reports):\n\n" + "\n".join(verdicts(result)))
    shown = "\n".join(f"    {line}" for line in (refused or "(it was not refused)").splitlines())
    return f"""{START}
## Store

What is measured: the shared store's own path (`analysis/store`), on SQLite and on PostgreSQL,
with synthetic datasets from `scripts/synthetic.py` (seed {SEED}) put in a new store by
`Store.create` and `Store.seed` (the seeding is timed too). PostgreSQL is a server started for
the run on the same machine (loopback, the server's default settings: every commit is flushed to
disk); SQLite is a file in WAL mode with synchronous=NORMAL, as the store opens it. Each store is
built once per size and settled (on PostgreSQL vacuumed, analysed and checkpointed, on SQLite its
write-ahead log checkpointed; then written to disk), then:

- **load**: a fresh Python process opens the store as the app does and derives the dataset
  (`analysis.refresh.current(store, None, -1)`): the median of {run['load_runs']} processes with no
  snapshot, and of {run['warm_runs']} from the snapshot, after one load not counted that brings
  the store's files into the OS cache as a store in use has them (this machine pages out file
  pages that nobody has read for a minute: a load from disk took 13 s once). With no snapshot,
  every table is read as Arrow columns and reconciled, and from {SNAPSHOT_REPORTS:,} reports
  on a snapshot of the result is written (`analysis.snapshot`; the process waits for it before
  exiting). From the snapshot, each after one more change: the snapshot is mapped into memory
  and the change read and re-derived. After a release that changed the derivation (simulated:
  the snapshots' manifests given another derivation fingerprint), {run['warm_runs']} more, each
  after one more change: the snapshot's tables are mapped and caught up, and derived again. Peak
  memory is that of the process and the process that reads SQLite through ADBC together, sampled
  every 10 ms (snapshot writing included), with each one's own peak (VmHWM) beside it: the
  reading process gives its memory back before the other derives, so the sum of the two peaks
  overstates what the machine needs at once.
- **floor**: the same single-row `UPDATE cargo_reports SET quantity = …` issued directly in SQL
  (autocommit, committed), {run['samples']} times, in turn with the updates.
- **update**, **delete**, **undo**: `Store.update` of a random cargo report's quantity at its
  current version, `Store.delete` of one, `Store.undo` of such an update; {run['samples']} each.
- **imports**: `Store.write("cargo_reports", ...)` of half new rows and half changed stored rows
  with their `version`, {IMPORT_RUNS} runs of each size ({MAX_IMPORT_ROWS:,} rows is the most one
  import may carry). A write holds the write lock for at most as long as the whole call, so the
  slowest import bounds the longest lock any import holds.
- **refresh**: a reader holding the derived dataset, after one update, calls
  `current(store, previous, since)` (only the changed records are read and re-derived);
  {run['refreshes']} edits (slowest shown in place of the p95).

Times are wall-clock (`time.perf_counter`), medians and, over 20 samples or more, 95th
percentiles; "÷ floor" is a step's median over the floor's median in the same run.

Rerun (about an hour on this machine, most of it building the 1,000,000-report stores; rewrites
only this section):

```sh
.venv/bin/python scripts/bench_store.py
```

`--quick` runs 10,000 reports only and prints; `--sizes`, `--backends`, `--samples`,
`--refreshes`, `--load-runs`, `--warm-runs`, `--imports`, `--json FILE`, `--from-json FILE` (report a saved
run again) and `--no-docs` are also available.
`tests/test_bench_smoke.py` runs it on a small SQLite store without asserting any timing.

| machine | |
|---|---|
{machine_rows}
| load average (1 min) before / after | {run['load_average'][0]:.2f} / {run['load_average'][1]:.2f} |
| run at | {run['run_at']} |

{(chr(10) * 2).join(sizes)}

### An import over the limit

An import of {MAX_IMPORT_ROWS + 1:,} rows is refused before anything is written:

{shown}

{notes}
{END}"""


# Causes found by profiling (cProfile and py-spy of the steps, 2026-12-02, on stores of 1,000,000
# reports); kept here so that a rerun keeps them.
NOTES = """### What the time goes on

- **Load with no snapshot.** On SQLite the reading process reads the cargo reports in two parts
  at once, on two connections that a change-log token shows to see one state (1,000,000 reports
  in about 1 s instead of 1.8 s), and hands every table over as an Arrow file that the app maps:
  the pipe it used before cost about 0.7 s more, and the read went from 3–4.8 s to 1.7–2.3 s. On
  PostgreSQL the cargo reports are read in two parts on two connections sharing one exported
  snapshot: 2.2 s instead of 2.4 s, little gained because the server and the client already kept
  both cores busy. Deriving takes 1.8–2.3 s (`reconcile_cargoes` 1.4–2 s of it, on two threads,
  no single hot spot). The app peaks at about 1.25–1.35 GB while deriving; the SQLite reading
  process peaks at about 0.33 GB while it reads and is back to about 0.11 GB before the derive,
  which the peak "at once" shows. This machine pages out file pages nobody has read for a minute
  (DAMON reclaim): a load that found the store on disk instead of in the OS cache took 13 s.
- **Load from the snapshot.** Mapping the Arrow files takes 0.1–0.3 s (the pages come from the
  file cache); catching up on one change costs what a reader's refresh costs (below), plus the
  read of that record. After a release that changed the derivation, the snapshot's tables are
  mapped the same way and only the derivation runs again (about 2 s at 1,000,000 reports): the
  manifest keeps a second fingerprint, of the code that reads and types the tables.
- **Imports.** On SQLite 10,000 rows take about 1.5 s up to 100,000 stored reports and 2.4–3.0 s
  at 1,000,000 (from run to run on this machine), the same statements working on tables and indexes ten times larger (on
  PostgreSQL 1.9–2.3 s at every size). At 1,000,000 on SQLite: `executemany` about 0.85 s
  (5,000 inserts into a table with its indexes, 5,000 updates, 10,000 change-log rows), the
  commit about 0.45 s, the reference checks about 0.35 s, converting the rows about 0.4 s
  (column by column, once per write) and the log's JSON about 0.2 s. Converting value by value,
  twice per row, had cost about 1 s more.
- **Refresh after one edit.** Re-reconciling the edited cargo takes about 0.2 s and splicing it
  into place about 0.15 s; the previous full re-sort of every cargo (about 1.2 s) and the
  filtering of the whole 1,000,000-row table (about 0.5 s) are gone. Text columns spliced many
  times are joined into one piece again past 32 pieces, which a re-sort used to do in passing.
- **One update** is mostly Python around one row: `validate_table` on a one-row frame, pandas
  conversions of that row and SQLAlchemy compiling its statements; the SQL itself takes under
  5 ms. On PostgreSQL it also waits for two flushed commits (registering the write in
  `activity`, then the write itself), so its p95 carries the disk's commit jitter.
"""


def versions(admin: str | None) -> dict[str, str]:
    """The database and driver versions that matter."""
    import adbc_driver_manager
    import psycopg
    import sqlalchemy

    out = {"SQLAlchemy": sqlalchemy.__version__, "SQLite": sqlite3.sqlite_version,
           "ADBC drivers": adbc_driver_manager.__version__, "psycopg": psycopg.__version__}
    if admin:
        with psycopg.connect(admin) as conn:
            out["PostgreSQL"] = conn.execute("SHOW server_version").fetchone()[0]
    return out


def measure_all(args) -> dict:
    """Every size on every backend, with what the report states about the run; written to
    args.json (if given) as each size finishes, the largest taking long."""
    from benchmark import machine

    run = {"load_average": [os.getloadavg()[0], None], "samples": args.samples, "refreshes": args.refreshes,
           "load_runs": args.load_runs, "warm_runs": args.warm_runs, "sizes": {}}
    if "postgresql" in args.backends and pg_bindir() is None:
        raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; run with --backends sqlite")
    server = postgres_server(free_port(), folder_prefix="corridor-bench-pg-")
    with server if "postgresql" in args.backends else nullcontext() as admin:
        run["machine"] = machine() | versions(admin)
        for size in args.sizes:
            run["sizes"][str(size)] = run_size(size, args.backends, admin, args)
            run["load_average"][1] = os.getloadavg()[0]
            run["run_at"] = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
            if args.json:
                args.json.write_text(json.dumps(run, indent=1))
    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="cargo reports per dataset")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--samples", type=int, default=30, help="updates, deletes, undos and floor updates each")
    parser.add_argument("--refreshes", type=int, default=10, help="edits a reader refreshes after")
    parser.add_argument("--load-runs", type=int, default=LOAD_RUNS,
                        help="fresh processes that load each store (one at 1,000,000 reports and above)")
    parser.add_argument("--warm-runs", type=int, default=WARM_RUNS,
                        help="fresh processes that load each store from its snapshot")
    parser.add_argument("--imports", type=int, nargs="+", default=list(IMPORTS), help="rows per import")
    parser.add_argument("--quick", action="store_true", help="10,000 reports only; print, leave the docs alone")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file, size by size")
    parser.add_argument("--from-json", type=Path, help="report the results a --json file holds; measure nothing")
    parser.add_argument("--no-docs", action="store_true", help=f"do not write {DOC.relative_to(ROOT)}")
    parser.add_argument("--child-load", action="store_true", help=argparse.SUPPRESS)  # the fresh loading process
    args = parser.parse_args(argv)
    if args.child_load:
        print(json.dumps(load_child()))
        return
    if args.quick:
        args.sizes, args.no_docs = [10_000], True
    run = json.loads(args.from_json.read_text()) if args.from_json else measure_all(args)
    for size, result in run["sizes"].items():
        print(f"\n{int(size):,} reports\n{table(result)}\n" + "\n".join(verdicts(result)))
    print(f"\nAn import of {MAX_IMPORT_ROWS + 1:,} rows: {_refusal(run) or 'not refused'}")
    if not args.no_docs:
        # Imported here, so that the loading process imports no more than the app would.
        from bench_pages import write_section

        write_section(DOC, markdown(run, NOTES), START, END)
        print(f"Wrote the store section of {DOC}")


if __name__ == "__main__":
    main()
