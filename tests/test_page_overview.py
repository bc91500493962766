"""The overview page under Streamlit's AppTest, on a throwaway store seeded from data/."""
import pytest


@pytest.fixture
def app(page_app):
    return page_app()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_headline_figures_match_the_sources(app):
    app.run()
    assert not app.exception
    shown = metrics(app)
    # Order O1: 100,000 t. Delivered: Pure Point 45,122 + Clyde Noble 56,000 + Cnergyico 100,000
    # (Oct 2023) + 10,000 (Nov 2023, The News) = 211,122 t; against the order 101,122 / 100,000.
    assert shown["Ordered"] == "100,000 t"
    assert shown["Delivered"] == "211,122 t"
    assert shown["Of the orders delivered"] == "101.1%"
    assert shown["Cargoes arrived"] == "4"
    # 45,122 × 7.252643 + 56,000 × 7.252643 + 110,000 × 7.33 = 733,402 + 806,300 = 1,539,702 bbl
    assert shown["Barrels equivalent"] == "1,540 kbbl"


def test_link_with_filters_opens_the_filtered_view(app):
    app.query_params.update({"from": "2023-06-01", "to": "2023-06-30", "unit": "barrels"})
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Cargoes arrived"] == "2"
    # 101,122 t of Urals at 7.252643 bbl/t = 733,402 bbl; the order (no grade) at 7.33 bbl/t.
    assert shown["Delivered"] == "733 kbbl"
    assert shown["Ordered"] == "0 bbl"  # the order was placed in April, outside the period


def test_changing_the_unit_changes_the_figures(app):
    app.run()
    before = metrics(app)["Ordered"]
    app.sidebar.segmented_control(key="unit").set_value("cubic metres").run()
    after = metrics(app)["Ordered"]
    # 100,000 t × 7.33 bbl/t × 0.158987 m³/bbl = 116,538 m³
    assert (before, after) == ("100,000 t", "116,538 m³")


def test_an_empty_period_is_explained(app):
    app.query_params.update({"from": "2019-01-01", "to": "2019-12-31"})
    app.run()
    assert not app.exception
    assert any("No order was placed and no cargo arrived" in i.value for i in app.info)
