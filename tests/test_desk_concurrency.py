"""Two colleagues writing the same record at the same moment, each through their own Store on the
same database (SQLite and PostgreSQL): exactly one wins, the other is told who changed it and that
nothing was written, and the change log records both outcomes."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pandas as pd
import pytest

from analysis import desk
from analysis.export import to_csv_bytes
from analysis.store import ConflictError, Store
from analysis.validate import ValidationError
from conftest import SEED_DIR


def race(url: str, attempts: dict) -> dict[str, object]:
    """Run each user's attempt(store) in its own thread and Store, released together."""
    barrier = threading.Barrier(len(attempts))
    outcomes: dict[str, object] = {}

    def run(user: str) -> None:
        own = Store(url)
        try:
            barrier.wait()
            outcomes[user] = attempts[user](own)
        except (ConflictError, ValidationError) as err:
            outcomes[user] = err
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.fixture
def seeded(store):
    store.seed(SEED_DIR)
    return store


def test_two_corrections_of_one_record_one_wins_one_is_told(seeded):
    """The Correct tab's path: store.update with the version each person read (1)."""
    outcomes = race(seeded.url, {
        "ana": lambda s: s.update("cargo_reports", "CR003", {"quantity": "45150"}, 1, "ana", "ana's fix"),
        "bo": lambda s: s.update("cargo_reports", "CR003", {"vessel": "Pure Point II"}, 1, "bo", "bo's fix"),
    })
    winners = [u for u, o in outcomes.items() if o == 2]
    losers = [u for u, o in outcomes.items() if isinstance(o, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    winner, loser = winners[0], losers[0]
    message = str(outcomes[loser])
    assert "cargo_reports record 'CR003' was changed (it is now version 2)" in message
    assert f"by {winner}" in message and "nothing was written" in message
    assert outcomes[loser].current_row["version"] == 2
    row = seeded.read_table("cargo_reports").set_index("report_id").loc["CR003"]
    assert row["version"] == 2
    assert (row["quantity"], row["vessel"]) == (("45150", "Pure Point") if winner == "ana" else ("45142", "Pure Point II"))
    log = seeded.history("cargo_reports", "CR003")
    assert log["action"].tolist() == ["seed", "update", "conflict"]
    assert log["user"].tolist()[1:] == [winner, loser]
    refused = json.loads(log.iloc[-1]["after"])  # what the loser tried is kept in the log
    assert refused["quantity" if loser == "ana" else "vessel"] == ("45150" if loser == "ana" else "Pure Point II")


def test_two_imports_of_the_same_row_one_wins_one_is_told(seeded):
    """The Import tab's path: each file changes CR003, compared with what each person saw."""
    stored = seeded.read_all()
    cargo = stored["cargo_reports"]
    files = {user: to_csv_bytes(cargo[cargo["report_id"] == "CR003"].assign(note=f"checked by {user}"))
             for user in ("ana", "bo")}
    prepared = {user: desk.prepare_import(seeded, "cargo_reports", f"{user}.csv", data, dt.date(2025, 11, 28))
                for user, data in files.items()}
    outcomes = race(seeded.url, {user: (lambda s, u=user: desk.commit_import(
        s, prepared[u], u, f"{u}'s import", f"{u}.csv")) for user in files})
    winners = [u for u, o in outcomes.items() if isinstance(o, dict)]
    losers = [u for u, o in outcomes.items() if isinstance(o, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert f"by {winners[0]}" in str(outcomes[losers[0]]) and "nothing was written" in str(outcomes[losers[0]])
    row = seeded.read_table("cargo_reports").set_index("report_id").loc["CR003"]
    assert (row["note"], row["version"]) == (f"checked by {winners[0]}", 2)
    log = seeded.history("cargo_reports", "CR003")
    assert log[["action", "user"]].values.tolist()[1:] == [["update", winners[0]], ["conflict", losers[0]]]


def test_two_people_adding_the_same_new_id_one_wins_the_other_is_refused(seeded):
    """The Add tab's path: a new row is written expecting no record under its key (version 0)."""
    cargo = seeded.read_table("cargo_reports").drop(columns="version")
    row = cargo[cargo["report_id"] == "CR003"].assign(report_id="CR100")
    attempts = {user: (lambda s, u=user: s.write("cargo_reports", row.assign(vessel=f"{u}'s ship", version="0"),
                                                 u, "new cargo", file_label="new cargo report"))
                for user in ("ana", "bo")}
    outcomes = race(seeded.url, attempts)
    winners = [u for u, o in outcomes.items() if not isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    loser = next(u for u in outcomes if u not in winners)
    # SQLite serialises the two writes, so the second finds version 1 where it expected none; on
    # PostgreSQL both may insert at once and the database's key refuses the second.
    assert isinstance(outcomes[loser], ConflictError) or "already exists" in str(outcomes[loser])
    stored = seeded.read_table("cargo_reports").set_index("report_id").loc["CR100"]
    assert stored["vessel"] == f"{winners[0]}'s ship"
    assert seeded.history("cargo_reports", "CR100")["user"].iloc[0] == winners[0]
    assert pd.notna(stored["version"])
