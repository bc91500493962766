"""The text version of a chart (ui/chart_text.py, shown by ui.widgets.chart): read from the figure,
it lists every value drawn and names the series and their extremes."""
import json

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from ui import chart_text
from ui.colours import CHART_TEXT


def deliveries() -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=["2023-06-11", "2023-06-27"], y=[10000, 20000], mode="lines", line=dict(width=0),
                             showlegend=False, hoverinfo="skip"))  # a band edge: decoration
    fig.add_trace(go.Bar(x=["2023-06", "2023-11"], y=[145142, 110000], name="Delivered",
                         error_y=dict(type="data", array=[5000, 0], arrayminus=[45142, 0])))
    fig.add_trace(go.Scatter(x=["2023-04-20T00:00:00"], y=[0.5], name="Key events", text=["Order <b>placed</b>"]))
    fig.update_layout(title="Crude delivered per month<br>(tonnes)", xaxis_title="month", yaxis_title="tonnes")
    return fig


def test_rows_list_every_value_drawn_and_leave_out_decorations():
    rows = chart_text.rows(deliveries())
    assert list(rows.columns) == ["Series", "month", "tonnes", "Range low", "Range high", "Label"]
    assert rows.to_dict("records") == [
        {"Series": "Delivered", "month": "2023-06", "tonnes": "145,142", "Range low": "100,000",
         "Range high": "150,142", "Label": None},
        {"Series": "Delivered", "month": "2023-11", "tonnes": "110,000", "Range low": "110,000",
         "Range high": "110,000", "Label": None},
        {"Series": "Key events", "month": "2023-04-20", "tonnes": "0.5", "Range low": None, "Range high": None,
         "Label": "Order placed"},
    ]


def test_the_summary_names_each_series_and_its_extremes():
    assert chart_text.summary(deliveries()) == (
        "Crude delivered per month (tonnes).\n"
        "Delivered: 2 bars, lowest 110,000 (2023-11), highest 145,142 (2023-06).\n"
        "Key events: 1 point, lowest 0.5 (2023-04-20), highest 0.5 (2023-04-20).")
    assert chart_text.alt(deliveries()) == ("Chart: Crude delivered per month (tonnes). Series: Delivered, Key "
                                            "events. Its data is listed in the text version below it.")


def test_horizontal_bars_from_a_base_give_where_each_bar_ends():
    fig = go.Figure(go.Bar(y=["Freight", "Urals price"], x=[-1.5, 2.25], base=10.0, orientation="h",
                           name="Assumption 20% higher"))
    rows = chart_text.rows(fig)
    assert rows[["Vertical axis", "Horizontal axis"]].values.tolist() == [["Freight", "8.5"], ["Urals price", "12.25"]]
    assert "lowest 8.5 (Freight), highest 12.25 (Urals price)" in chart_text.summary(fig)


def test_waterfall_steps_are_listed_with_their_signed_labels():
    fig = go.Figure(go.Waterfall(x=["Free on board", "Freight", "Landed cost"], y=[51, 8, 0], name="Urals",
                                 measure=["absolute", "relative", "total"], text=["51.00", "+8.00", "59.00"]))
    assert chart_text.rows(fig)[["Horizontal axis", "Vertical axis", "Label"]].values.tolist() == [
        ["Free on board", "51", "51.00"], ["Freight", "8", "+8.00"], ["Landed cost", "0", "59.00"]]
    assert chart_text.summary(fig).startswith("Chart.\nUrals: 3 steps,")


def test_heatmaps_maps_and_subplot_traces():
    heat = go.Figure(go.Heatmap(z=[[0, 3], [1, 0]], x=["Dawn", "Reuters"], y=["Energy", "Trade"], name="mentions"))
    assert chart_text.rows(heat)["Value"].tolist() == ["0", "3", "1", "0"]
    assert "4 cells, highest 3 at Energy · Reuters" in chart_text.summary(heat)
    geo = go.Figure(go.Scattergeo(lat=[59.7, 24.8], lon=[28.4, 66.9], text=["Ust-Luga", "Karachi"],
                                  hovertext=["Ust-Luga (load)", "Karachi (discharge)"], name="Named ports"))
    assert chart_text.rows(geo).columns.tolist() == ["Series", "Latitude", "Longitude", "Label"]
    assert "Named ports: 2 places: Ust-Luga (load), Karachi (discharge)" in chart_text.summary(geo)
    sub = go.Figure(go.Scatter(x=[45142, 45000], y=[0, 0], name="Other accounts", meta="C01 Pure Point"))
    assert chart_text.rows(sub)["Series"].tolist() == ["C01 Pure Point: Other accounts"] * 2


def test_a_chart_is_named_for_screen_readers_and_followed_by_its_text_version():
    at = AppTest.from_string(
        "import plotly.graph_objects as go\nfrom ui.widgets import chart\n"
        "chart(go.Figure(go.Bar(x=['2023-06'], y=[45142], name='Delivered'), layout=dict(title='Deliveries')),"
        " key='c')\n", default_timeout=30)
    at.run()
    assert not at.exception
    assert not at.text and not at.dataframe  # the text version is made once opened
    at.session_state["c-text-open"] = True
    at.run()
    assert not at.exception
    [plot] = at.get("plotly_chart")
    assert plot.proto.alt.startswith("Chart: Deliveries. Series: Delivered.")
    assert json.loads(plot.proto.spec)["layout"]["font"]["color"] == CHART_TEXT
    [expander] = at.expander
    assert expander.label == "Text version of this chart"
    assert at.text[0].value == "Deliveries.\nDelivered: 1 bar, lowest 45,142 (2023-06), highest 45,142 (2023-06)."
    assert at.dataframe[0].value.to_dict("records") == [
        {"Series": "Delivered", "Horizontal axis": "2023-06", "Vertical axis": "45,142"}]
