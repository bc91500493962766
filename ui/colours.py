"""Colours with a meaning, defined once so every chart and table agrees.

Initiative statuses: stated grey, in talks amber, agreed light blue, under way dark blue,
delivered green, stalled red (distinct in lightness as well as hue).
"""
STATUS_COLOURS = {
    "stated": "#9aa5b1",
    "in_talks": "#f0b43c",
    "agreed": "#7fb3e0",
    "under_way": "#1f5f8b",
    "delivered": "#2e8b57",
    "stalled": "#c0392b",
}
# Trade directions on the cooperation page.
DIRECTION_COLOURS = {"total": "#1f5f8b", "RU_to_PK": "#c2571a", "PK_to_RU": "#2e8b57"}
# Table rows whose sources disagree: a pale amber that keeps the text readable.
CONFLICT_BACKGROUND = "#fde9c8"
