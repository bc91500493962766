"""Any UN Comtrade goods download imports (analysis/comtrade.py): all goods, HS chapters, headings
and 6-digit codes, annual and monthly, both reporters, a Windows-1252 website file; malformed
downloads refused by row and column with nothing written; a revised download updating the same
rows; importing twice, or in two halves, giving the same store. Files are written by
tests/comtrade_files.py in the download's own 47-column layout."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from analysis import desk
from analysis.comtrade import MAX_FILE_ROWS, read_comtrade
from analysis.store import Store
from analysis.validate import ValidationError
from comtrade_files import csv_bytes, row

TODAY = dt.date(2025, 11, 28)
PAK, RUS, WORLD = 586, 643, 0
DOWNLOAD = [  # Pakistan–Russia 2023 by level, as both countries reported it
    row(PAK, RUS, "M", "2023", "TOTAL", 1_060_000_000),
    row(RUS, PAK, "X", "2023", "TOTAL", 990_000_000),
    row(PAK, RUS, "X", "2023", "TOTAL", 150_000_000),
    row(PAK, RUS, "M", "2023", "10", 412_000_000, "Cereals", 1_420_000_000),
    row(PAK, RUS, "M", "2023", "27", 560_000_000, "Mineral fuels, mineral oils", 905_000_000),
    row(PAK, RUS, "M", "2023", "2709", 58_431_000, "Petroleum oils, crude", 101_122_000),
    row(PAK, RUS, "M", "202402", "100199", 31_500_000, "Wheat and meslin, other", 95_000_000),
    row(PAK, WORLD, "M", "2023", "2709", 5_214_750_000, "Petroleum oils, crude", 8_462_500_000),
    row(PAK, WORLD, "M", "2023", "27", 15_900_000_000, "Mineral fuels, mineral oils"),
]


def flows_of(result) -> dict[str, dict]:
    frame = result.tables["trade_flows"]
    return {r["flow_id"]: r for r in frame.astype(object).where(frame.notna(), None).to_dict("records")}


def test_every_level_of_both_reporters_becomes_a_flow_of_its_commodity():
    result = read_comtrade("TradeData_2023.csv", csv_bytes(DOWNLOAD), TODAY, set())
    flows = flows_of(result)
    got = {k: (f["direction"], f["commodity"], f["value_usd"], f["period_start"], f["period_end"])
           for k, f in flows.items()}
    assert got == {
        "CT-PAK-RUS-M-2023-TOTAL": ("RU_to_PK", "TOTAL", "1060000000", "2023-01-01", "2023-12-31"),
        "CT-RUS-PAK-X-2023-TOTAL": ("RU_to_PK", "TOTAL", "990000000", "2023-01-01", "2023-12-31"),
        "CT-PAK-RUS-X-2023-TOTAL": ("PK_to_RU", "TOTAL", "150000000", "2023-01-01", "2023-12-31"),
        "CT-PAK-RUS-M-2023-10": ("RU_to_PK", "10", "412000000", "2023-01-01", "2023-12-31"),
        "CT-PAK-RUS-M-2023-27": ("RU_to_PK", "27", "560000000", "2023-01-01", "2023-12-31"),
        "CT-PAK-RUS-M-2023": ("RU_to_PK", "2709", "58431000", "2023-01-01", "2023-12-31"),  # crude keeps its id
        "CT-PAK-RUS-M-202402-100199": ("RU_to_PK", "100199", "31500000", "2024-02-01", "2024-02-29"),
    }
    # Who reported it, what it counts, with the file's description, and the net weight.
    assert flows["CT-PAK-RUS-M-2023-10"]["note"] == (
        "UN Comtrade, HS 10 (Cereals); Pakistan reported its imports from Russia; net weight 1,420,000 t.")
    assert flows["CT-RUS-PAK-X-2023-TOTAL"]["note"] == (
        "UN Comtrade, all goods (TOTAL); Russia reported its exports to Pakistan.")
    # Only crude from the world feeds the import context; chapter 27 from the world is set aside.
    assert set(result.tables["import_context"]["context_id"]) == {"CT-PAK-W00-M-2023-t", "CT-PAK-W00-M-2023-USD"}
    assert result.ignored.values.tolist() == [
        [10, "Pakistan's imports of HS 27 (Mineral fuels, mineral oils) from the world: only crude (2709) feeds the "
             "import context"]]
    assert result.tables["sources"].iloc[0]["title"] == "UN Comtrade export TradeData_2023.csv (goods by HS code)"


def test_a_windows_1252_website_file_is_read_with_its_names():
    rows = [row(PAK, RUS, "M", "2024", "TOTAL", 1_200_000_000), row(PAK, 792, "M", "2024", "TOTAL", 900_000_000),
            row(PAK, 384, "M", "2024", "TOTAL", 80_000_000)]
    data = csv_bytes(rows, "cp1252")
    assert b"T\xfcrkiye" in data and b"C\xf4te d'Ivoire" in data  # not UTF-8
    result = read_comtrade("TradeData_2_20_2025.csv", data, TODAY, set())
    assert list(flows_of(result)) == ["CT-PAK-RUS-M-2024-TOTAL"]
    assert [reason for _, reason in result.ignored.values.tolist()] == [
        "Pakistan imports from Türkiye: neither Pakistan–Russia trade nor Pakistan's imports from the world",
        "Pakistan imports from Côte d'Ivoire: neither Pakistan–Russia trade nor Pakistan's imports from the world"]


def test_bytes_no_western_encoding_can_read_are_refused_by_line():
    data = csv_bytes([row(PAK, RUS, "M", "2024", "TOTAL", 1)]).replace(b"Pakistan", b"Pak\x81stan", 1)
    with pytest.raises(ValidationError) as err:
        read_comtrade("odd.csv", data, TODAY, set())
    (problem,) = err.value.problems
    assert (problem.row, problem.value) == (2, "0x81")
    assert "neither UTF-8 nor Windows-1252" in problem.rule


@pytest.mark.parametrize("rows, expected", [
    ([row(PAK, RUS, "M", "2023", "TOTAL", 5, type_code="S")], [(2, "typeCode", "must be C (goods)")]),
    ([row(PAK, RUS, "M", "2023", "TOTAL", 5), row(PAK, RUS, "M", "2023", "2709", -5)],
     [(3, "primaryValue", "must not be negative")]),
    ([{**row(PAK, RUS, "M", "2023", "10", 5), "period": "2023-13", "refPeriodId": ""}],
     [(2, "period", "must be a year YYYY with freqCode A")]),
    ([row(699, 156, "M", "2023", "TOTAL", 5), row(156, 699, "X", "2023", "TOTAL", 5)],
     [(None, None, "holds no Pakistan–Russia trade")]),
    ([row(PAK, RUS, "M", "2023", "27.09", 5)], [(2, "cmdCode", "must be TOTAL (all goods) or an HS code")]),
])
def test_a_malformed_download_is_refused_by_row_and_column_and_nothing_is_written(store, rows, expected):
    before = {name: len(frame) for name, frame in store.read_all().items()}
    with pytest.raises(ValidationError) as err:
        desk.prepare_import(store, desk.COMTRADE, "bad.csv", csv_bytes(rows), TODAY)
    assert [(p.row, p.column, p.rule[:len(rule)]) for p, (_, _, rule) in zip(err.value.problems, expected)] == expected
    assert {name: len(frame) for name, frame in store.read_all().items()} == before


def test_an_all_partners_download_is_refused_before_any_row_is_read():
    rows = [row(PAK, WORLD, "M", "2023", f"{n % 100:02d}", 1) for n in range(MAX_FILE_ROWS + 1)]
    with pytest.raises(ValidationError) as err:
        read_comtrade("all.csv", csv_bytes(rows), TODAY, set())
    assert "has 20,001 rows, more than the 20,000" in err.value.problems[0].rule
    assert "Pakistan and Russia as reporter and partner" in err.value.problems[0].rule


def test_a_revised_download_updates_the_same_rows(store):
    first = desk.prepare_import(store, desk.COMTRADE, "v1.csv", csv_bytes(DOWNLOAD[:4]), TODAY)
    desk.commit_import(store, first, "ana", "Comtrade", "v1.csv")
    revised = [dict(r) for r in DOWNLOAD[:4]]
    revised[3]["primaryValue"] = 415_500_000  # Comtrade revised cereals
    second = desk.prepare_import(store, desk.COMTRADE, "v2.csv", csv_bytes(revised), TODAY)
    done = desk.commit_import(store, second, "ana", "Comtrade revision", "v2.csv")
    assert (done["trade_flows"].new, done["trade_flows"].changed) == (0, 4)  # value, and the source cited
    flows = store.read_table("trade_flows").set_index("flow_id")
    assert flows.at["CT-PAK-RUS-M-2023-10", "value_usd"] == "415500000" and len(flows) == 4


KEYS = st.tuples(st.sampled_from([(PAK, RUS, "M"), (PAK, RUS, "X"), (RUS, PAK, "X"), (RUS, PAK, "M")]),
                 st.sampled_from(["2021", "2022", "2023", "202311"]), st.sampled_from(["TOTAL", "10", "2709", "300490"]))


def _flows(store: Store) -> list[tuple]:
    frame = store.read_table("trade_flows")
    return sorted(frame[["flow_id", "period_start", "direction", "commodity", "value_usd", "note"]]
                  .itertuples(index=False, name=None))


@settings(max_examples=8, deadline=None)
@given(st.dictionaries(KEYS, st.integers(1, 10**10), min_size=2, max_size=12))
def test_twice_or_in_two_halves_gives_the_same_store(download):
    rows = [row(rep, par, flow, period, cmd, value) for ((rep, par, flow), period, cmd), value in download.items()]
    half = len(rows) // 2
    stores = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, parts in (("once", [rows]), ("twice", [rows, rows]), ("halves", [rows[:half], rows[half:]])):
            store = Store(f"sqlite:///{Path(tmp) / name}.sqlite")
            store.create()
            for n, part in enumerate(parts):
                prepared = desk.prepare_import(store, desk.COMTRADE, f"part{n}.csv", csv_bytes(part), TODAY)
                desk.commit_import(store, prepared, "ana", "Comtrade", f"part{n}.csv")
            stores.append(_flows(store))
            store.close()
    assert stores[0] == stores[1] == stores[2]
    assert len(stores[0]) == len(rows)


def test_an_excel_download_reads_as_the_csv_does(tmp_path):
    import io

    import pandas as pd
    from comtrade_files import COLUMNS
    book = io.BytesIO()
    pd.DataFrame(DOWNLOAD, columns=COLUMNS).to_excel(book, index=False)
    from_excel = read_comtrade("TradeData.xlsx", book.getvalue(), TODAY, set())
    from_csv = read_comtrade("TradeData.csv", csv_bytes(DOWNLOAD), TODAY, set())
    for table in ("trade_flows", "import_context"):
        pd.testing.assert_frame_equal(from_excel.tables[table].drop(columns="source_id"),
                                      from_csv.tables[table].drop(columns="source_id"))


def test_a_comtrade_download_offered_as_a_table_is_named_for_what_it_is(store):
    with pytest.raises(ValidationError) as err:
        desk.prepare_import(store, "trade_flows", "TradeData.csv", csv_bytes(DOWNLOAD), TODAY)
    assert [p.rule for p in err.value.problems] == [
        "is a UN Comtrade download, not a trade_flows table: import it as 'UN Comtrade goods download' instead"]
