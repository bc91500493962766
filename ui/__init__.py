"""Streamlit helpers shared by the page scripts: cached data, shared filters, common widgets."""
