"""Economics: did each Russian cargo pay, against the same barrels of Arab Light?"""
import plotly.graph_objects as go
import streamlit as st

from analysis import economics as eco
from analysis import formatting as fmt
from analysis.volumes import delivered_cargoes
from ui.cache import MAX_ROWS, cached, download_later, first_rows
from ui.filters import current
from ui.state import corridor
from ui.widgets import chart, empty, metric, says_who

FIELDS = eco.FIELDS
FORMATS = {"USD/bbl": "%.2f", "USD/t": "%.2f", "share": "%.3f", "PKR/USD": "%.2f", "CNY/USD": "%.3f"}


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


def reset_to_defaults() -> None:
    for name in eco.INPUTS:
        st.session_state[f"eco_{name}"] = float(getattr(defaults, name))
    st.session_state["eco_price_cap_from"] = defaults.price_cap_from


def number(name: str) -> float:
    meta = FIELDS[name]
    basis = "sourced (see the assumptions table below)" if rows.at[name, "basis"] == "sourced" else "an assumption"
    return st.number_input(
        f"{meta['label']} ({meta['unit']})", min_value=float(meta["min"]), max_value=float(meta["max"]),
        value=float(getattr(defaults, name)), step=float(meta["step"]), format=FORMATS[meta["unit"]],
        key=f"eco_{name}", bind="query-params",
        help=f"Default {getattr(defaults, name):g} {meta['unit']}, {basis}.")


st.title("Did each Russian cargo pay?")
st.caption("Each delivered cargo of Russian crude against the same number of barrels of Arab Light, "
           f"for cargoes arrived between {view.start:%d %b %Y} and {view.end:%d %b %Y}. Money in US dollars "
           "unless marked PKR (Pakistani rupees) or CNY (Chinese yuan); per barrel of crude (bbl) or per litre "
           "(1 bbl = 158.987 litres). Every assumption below can be changed; the address bar keeps the scenario "
           "so that a link opens it for a colleague.")

# Scenario ---------------------------------------------------------------------------------------
head, button = st.columns([3, 1], vertical_alignment="bottom")
head.subheader("Scenario")
button.button("Reset to defaults", on_click=reset_to_defaults, icon=":material/restart_alt:", key="eco_reset",
              width="stretch")
values = {}
groups = dict.fromkeys(meta["group"] for meta in FIELDS.values())
for tab, group in zip(st.tabs(list(groups)), groups):
    with tab:
        names = [n for n in FIELDS if FIELDS[n]["group"] == group]
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

# Results ----------------------------------------------------------------------------------------
result = cached(data, eco.outcome, data.cargoes, scenario, view.start, view.end, limit=MAX_ROWS)
check = rows.loc["reported_benefit"]
if not result.cargoes:
    empty(f"No Russian cargo arrived between {view.start:%d %b %Y} and {view.end:%d %b %Y}, so there is "
          "nothing to cost. Widen the dates in the sidebar.")
else:
    total = result.totals
    sourced_ids = ";".join(table.loc[table["basis"] == "sourced", "source_id"])
    implied = [eco.price_for_benefit(total["net_usd_per_bbl"], scenario, check[end]) for end in ("high", "low")]

    st.subheader("All delivered cargoes")
    st.write(f"Under this scenario {int(total['paid'])} of {int(total['cargoes'])} cargoes paid: a net benefit of "
             f"Rs {total['net_pkr_per_litre']:,.2f} a litre, against the Rs {check['low']:.2f}–{check['high']:.2f} "
             "refiners reported. The discount off Arab Light has to cover the extra freight, insurance and "
             "transshipment and the lower value of Urals products; the break-even discount is that sum.")
    cols = st.columns(4)
    with cols[0]:
        metric("Net benefit (USD)", fmt.usd_millions(total["net_usd"]), sources,
               [result.sources, sourced_ids], key="eco-net",
               note=f"PKR {total['net_pkr'] / 1e9:,.2f}bn · CNY {total['net_cny'] / 1e6:,.1f}m",
               help=f"Saving on landed cost plus the refining-value adjustment, over "
                    f"{fmt.quantity(total['barrels'], 'bbl')} in {int(total['cargoes'])} cargoes; "
                    f"{int(total['paid'])} of them paid under these assumptions.")
    with cols[1]:
        metric("Net benefit (PKR/litre)", f"{total['net_pkr_per_litre']:,.2f}", sources,
               [check["source_id"]], key="eco-litre",
               note=f"reported by refiners: Rs {check['low']:.2f}–{check['high']:.2f}/litre",
               help="Barrel-weighted over the cargoes, at the rupee rate of the scenario. The reported range "
                    "(Daily Pakistan, Aug 2023) is a check on the model, not an input.")
    with cols[2]:
        metric("Break-even (USD/bbl)", f"{total['break_even_discount_usd_per_bbl']:,.2f}", sources,
               [sourced_ids], key="eco-break-even",
               note=f"discount in this scenario: USD {scenario.benchmark_price - scenario.urals_price:,.2f}/bbl",
               help="The discount off the Arab Light price at which the net benefit is zero: the extra freight, "
                    "insurance and transshipment of Russian crude plus its lower refining value.")
    with cols[3]:
        above = int(total["above_cap"])
        metric("Above price cap", f"{above} of {int(total['cargoes'])}", sources,
               [rows.at["price_cap", "source_id"]], key="eco-cap",
               note=f"Urals USD {scenario.urals_price:,.2f} vs cap USD {scenario.price_cap:,.2f}/bbl",
               help="An indicator, not legal advice: it compares the assumed free-on-board price with the cap "
                    "for cargoes loaded on or after the cap's start. It does not assess attestations, which "
                    "services were used, or any later change to the cap.")
    st.caption(f"Check against the refiners' figure: with everything else as set here, a benefit of "
               f"Rs {check['low']:.2f}–{check['high']:.2f}/litre would mean a Urals price of "
               f"USD {implied[0]:,.2f}–{implied[1]:,.2f}/bbl free on board, against the "
               f"USD {rows.at['urals_price', 'low']:,.0f}–{rows.at['urals_price', 'high']:,.0f}/bbl reported "
               f"(uncertain) and the USD {scenario.price_cap:,.0f}/bbl cap.")

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
    if result.grade_assumed:
        st.caption("Cargoes whose reports name no grade are priced as Urals, with the 7.33 bbl/t crude average "
                   "for their barrels. Routes: transshipment costs apply only where a report names a "
                   "transshipment port.")

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
    for name, column, total_colour in (("Urals", "urals_usd_per_bbl", "#1f5f8b"),
                                       ("Arab Light", "benchmark_usd_per_bbl", "#8a9bb0")):
        fig.add_trace(go.Waterfall(
            name=name, x=steps["step"], y=steps[column], measure=steps["measure"],
            text=[f"{v:,.2f}" if v else "" for v in steps[column]], textposition="outside",
            increasing=dict(marker=dict(color="#c2571a")), decreasing=dict(marker=dict(color="#2e8b57")),
            totals=dict(marker=dict(color=total_colour)), connector=dict(line=dict(color="#bbbbbb", width=1)),
            hovertemplate="%{x}: %{y:,.2f} USD/bbl<extra>" + name + "</extra>"))
    fig.update_layout(title=f"From free-on-board price to landed and refining-adjusted cost, {chosen} (USD/bbl)",
                      yaxis_title="USD per barrel", height=460, waterfallgroupgap=0.15,
                      legend=dict(orientation="h", y=-0.15))
    chart(fig, key="eco-waterfall")
    st.caption(f"Arab Light USD {row['benchmark_landed_usd_per_bbl']:,.2f} − Urals USD "
               f"{row['landed_usd_per_bbl'] - row['refining_adj_usd_per_bbl']:,.2f} (refining-adjusted) = net "
               f"benefit USD {row['net_usd_per_bbl']:,.2f}/bbl, Rs {row['net_pkr_per_litre']:,.2f}/litre, "
               f"USD {row['net_usd'] / 1e6:,.2f}m for {fmt.quantity(row['barrels'], 'bbl')}. Orange steps add "
               "cost, green ones remove it.")
    download_later(steps, f"waterfall_{chosen}", key="dl-eco-waterfall", label="Download chart data (CSV)")

    sens = detail.sensitivity
    moving = sens[sens["swing_usd_per_bbl"] > 1e-9]
    base = sens["base_net_usd_per_bbl"].iloc[0]
    fig = go.Figure()
    for side, label, colour in (("low", "Assumption 20% lower", "#8a9bb0"),
                                ("high", "Assumption 20% higher", "#1f5f8b")):
        fig.add_trace(go.Bar(
            y=moving["label"], x=moving[f"net_{side}_usd_per_bbl"] - base, base=base, orientation="h",
            name=label, marker_color=colour,
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
st.latex(r"L_U = P_U + F_U + I_U + t\left(\frac{T}{b} + F_D\right) \qquad L_B = P_B + F_B + I_B \qquad S = L_B - L_U")
st.latex(r"V = \sum_{k} y_k\, p_k \quad (k = \text{furnace oil, diesel, petrol, jet, other};\ "
         r"y_\text{other} = 1 - \textstyle\sum_\text{named} y_k) \qquad R = V_U - V_B")
st.latex(r"N = S + R \qquad N_\text{litre} = \frac{N}{158.987294928} \qquad "
         r"N_\text{PKR} = N \times \text{PKR/USD} \qquad \text{total} = N \times \text{barrels}")
st.latex(r"d = P_B - P_U \qquad d^{*} = \left(F_U + I_U + t\left(\tfrac{T}{b} + F_D\right)\right) - (F_B + I_B) - R "
         r"\qquad N = d - d^{*}")
st.caption("The benchmark is the same number of barrels of Arab Light, so the refining comparison is by volume. "
           "Not modelled: credit terms (such as the Saudi deferred-payment facility), demurrage, differences in "
           "refinery operating cost, payment-route charges, duties and taxes. One price and one exchange rate "
           "apply to every cargo. The price-cap flag is an indicator, not legal advice.")

st.subheader("Assumptions and their sources")
scenario_rows = eco.scenario_table(table, scenario)
st.dataframe(scenario_rows[["assumption_id", "name", "scenario_value", "value", "unit", "basis", "source_id",
                            "note", "low", "high", "applies_from"]],
             hide_index=True, width="stretch", key="eco-assumptions", column_config={
                 "assumption_id": "Id", "name": "Assumption", "value": st.column_config.NumberColumn("Default"),
                 "low": "Source low", "high": "Source high", "unit": "Unit",
                 "scenario_value": st.column_config.NumberColumn("This scenario"),
                 "applies_from": st.column_config.DateColumn("Applies from", format="YYYY-MM-DD"),
                 "basis": "Basis", "source_id": "Source",
                 "note": st.column_config.TextColumn("Note", width="large")})
download_later(scenario_rows, "economics_assumptions", key="dl-eco-assumptions")
says_who(sources, [";".join(table["source_id"].dropna())], key="src-eco-assumptions",
         label="Sources of the sourced assumptions")
