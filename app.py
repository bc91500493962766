"""Corridor: the frame. Page config, navigation and the shared filters bound to the URL."""
import streamlit as st

from ui.filters import shared_filters

st.set_page_config(page_title="Corridor · Russia → Pakistan energy trade", page_icon=":material/route:",
                   layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/volumes.py", title="Crude volumes", icon=":material/oil_barrel:"),
    st.Page("pages/cooperation.py", title="Cooperation", icon=":material/handshake:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:"),
]

page = st.navigation(PAGES)
st.session_state["_shared_filters"] = shared_filters()
page.run()
