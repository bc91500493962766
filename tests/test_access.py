"""Without sign-in the app says it is a local session; served on another interface it shows no
page unless CORRIDOR_OPEN_EDITING=1, and then warns on every page that anyone can edit."""
from __future__ import annotations

import pytest
from streamlit import config


@pytest.fixture
def address():
    """Set the address the server listens on for one test (config.toml says 127.0.0.1)."""
    kept = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", kept)


def test_the_repository_serves_on_this_computer_only():
    assert config.get_option("server.address") == "127.0.0.1"


def test_a_local_session_says_so(page_app):
    at = page_app()
    at.run()
    assert not at.exception
    assert any(c.value.startswith("Single-user local session") for c in at.sidebar.caption)
    assert not at.warning and not at.error


# Both run app.py, which draws this before any page: AppTest runs a page switched to on its own.
def test_another_interface_without_sign_in_shows_no_page(page_app, address, monkeypatch):
    monkeypatch.delenv("CORRIDOR_OPEN_EDITING", raising=False)
    address("0.0.0.0")
    at = page_app()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error][0].startswith("This server listens on another interface")
    assert not at.title and not at.metric and not at.button


def test_open_editing_is_served_with_a_banner(page_app, address, monkeypatch):
    monkeypatch.setenv("CORRIDOR_OPEN_EDITING", "1")
    address("0.0.0.0")
    at = page_app()
    at.run()
    assert not at.exception
    assert at.warning[0].value.startswith("Anyone who can open this link can add, correct, delete and import")
    assert at.metric  # the page itself is drawn below it
