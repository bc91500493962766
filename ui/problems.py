"""What is wrong with a write, shown to the analyst: every problem at once, as a plain-text table
(never as Markdown: values come from the file or form). Shared by the Data desk and the News desk."""
from __future__ import annotations

import streamlit as st

from analysis.desk import problems_frame
from analysis.validate import Problem


def show_problems(problems: list[Problem], title: str, key: str) -> None:
    """`title`, the count, and a table of file, row, column, value and rule broken."""
    st.error(f"{title} {len(problems)} problem{'s' * (len(problems) != 1)}:", icon=":material/error:")
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch", key=key, column_config={
        "file": st.column_config.TextColumn("File or form", width="small"),
        "row": st.column_config.NumberColumn("Row", format="%d", width="small",
                                             help="As a spreadsheet counts rows: the header is row 1."),
        "column": st.column_config.TextColumn("Column", width="small"),
        "value": st.column_config.TextColumn("Value", width="medium"),
        "rule": st.column_config.TextColumn("Rule broken", width="large")})
