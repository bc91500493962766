"""Colours, marker shapes and bar patterns with a meaning, defined once so every chart and table
agrees and stays readable (WCAG 2.1 AA; tests/test_colours.py checks every ratio).

Hues are the Okabe–Ito palette, which readers with the common colour-vision deficiencies can
tell apart. Orange, bluish green and reddish purple are darkened (same hue) so that every colour
drawn as a mark has at least 3:1 contrast with the chart background and the map's land and sea
(success criterion 1.4.11); text colours reach 4.5:1 on every background they are drawn on
(1.4.3). Colour is never the only channel: a status also has its marker shape and bar pattern,
a trade direction its bar pattern, a series its line dash or marker and its legend entry.
"""
# Backgrounds: the page and every chart (.streamlit/config.toml backgroundColor), the sidebar
# and widgets (secondaryBackgroundColor), the map's land and sea.
BACKGROUND = "#ffffff"
SECONDARY_BACKGROUND = "#f2f5f8"
MAP_LAND = "#eef1f4"
MAP_SEA = "#dbe8f3"
MAP_BORDERS = "#b8c2cc"  # country borders: context only, not data

# Text: body text (.streamlit/config.toml textColor; Streamlit draws captions in it at 60%
# opacity, CAPTION_OPACITY) and chart text (tick labels, axis titles, map labels).
TEXT = "#0b1520"
CAPTION_OPACITY = 0.6
CHART_TEXT = "#4f5b66"

# Marks: Okabe–Ito hues, at least 3:1 on BACKGROUND, MAP_LAND and MAP_SEA.
BLUE = "#0072b2"
VERMILLION = "#d55e00"
GREEN = "#007a5a"  # Okabe–Ito bluish green #009e73, darkened
ORANGE = "#9e6a00"  # Okabe–Ito orange #e69f00, darkened
PURPLE = "#a8467f"  # Okabe–Ito reddish purple #cc79a7, darkened
GREY = "#6e6e6e"
CATEGORICAL = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY)  # any trace drawn without a colour

# Initiative statuses, in the order an initiative moves through them.
STATUS_COLOURS = {
    "stated": GREY,
    "in_talks": ORANGE,
    "agreed": PURPLE,
    "under_way": BLUE,
    "delivered": GREEN,
    "stalled": VERMILLION,
}
STATUS_SYMBOLS = {  # plotly marker symbols
    "stated": "circle",
    "in_talks": "diamond",
    "agreed": "square",
    "under_way": "triangle-right",
    "delivered": "star",
    "stalled": "x",
}
STATUS_PATTERNS = {  # plotly bar pattern shapes ("" = solid)
    "stated": "",
    "in_talks": "/",
    "agreed": ".",
    "under_way": "\\",
    "delivered": "+",
    "stalled": "x",
}
# Trade directions on the cooperation page.
DIRECTION_COLOURS = {"total": BLUE, "RU_to_PK": VERMILLION, "PK_to_RU": GREEN}
DIRECTION_PATTERNS = {"total": "", "RU_to_PK": "/", "PK_to_RU": "."}
# Waterfall steps: a cost added, a cost removed (each step's label also carries its sign).
COST_UP, COST_DOWN = VERMILLION, GREEN
# Table rows whose sources disagree: a pale amber under TEXT (a column says so in words too).
CONFLICT_BACKGROUND = "#fde9c8"


def pattern(shape: str) -> dict:
    """A plotly bar marker pattern: white hatching over the bar's own colour."""
    return dict(shape=shape, fillmode="overlay", fgcolor=BACKGROUND, size=7, solidity=0.3)
