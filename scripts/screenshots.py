"""Screenshots of every page and tab of the dashboard, at a desktop width (1,400 px) and a phone
width (390 px), into docs/screenshots/: NAME.png and NAME-390.png, NAME as in scripts/browse.py
(e.g. overview, volumes_route). The app is served on a free local port with a fresh store seeded
from data/, as scripts/serve.sh serves it, and drawn in the system's headless Chromium.

    python scripts/screenshots.py              # every view, both widths (old screenshots removed)
    python scripts/screenshots.py overview     # only the views named
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "scripts")) if p not in sys.path]

from browse import CHROMIUM, CHROMIUM_ARGS, open_view, serve, views  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
WIDTHS = {1400: "", 390: "-390"}  # viewport width → file name suffix
HEIGHT = 900
TALLEST = 12_000  # px: a longer page is cut here


def whole_page(pg, path: Path, width: int) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the viewport grows to fit it."""
    height = pg.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(int(height) + 40, TALLEST)})
    pg.wait_for_timeout(1200)  # charts redraw at the new size
    pg.screenshot(path=str(path))
    pg.set_viewport_size({"width": width, "height": HEIGHT})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="views to take (default: all)")
    args = parser.parse_args(argv)
    chosen = [v for v in views() if not args.names or v.name in args.names]
    unknown = set(args.names) - {v.name for v in chosen}
    if unknown:
        parser.error(f"no view named {', '.join(sorted(unknown))}; views: {', '.join(v.name for v in views())}")
    if not CHROMIUM:
        sys.exit("Chromium not found: install it (Debian: apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    if not args.names:  # a full run replaces every screenshot, so none is left from a view since removed
        for old in SHOTS.glob("*.png"):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="corridor-shots-") as folder, serve(Path(folder)) as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, suffix in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            pg = context.new_page()
            for view in chosen:
                open_view(pg, url, view)
                target = SHOTS / f"{view.name}{suffix}.png"
                whole_page(pg, target, width)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
