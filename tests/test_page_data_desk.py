"""The Data desk page under Streamlit's AppTest, on a throwaway store seeded from data/: add a
source then a cargo report citing it, errors listed, a correction and a colleague's conflicting
one, import preview and commit, undo."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

from analysis import desk, export
from analysis.export import to_csv_bytes
from analysis.schema import LOAD_ORDER
from analysis.store import Store
from ui import state

COMTRADE = Path(__file__).parent / "fixtures" / "comtrade" / "pakistan_russia_2709_2023.csv"


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "corridor.sqlite"
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(path))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    return path


@pytest.fixture
def app(db_path):
    state.open_store.clear()  # the app's store is cached per process: make it open this test's database
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data_desk.py")
    return at


def open_tab(at, tab: str, name: str | None = "Ana"):
    """Run the page on one tab, with a name typed (or none)."""
    at.session_state["desk_tab"] = tab
    at.run()
    if name is not None:
        at.text_input(key="desk_user").set_value(name).run()
    assert not at.exception, at.exception
    return at


def colleague(db_path) -> Store:
    """Another person's connection to the same database."""
    return Store(f"sqlite:///{db_path}")


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def problems_shown(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "rule" in df.value.columns)


def texts(at) -> str:
    return "\n".join(t.value for t in at.text)


def test_nothing_can_be_written_without_a_name(app):
    open_tab(app, "Add", name=None)
    assert any("Type your name above" in w.value for w in app.warning)
    assert all(b.disabled for b in app.get("form_submit_button"))


def test_add_a_source_then_a_cargo_report_citing_it(app, db_path):
    at = open_tab(app, "Add")
    assert at.title[0].value == "Data desk"
    source = {"Source id": "S103", "Publisher": "Business Recorder", "Title": "Third Russian cargo reaches Karachi",
              "URL": "https://www.brecorder.com/news/third-cargo", "Published on": "2025-11-27"}
    assert by_label(at.text_input, "Source id").value == "S103"  # the next free id, suggested
    for label, value in source.items():
        by_label(at.text_input, label).set_value(value)
    by_label(at.selectbox, "Kind").set_value("news")
    by_label(at.get("form_submit_button"), "Add source").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Added source."]
    assert "Source S103 (Business Recorder) is stored, and picked for the report below." in texts(at)
    assert by_label(at.selectbox, "Source id").value == "S103"  # picked for the report
    assert by_label(at.text_input, "Report id").value == "CR015"
    by_label(at.selectbox, "Cargo id").set_value("C05")  # a new cargo id, typed
    for label, value in {"Vessel (optional)": "Sea Falcon", "Arrival date (optional)": "2025-11-26",
                         "Quantity (optional)": "98000", "Discharge port (optional)": "Karachi"}.items():
        by_label(at.text_input, label).set_value(value)
    by_label(at.selectbox, "Unit (optional)").set_value("t")
    by_label(at.selectbox, "Status").set_value("arrived")
    by_label(at.selectbox, "Grade (optional)").set_value("Urals")
    by_label(at.get("form_submit_button"), "Add cargo report").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Added cargo report."]
    assert "Cargo report CR015 about cargo C05, citing S103, is stored and shows on every page now." in texts(at)
    store = colleague(db_path)
    row = store.read_table("cargo_reports").set_index("report_id").loc["CR015"]
    assert (row["cargo_id"], row["source_id"], row["vessel"], row["quantity"], row["version"]) == (
        "C05", "S103", "Sea Falcon", "98000", 1)
    assert pd.isna(row["order_id"]) and pd.isna(row["load_port"])
    log = store.history("cargo_reports", "CR015")
    assert log[["action", "user", "reason"]].values.tolist() == [["insert", "Ana", "reported by the source"]]
    # The crude volumes page now lists the new cargo.
    at.switch_page("pages/volumes.py").run()
    ledger = next(df.value for df in at.dataframe if "cargo_id" in df.value.columns)
    assert "Sea Falcon" in ledger.set_index("cargo_id").loc["C05", "vessel"]


def test_form_errors_are_listed_and_nothing_is_written(app, db_path):
    at = open_tab(app, "Add")
    before = len(colleague(db_path).read_changes())
    by_label(at.selectbox, "Cargo id").set_value("C01")
    by_label(at.selectbox, "Source id").set_value("S032")
    by_label(at.selectbox, "Status").set_value("arrived")
    by_label(at.text_input, "Quantity (optional)").set_value("-5")
    by_label(at.text_input, "Arrival date (optional)").set_value("sometime in 2023")
    by_label(at.get("form_submit_button"), "Add cargo report").click().run()
    assert not at.exception, at.exception
    assert any("Nothing was added. 3 problems" in e.value for e in at.error)
    shown = problems_shown(at)[["column", "value", "rule"]].values.tolist()
    assert ["arrival_date", "sometime in 2023",
            "must be a real date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"] in shown
    assert ["quantity", "-5", "must be greater than zero"] in shown
    assert ["unit", None, "a quantity needs a unit"] in [[c, None if pd.isna(v) else v, r] for c, v, r in shown]
    assert by_label(at.text_input, "Quantity (optional)").value == "-5"  # kept, to be fixed
    assert len(colleague(db_path).read_changes()) == before
    by_label(at.text_input, "Report id").set_value("CR003")
    by_label(at.get("form_submit_button"), "Add cargo report").click().run()
    assert ["report_id", "CR003", "a record with this id already exists; pick another id (the next free one is "
            "CR015)"] in problems_shown(at)[["column", "value", "rule"]].values.tolist()


def test_the_add_form_of_a_large_store_asks_for_ids_it_cannot_list(app, db_path, monkeypatch):
    monkeypatch.setattr(desk, "PICKER_MAX", 5)  # 14 cargo reports and 102 sources stand in for a million
    at = open_tab(app, "Add")
    labels = {w.label for w in at.selectbox}
    assert "Cargo id" not in labels and "Source id" not in labels  # no picker sending every id
    assert {"Order id (optional)", "Grade (optional)"} <= labels  # 5 orders and 3 grades are listed
    cargo, source = (at.text_input(key=f"desk_add_cargo_reports_{c}_0") for c in ("cargo_id", "source_id"))
    assert cargo.placeholder == "Type an existing id, or a new one such as C05"
    assert source.placeholder == "Type an id, e.g. S001"
    assert by_label(at.text_input, "Report id").value == "CR015"
    cargo.set_value("C05")
    source.set_value("S999")  # no such source: the store says so
    by_label(at.selectbox, "Status").set_value("arrived")
    by_label(at.get("form_submit_button"), "Add cargo report").click().run()
    assert ["source_id", "S999"] == problems_shown(at)[["column", "value"]].values.tolist()[0]
    at.text_input(key="desk_add_cargo_reports_source_id_0").set_value("S032")
    by_label(at.get("form_submit_button"), "Add cargo report").click().run()
    assert not at.exception, at.exception
    assert "Cargo report CR015 about cargo C05, citing S032, is stored and shows on every page now." in texts(at)


def editor_key(at, table: str = "cargo_reports") -> str:
    """The grid's key: it carries a counter, bumped whenever the grid is loaded afresh."""
    return f"desk_fix_grid_{table}_{at.session_state[f'desk_gen_fix_{table}']}"


def test_a_correction_is_saved_at_the_version_read(app, db_path):
    at = open_tab(app, "Correct")
    at.selectbox(key="desk_fix_table").set_value("cargo_reports").run()
    grid = at.data_editor[0].value
    row = int(grid.index[grid["report_id"] == "CR003"][0])
    at.session_state[editor_key(at)] = {"edited_rows": {row: {"quantity": "45150"}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    assert any("1 row changed, 0 to delete" in c.value for c in at.caption)
    assert at.button(key="desk_fix_save").disabled  # a reason first
    at.text_input(key="desk_fix_reason").set_value("Business Recorder corrected the tonnage").run()
    at.button(key="desk_fix_save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Saved 1 change."]
    assert "CR003: saved as version 2" in texts(at)
    stored = colleague(db_path).read_table("cargo_reports").set_index("report_id").loc["CR003"]
    assert (stored["quantity"], stored["version"]) == ("45150", 2)


def test_a_conflicting_correction_shows_both_versions_and_overwrites_nothing(app, db_path):
    at = open_tab(app, "Correct")
    at.selectbox(key="desk_fix_table").set_value("cargo_reports").run()
    grid = at.data_editor[0].value
    row = int(grid.index[grid["report_id"] == "CR003"][0])
    colleague(db_path).update("cargo_reports", "CR003", {"vessel": "Pure Point (renamed)"}, 1, "Bo", "renamed")
    at.session_state[editor_key(at)] = {"edited_rows": {row: {"quantity": "45150"}}, "added_rows": [],
                                        "deleted_rows": []}
    at.text_input(key="desk_fix_reason").set_value("rounding").run()
    at.button(key="desk_fix_save").click().run()
    assert not at.exception, at.exception
    assert any("someone changed this record after you read it. Nothing was overwritten." in e.value
               for e in at.error)
    assert "was changed (it is now version 2) by Bo after you read version 1" in texts(at)
    side = next(df.value for df in at.dataframe if "your change" in df.value.columns).set_index("column")
    assert side.loc["quantity", ["you read", "your change", "stored now"]].tolist() == ["45142", "45150", "45142"]
    assert side.loc["vessel", ["you read", "your change", "stored now"]].tolist() == [
        "Pure Point", "Pure Point", "Pure Point (renamed)"]
    store = colleague(db_path)
    stored = store.read_table("cargo_reports").set_index("report_id").loc["CR003"]
    assert (stored["quantity"], stored["vessel"], stored["version"]) == ("45142", "Pure Point (renamed)", 2)
    assert store.history("cargo_reports", "CR003")["action"].tolist() == ["seed", "update", "conflict"]


def upload(at, name: str, data: bytes):
    next(u for u in at.get("file_uploader")).set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_import_previews_the_diff_then_commits_all_or_nothing(app, db_path):
    at = open_tab(app, "Import")
    at.selectbox(key="desk_imp_table").set_value("cargo_reports").run()
    store = colleague(db_path)
    cargo = store.read_table("cargo_reports")
    new = cargo[cargo["report_id"] == "CR003"].assign(report_id="CR100", cargo_id="C09", vessel="Sea Falcon",
                                                      version=pd.NA)
    changed = cargo[cargo["report_id"] == "CR004"].assign(quantity="45130")
    upload(at, "today.csv", to_csv_bytes(pd.concat([new, changed, cargo.iloc[[0]]])))
    assert (metric(at, "New rows"), metric(at, "Changed rows"), metric(at, "Unchanged rows")) == ("1", "1", "1")
    cells = next(df.value for df in at.dataframe if "incoming" in df.value.columns)
    assert cells.values.tolist() == [["CR004", "quantity", "45122", "45130"]]
    assert len(store.read_changes()) == len(colleague(db_path).read_changes())  # a preview writes nothing
    at.button(key="desk_imp_commit").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Imported."]
    assert "Cargo reports: 1 new, 1 changed, 0 unchanged rows." in texts(at)
    stored = colleague(db_path).read_table("cargo_reports").set_index("report_id")
    assert stored.at["CR100", "vessel"] == "Sea Falcon" and stored.at["CR004", "quantity"] == "45130"
    assert stored.at["CR004", "version"] == 2
    # The same file again: nothing to import, nothing written.
    logged = len(colleague(db_path).read_changes())
    upload(at, "today.csv", to_csv_bytes(pd.concat([new, changed, cargo.iloc[[0]]])))
    assert any("would change nothing" in i.value for i in at.info)
    assert len(colleague(db_path).read_changes()) == logged


def test_import_errors_are_all_listed_with_row_column_value_and_rule(app, db_path):
    at = open_tab(app, "Import")
    at.selectbox(key="desk_imp_table").set_value("cargo_reports").run()
    cargo = colleague(db_path).read_table("cargo_reports").drop(columns="version").iloc[:2]
    bad = cargo.assign(report_id=["CR100", "CR101"], quantity=["-1", "lots"], unit=["t", "barrels"])
    upload(at, "bad.csv", to_csv_bytes(bad))
    assert any("Nothing can be imported until every problem is fixed" in e.value for e in at.error)
    shown = problems_shown(at)
    assert shown[["row", "column", "value"]].values.tolist() == [
        [2, "quantity", "-1"], [3, "quantity", "lots"], [3, "unit", "barrels"]]
    assert shown["rule"].tolist() == ["must be greater than zero", "must be a number",
                                      "must be one of: t, kt, Mt, bbl, kbbl, m3"]
    assert not [b for b in at.button if b.key == "desk_imp_commit"]
    upload(at, "photo.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 30)
    assert "is a PNG image, not a CSV or Excel .xlsx file" in problems_shown(at)["rule"].iloc[0]
    at.selectbox(key="desk_imp_table").set_value("sectors").run()  # a cargo file into the wrong table
    upload(at, "bad.csv", to_csv_bytes(bad))
    assert "report_id" in problems_shown(at)["column"].tolist()
    assert not [m for m in at.metric if m.label == "New rows"]  # no preview of rows that cannot be compared


def test_a_record_others_refer_to_is_not_deleted(app, db_path):
    at = open_tab(app, "Correct")
    at.selectbox(key="desk_fix_table").set_value("sectors").run()
    grid = at.data_editor[0].value
    row = int(grid.index[grid["sector_id"] == "energy"][0])
    at.session_state[editor_key(at, "sectors")] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [row]}
    at.text_input(key="desk_fix_reason").set_value("tidy up").run()
    assert any("0 rows changed, 1 to delete" in c.value for c in at.caption)
    at.button(key="desk_fix_save").click().run()
    assert not at.exception, at.exception
    rules = problems_shown(at)["rule"].tolist()
    assert any("still refers to this sectors.sector_id" in r for r in rules)
    assert "energy" in set(colleague(db_path).read_table("sectors")["sector_id"])


def test_a_comtrade_export_is_previewed_and_imported(app, db_path):
    at = open_tab(app, "Import")
    at.selectbox(key="desk_imp_table").set_value("comtrade").run()
    upload(at, "comtrade.csv", COMTRADE.read_bytes())
    assert [h.value for h in at.subheader] == ["Sources", "Trade flows", "Import context"]
    at.button(key="desk_imp_commit").click().run()
    assert not at.exception, at.exception
    assert "Trade flows: 2 new, 0 changed, 0 unchanged rows." in texts(at)
    flows = colleague(db_path).read_table("trade_flows").set_index("flow_id")
    assert flows.at["CT-PAK-RUS-M-2023", "value_usd"] == "58431000"


def test_the_grid_of_a_large_table_holds_the_first_rows_and_finds_others(app, db_path, monkeypatch):
    monkeypatch.setattr(desk, "GRID_MAX", 5)  # the 14 seed cargo reports stand in for a million
    at = open_tab(app, "Correct")
    at.selectbox(key="desk_fix_table").set_value("cargo_reports").run()
    assert list(at.data_editor[0].value["report_id"]) == ["CR001", "CR002", "CR003", "CR004", "CR005"]
    assert ("This table holds 14 records: the grid shows the first 5 by id. Type text above to find others."
            in [c.value for c in at.caption])
    at.text_input(key="desk_fix_q").set_value("s055").run()  # read from the store, not from the 5 rows
    assert list(at.data_editor[0].value["report_id"]) == ["CR012", "CR013"]
    at.session_state[editor_key(at)] = {"edited_rows": {0: {"vessel": "Sea Falcon"}}, "added_rows": [],
                                        "deleted_rows": []}
    at.text_input(key="desk_fix_reason").set_value("the port names the vessel").run()
    at.button(key="desk_fix_save").click().run()
    assert not at.exception, at.exception
    assert "CR012: saved as version 2" in texts(at)
    assert list(at.data_editor[0].value["vessel"].fillna("")) == ["Sea Falcon", ""]  # read again, same search
    assert colleague(db_path).read_table("cargo_reports").set_index("report_id").at["CR012", "vessel"] == "Sea Falcon"


def test_history_shows_the_change_and_undo_puts_it_back(app, db_path):
    at = open_tab(app, "History")  # the first run creates and seeds the store
    colleague(db_path).update("cargo_reports", "CR003", {"quantity": "45000"}, 1, "Bo", "rounded figure")
    at.selectbox(key="desk_hist_table").set_value("cargo_reports").run()
    at.selectbox(key="desk_hist_key").set_value("CR003").run()
    assert not at.exception, at.exception
    assert "update by Bo\nReason: rounded figure" in texts(at)
    diff = next(df.value for df in at.dataframe if "before" in df.value.columns)
    assert diff.values.tolist() == [["quantity", "45142", "45000"], ["version", "1", "2"]]
    update_id = int(colleague(db_path).history("cargo_reports", "CR003")["change_id"].iloc[-1])
    assert at.button(key=f"desk_undo_{update_id}").disabled  # a reason first
    at.text_input(key="desk_undo_reason").set_value("the 45,142 t figure is the port's").run()
    at.button(key=f"desk_undo_{update_id}").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Undone."]
    store = colleague(db_path)
    assert store.read_table("cargo_reports").set_index("report_id").at["CR003", "quantity"] == "45142"
    last = store.history("cargo_reports", "CR003").iloc[-1]
    assert (last["action"], last["user"]) == ("undo", "Ana")
    assert last["reason"] == f"undo change {update_id}: the 45,142 t figure is the port's"


def test_history_of_a_large_table_asks_for_the_id(app, db_path, monkeypatch):
    monkeypatch.setattr(desk, "PICKER_MAX", 5)  # the 14 seed cargo reports stand in for a million
    at = open_tab(app, "History")
    colleague(db_path).update("cargo_reports", "CR003", {"quantity": "45000"}, 1, "Bo", "rounded figure")
    at.selectbox(key="desk_hist_table").set_value("cargo_reports").run()
    assert not [w for w in at.selectbox if w.key == "desk_hist_key"]  # no picker listing every key
    box = at.text_input(key="desk_hist_id")
    assert box.placeholder == "14 records: type an id, e.g. CR001"
    box.set_value(" CR003 ").run()
    assert not at.exception, at.exception
    assert "update by Bo\nReason: rounded figure" in texts(at)
    at.text_input(key="desk_hist_id").set_value("cr003").run()
    assert [i.value for i in at.info] == ["No change is recorded for cargo reports record 'cr003'. Check the id; "
                                          "ids are matched exactly, including case."]


def test_export_offers_every_table_as_csv_and_excel(app, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_ROWS", 13)  # 14 cargo reports stand in for more than a worksheet holds
    at = open_tab(app, "Export")
    buttons = {b.key: b for b in at.get("download_button")}
    assert set(buttons) == {f"desk_dl_{kind}_{t}" for t in LOAD_ORDER for kind in ("csv", "xlsx")}
    assert "14 rows" in [t.value for t in at.text]  # counted in SQL, no table read until a click
    assert buttons["desk_dl_xlsx_cargo_reports"].disabled and not buttons["desk_dl_csv_cargo_reports"].disabled
    assert not buttons["desk_dl_xlsx_grades"].disabled  # 3 grades


def test_desk_is_closed_on_a_read_only_dataset(tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_DATASET_DIR", str(Path(APP).parent / "data"))
    monkeypatch.setenv("CORRIDOR_DB_PATH", str(tmp_path / "never.sqlite"))
    state.open_store.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data_desk.py").run()
    assert not at.exception
    assert any("read-only" in w.value for w in at.warning)
    assert not (tmp_path / "never.sqlite").exists()
