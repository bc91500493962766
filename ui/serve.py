"""Start the dashboard (`python -m ui.serve [streamlit run options]`), loading and checking the
dataset while the server starts instead of when the first reader arrives.

Streamlit runs app.py only when a browser connects, so on its own the first reader of a large
dataset waits for the imports, the load and the checks (seconds at a million cargo reports).
Here they start at once, in a background thread, while the server boots and the browser fetches
the page, followed by the Overview's views for a link without filters (the page most readers
open first); a session that asks for either meanwhile waits for the same computation
(st.cache_resource computes each value once). If loading fails, the first session tries again
and shows the error.
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def warm():
    """The dataset loaded and the Overview's views for a link without filters computed, as the
    server starts: those views (None if loading failed)."""
    from ui.filters import default_view
    from ui.overview_views import overview_views
    from ui.state import corridor

    # The cache is used outside a script run here, which Streamlit reports as harmless.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    try:
        return overview_views(corridor(), default_view())
    except Exception:  # noqa: BLE001 - the first session computes it again and shows the error
        logging.getLogger(__name__).exception("Loading the dataset and the Overview at start failed")
        return None


def main(argv: list[str] | None = None) -> None:
    # app.py routes every page with st.navigation. Streamlit would otherwise treat the pages/
    # folder as a legacy multipage app until a session has run st.navigation once, and the
    # switch ui/__init__.py makes for that would be spent here, outside any session.
    PagesManager.uses_pages_directory = False
    # Errors a page could not draw (ui/failures.py) go to the server's log with their traceback.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    threading.Thread(target=warm, name="corridor-warm", daemon=True).start()
    cli.main(["run", str(APP), *(sys.argv[1:] if argv is None else argv)], prog_name="streamlit")


if __name__ == "__main__":
    main()
