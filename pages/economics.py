"""Economics: what the sources say the Russian cargoes were worth, then a model scenario of each
cargo against the same barrels of Arab Light."""
import plotly.graph_objects as go
import streamlit as st

from analysis import economics as eco
from analysis import formatting as fmt
from analysis.units import DEFAULT_FACTOR_BASIS, DEFAULT_FACTOR_SOURCE
from analysis.volumes import delivered_cargoes
from ui.cache import MAX_ROWS, cached, download_later, first_rows
from ui.colours import BLUE, COST_DOWN, COST_UP, GREY, pattern
from ui.filters import current
from ui.state import corridor
from ui.widgets import chart, empty, metric, says_who

FIELDS = eco.FIELDS
FORMATS = {"USD/bbl": "%.2f", "USD/t": "%.2f", "share": "%.3f", "PKR/USD": "%.4f", "CNY/USD": "%.4f"}


@st.cache_data(ttl=300, max_entries=1, show_spinner=False)
def defaults_table():
    """data/assumptions.csv, validated (re-read at most every five minutes)."""
    return eco.read_defaults()


view = current()
data = corridor()
sources = data["sources"]
table = defaults_table()
defaults = eco.Assumptions.from_table(table)
rows = table.set_index("assumption_id")
sourced, inputs = eco.sourced_inputs(table)
sourced_ids = ";".join(table.loc[table["basis"] == "sourced", "source_id"])


def reset_to_defaults() -> None:
    for name in eco.INPUTS:
        st.session_state[f"eco_{name}"] = float(getattr(defaults, name))
    st.session_state["eco_price_cap_from"] = defaults.price_cap_from


def number(name: str) -> float:
    meta = FIELDS[name]
    basis = (f"sourced ({rows.at[name, 'source_id']}; see the table of assumptions below)"
             if rows.at[name, "basis"] == "sourced" else eco.NO_SOURCE)
    return st.number_input(
        f"{meta['label']} ({meta['unit']})", min_value=float(meta["min"]), max_value=float(meta["max"]),
        value=float(getattr(defaults, name)), step=float(meta["step"]), format=FORMATS[meta["unit"]],
        key=f"eco_{name}", bind="query-params",
        help=f"Default {getattr(defaults, name):.10g} {meta['unit']}: {basis}.")


st.title("Did the Russian cargoes pay?")
st.caption(f"Cargoes of Russian crude arrived between {view.start:%d %b %Y} and {view.end:%d %b %Y}. Money in "
           "US dollars unless marked PKR (Pakistani rupees) or CNY (Chinese yuan); per barrel of crude (bbl) or "
           "per litre (1 bbl = 158.987 litres).")
evidence = st.container()  # what the sources support leads the page; filled once the scenario is read

# Scenario ---------------------------------------------------------------------------------------
head, button = st.columns([3, 1], vertical_alignment="bottom")
head.subheader("Model scenario: the inputs")
button.button("Reset to defaults", on_click=reset_to_defaults, icon=":material/restart_alt:", key="eco_reset",
              width="stretch")
st.caption(f"A scenario, not a reported figure. {sourced} of the {inputs} inputs rest on a source; every other "
           f"one is an assumption (\"{eco.NO_SOURCE}\" in the table at the foot of the page). Every input can "
           "be changed; the address bar keeps the scenario so that a link opens it for a colleague.")
values = {}
groups = dict.fromkeys(meta["group"] for meta in FIELDS.values())
for tab, group in zip(st.tabs(list(groups)), groups):
    with tab:
        names = [n for n in FIELDS if FIELDS[n]["group"] == group]
        unsourced = [FIELDS[n]["label"] for n in names if rows.at[eco.ROW_OF.get(n, n), "basis"] != "sourced"]
        if unsourced:
            st.caption(f"{eco.NO_SOURCE.capitalize()}: {', '.join(unsourced)}.")
        if group == "Refinery yields":
            st.caption("Shares of the crude's volume (0–1) in a Pakistani hydroskimming refinery.")
            for crude, label in eco.CRUDES.items():
                crude_names = [n for n in names if n.startswith(f"{crude}_")]
                cols = st.columns(len(crude_names) + 1)
                for col, name in zip(cols, crude_names):
                    with col:
                        values[name] = number(name)
                remainder = 1 - sum(values[n] for n in crude_names)
                cols[-1].metric(f"{label} other (remainder)", f"{remainder:.3f}",
                                help="LPG, naphtha, refinery fuel and loss: 1 minus the four shares to the left.")
            continue
        cols = st.columns(4)
        for i, name in enumerate(names):
            with cols[i % 4]:
                if FIELDS[name]["unit"] == "date":
                    values[name] = st.date_input(
                        f"{FIELDS[name]['label']}", value=getattr(defaults, name), key=f"eco_{name}",
                        bind="query-params", format="YYYY-MM-DD",
                        help="Cargoes loaded (or, where the load date is unknown, arrived) before this date "
                             "are flagged as before the cap.")
                else:
                    values[name] = number(name)

try:
    scenario = defaults.replace(**values)
except ValueError as err:
    st.error(f"These assumptions cannot be used: {err}.", icon=":material/error:")
    st.stop()

# What the sources support ----------------------------------------------------------------------
result = cached(data, eco.outcome, data.cargoes, scenario, view.start, view.end, limit=MAX_ROWS)
check = rows.loc["reported_benefit"]
reporter = sources.loc[sources["source_id"] == check["source_id"], ["publisher", "published_on"]]
reported_by, reported_on = reporter.iloc[0] if len(reporter) else (check["source_id"], "date unknown")
reported_range = f"{check['low']:.2f}–{check['high']:.2f}"
with evidence:
    st.subheader("What the sources support")
    cols = st.columns(3)
    with cols[0]:
        metric("Reported benefit (PKR/litre)", reported_range, sources, [check["source_id"]], key="eco-reported",
               note=f"reported {reported_on}",
               help="What refiners said the Russian crude was worth to them, per litre, against Arabian crude. "
                    "A reported figure, not an output of the model.")
    with cols[1]:
        if result.cargoes:
            total = result.totals
            implied = [eco.price_for_benefit(total["net_usd_per_bbl"], scenario, check[end]) for end in ("high", "low")]
            metric("Urals price it implies (USD/bbl)", f"{implied[0]:,.2f}–{implied[1]:,.2f}", sources,
                   [check["source_id"], sourced_ids], key="eco-implied",
                   note=f"free on board; reported: USD {rows.at['urals_price', 'low']:,.0f}–"
                        f"{rows.at['urals_price', 'high']:,.0f} (uncertain)",
                   help="The Urals price at which the model gives the reported benefit, every other input held "
                        "as set in the scenario below; barrel-weighted over the cargoes delivered in the chosen "
                        "dates. It is as good as those inputs, most of them assumptions.")
        else:
            metric("Urals price it implies (USD/bbl)", "—", sources, [check["source_id"]], key="eco-implied",
                   note="no cargo delivered in the chosen dates")
    with cols[2]:
        metric("Inputs with a source", f"{sourced} of {inputs}", sources, [sourced_ids], key="eco-sourced",
               note=f"{inputs - sourced} are assumptions, no source",
               help="Inputs of the scenario whose default a source gives; the cap's start date rests on the "
                    "cap's source. The table of assumptions at the foot of the page lists each one.")
    if result.cargoes:
        st.text(f"{reported_by} reported that refiners put the benefit of Russian crude at only "
                f"Rs {reported_range} a litre. With every other input as in the scenario below, the model reaches "
                f"that benefit only at a Urals price of USD {implied[0]:,.2f}–{implied[1]:,.2f} a barrel free on "
                f"board for the {int(total['cargoes'])} cargoes delivered in the chosen dates, against the "
                f"USD {rows.at['urals_price', 'low']:,.0f}–{rows.at['urals_price', 'high']:,.0f} reported "
                f"(uncertain) and the USD {scenario.price_cap:,.0f} cap. {sourced} of the {inputs} inputs rest on "
                "a source, so this is a reading of the model, not a reported price.")

# Scenario results -------------------------------------------------------------------------------
if not result.cargoes:
    empty(f"No Russian cargo arrived between {view.start:%d %b %Y} and {view.end:%d %b %Y}, so there is "
          "nothing to cost. Widen the dates in the sidebar.")
else:
    st.subheader("Model scenario: the result")
    st.caption(f"A scenario, not a reported figure. Under the inputs above {int(total['paid'])} of "
               f"{int(total['cargoes'])} cargoes paid, at Rs {total['net_pkr_per_litre']:,.2f} a litre against the "
               f"Rs {reported_range} refiners reported. The discount off Arab Light has to cover the extra freight, "
               "insurance and transshipment and the lower value of Urals products; the break-even discount is "
               "that sum.")
    cols = st.columns(4)
    with cols[0]:
        metric("Scenario net benefit (USD)", fmt.usd_millions(total["net_usd"]), sources,
               [result.sources, sourced_ids], key="eco-net",
               note=f"PKR {total['net_pkr'] / 1e9:,.2f}bn · CNY {total['net_cny'] / 1e6:,.1f}m",
               help=f"Saving on landed cost plus the refining-value adjustment, over "
                    f"{fmt.quantity(total['barrels'], 'bbl')} in {int(total['cargoes'])} cargoes; "
                    f"{int(total['paid'])} of them paid under these assumptions.")
    with cols[1]:
        metric("Scenario net benefit (PKR/litre)", f"{total['net_pkr_per_litre']:,.2f}", sources,
               [sourced_ids], key="eco-litre",
               note=f"reported by refiners: Rs {reported_range}/litre",
               help="Barrel-weighted over the cargoes, at the rupee rate of the scenario. The reported range is "
                    "a check on the model, not an input.")
    with cols[2]:
        metric("Scenario break-even discount (USD/bbl)", f"{total['break_even_discount_usd_per_bbl']:,.2f}",
               sources, [sourced_ids], key="eco-break-even",
               note=f"discount in this scenario: USD {scenario.benchmark_price - scenario.urals_price:,.2f}/bbl",
               help="The discount off the Arab Light price at which the net benefit is zero: the extra freight, "
                    "insurance and transshipment of Russian crude plus its lower refining value.")
    with cols[3]:
        above = int(total["above_cap"])
        metric("Above price cap (scenario)", f"{above} of {int(total['cargoes'])}", sources,
               [rows.at["price_cap", "source_id"]], key="eco-cap",
               note=f"Urals USD {scenario.urals_price:,.2f} vs cap USD {scenario.price_cap:,.2f}/bbl",
               help="An indicator, not legal advice: it compares the assumed free-on-board price with the cap "
                    "for cargoes loaded on or after the cap's start. It does not assess attestations, which "
                    "services were used, or any later change to the cap.")

    st.subheader("Per cargo")
    shown = first_rows(result.first, "cargoes", result.cargoes)
    shown = shown[["cargo_id", "vessel", "arrival_date", "route", "barrels", "fob_usd", "landed_usd_per_bbl",
                  "landed_usd", "benchmark_landed_usd_per_bbl", "saving_usd_per_bbl", "refining_adj_usd_per_bbl",
                  "net_usd_per_bbl", "net_pkr_per_litre", "net_usd", "net_pkr", "net_cny",
                  "break_even_discount_usd_per_bbl", "cap_flag", "verdict"]].copy()
    for column in ("fob_usd", "landed_usd", "net_usd", "net_pkr", "net_cny"):
        shown[column] = shown[column] / 1e6
    shown["barrels"] = shown["barrels"].round()
    shown["vessel"] = shown["vessel"].fillna("not named")
    money = "%.2f"
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "cargo_id": st.column_config.TextColumn("Cargo", width="small"),
        "vessel": "Vessel", "arrival_date": "Arrived", "route": "Route",
        "barrels": st.column_config.NumberColumn("Barrels (bbl)", format="localized"),
        "fob_usd": st.column_config.NumberColumn("FOB value (USD m)", format=money),
        "landed_usd_per_bbl": st.column_config.NumberColumn("Landed (USD/bbl)", format=money),
        "landed_usd": st.column_config.NumberColumn("Landed (USD m)", format=money),
        "benchmark_landed_usd_per_bbl": st.column_config.NumberColumn("Arab Light landed (USD/bbl)", format=money),
        "saving_usd_per_bbl": st.column_config.NumberColumn("Saving (USD/bbl)", format=money),
        "refining_adj_usd_per_bbl": st.column_config.NumberColumn("Refining adjustment (USD/bbl)", format=money),
        "net_usd_per_bbl": st.column_config.NumberColumn("Net (USD/bbl)", format=money),
        "net_pkr_per_litre": st.column_config.NumberColumn("Net (PKR/litre)", format=money),
        "net_usd": st.column_config.NumberColumn("Net (USD m)", format=money),
        "net_pkr": st.column_config.NumberColumn("Net (PKR m)", format="%.1f"),
        "net_cny": st.column_config.NumberColumn("Net (CNY m)", format=money),
        "break_even_discount_usd_per_bbl": st.column_config.NumberColumn("Break-even discount (USD/bbl)",
                                                                         format=money),
        "cap_flag": "Price cap (indicator)", "verdict": "Paid?",
    }, key="eco-table")
    download_later(lambda: eco.cargo_economics(delivered_cargoes(data.cargoes, view.start, view.end), scenario),
                   "cargo_economics", key="dl-eco-cargoes", label="Download every column (CSV)")
    st.caption("Barrels from tonnes: each cargo at its grade's barrels per tonne, from the grade's API gravity, "
               f"and at the {DEFAULT_FACTOR_BASIS} where no report names the grade"
               + ("; such cargoes are priced as Urals" if result.grade_assumed else "")
               + ". Transshipment costs apply only where a report names a transshipment port.")
    says_who(sources, [DEFAULT_FACTOR_SOURCE, ";".join(data["grades"]["source_id"])], key="src-eco-factors",
             label="Sources of the barrels per tonne")

    st.subheader("One cargo, step by step")
    options = list(result.first["cargo_id"])
    linked = st.session_state.get("eco_cargo", st.query_params.get("eco_cargo"))
    if linked and linked not in options and cached(data, eco.one_cargo, data.cargoes, scenario, linked, view.start,
                                                   view.end) is not None:
        options.append(linked)  # a link may name a cargo beyond the first rows of the table
    chosen = st.selectbox("Cargo (as in the table above)", options, key="eco_cargo", bind="query-params",
                          help="The cargo id is also the value of eco_cargo in the link.")
    detail = cached(data, eco.one_cargo, data.cargoes, scenario, chosen, view.start, view.end)
    row, steps = detail.row, detail.steps
    fig = go.Figure()
    for name, column, total_colour in (("Urals", "urals_usd_per_bbl", BLUE),
                                       ("Arab Light", "benchmark_usd_per_bbl", GREY)):
        fig.add_trace(go.Waterfall(
            name=name, x=steps["step"], y=steps[column], measure=steps["measure"],
            text=[(f"{v:+,.2f}" if measure == "relative" else f"{v:,.2f}") if v else ""  # a step's sign says
                  for v, measure in zip(steps[column], steps["measure"])],         # which way it goes
            textposition="outside",
            increasing=dict(marker=dict(color=COST_UP)), decreasing=dict(marker=dict(color=COST_DOWN)),
            totals=dict(marker=dict(color=total_colour)), connector=dict(line=dict(color="#bbbbbb", width=1)),
            hovertemplate="%{x}: %{y:,.2f} USD/bbl<extra>" + name + "</extra>"))
    fig.update_layout(title=f"From free-on-board price to landed and refining-adjusted cost, {chosen} (USD/bbl)",
                      yaxis_title="USD per barrel", height=460, waterfallgroupgap=0.15,
                      legend=dict(orientation="h", y=-0.15))
    chart(fig, key="eco-waterfall")
    st.caption(f"Arab Light USD {row['benchmark_landed_usd_per_bbl']:,.2f} − Urals USD "
               f"{row['landed_usd_per_bbl'] - row['refining_adj_usd_per_bbl']:,.2f} (refining-adjusted) = net "
               f"benefit USD {row['net_usd_per_bbl']:,.2f}/bbl, Rs {row['net_pkr_per_litre']:,.2f}/litre, "
               f"USD {row['net_usd'] / 1e6:,.2f}m for {fmt.quantity(row['barrels'], 'bbl')}. Steps marked + "
               "(vermillion) add cost, steps marked − (green) remove it.")
    download_later(steps, f"waterfall_{chosen}", key="dl-eco-waterfall", label="Download chart data (CSV)")

    sens = detail.sensitivity
    moving = sens[sens["swing_usd_per_bbl"] > 1e-9]
    base = sens["base_net_usd_per_bbl"].iloc[0]
    fig = go.Figure()
    for side, label, colour, hatch in (("low", "Assumption 20% lower", GREY, "/"),
                                       ("high", "Assumption 20% higher", BLUE, "")):
        fig.add_trace(go.Bar(
            y=moving["label"], x=moving[f"net_{side}_usd_per_bbl"] - base, base=base, orientation="h",
            name=label, marker=dict(color=colour, pattern=pattern(hatch)),
            customdata=moving[[f"{side}_value", "unit", f"net_{side}_usd_per_bbl"]],
            hovertemplate="%{y} at %{customdata[0]:,.3f} %{customdata[1]}: net %{customdata[2]:,.2f} USD/bbl"
                          "<extra></extra>"))
    fig.add_vline(x=base, line=dict(color="#444444", dash="dot"),
                  annotation_text=f"this scenario: {base:,.2f}", annotation_position="top")
    fig.update_layout(title=f"Net benefit of {chosen} with each assumption 20% lower or higher (USD/bbl)",
                      barmode="overlay", height=max(380, 26 * len(moving) + 160),
                      xaxis_title="net benefit, USD/bbl", yaxis=dict(autorange="reversed"),
                      legend=dict(orientation="h", y=-0.12))
    chart(fig, key="eco-tornado")
    still = sens.loc[sens["swing_usd_per_bbl"] <= 1e-9, "label"]
    st.caption("A changed yield takes its room from the crude's other products pro rata, so yields still add up "
               "to 1." + (f" No effect on this cargo: {', '.join(still)}." if len(still) else ""))
    download_later(sens, f"sensitivity_{chosen}", key="dl-eco-sensitivity", label="Download sensitivity (CSV)")

# How it is computed -----------------------------------------------------------------------------
st.subheader("How it is computed")
st.markdown("Per barrel of crude, in USD/bbl. $P$ crude prices, $F$ freight, $I$ insurance, $F_D$ onward "
            "freight from Duqm, $T$ transshipment handling in USD/t, $b$ the cargo's barrels per tonne, "
            "$t = 1$ when a report names a transshipment port (else 0), $y_k$ product yields and $p_k$ "
            "product prices; $U$ is Urals and $B$ the Arab Light benchmark.")
# One equation a line, so that each formula fits a phone's width (390 px) without scrolling.
st.latex(r"\begin{gathered} L_U = P_U + F_U + I_U + t\left(\frac{T}{b} + F_D\right) \\ L_B = P_B + F_B + I_B "
         r"\\ S = L_B - L_U \end{gathered}")
st.latex(r"\begin{gathered} V = \sum_{k} y_k\, p_k \\ k = \text{furnace oil, diesel, petrol, jet, other} \\ "
         r"y_\text{other} = 1 - \textstyle\sum_\text{named} y_k \\ R = V_U - V_B \end{gathered}")
st.latex(r"\begin{gathered} N = S + R \\ N_\text{litre} = \frac{N}{158.987294928} \\ "
         r"N_\text{PKR} = N \times \text{PKR/USD} \\ \text{total} = N \times \text{barrels} \end{gathered}")
st.latex(r"\begin{aligned} d &= P_B - P_U \\ d^{*} &= \left(F_U + I_U + t\left(\tfrac{T}{b} + F_D\right)\right) \\ "
         r"&\quad - (F_B + I_B) - R \\ N &= d - d^{*} \end{aligned}")
st.markdown("The Urals price that gives a reported benefit of $r$ rupees a litre, every other input held "
            "(the net benefit falls one for one with the Urals price):")
st.latex(r"P_U^{*} = P_U + N - r \times \frac{158.987294928}{\text{PKR/USD}}")
st.caption("The benchmark is the same number of barrels of Arab Light, so the refining comparison is by volume. "
           "Not modelled: credit terms (such as the Saudi deferred-payment facility), demurrage, differences in "
           "refinery operating cost, payment-route charges, duties and taxes. One price and one exchange rate "
           "apply to every cargo. The price-cap flag is an indicator, not legal advice.")

st.subheader("Assumptions and their sources")
st.caption(f"{sourced} of the {inputs} inputs rest on a source (the cap's start date on the cap's row); the check "
           "at the foot is the reported benefit, never an input. Where no source gives a figure the table says so.")
shown_assumptions = eco.assumptions_view(eco.scenario_table(table, scenario), sources)
st.dataframe(shown_assumptions, hide_index=True, width="stretch", key="eco-assumptions",
             column_order=["name", "scenario_value", "value", "unit", "basis", "source", "source_range",
                           "applies_from", "note", "assumption_id"],
             column_config={
                 "assumption_id": "Id", "name": "Assumption", "value": st.column_config.NumberColumn("Default"),
                 "scenario_value": st.column_config.NumberColumn("This scenario"), "unit": "Unit",
                 "basis": "Basis", "source": st.column_config.TextColumn("Source", width="medium"),
                 "source_range": "Range the source gives", "applies_from": "Applies from",
                 "note": st.column_config.TextColumn("Note", width="large")})
download_later(shown_assumptions, "economics_assumptions", key="dl-eco-assumptions")
says_who(sources, [sourced_ids], key="src-eco-assumptions", label="Sources of the sourced assumptions")
