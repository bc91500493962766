"""Corridor: the frame. Page config and navigation.

Each page draws the shared filters (ui/filters.py), which live in the URL. The menu is drawn
here with links that carry those URL parameters, so the view follows the reader from page to
page and a pasted link opens the same view.
"""
import streamlit as st

from ui.filters import link_params

st.set_page_config(page_title="Corridor · Russia → Pakistan energy trade", page_icon=":material/route:",
                   layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/volumes.py", title="Crude volumes", icon=":material/oil_barrel:"),
    st.Page("pages/economics.py", title="Economics", icon=":material/payments:"),
    st.Page("pages/cooperation.py", title="Cooperation", icon=":material/handshake:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:"),
    st.Page("pages/data_desk.py", title="Data desk", icon=":material/edit_note:"),
]

page = st.navigation(PAGES, position="hidden")
with st.sidebar:
    for target in PAGES:  # links carry the shared filters, so every page opens on the same view
        st.page_link(target, query_params=link_params(), width="stretch")
    st.divider()
page.run()
