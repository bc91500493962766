"""Russia's share of Pakistan's imports (analysis.import_shares), with figures worked by hand.

The hand-made frames hold arrivals only: June 2023 45,142 t (11 Jun) and 56,000 t (27 Jun),
October 2023 100,000 t, November 2023 10,000 t (arrival known to the month: its first day),
and the import totals of data/import_context.csv they meet: Jul–Dec 2022 4,169,000 t and
Jul–Dec 2023 4,279,000 t (NNI, S057), Jul–Oct 2023 2.395 Mt (Dawn, S067), 2022 154,000 bbl/d of
all oil (Kpler via WE News, S021), 2024 169,000 bbl/d of crude (Argus, S079, which also says
some Urals arrived in 2024 without a tonnage) and the FY2022-23 import value $4,947.216m (S062).
"""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.datafiles import typed
from analysis.import_shares import NO_CARGO, NO_TOTAL, period_shares, share_view
from analysis.schema import TABLES
from analysis.volumes import context_tonnes, delivered_cargoes, russia_share, targets_vs_actuals

ALL = (dt.date(2015, 1, 1), dt.date(2026, 12, 31))
ARGUS = ("Some Russian crude, such as medium sour Urals, arrived in 2024, \"albeit a much smaller volume\" "
         "than crude from the Middle East; no tonnage given.")
SOURCES = pd.DataFrame({"source_id": ["S021", "S057", "S062", "S067", "S079"],
                        "publisher": ["Reuters via WE News", "NNI via mshijazi.com", "The Nation", "Dawn", "Argus"]})


def cargoes(rows) -> pd.DataFrame:
    """Reconciled cargoes as analysis.reconcile leaves them, from (id, arrival, tonnes): all
    delivered, ungraded (7.33 bbl/t), every account agreeing."""
    ids, arrival, tonnes = zip(*rows)
    tonnes = np.array(tonnes, dtype=float)
    return pd.DataFrame({
        "cargo_id": pd.array(ids, dtype="string"), "vessel": pd.array([None] * len(ids), dtype="string"),
        "delivered": True, "arrival_start": pd.to_datetime(arrival), "arrival_precision": "day",
        "tonnes": tonnes, "tonnes_min": tonnes, "tonnes_max": tonnes,
        "barrels": tonnes * 7.33, "barrels_min": tonnes * 7.33, "barrels_max": tonnes * 7.33,
    }).sort_values("arrival_start", ignore_index=True)


ARRIVED = cargoes([("C01", "2023-06-11", 45_142), ("C02", "2023-06-27", 56_000),
                   ("C03", "2023-10-01", 100_000), ("C04", "2023-11-01", 10_000)])


def context(*rows) -> pd.DataFrame:
    """import_context rows, typed as the store gives them, from (id, source, first, last,
    measure, quantity, unit[, russian_crude_note])."""
    named = ("context_id", "source_id", "period_start", "period_end", "measure", "quantity", "unit",
             "russian_crude_note")
    records = [{"basis": "calendar", "qualifier": "exact", **dict(zip(named, (*r, None)[:8]))} for r in rows]
    return typed("import_context", pd.DataFrame(records, columns=TABLES["import_context"].column_names,
                                                dtype="string"))


H1_FY23 = ("IC03", "S057", "2022-07-01", "2022-12-31", "crude", "4169000", "t")
H1_FY24 = ("IC04", "S057", "2023-07-01", "2023-12-31", "crude", "4279000", "t")
JUL_OCT_2023 = ("IC07", "S067", "2023-07-01", "2023-10-31", "crude", "2.395", "Mt")
OIL_2022 = ("IC02", "S021", "2022-01-01", "2022-12-31", "all_oil", "154000", "bbl/d")
CRUDE_2024 = ("IC11", "S079", "2024-01-01", "2024-12-31", "crude", "169000", "bbl/d", ARGUS)
VALUE_FY23 = ("IC05", "S062", "2022-07-01", "2023-06-30", "crude", "4947216000", "USD")
SEED_LIKE = context(H1_FY23, H1_FY24, JUL_OCT_2023, OIL_2022, CRUDE_2024, VALUE_FY23)


def test_the_share_over_a_total_counts_the_cargoes_arrived_in_its_period():
    shares = share_view(ARRIVED, SEED_LIKE, SOURCES, "t", *ALL).set_index("context_id")
    # Jul–Dec 2023: C03 100,000 t + C04 10,000 t = 110,000 t of 4,279,000 t = 2.5707%.
    assert shares.at["IC04", "russian"] == 110_000 and shares.at["IC04", "russian_cargoes"] == 2
    assert shares.at["IC04", "share_pct"] == pytest.approx(110_000 / 4_279_000 * 100)
    assert shares.at["IC04", "shown"] == "2.6%"
    assert shares.at["IC04", "measure"] == "crude oil imports"
    assert shares.at["IC04", "published"] == "4,279,000 t" and shares.at["IC07", "published"] == "2.395 Mt"
    assert shares.at["IC07", "share_pct"] == pytest.approx(100_000 / 2_395_000 * 100)  # C03 only
    assert "IC05" not in shares.index  # a value, not a volume


def test_no_share_is_given_where_no_cargo_is_recorded_and_the_source_saying_some_arrived_is_shown():
    shares = share_view(ARRIVED, SEED_LIKE, SOURCES, "t", *ALL).set_index("context_id")
    for quiet in ("IC02", "IC03", "IC11"):  # 2022, Jul–Dec 2022, 2024: no cargo recorded
        assert np.isnan(shares.at[quiet, "share_pct"]) and shares.at[quiet, "russian_cargoes"] == 0
    assert shares.at["IC03", "shown"] == NO_CARGO
    assert shares.at["IC11", "shown"] == "no cargo recorded · a source says some arrived in a period that includes it"
    assert shares.at["IC11", "said"] == "Argus (S079) on 2024: " + ARGUS
    raw = russia_share(ARRIVED, SEED_LIKE).set_index("context_id")
    assert np.isnan(raw.at["IC11", "share_pct"]) and raw.at["IC04", "share_pct"] == pytest.approx(2.570694, abs=1e-6)


def test_a_share_too_small_to_round_is_never_written_as_zero():
    arrived = cargoes([("A", "2024-05-02", 10)])
    # 10 t of 8,438,472 t = 0.00012%
    assert share_view(arrived, SEED_LIKE, SOURCES, "t", *ALL).set_index("context_id").at["IC11", "shown"] == "<0.1%"
    years = period_shares(arrived, SEED_LIKE, SOURCES, "t", "year", "calendar", *ALL).set_index("period")
    assert years.at["2024", "shown"] == "<0.1%" and years.at["2024", "said"].startswith("Argus (S079) on 2024")


def test_a_rate_is_multiplied_by_the_real_days_and_converted_at_the_stated_factor():
    totals = context_tonnes(SEED_LIKE).set_index("context_id")
    # 169,000 bbl/d × 366 days (2024) = 61,854,000 bbl ÷ 7.33 bbl/t = 8,438,472.03 t
    assert totals.at["IC11", "total_t"] == pytest.approx(61_854_000 / 7.33)
    assert totals.at["IC11", "bbl_per_tonne"] == 7.33 and np.isnan(totals.at["IC04", "bbl_per_tonne"])
    shown = share_view(ARRIVED, SEED_LIKE, SOURCES, "t", *ALL).set_index("context_id")
    assert shown.at["IC11", "in_tonnes"] == "8,438,472 t (169,000 bbl/d × 366 days = 61,854,000 bbl, at 7.33 bbl/t)"
    assert shown.at["IC04", "in_tonnes"] == "4,279,000 t"
    assert shown.at["IC07", "in_tonnes"] == "2,395,000 t"


def test_a_total_of_all_oil_is_labelled_and_used_only_where_no_crude_total_covers_the_period():
    arrived = cargoes([("A", "2022-03-15", 50_000), ("B", "2022-09-10", 20_000)])
    rows = share_view(arrived, SEED_LIKE, SOURCES, "t", *ALL).set_index("context_id")
    assert rows.at["IC02", "measure"] == "all oil imports (crude and products, not split)"
    # 70,000 t over 154,000 bbl/d × 365 days / 7.33 bbl/t = 7,668,485.7 t = 0.9128%, of all oil
    assert rows.at["IC02", "share_pct"] == pytest.approx(70_000 / (154_000 * 365 / 7.33) * 100)
    assert rows.at["IC02", "shown"] == "0.9% of all oil"
    years = period_shares(arrived, SEED_LIKE, SOURCES, "t", "year", "calendar", *ALL).set_index("period")
    # 2022 rests on the crude total of Jul–Dec 2022, not on the all-oil total of the whole year.
    assert years.at["2022", "context_id"] == "IC03" and years.at["2022", "measure"] == "crude"
    assert years.at["2022", "share_pct"] == pytest.approx(20_000 / 4_169_000 * 100)
    assert years.at["2022", "outside"] == 50_000  # March, before the crude total begins
    quarters = period_shares(arrived, SEED_LIKE, SOURCES, "t", "quarter", "calendar", *ALL).set_index("period")
    # Q1 2022: only the all-oil total covers it, pro rata 90 of its 365 days.
    assert quarters.at["2022 Q1", "context_id"] == "IC02"
    assert quarters.at["2022 Q1", "share_pct"] == pytest.approx(50_000 / (154_000 * 90 / 7.33) * 100)
    assert quarters.at["2022 Q1", "shown"].endswith("% of all oil")
    assert quarters.at["2022 Q1", "rests_on"].startswith("all oil imports (crude and products, not split), 2022")


def test_a_target_share_of_crude_imports_never_rests_on_a_total_of_all_oil():
    targets = typed("targets", pd.DataFrame({
        "target_id": ["T01"], "source_id": ["S021"], "stated_on": ["2022-01-01"],
        "metric": ["share_of_crude_imports"], "kind": ["target"], "value_low": [None], "value": ["35"],
        "unit": ["percent"], "qualifier": ["exact"], "speaker": [None], "speaker_role": [None],
        "note": [None]}).astype("string"))
    arrived = cargoes([("A", "2022-03-15", 50_000)])
    got = targets_vs_actuals(targets, arrived, context(OIL_2022)).iloc[0]
    assert np.isnan(got["actual"]) and got["actual_basis"] == ""


def test_each_period_rests_on_the_total_that_fits_it_best_and_says_how_well():
    quarters = period_shares(ARRIVED, SEED_LIKE, SOURCES, "t", "quarter", "calendar", *ALL).set_index("period")
    assert quarters.index.tolist() == ["2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    # 2023 Q4 (92 days): only Jul–Dec 2023 covers it all; 110,000 t over 4,279,000 × 92/184 = 2,139,500 t.
    q4 = quarters.loc["2023 Q4"]
    assert q4["context_id"] == "IC04" and q4["share_pct"] == pytest.approx(110_000 / 2_139_500 * 100)
    assert q4["rests_on"] == "crude oil imports, Jul 2023 – Dec 2023: 4,279,000 t (NNI via mshijazi.com, S057)"
    assert q4["match"] == "the total covers the whole period; pro rata for 92 of its 184 days"
    assert q4["shown"] == "5.1%"
    # 2023 Q3: Jul–Oct 2023 is the shortest total covering it; no cargo arrived then.
    q3 = quarters.loc["2023 Q3"]
    assert (q3["context_id"], q3["state"], q3["shown"]) == ("IC07", NO_CARGO, NO_CARGO)
    assert np.isnan(q3["share_pct"])
    assert quarters.at["2024 Q1", "shown"] == "no cargo recorded · a source says some arrived in a period that includes it"
    assert quarters.at["2024 Q1", "said"] == "Argus (S079) on 2024: " + ARGUS
    years = period_shares(ARRIVED, SEED_LIKE, SOURCES, "t", "year", "calendar", *ALL).set_index("period")
    # 2023: Jul–Dec 2023 covers 184 of its 365 days; the June cargoes fall outside it.
    assert years.at["2023", "share_pct"] == pytest.approx(110_000 / 4_279_000 * 100)
    assert years.at["2023", "match"] == ("the total covers 184 of the period's 365 days (50%); 101,142 t arrived "
                                         "in the days it leaves out, not in the share")
    assert years.at["2024", "match"] == "the total covers exactly this period"


def test_a_period_no_total_covers_gets_the_nearest_totals_and_what_they_imply():
    months = period_shares(ARRIVED, SEED_LIKE, SOURCES, "t", "month", "calendar", *ALL).set_index("period")
    june = months.loc["Jun 2023"]
    assert (june["state"], june["shown"], june["russian"], june["cargo_ids"]) == (NO_TOTAL, NO_TOTAL, 101_142,
                                                                                 "C01, C02")
    assert np.isnan(june["share_pct"])
    # Daily rates: 4,169,000 t / 184 days = 22,657.6 t/d and 2,395,000 t / 123 days = 19,471.5 t/d;
    # over June's 30 days 679,728 t and 584,146 t, of which 101,142 t is 14.9% and 17.3%.
    assert june["nearest"] == (
        "Nearest before: crude oil imports, Jul 2022 – Dec 2022: 4,169,000 t (NNI via mshijazi.com, S057), ended "
        "31 Dec 2022. Nearest after: crude oil imports, Jul 2023 – Oct 2023: 2.395 Mt (Dawn, S067), from "
        "1 Jul 2023. At their daily rates of crude imports its 30 days would hold about 584,146–679,728 t; the "
        "101,142 t that arrived would be about 14.9–17.3% of that (an indication, not a published figure). "
        "Published for FY2022-23: the value of crude oil imports, $4.95bn (The Nation, S062), not the volume.")
    assert months.at["Oct 2023", "nearest"] == ""
    # October: Jul–Oct 2023 pro rata for 31 of its 123 days: 2,395,000 × 31/123 = 603,617.9 t.
    assert months.at["Oct 2023", "share_pct"] == pytest.approx(100_000 / (2_395_000 * 31 / 123) * 100)


def test_periods_follow_the_range_and_quantities_the_unit():
    months = period_shares(ARRIVED, SEED_LIKE, SOURCES, "bbl", "month", "calendar",
                           dt.date(2023, 10, 1), dt.date(2023, 11, 30)).set_index("period")
    assert months.index.tolist() == ["Oct 2023", "Nov 2023"]
    assert months.at["Oct 2023", "russian"] == pytest.approx(733_000)  # 100,000 t × 7.33
    assert months.at["Oct 2023", "total"] == pytest.approx(2_395_000 * 7.33)
    assert period_shares(ARRIVED, context(), SOURCES, "t", "month", "calendar", *ALL)["state"].eq(NO_TOTAL).all()
    assert period_shares(ARRIVED, SEED_LIKE, SOURCES, "t", "month", "calendar",
                         dt.date(2019, 1, 1), dt.date(2019, 12, 31)).empty


def test_worked_out_once_or_each_time_the_table_is_the_same():
    shares = russia_share(ARRIVED, SEED_LIKE)
    pd.testing.assert_frame_equal(share_view(ARRIVED, SEED_LIKE, SOURCES, "bbl", *ALL, shares=shares),
                                  share_view(ARRIVED, SEED_LIKE, SOURCES, "bbl", *ALL))


# On data/ itself: the figures the sources give. -------------------------------------------------

def test_seed_first_half_of_fy2023_24_share(seed):
    shares = russia_share(seed.cargoes, seed["import_context"]).set_index("context_id")
    arrived = delivered_cargoes(seed.cargoes, dt.date(2023, 7, 1), dt.date(2023, 12, 31))["tonnes"].sum()
    assert shares.at["IC04", "total_t"] == 4_279_000 and shares.at["IC04", "measure"] == "crude"
    assert shares.at["IC04", "share_pct"] == pytest.approx(arrived / 4_279_000 * 100)
    assert shares.at["IC02", "measure"] == "all_oil"  # Kpler's 154,000 bbl/d is of oil, not crude alone
    assert set(shares.loc[shares["measure"].ne("crude")].index) == {"IC02"}


def test_seed_months_from_june_2023_to_the_silence_of_2024(seed):
    months = period_shares(seed.cargoes, seed["import_context"], seed["sources"], "t", "month", "calendar",
                           *ALL).set_index("period")
    assert months.index[0] == "Jun 2023" and months.index[-1] == "Dec 2024"
    assert months.at["Jun 2023", "state"] == NO_TOTAL and "Nearest after" in months.at["Jun 2023", "nearest"]
    assert months.at["Nov 2023", "rests_on"] == "crude oil imports, Nov 2023: 885,000 t (NNI via mshijazi.com, S057)"
    assert months.at["Nov 2023", "match"] == "the total covers exactly this period"
    november = delivered_cargoes(seed.cargoes, dt.date(2023, 11, 1), dt.date(2023, 11, 30))["tonnes"].sum()
    assert months.at["Nov 2023", "share_pct"] == pytest.approx(november / 885_000 * 100)
    quiet = months.loc["Jan 2024":"Dec 2024"]
    assert quiet["share_pct"].isna().all()
    assert (quiet["shown"] == "no cargo recorded · a source says some arrived in a period that includes it").all()
    assert not (months["shown"] == "0.0%").any()
