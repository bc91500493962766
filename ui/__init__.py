"""Streamlit helpers shared by the page scripts: cached data, shared filters, common widgets.

Importing this package also settles how pages are routed. Streamlit treats a folder named
`pages/` as a legacy multipage app until the entry script has called `st.navigation` once, so on
a freshly started server a deep link such as /timeline would run that page alone, without the
frame in app.py. The first page script to import `ui` switches that legacy mode off and reruns,
so the link goes through app.py like every later visit.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()
