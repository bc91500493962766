"""The timeline page under Streamlit's AppTest, on a throwaway store seeded from data/."""
import json

import pytest
from conftest import table_with

JUNE_2023_SHIPMENTS = [  # data/events.csv, kind = shipment, dated 1-30 June 2023
    ("6 Jun 2023", "Mother tanker heads for Duqm for transfer to smaller ship"),
    ("11 Jun 2023", "First Russian crude cargo docks at Karachi"),
    ("12 Jun 2023", "Unloading of first cargo to PRL begins"),
    ("13 Jun 2023", "First Russian LPG arrives overland via Torkham"),
    ("27 Jun 2023", "Second cargo arrives at Karachi on Clyde Noble"),
]


@pytest.fixture
def app(page_app):
    return page_app("pages/timeline.py")


def events_table(at):
    return table_with(at, "event_id")


def figure(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)



def test_every_event_is_listed_and_drawn(app):
    app.run()
    assert not app.exception
    table = events_table(app)
    assert len(table) == 69  # every row of data/events.csv
    assert table["title"].iloc[0] == "Intergovernmental agreement on North-South gas pipeline signed"
    assert any(c.value == "69 events shown." for c in app.caption)
    fig = figure(app)
    assert fig["layout"]["title"]["text"].startswith("Events by kind of event and date")
    markers = {t["name"]: len(t["y"]) for t in fig["data"] if t["type"] == "scatter"}
    # 62 events dated to the day; E005, E009, E010, E017, E033, E047 and E065 to a month or quarter.
    assert markers == {"Dated to the day": 62, "Dated to a month, quarter or year (bar = period)": 7}


def test_link_opens_exactly_the_june_2023_shipments(app):
    app.query_params.update({"tl_kind": "shipment", "from": "2023-06-01", "to": "2023-06-30"})
    app.run()
    assert not app.exception
    table = events_table(app)
    assert list(zip(table["date_label"], table["title"])) == JUNE_2023_SHIPMENTS
    assert table["publisher"].tolist() == ["Anadolu Agency", "Business Recorder", "Daily Pakistan",
                                           "The News", "PortNews"]
    assert table["url"].iloc[4] == "https://www.en.portnews.ru/news/349568/"
    assert app.multiselect(key="tl_kind").value == ["shipment"]


def test_changing_the_kind_changes_the_rows(app):
    app.run()
    app.multiselect(key="tl_kind").set_value(["suspension"]).run()
    table = events_table(app)
    # E029 (13 Aug 2023, PRL declines more cargoes) and E045 (17 Sep 2024, payment problems).
    assert table["date_label"].tolist() == ["13 Aug 2023", "17 Sep 2024"]
    app.multiselect(key="tl_kind").set_value(["suspension", "payment"]).run()
    assert len(events_table(app)) == 4  # plus E021 (12 Jun 2023) and E047 (Sep 2024)


def test_sector_filter_and_sector_rows(app):
    app.query_params.update({"tl_sector": "Railways", "tl_rows": "sector"})  # the filter lists names
    app.run()
    assert not app.exception
    table = events_table(app)
    assert table["date_label"].tolist() == ["27 Nov 2025", "15 Jan 2026"]  # E063, E068
    fig = figure(app)
    lanes = [y for t in fig["data"] if t["type"] == "scatter" for y in t["y"]]
    # One marker per event and sector tag: E063 has 4 tags, E068 has 10; only E063 is tagged
    # energy, so together they cover all 11 sectors.
    assert len(lanes) == 14 and len(set(lanes)) == 11
    assert lanes.count("Railways") == 2 and lanes.count("Energy") == 1
    assert fig["layout"]["yaxis"]["title"]["text"] == "sector"
    assert app.multiselect(key="tl_sector").value == ["railways"]


def test_the_sector_filter_offers_names_not_ids(app):
    app.run()
    options = app.multiselect(key="tl_sector").options
    assert "Pharmaceuticals" in options and "IT" in options and "pharmaceuticals" not in options


def test_said_by_shows_speaker_role_and_publisher_apart(app):
    app.query_params.update({"from": "2023-01-20", "to": "2023-01-20"})
    app.run()
    assert not app.exception
    table = events_table(app).set_index("event_id")
    # E008: the 35% aim (F002) was said by the minister and published by Economy.pk.
    assert tuple(table.loc["E008", ["speaker", "speaker_role", "publisher"]]) == (
        "Musadik Malik", "Minister of State for Petroleum", "Economy.pk")
    # E007: the 8th commission's conceptual deal, announced by Shulginov, published via VOA.
    assert tuple(table.loc["E007", ["speaker", "publisher"]]) == ("Nikolai Shulginov", "VOA via Belfast Bulletin")
    hover = [text for t in figure(app)["data"] if t["type"] == "scatter" for text in t["customdata"]]
    assert ["20 Jan 2023", "plan", "Economy.pk", "Musadik Malik, Minister of State for Petroleum"] in hover


def test_filters_that_leave_nothing_are_explained(app):
    app.query_params.update({"tl_kind": "suspension", "from": "2023-06-01", "to": "2023-06-30"})
    app.run()
    assert not app.exception
    assert not app.dataframe and not app.get("plotly_chart")
    assert any("No event matches" in i.value for i in app.info)
