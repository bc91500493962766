"""Contrast of every colour in ui/colours.py against each background it is drawn on, by the WCAG 2.1
formula: text at least 4.5:1 (success criterion 1.4.3), marks at least 3:1 (1.4.11); and colour
never the only channel (each status has its own shape and pattern, each direction its pattern)."""
import tomllib
from pathlib import Path

import pytest
from conftest import contrast

from ui import colours as c

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())["theme"]


def over(colour: str, background: str, opacity: float) -> str:
    """`colour` drawn at `opacity` over `background`, as the eye sees it."""
    mix = [round(opacity * int(colour[i:i + 2], 16) + (1 - opacity) * int(background[i:i + 2], 16))
           for i in (1, 3, 5)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def test_the_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white
    assert contrast("#777777", "#ffffff") < 4.5
    assert contrast("#ffffff", "#767676") == contrast("#767676", "#ffffff")
    assert over("#000000", "#ffffff", 0.6) == "#666666"


def test_the_theme_uses_the_palette():
    assert CONFIG["textColor"].lower() == c.TEXT
    assert CONFIG["backgroundColor"].lower() == c.BACKGROUND
    assert CONFIG["secondaryBackgroundColor"].lower() == c.SECONDARY_BACKGROUND


MARKS = {**{f"status {k}": v for k, v in c.STATUS_COLOURS.items()},
         **{f"direction {k}": v for k, v in c.DIRECTION_COLOURS.items()},
         **{f"categorical {i}": v for i, v in enumerate(c.CATEGORICAL)},
         "cost up": c.COST_UP, "cost down": c.COST_DOWN}
CHART_BACKGROUNDS = {"chart": c.BACKGROUND, "map land": c.MAP_LAND, "map sea": c.MAP_SEA}


@pytest.mark.parametrize("name", MARKS)
def test_every_mark_stands_out_three_to_one_from_every_chart_background(name):
    for where, background in CHART_BACKGROUNDS.items():
        assert contrast(MARKS[name], background) >= 3.0, f"{name} {MARKS[name]} on {where} {background}"


TEXT_ON = [  # (what, text colour, background it is drawn on)
    ("body text", c.TEXT, c.BACKGROUND),
    ("sidebar and widget text", c.TEXT, c.SECONDARY_BACKGROUND),
    ("shaded table row", c.TEXT, c.CONFLICT_BACKGROUND),
    ("caption", over(c.TEXT, c.BACKGROUND, c.CAPTION_OPACITY), c.BACKGROUND),
    ("caption in the sidebar", over(c.TEXT, c.SECONDARY_BACKGROUND, c.CAPTION_OPACITY), c.SECONDARY_BACKGROUND),
    ("links, buttons and the open tab", CONFIG["primaryColor"], c.BACKGROUND),
    ("tick label and axis title", c.CHART_TEXT, c.BACKGROUND),
    ("map label on land", c.CHART_TEXT, c.MAP_LAND),
    ("map label at sea", c.CHART_TEXT, c.MAP_SEA),
]


@pytest.mark.parametrize("what, text, background", TEXT_ON, ids=[t[0] for t in TEXT_ON])
def test_text_reads_four_and_a_half_to_one(what, text, background):
    assert contrast(text, background) >= 4.5, f"{what}: {text} on {background}"


def test_colour_is_never_the_only_channel():
    for channel in (c.STATUS_SYMBOLS, c.STATUS_PATTERNS):
        assert set(channel) == set(c.STATUS_COLOURS)
        assert len(set(channel.values())) == len(channel)
    assert set(c.DIRECTION_PATTERNS) == set(c.DIRECTION_COLOURS)
    assert len(set(c.DIRECTION_PATTERNS.values())) == len(c.DIRECTION_PATTERNS)
    assert len(set(c.CATEGORICAL)) == len(c.CATEGORICAL)
