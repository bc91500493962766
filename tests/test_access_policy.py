"""Who may do what, decided in the layer that writes: the access lists of the secrets, the roles
they give, and the store refusing (and logging) every write a role does not allow, on SQLite and
on PostgreSQL, with the signed-in identity recorded in the change log."""
from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.access import AccessPolicy, Writer, WriteRefused
from analysis.schema import TABLES
from analysis.store import Store
from conftest import SEED_DIR

ISSUER = "http://127.0.0.1:9400"
POLICY = AccessPolicy.from_mapping({
    "viewers": ["@example.org"], "editors": ["ed@example.org"], "admins": ["boss@example.org"],
    "editor_groups": ["corridor-editors"], "session_hours": 8})


def person(email: str, sub: str | None = None, **claims) -> Writer:
    return Writer.from_claims({"iss": ISSUER, "sub": sub or email.split("@")[0], "email": email, **claims})


ED, BOSS, VIEWER = person("ed@example.org"), person("boss@example.org"), person("vi@example.org")


# The lists -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "role"), [
    (ED, "editor"),
    (BOSS, "admin"),
    (VIEWER, "viewer"),
    (person("ED@Example.org", "ed2"), "editor"),  # addresses compare without case
    (person("out@elsewhere.net"), "refused"),  # no list admits another domain
    (person("out@elsewhere.net", groups=["corridor-editors"]), "editor"),  # a group admits by itself
    (person("ed@example.org", email_verified=False), "refused"),  # an unverified address counts for nothing
    (Writer(name="ed@example.org", email="ed@example.org", email_verified=True), "refused"),  # no issuer: typed
])
def test_roles_follow_the_lists(who, role):
    assert POLICY.role(who) == role


def test_without_a_viewer_list_anyone_signed_in_reads_and_nobody_writes():
    policy = AccessPolicy.from_mapping({})
    assert policy.role(person("anyone@anywhere.net")) == "viewer"
    assert not policy.allows(person("anyone@anywhere.net"), "write")


def test_claims_give_the_identity_without_titles_or_guesses():
    who = Writer.from_claims({"iss": ISSUER, "sub": "u-17", "email": " ana@example.org ", "name": "Ana",
                              "roles": "corridor-editors"}, group_claim="roles")
    assert (who.name, who.issuer, who.subject, who.email, who.groups) == (
        "ana@example.org", ISSUER, "u-17", "ana@example.org", ("corridor-editors",))
    assert Writer.from_claims({"iss": ISSUER, "sub": "u-18", "name": "Bo"}).name == "Bo"
    assert who.logged() == {"user": "ana@example.org", "issuer": ISSUER, "subject": "u-17",
                            "email": "ana@example.org"}


@pytest.mark.parametrize(("section", "message"), [
    ({"editor": ["a@b.org"]}, "unknown settings: editor"),
    ({"editors": "a@b.org"}, "editors must be a list of text"),
    ({"admins": [3]}, "admins must be a list of text"),
    ({"session_hours": 0}, "session_hours must be a number of hours greater than zero"),
    ({"session_hours": "8"}, "session_hours must be a number"),
])
def test_a_malformed_access_section_is_named(section, message):
    with pytest.raises(ValueError, match=message):
        AccessPolicy.from_mapping(section)


# The store refuses what a role does not allow -----------------------------------------------------

@pytest.fixture
def guarded(store):
    store.seed(SEED_DIR)
    store.policy = POLICY
    return store


def source(key: str) -> pd.DataFrame:
    row = {"source_id": key, "publisher": "Dawn", "title": "A report", "url": "https://dawn.com/a",
           "published_on": "2024-01-02", "kind": "news"}
    return pd.DataFrame([row], columns=TABLES["sources"].column_names, dtype="string")


def version(store: Store, table: str, key: str) -> int:
    frame = store.read_records(table, [key])
    return int(frame.iloc[0]["version"])


def test_a_viewer_or_a_typed_name_writes_nothing_and_is_logged(guarded, caplog):
    before = guarded.last_change_id()
    caplog.set_level(logging.WARNING, logger="corridor.access")
    with pytest.raises(WriteRefused, match=r"vi@example.org is signed in as a viewer, and the import of sources "
                                           r"\(1 row\) needs an editor"):
        guarded.write("sources", source("S900"), VIEWER, "new source")
    with pytest.raises(WriteRefused, match="a typed name is not accepted"):
        guarded.write("sources", source("S900"), "ed@example.org", "new source")
    with pytest.raises(WriteRefused, match="out@elsewhere.net has no access to Corridor"):
        guarded.update("cargo_reports", "CR001", {"vessel": "X"}, version(guarded, "cargo_reports", "CR001"),
                       person("out@elsewhere.net"), "typo")
    with pytest.raises(WriteRefused, match="needs an admin"):
        guarded.delete("sources", "S900", 1, ED, "duplicate")
    assert guarded.last_change_id() == before
    assert not guarded.exists("sources", "S900")
    refusals = [r.getMessage() for r in caplog.records if r.name == "corridor.access"]
    assert len(refusals) == 4
    assert refusals[0].startswith("refused write: the import of sources (1 row) by vi@example.org "
                                  f"(issuer {ISSUER}, subject vi, role viewer)")


def test_an_editor_writes_and_the_log_holds_the_verified_identity(guarded):
    guarded.write("sources", source("S900"), ED, "new source")
    v = version(guarded, "cargo_reports", "CR001")
    guarded.update("cargo_reports", "CR001", {"vessel": "Pure Point"}, v, ED, "vessel named")
    log = guarded.history("cargo_reports", "CR001").iloc[-1]
    assert (log["user"], log["issuer"], log["subject"], log["email"], log["action"]) == (
        "ed@example.org", ISSUER, "ed", "ed@example.org", "update")


def test_undo_of_ones_own_change_needs_an_editor_and_of_anothers_an_admin(guarded):
    guarded.write("sources", source("S900"), ED, "new source")
    guarded.write("sources", source("S901"), BOSS, "another source")
    own = int(guarded.history("sources", "S900").iloc[-1]["change_id"])
    other = int(guarded.history("sources", "S901").iloc[-1]["change_id"])
    with pytest.raises(WriteRefused, match=f"the undo of change {other} .* needs an admin"):
        guarded.undo(other, ED, "not mine")
    assert guarded.exists("sources", "S901")
    assert guarded.undo(own, ED, "mine") is not None
    assert not guarded.exists("sources", "S900")
    assert guarded.undo(other, BOSS, "as admin") is not None
    assert not guarded.exists("sources", "S901")
    # Someone with the same e-mail at another provider is another person.
    guarded.write("sources", source("S902"), ED, "again")
    again = int(guarded.history("sources", "S902").iloc[-1]["change_id"])
    twin = Writer.from_claims({"iss": "http://127.0.0.1:9999", "sub": "ed", "email": "ed@example.org"})
    with pytest.raises(WriteRefused, match="needs an admin"):
        guarded.undo(again, twin, "same address, other provider")


def test_an_admin_deletes(guarded):
    guarded.write("sources", source("S900"), ED, "new source")
    guarded.delete("sources", "S900", 1, BOSS, "duplicate")
    assert not guarded.exists("sources", "S900")
    assert guarded.history("sources", "S900").iloc[-1]["subject"] == "boss"


def test_the_committed_example_of_the_secrets_reads_and_the_real_file_stays_out_of_git():
    root = Path(__file__).resolve().parent.parent
    example = tomllib.loads((root / ".streamlit" / "secrets.toml.example").read_text())
    assert set(example["auth"]) >= {"redirect_uri", "cookie_secret", "client_id", "client_secret",
                                    "server_metadata_url"}
    rules = AccessPolicy.from_mapping(example["access"])
    assert rules.role(person("lead.analyst@example.org")) == "admin"
    assert rules.role(person("someone@example.org")) == "viewer"
    assert ".streamlit/secrets.toml" in (root / ".gitignore").read_text().splitlines()
