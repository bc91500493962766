"""Corridor: the frame. Page config and navigation; each page draws the shared filters
(ui/filters.py), which live in the URL and so follow the reader from page to page."""
import streamlit as st

st.set_page_config(page_title="Corridor · Russia → Pakistan energy trade", page_icon=":material/route:",
                   layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/volumes.py", title="Crude volumes", icon=":material/oil_barrel:"),
    st.Page("pages/economics.py", title="Economics", icon=":material/payments:"),
    st.Page("pages/cooperation.py", title="Cooperation", icon=":material/handshake:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:"),
]

page = st.navigation(PAGES)
page.run()
