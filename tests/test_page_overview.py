"""The overview page under Streamlit's AppTest, on a throwaway store seeded from data/."""
import pytest
from conftest import chart_titled, table_with


@pytest.fixture
def app(page_app):
    return page_app()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_headline_figures_match_the_sources(app):
    app.run()
    assert not app.exception
    shown = metrics(app)
    # Order O1: 100,000 t. Delivered, from arrival accounts: Pure Point 45,142 (port data) + Clyde
    # Noble 56,000 (port data) + Cnergyico 100,000 (Oct 2023) + 10,000 (Nov 2023, The News) = 211,142 t.
    assert shown["Ordered"] == "100,000 t"
    assert shown["Delivered"] == "211,142 t"
    assert shown["Cargoes arrived"] == "4"
    # 45,142 × 7.252643 + 56,000 × 7.252643 + 110,000 × 7.33 = 733,547 + 806,300 = 1,539,847 bbl
    assert shown["Barrels equivalent"] == "1,540 kbbl"


def test_delivered_leaves_the_cargo_on_the_water_apart(app):
    app.run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    # Range over arrival accounts only: 210,000–211,142 t (it was 210,000–306,142 t with the
    # up-to-105,000 t loading report of the Clyde Noble leaving Ust-Luga counted in).
    assert "Sources range 210,000–211,142 t. Not counted, loaded or on the water: 1" in captions
    assert "2 with disagreeing sources; 1 loaded or on the water, not counted" in captions
    texts = [t.value for t in app.text]
    assert "Clyde Noble (C04-CR014) left Ust-Luga 9 Nov 2023 with up to 105,000 t; may be C04" in texts


def test_fulfilment_says_when_the_order_was_reported_complete_with_its_range(app):
    app.run()
    assert not app.exception
    # Never a bare 101.1%: 100,000–101,142 t of the 100,000 t order, reported complete by PortNews
    # (S036) on 27 Jun 2023.
    assert metrics(app)["Order fulfilment"] == "Complete"
    assert "Of the orders delivered" not in metrics(app)
    assert ("Reported complete 27 Jun 2023; 100.0–101.1% of 100,000 t delivered, across sources."
            in [c.value for c in app.caption])


def test_link_with_filters_opens_the_filtered_view(app):
    app.query_params.update({"from": "2023-06-01", "to": "2023-06-30", "unit": "barrels"})
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Cargoes arrived"] == "2"
    # 101,142 t of Urals at 7.252643 bbl/t = 733,547 bbl; the order (no grade) at 7.33 bbl/t.
    assert shown["Delivered"] == "734 kbbl"
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


def test_the_story_leads_the_page_with_its_sources(app):
    app.query_params.update({"to": "2026-12-31"})
    app.session_state["src-story-open"] = True  # the reader opens its "Says who?"
    app.run()
    assert not app.exception
    sentence = app.text[0].value
    assert sentence.startswith("Pakistan ordered 100,000 t of Russian crude on 19 Apr 2023")
    assert "none is recorded after that, up to 31 Dec 2026" in sentence
    # Its "Says who?" comes first: the order (S022), the first arrival at the port (S032) and the
    # tracking of the cargo still on the water (S053) are among its sources.
    assert {"S022", "S032", "S053"} <= set(app.dataframe[0].value["source_id"])


def test_the_chart_runs_to_the_end_of_the_chosen_range(app):
    app.query_params.update({"to": "2025-06-30"})
    app.run()
    assert not app.exception
    spec = chart_titled(app, "Cumulative crude ordered and delivered")
    assert spec["layout"]["xaxis"]["range"][1].startswith("2025-06-30")
    for name in ("Ordered", "Delivered"):
        line = next(t for t in spec["data"] if t.get("name") == name)
        assert line["x"][-1].startswith("2025-06-30")  # held flat from the last step to the end


def test_the_initiatives_card_follows_the_dates(app):
    # In June 2023 four initiatives have a status report; by the last one in the month: I08 and I11
    # stated, I07 in talks, I01 delivered.
    app.query_params.update({"from": "2023-06-01", "to": "2023-06-30"})
    app.run()
    assert not app.exception
    assert metrics(app)["Initiatives reported on"] == "4"
    assert any("of 14 tracked" in c.value and "2 stated, 1 in talks, 1 delivered" in c.value for c in app.caption)


def test_recent_events_name_their_sectors(app):
    app.run()
    events = table_with(app, "sector_names")
    assert "Energy, Diplomacy" in events["sector_names"].tolist()
    assert not events["sector_names"].str.contains(";|energy", regex=True).any()


def test_the_server_warm_up_computes_what_a_link_without_filters_shows(app):
    """ui.serve loads the dataset and computes the Overview's views for the default view as the
    server starts; the page opened on a link without filters then finds them in the view cache."""
    from ui import serve, state
    from ui.filters import default_view
    from ui.overview_views import overview_views

    state.open_store.clear()  # the app's store is cached per process: open this test's store
    warmed = serve.warm()
    assert warmed is not None and warmed.figures.ordered_t == 100_000
    app.run()
    assert not app.exception
    assert metrics(app)["Delivered"] == "211,142 t"
    again = overview_views(state.corridor(), default_view())
    for name in ("figures", "told", "afloat", "series", "events", "figure"):
        assert getattr(again, name) is getattr(warmed, name), name


def test_a_link_without_filters_shows_the_default_view():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from ui.filters import current, default_view
        st.text(str(current() == default_view()))

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.text[0].value == "True"
