"""Corridor: the frame. Page config, navigation and the menu.

Each page draws the shared filters (ui/filters.py), which live in the URL. The menu's links carry
them, so the view follows the reader from page to page and a pasted link opens the same view.

The link is read before the page runs, so the menu, drawn here, carries the view this run shows:
a change the reader has just made is already in the session (Streamlit runs widget callbacks
before the script). The menu is drawn before the page rather than after it because a page may
stop early (st.stop), and nothing after it would be drawn. An unexpected error in a page shows a
short message with an error id, its details going to the server log only (ui/failures.py).
"""
from pathlib import Path

import streamlit as st

from ui.access import show_access
from ui.failures import show_failure
from ui.filters import link_params, read_link, show_link_notes

# The tab's icon is served from here: a Material icon name would make every browser fetch it
# from Google's font servers.
st.set_page_config(page_title="Corridor · Russia → Pakistan energy trade",
                   page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/volumes.py", title="Crude volumes", icon=":material/oil_barrel:"),
    st.Page("pages/economics.py", title="Economics", icon=":material/payments:"),
    st.Page("pages/cooperation.py", title="Cooperation", icon=":material/handshake:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:"),
    st.Page("pages/data_desk.py", title="Data desk", icon=":material/edit_note:"),
    st.Page("pages/news_desk.py", title="News desk", icon=":material/newspaper:"),
]

page = st.navigation(PAGES, position="hidden")
show_access()
read_link(page.url_path or "overview")  # the default page's URL path is empty
links = link_params()
with st.sidebar:
    for target in PAGES:  # links carry the shared filters, so every page opens on the same view
        st.page_link(target, query_params=links, width="stretch")
    st.divider()
show_link_notes()
try:
    page.run()
except Exception as error:  # noqa: BLE001 - st.stop and reruns are not Exceptions and pass through
    show_failure(error, page.url_path or "overview")
