"""Corridor's analysis layer: plain pandas, no Streamlit, no I/O outside `store` and `datafiles`."""
