"""Names, not ids, on the charts of every page and tab under AppTest: no axis, tick, category or
subplot label carries a source id such as "(S057)" (the ids belong in the tables and the "Says
who?" lists). The Cooperation page is left to its own tests."""
import json
import re

import pytest
from conftest import open_tab

from analysis import params

SOURCE_ID = re.compile(r"\(S\d")
PAGES = {  # page → (tab key, tab labels) for pages whose tabs run only while open
    "pages/overview.py": None,
    "pages/volumes.py": ("vol_section", params.options("vol_section")),
    "pages/economics.py": None,
    "pages/timeline.py": None,
    "pages/sources.py": ("src_section", params.options("src_section")),
}


def labels(spec: dict) -> list[str]:
    """Every text a reader sees along an axis: categories, tick texts, axis and subplot titles."""
    out = []
    for trace in spec["data"]:
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, list):
                out += [v for v in values if isinstance(v, str)]
    for name, layout in spec["layout"].items():
        if name.startswith(("xaxis", "yaxis")):
            out += [t for t in layout.get("ticktext", []) if isinstance(t, str)]
            out.append(str(layout.get("title", {}).get("text", "")))
    out += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return out


def chart_labels(at) -> list[str]:
    return [label for chart in at.get("plotly_chart") for label in labels(json.loads(chart.proto.spec))]


@pytest.mark.parametrize("page", list(PAGES))
def test_no_chart_label_carries_a_source_id(page_app, page):
    at = page_app(page)
    at.run()
    assert not at.exception
    seen = chart_labels(at)
    tabs = PAGES[page]
    for label in tabs[1] if tabs else ():
        open_tab(at, tabs[0], label)
        seen += chart_labels(at)
    assert seen, "no chart drawn"
    assert [label for label in seen if SOURCE_ID.search(label)] == []
