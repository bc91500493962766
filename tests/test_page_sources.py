"""The sources page under Streamlit's AppTest, on a throwaway store seeded from data/."""
import pytest
from conftest import chart_titled, open_tab, plotly_values


@pytest.fixture
def app(page_app):
    return page_app("pages/sources.py")


def table(at, first_column, *holding):
    """The one dataframe on the page whose first column is `first_column` and that holds the
    columns named in `holding`."""
    found = [d.value for d in at.dataframe
             if d.value.columns[0] == first_column and set(holding) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_every_source_with_what_it_supports(app):
    app.query_params["src_section"] = "Every source"
    app.run()
    assert not app.exception
    sources = table(app, "publisher").set_index("source_id")
    assert len(sources) == 102  # every row of the seed sources.csv
    # S038 The News, 28 Jun 2023: CR004, CR007, E017 and T03.
    the_news = sources.loc["S038"]
    assert (the_news["cargo_reports"], the_news["events"], the_news["targets"], the_news["rows"]) == (2, 1, 1, 4)
    # S092 DNA News: OR002, CR005, E068 and six initiative reports.
    assert (sources.loc["S092", "initiative_reports"], sources.loc["S092", "rows"]) == (6, 9)
    assert sources.loc["S001", "rows"] == 0


def test_source_filters_from_the_link_and_from_the_widgets(app):
    app.query_params.update({"src_kind": "news", "src_q": "yuan", "src_section": "Every source"})
    app.run()
    assert not app.exception
    assert sorted(table(app, "publisher")["source_id"]) == ["S024", "S026", "S034"]  # "yuan" in the title
    app.text_input(key="src_q").set_value("").run()
    app.multiselect(key="src_kind").set_value(["dataset"]).run()
    assert sorted(table(app, "publisher")["source_id"]) == ["S072", "S094", "S096", "S098"]
    app.multiselect(key="src_kind").set_value([]).run()
    app.text_input(key="src_q").set_value("reuters").run()
    assert sorted(table(app, "publisher")["source_id"]) == [
        "S011", "S021", "S022", "S026", "S034", "S047", "S069"]
    app.text_input(key="src_q").set_value("no such publisher").run()
    assert any("No source matches" in i.value for i in app.info)


def test_disagreeing_cargo_sizes_side_by_side(app):
    app.run()
    shown = metrics(app)
    # C01 and C02; C03 agrees at 100,000 t; C04 has one account now that the Clyde Noble leaving
    # Ust-Luga (up to 105,000 t) is a cargo of its own.
    assert shown["Cargo sizes in dispute"] == "2"
    assert shown["Order sizes in dispute"] == "0"
    accounts = table(app, "cargo_id", "as_published")
    got = list(zip(accounts["cargo_id"], accounts["as_published"], accounts["tonnes"], accounts["publisher"],
                   accounts["evidence"], accounts["chosen"]))
    assert got == [
        ("C01", "45,142 t", 45_142, "Business Recorder", "port or customs data", True),
        ("C01", "45,122 t", 45_122, "The News", "press report", False),
        ("C01", "about 45,000 t", 45_000, "DNA News", "press report", False),
        ("C02", "56,000 t", 56_000, "The News", "port or customs data", True),
        ("C02", "55,000 t", 55_000, "PortNews", "press report", False),
    ]
    assert accounts["vessel"].iloc[0] == "Pure Point"
    summary = table(app, "cargo_id", "tonnes_min").set_index("cargo_id")
    assert summary.loc["C01", ["tonnes", "tonnes_min", "tonnes_max"]].tolist() == [45_142, 45_000, 45_142]
    assert summary.index.tolist() == ["C01", "C02"]
    open_tab(app, "src_section", "Order sizes")
    assert any("No order in this date range has sources that disagree on its size" in i.value for i in app.info)


def test_disagreeing_dates(app):
    app.run()
    shown = metrics(app)
    assert (shown["Arrival dates in dispute"], shown["Order dates in dispute"]) == ("2", "1")
    open_tab(app, "src_section", "Arrival dates")
    arrivals = table(app, "cargo_id", "date_label")
    c02 = arrivals[arrivals["cargo_id"] == "C02"]
    assert list(zip(c02["date_label"], c02["publisher"], c02["chosen"])) == [
        ("26 Jun 2023", "Report.az via aceconsultants.az", False),
        ("27 Jun 2023", "PortNews", True),
        ("27 Jun 2023", "The News", True)]
    assert arrivals.loc[arrivals["cargo_id"] == "C03", "date_label"].tolist() == [
        "Sep 2023", "Oct 2023", "Oct 2023", "Oct 2023"]
    open_tab(app, "src_section", "Order dates")
    orders = table(app, "order_id")
    assert orders.loc[orders["chosen"], "date_label"].tolist() == ["19 Apr 2023"]


def test_the_date_range_narrows_the_conflicts(app):
    app.query_params.update({"from": "2023-06-01", "to": "2023-06-30"})
    app.run()
    assert not app.exception
    assert sorted(set(table(app, "cargo_id", "as_published")["cargo_id"])) == ["C01", "C02"]
    assert metrics(app)["Order dates in dispute"] == "0"  # O1 was placed in April
    open_tab(app, "src_section", "Arrival dates")
    assert set(table(app, "cargo_id", "date_label")["cargo_id"]) == {"C02"}
    open_tab(app, "src_section", "Every source")
    assert len(table(app, "publisher")) == 102  # the bibliography ignores the range


def test_long_tables_show_their_first_rows_and_say_how_many_there_are(app, monkeypatch):
    monkeypatch.setattr("ui.cache.MAX_ROWS", 2)  # as if there were thousands of disputes
    app.run()
    assert not app.exception
    assert metrics(app)["Cargo sizes in dispute"] == "2"  # counted over them all
    assert table(app, "cargo_id", "as_published")["as_published"].tolist() == ["45,142 t", "45,122 t"]  # C01's best
    assert table(app, "cargo_id", "tonnes_min")["cargo_id"].tolist() == ["C01", "C02"]
    captions = [c.value for c in app.caption]
    assert any("Showing the first 2 of 5 accounts" in c for c in captions)  # C01 3, C02 2
    open_tab(app, "src_section", "Every source")
    assert any("Showing the first 2 of 102 sources" in c.value for c in app.caption)


def test_only_the_open_tab_runs(app):
    app.run()
    assert [t.label for t in app.tabs] == ["Cargo sizes", "Order sizes", "Arrival dates", "Order dates",
                                          "Links to cargoes", "Every source"]
    assert not any(d.value.columns[0] == "publisher" for d in app.dataframe)  # the bibliography waits
    open_tab(app, "src_section", "Every source")
    assert not any("as_published" in d.value.columns for d in app.dataframe)


def test_how_one_figure_is_chosen_is_closed_and_worked_on_the_seed_cargoes(app):
    app.run()
    assert not app.exception
    explainer = next(e for e in app.expander if e.label.startswith("How one figure is chosen"))
    assert not explainer.proto.expanded
    example = table(app, "cargo_id", "decided_by").set_index("cargo_id")
    # C01: Business Recorder's 45,142 t from port sources before The News' 45,122 t; C02: the Karachi
    # Port Trust's 56,000 t (The News) before PortNews' 55,000 t; C03: exact before "about".
    assert example["decided_by"].to_dict() == {"C01": "evidence", "C02": "evidence", "C03": "qualifier"}
    assert example.at["C02", "chosen"] == "56,000 t · The News · port or customs data"
    assert example.at["C02", "runner_up"] == "55,000 t · PortNews · press report"


def test_disputed_sizes_are_drawn_on_one_relative_scale(app):
    app.run()
    spec = chart_titled(app, "Each source's figure where they disagree, in % from the chosen figure")
    chosen = [x for t in spec["data"] if t["name"] == "Chosen by the rule" for x in plotly_values(t["x"])]
    others = sorted(round(x, 4) for t in spec["data"] if t["name"] == "Other accounts" for x in plotly_values(t["x"]))
    assert chosen == [0.0, 0.0]
    # C02: 55,000 against 56,000 t is -1.7857%; C01: 45,000 and 45,122 against 45,142 t.
    assert others == [-1.7857, -0.3146, -0.0443]
    axes = [spec["layout"][k] for k in spec["layout"] if k.startswith("xaxis")]
    assert len({tuple(a["range"]) for a in axes if "range" in a}) == 1  # one scale for every cargo


def test_links_to_cargoes_show_the_possible_match(app):
    app.query_params["src_section"] = "Links to cargoes"
    app.run()
    assert not app.exception
    links = table(app, "cargo_id", "link_note")
    apart = links[links["link"] == "unconfirmed"].iloc[0]
    assert (apart["cargo_id"], apart["named_cargo"], apart["report_id"]) == ("C04-CR014", "C04", "CR014")
    assert apart["as_published"] == "up to 105,000 t"
    assert sorted(links.loc[links["link"] == "probable", "report_id"]) == ["CR005", "CR011", "CR012"]
