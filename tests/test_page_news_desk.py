"""The News desk page under Streamlit's AppTest, on a throwaway store seeded from the frozen data:
an article pasted, its facts marked, a matched cargo accepted beside the stored accounts, accepted
again with nothing changed, a draft rejected and the review resumed in a new session; bad input
and viewers refused, with nothing stored."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

from analysis.store import Store
from test_news_review import ARTICLE, BODY
from test_sign_in_pages import SECRETS, claims
from ui import state


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "corridor.sqlite"
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(path))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    state.open_store.clear()
    yield path
    state.open_store.clear()


def opened(name: str | None = "Ana") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/news_desk.py")
    at.run()
    if name:
        at.text_input(key="desk_user").set_value(name).run()
    assert not at.exception, at.exception
    return at


def fill(at: AppTest, body=BODY, title=ARTICLE.title, publisher="Dawn", url=ARTICLE.url,
         published=ARTICLE.published) -> AppTest:
    at.text_area(key="news_body").set_value(body)
    at.text_input(key="news_title").set_value(title)
    at.text_input(key="news_publisher").set_value(publisher)
    at.text_input(key="news_url").set_value(url)
    at.date_input(key="news_published").set_value(published)
    at.button(key="news_find").click().run()
    assert not at.exception, at.exception
    return at


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_an_article_gives_marked_facts_and_drafts_and_a_match_is_stored_beside_the_old(db_path):
    at = fill(opened())
    article = next(m.value for m in at.markdown if "Pure Point" in m.value)
    assert ":blue-background[**45\\,000 tonnes**] \\[1\\]" in article
    assert "15 facts found; 7 records proposed: 0 accepted, 0 rejected, 7 still to review." in texts(at)
    assert "**1\\. Cargo report\\: another account of cargo C01 \\(confidence 1\\.00\\)**" in [m.value for m in at.markdown]
    assert "Sources disagree on quantity: 45,000 t here, 45,142 t in CR003 (S032)" in texts(at)
    assert Store(f"sqlite:///{db_path}").record_count("cargo_reports") == 14  # nothing stored before review

    at.button(key="news_accept_ND8BDEF02-01").click().run()
    assert [s.value for s in at.success] == ["ND8BDEF02-01 is stored, citing ND8BDEF02."]
    db = Store(f"sqlite:///{db_path}")
    reports = db.read_table("cargo_reports").set_index("report_id")
    assert reports.loc["ND8BDEF02-01", ["cargo_id", "source_id", "quantity", "link"]].tolist() == [
        "C01", "ND8BDEF02", "45000", "probable"]
    assert reports.loc["CR003", "quantity"] == "45142"  # the old account stays
    assert db.read_table("sources").set_index("source_id").loc["ND8BDEF02", "publisher"] == "Dawn"
    logged = len(db.read_changes())

    at.button(key="news_accept_ND8BDEF02-01").click().run()
    assert [s.value for s in at.success] == ["ND8BDEF02-01 was stored already, exactly so: nothing changed."]
    assert len(Store(f"sqlite:///{db_path}").read_changes()) == logged


def test_a_draft_needing_a_value_is_refused_with_the_reason_and_nothing_stored(db_path):
    at = fill(opened())
    at.button(key="news_accept_ND8BDEF02-02").click().run()  # the order names no buyer
    problems = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    assert list(problems["column"]) == ["buyer"]
    assert not Store(f"sqlite:///{db_path}").exists("orders", "ND8BDEF02-02")
    assert not Store(f"sqlite:///{db_path}").exists("sources", "ND8BDEF02")  # all or nothing


def test_a_rejected_draft_stays_rejected_when_the_review_is_resumed_elsewhere(db_path):
    at = fill(opened())
    at.button(key="news_reject_ND8BDEF02-07").click().run()
    assert "Rejected: nothing of it is stored." in texts(at)
    later = opened("Bo")  # another session: another browser, or another day
    later.selectbox(key="news_resume").set_value("ND8BDEF02")
    later.button(key="news_resume_open").click().run()
    assert not later.exception, later.exception
    assert "15 facts found; 7 records proposed: 0 accepted, 1 rejected, 6 still to review." in texts(later)
    assert later.text_input(key="news_url").value == ARTICLE.url


@pytest.mark.parametrize("change, column", [
    ({"url": "dawn.com/news/1"}, "address"),
    ({"title": ""}, "title"),
    ({"body": "Das erste Schiff mit russischem Rohöl ist in Karachi angekommen, teilte die Hafenbehörde am "
              "Montag mit, und weitere sollen folgen, sagte der Minister der Regierung in Islamabad. Die Lieferung "
              "wurde nach langen Verhandlungen zwischen beiden Ländern vereinbart, und die Raffinerie wird das "
              "Öl in den kommenden Wochen verarbeiten."}, "text"),
    ({"body": "   "}, "text"),
])
def test_bad_input_is_named_and_nothing_is_kept(db_path, change, column):
    at = fill(opened(), **change)
    problems = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    assert column in list(problems["column"])
    assert Store(f"sqlite:///{db_path}").reviews().empty


def test_without_a_name_nothing_can_be_sent(db_path):
    at = opened(name=None)
    assert at.button(key="news_find").disabled


def test_a_viewer_gets_no_news_desk(db_path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(SECRETS)
    at.user = claims("vi@example.org")
    at.switch_page("pages/news_desk.py")
    at.run()
    assert not at.exception
    assert at.info[0].value.startswith("The news desk turns articles into records, which is for editors")
    assert not at.text_area and not at.get("file_uploader")


def test_a_published_date_is_needed(db_path):
    at = opened()
    at.text_area(key="news_body").set_value(BODY)
    for key, value in (("news_title", "t"), ("news_publisher", "p"), ("news_url", "https://x.org/a")):
        at.text_input(key=key).set_value(value)
    at.button(key="news_find").click().run()
    problems = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    assert list(problems["column"]) == ["published on"]
    assert dt.date.today()  # the date picker has no default: a wrong date would be worse than none
