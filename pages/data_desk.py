"""Data desk: analysts keep Corridor current. Add a source and what it reports, correct records,
read any record's history and undo a change, import and export whole tables.

Every write goes through the store: validated as the data files are, one transaction, logged
with who and why; an edit made on a stale copy is refused and both versions are shown. The logic
lives in analysis/desk.py, analysis/imports.py and analysis/comtrade.py; this script draws.
"""
import datetime as dt

import pandas as pd
import streamlit as st

from analysis import desk, imports, params
from analysis.export import EXCEL_ROWS, to_xlsx_bytes
from analysis.params import TABLE_LABELS, TARGET_LABELS
from analysis.schema import LOAD_ORDER, TABLES
from analysis.store import ConflictError, StoreBusy, WriteRefused
from analysis.validate import Problem, ValidationError
from ui import access
from ui.cache import download_later
from ui.problems import show_problems
from ui.state import stop_if_read_only, store
from ui.widgets import empty

TABS = list(params.options("desk_tab"))
STATE = st.session_state

st.title("Data desk")
st.caption("Add what was reported today, correct a record, see who changed what and undo it, import or "
           "export whole tables. Every change is checked like the data files, recorded with your name "
           "and reason, and shows on every page at once.")
stop_if_read_only("data desk")
db = store()


def generation(name: str) -> int:
    """A counter in the widget keys of a form or grid: bumped to give fresh, empty widgets."""
    return STATE.setdefault(f"desk_gen_{name}", 0)


def renew(name: str) -> None:
    STATE[f"desk_gen_{name}"] = generation(name) + 1


def flash(area: str, kind: str, title: str, lines: list[str]) -> None:
    """A message shown once, after the rerun that follows a write."""
    STATE.setdefault(f"desk_flash_{area}", []).append((kind, title, lines))


def show_flash(area: str) -> None:
    for kind, title, lines in STATE.pop(f"desk_flash_{area}", []):
        getattr(st, kind)(title, icon=":material/check_circle:" if kind == "success" else None)
        for line in lines:
            st.text(line)


def show_conflict(err: ConflictError, read: dict | None, attempted: dict, key: str) -> None:
    """The other person's version beside yours; nothing was overwritten."""
    st.error("Not saved: someone changed this record after you read it. Nothing was overwritten.",
             icon=":material/sync_problem:")
    st.text(str(err))
    side = desk.conflict_frame(err.table, read, attempted, err.current_row)
    st.dataframe(side, hide_index=True, width="stretch", key=key, column_config={
        "column": "Column", "you read": f"You read (version {err.expected_version})",
        "your change": "Your change",
        "stored now": ("Deleted" if err.current_row is None
                       else f"Stored now (version {err.current_version}, by {err.changed_by or 'someone'})"),
        "differs": st.column_config.CheckboxColumn("Differs", help="Your value and the stored one differ.")})


# Who is writing -----------------------------------------------------------------------------------
EDITOR, ADMIN = access.may("editor"), access.may("admin")
user = access.who_writes("You can read every record's history and export tables. Adding, correcting, importing "
                         "and undoing are for editors: ask whoever runs Corridor if you need to.",
                         "adding, correcting, undoing or importing anything")


def may_undo(change: dict) -> bool:
    """Whether this session may undo a logged change: an admin any, an editor their own."""
    return ADMIN or (EDITOR and (not access.sign_in_on() or user.made(change)))


SHOWN = [name for name in TABS if EDITOR or name in ("History", "Export")]  # write tabs are for editors
tabs = dict(zip(SHOWN, st.tabs(SHOWN, key="desk_tab", bind="query-params")))


# Add -----------------------------------------------------------------------------------------------
def field(table: str, column, key: str):
    """One form field for one column: choices where the values are fixed or must exist (typed
    ids where there are too many to list), else text."""
    spec = TABLES[table]
    label = desk.field_label(column)
    help_text = desk.field_help(column)
    if column.name == spec.key:
        suggestion = desk.suggested_id(db, table)
        return st.text_input(label, value=suggestion or "", key=key, help="A new, unique id. " + help_text)
    if (table, column.name) in desk.OPEN_IDS:
        new = desk.suggested_id(db, table, column.name)
        existing = desk.choices(db, table, column.name)
        open_help = "An existing id when this report is about the same one; a new id otherwise."
        if existing is None:
            return st.text_input(label, key=key, help=open_help,
                                 placeholder="Type an existing id" + (f", or a new one such as {new}" if new else ""))
        return st.selectbox(label, existing + ([new] if new else []), index=None, key=key, accept_new_options=True,
                            format_func=lambda v: f"{v} (a new one)" if v == new else v,
                            placeholder=f"Pick one, or type a new id such as {new}", help=open_help)
    if column.references:
        ref_table = column.references.split(".")[0]
        options = desk.choices(db, table, column.name)
        if options is None:
            return st.text_input(label, key=key, help=f"{help_text} Type the id: there are too many to list.",
                                 placeholder=f"Type an id, e.g. {db.values(ref_table, limit=1)[0]}"
                                             + ("" if column.required else " (or leave empty)"))
        if column.kind == "list":
            return st.multiselect(label, options, key=key, help=help_text)
        names = {}
        if ref_table == "sources":
            src = db.read_table("sources")
            names = dict(zip(src["source_id"], src["source_id"] + " · " + src["publisher"] + " · "
                             + src["published_on"].fillna("") + " · " + src["title"]))
        return st.selectbox(label, options, index=None, key=key,
                            format_func=lambda v: names.get(v, v), help=help_text,
                            placeholder="Pick one" + ("" if column.required else " (or leave empty)"))
    if column.allowed:
        default = desk.DEFAULTS.get(column.name)
        return st.selectbox(label, column.allowed, key=key, help=help_text,
                            index=column.allowed.index(default) if default in column.allowed else None,
                            placeholder="Pick one" + ("" if column.required else " (or leave empty)"))
    if column.name in desk.LONG_TEXT:
        return st.text_area(label, key=key, help=help_text, height=90)
    pattern = desk.PATTERNS.get(column.kind)
    return st.text_input(label, key=key, help=help_text, validate=pattern,
                         placeholder={"partial_date": "YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY",
                                      "date": "YYYY-MM-DD", "url": "https://…"}.get(column.kind, ""))


def add_form(table: str, what: str, reason_hint: str) -> None:
    """A form for one new record of `table`; on success, a message naming the new key."""
    spec, gen = TABLES[table], generation(f"add_{table}")
    with st.form(f"desk_form_{table}_{gen}", border=True):
        cols = st.columns(2)
        values = {}
        for i, column in enumerate(spec.columns):
            with cols[i % 2]:
                values[column.name] = field(table, column, key=f"desk_add_{table}_{column.name}_{gen}")
        reason = st.text_input("Reason (recorded in the change log)", key=f"desk_add_{table}_reason_{gen}",
                               placeholder=reason_hint)
        submitted = st.form_submit_button(f"Add {what}", type="primary", disabled=not user,
                                          icon=":material/add:")
    if not submitted:
        return
    row = desk.form_row(table, values)
    key = row.at[0, spec.key]
    if pd.notna(key) and db.exists(table, key):
        free = desk.suggested_id(db, table)
        show_problems([Problem(f"new {what}", None, spec.key, key,
                               "a record with this id already exists; pick another id"
                               + (f" (the next free one is {free})" if free else ""))],
                      "Nothing was added.", key=f"desk_add_problems_{table}")
        return
    try:
        db.write(table, row.assign(version="0"), user, (reason or "").strip() or reason_hint,
                 file_label=f"new {what}")
    except ValidationError as err:
        show_problems(err.problems, "Nothing was added.", key=f"desk_add_problems_{table}")
        return
    except (StoreBusy, WriteRefused) as err:
        show_problems([Problem(f"new {what}", None, None, None, str(err))], "Nothing was added.",
                      key=f"desk_add_problems_{table}")
        return
    except ConflictError:
        show_problems([Problem(f"new {what}", None, spec.key, key,
                               "someone else added a record with this id a moment ago; pick another id")],
                      "Nothing was added.", key=f"desk_add_problems_{table}")
        return
    if table == "sources":
        detail = f"Source {key} ({row.at[0, 'publisher']}) is stored, and picked for the report below."
    else:
        cargo = f" about cargo {row.at[0, 'cargo_id']}" if "cargo_id" in row else ""
        cites = f", citing {row.at[0, 'source_id']}," if "source_id" in row else ""
        detail = f"{what.capitalize()} {key}{cargo}{cites} is stored and shows on every page now."
    flash("add", "success", f"Added {what}.", [detail])
    renew(f"add_{table}")
    pick_source(key if table == "sources" else row.at[0, "source_id"] if "source_id" in row else None)
    st.rerun()


def pick_source(source_id: str | None) -> None:
    """Pre-select a source in every report form: the one just added, or the one just cited."""
    if source_id is None:
        return
    for table in set(desk.ADD_KINDS.values()):
        if "source_id" in TABLES[table].column_names:
            STATE[f"desk_add_{table}_source_id_{generation(f'add_{table}')}"] = source_id


def add_tab() -> None:
    show_flash("add")
    st.subheader("1. The source")
    st.caption("Every row cites a source. Pick it in the form below; if it is new, add it here first "
               "and it is picked for you.")
    with st.expander("Add a new source", icon=":material/menu_book:"):
        add_form("sources", "source", "new source")
    st.subheader("2. What it reports")
    kind = st.selectbox("What are you adding?", list(desk.ADD_KINDS), key="desk_add_kind",
                        bind="query-params")
    table = desk.ADD_KINDS[kind]
    add_form(table, kind.lower(), "reported by the source")
    if table == "cargo_reports":
        st.page_link("pages/volumes.py", label="See the cargo ledger on Crude volumes",
                     icon=":material/oil_barrel:")


# Correct ---------------------------------------------------------------------------------------------
def grid_config(table: str, read_table) -> dict:
    """Column settings for the editing grid: fixed choices as dropdowns (the ids a reference column
    may hold read with `read_table`, only for the tables it cites), formats as hints."""
    spec, config = TABLES[table], {"version": st.column_config.NumberColumn(
        "version", help="Which version of the record you read; set by Corridor.", width="small")}
    for column in spec.columns:
        help_text = desk.field_help(column)
        if column.allowed:
            config[column.name] = st.column_config.SelectboxColumn(
                column.name, options=list(column.allowed), required=column.required, help=help_text)
        elif column.references and column.kind != "list":
            ref_table, ref_column = column.references.split(".")
            config[column.name] = st.column_config.SelectboxColumn(
                column.name, options=sorted(read_table(ref_table)[ref_column].dropna().unique()),
                required=column.required, help=help_text)
        else:
            pattern = desk.PATTERNS.get(column.kind)
            config[column.name] = st.column_config.TextColumn(
                column.name, help=help_text, required=column.required,
                validate=pattern[0] if pattern else None)
    return config


def save_edits(table: str, read: pd.DataFrame, updates, deletions, reason: str) -> None:
    """Each changed row through store.update, each removed one through store.delete, at the
    version it was read at. Outcomes are kept for the next run; rows refused as invalid stay as
    drafts in the grid so they can be fixed."""
    spec = TABLES[table]
    rows = {str(r[spec.key]): r for r in read.astype(object).where(read.notna(), None).to_dict("records")}
    saved, conflicts, invalid, drafts = [], [], [], {}
    for key, values, version in updates:
        try:
            new = db.update(table, key, values, version, user, reason)
            saved.append(f"{key}: saved as version {new}")
        except ConflictError as err:
            conflicts.append((err, rows[key], values))
        except ValidationError as err:
            invalid += err.problems
            drafts[key] = values
        except (LookupError, StoreBusy, WriteRefused) as err:
            invalid.append(Problem(f"{table} record {key!r}", None, None, None, str(err)))
    for key, version in deletions:
        try:
            db.delete(table, key, version, user, reason)
            saved.append(f"{key}: deleted")
        except ConflictError as err:
            conflicts.append((err, rows[key], {}))
        except ValidationError as err:
            invalid += err.problems
        except (StoreBusy, WriteRefused) as err:
            invalid.append(Problem(f"{table} record {key!r}", None, None, None, str(err)))
    STATE[f"desk_fix_outcome_{table}"] = (saved, conflicts, invalid)
    STATE[f"desk_fix_read_{table}"] = (*grid_rows(table, STATE.get("desk_fix_q", "").strip()),
                                       dt.datetime.now(dt.timezone.utc))
    STATE[f"desk_fix_drafts_{table}"] = drafts
    renew(f"fix_{table}")
    st.rerun()


def grid_rows(table: str, query: str) -> tuple[pd.DataFrame, str | None]:
    """The rows the grid starts from, and the search they were read for: the whole table (None),
    or, when it holds more than GRID_MAX records, the first GRID_MAX with `query` in any column."""
    if db.record_count(table) <= desk.GRID_MAX:
        return db.read_table(table), None
    return db.search(table, query, desk.GRID_MAX), query


def correct_tab() -> None:
    cols = st.columns([1, 2])
    table = cols[0].selectbox("Table", LOAD_ORDER, key="desk_fix_table", bind="query-params",
                              format_func=TABLE_LABELS.get)
    query = cols[1].text_input("Show rows containing", key="desk_fix_q", bind="query-params",
                               placeholder="any text, e.g. Pure Point or S032").strip()
    spec = TABLES[table]
    snapshot = f"desk_fix_read_{table}"
    top = st.columns([3, 1])
    reload = top[1].button("Reload from the store", key="desk_fix_reload", icon=":material/refresh:",
                           help="Start again from what is stored now; edits not saved are dropped.")
    if reload or snapshot not in STATE or STATE[snapshot][1] not in (None, query):
        STATE[snapshot] = (*grid_rows(table, query), dt.datetime.now(dt.timezone.utc))
        STATE.pop(f"desk_fix_drafts_{table}", None)
        renew(f"fix_{table}")
    read, searched, read_at = STATE[snapshot]
    top[0].caption(f"Rows as read at {read_at:%H:%M:%S} UTC. Change cells, or select rows and delete "
                   "them; nothing is stored until you save. Each row is saved only if nobody changed it "
                   "since you read it.")
    if searched is not None and len(read) == desk.GRID_MAX:
        top[0].caption(f"This table holds {db.record_count(table):,} records: the grid shows the first "
                       f"{desk.GRID_MAX:,} by id{' that contain the text' if searched else ''}. Type text "
                       "above to find others.")
    saved, conflicts, invalid = STATE.pop(f"desk_fix_outcome_{table}", ([], [], []))
    if saved:
        st.success(f"Saved {len(saved)} change{'s' * (len(saved) != 1)}.", icon=":material/check_circle:")
        st.text("\n".join(saved))
    for n, (err, row, attempted) in enumerate(conflicts):
        show_conflict(err, row, attempted, key=f"desk_fix_conflict_{n}")
    if invalid:
        show_problems(invalid, "Not saved; your edits are kept in the grid below so you can fix them.",
                      key="desk_fix_problems")
    shown = read
    if query:
        hit = read.drop(columns="version").apply(lambda s: s.str.contains(query, case=False, regex=False))
        shown = read[hit.fillna(False).any(axis=1)]
    if shown.empty:
        empty("No row contains that text. Clear the box to see every row.")
        return
    drafts = STATE.get(f"desk_fix_drafts_{table}", {})
    grid = shown.copy()
    for key, values in drafts.items():
        for column, value in values.items():
            grid.loc[grid[spec.key] == key, column] = value
    edited = st.data_editor(grid, key=f"desk_fix_grid_{table}_{generation(f'fix_{table}')}",
                            num_rows="delete" if ADMIN else "fixed", hide_index=True, width="stretch", disabled=[spec.key, "version"],
                            column_config=grid_config(table, db.read_table))
    if not ADMIN:
        st.caption("Deleting records is for admins: ask one, or correct the record instead.")
    updates, deletions = desk.editor_changes(shown, edited, table)
    st.caption(f"{len(updates)} row{'s' * (len(updates) != 1)} changed, {len(deletions)} to delete, "
               "not saved yet.")
    reason = st.text_input("Reason for the change (recorded in the change log)", key="desk_fix_reason",
                           placeholder="e.g. Reuters corrected the tonnage on 12 June")
    if st.button("Save changes", type="primary", key="desk_fix_save", icon=":material/save:",
                 disabled=not (user and (reason or "").strip() and (updates or deletions))):
        save_edits(table, read, updates, deletions, reason.strip())


# History ---------------------------------------------------------------------------------------------
def undo(change_id: int, reason: str) -> None:
    try:
        new = db.undo(change_id, user, reason)
    except ValidationError as err:
        STATE["desk_undo_problems"] = err.problems
    except (ConflictError, LookupError, ValueError, StoreBusy, WriteRefused) as err:  # UndoRefused: a ValueError
        STATE["desk_undo_problems"] = [Problem(f"change {change_id}", None, None, None, str(err))]
    else:
        flash("history", "success" if new else "info",
              "Undone." if new else "Nothing to undo: the record is already as it was before that change.",
              [f"Change {change_id} undone as change {new}, recorded under your name."] if new else [])
    st.rerun()


def history_tab() -> None:
    show_flash("history")
    problems = STATE.pop("desk_undo_problems", None)
    if problems:
        show_problems(problems, "Not undone; nothing was written.", key="desk_undo_problem_table")
    cols = st.columns(2)
    table = cols[0].selectbox("Table", LOAD_ORDER, key="desk_hist_table", bind="query-params",
                              format_func=TABLE_LABELS.get)
    count = db.record_count(table)
    if count <= desk.PICKER_MAX:
        key = cols[1].selectbox("Record", desk.record_keys(db.values(table), db.deleted_keys(table)), index=None,
                                key="desk_hist_key", bind="query-params",
                                placeholder="Pick a record (deleted ones are listed last)")
    else:  # a picker of every key would send them all to the browser
        key = cols[1].text_input("Record id", key="desk_hist_id", bind="query-params",
                                 placeholder=f"{count:,} records: type an id, e.g. {db.values(table, limit=1)[0]}",
                                 help="The id of a stored or deleted record, as it appears in the table.").strip() or None
    if key is None:
        st.subheader("Latest changes, all tables")
        latest = desk.history_frame(db.latest_changes(30).iloc[::-1])
        if latest.empty:
            empty("Nothing has been changed yet.")
            return
        st.dataframe(latest, hide_index=True, width="stretch", key="desk_hist_latest")
        download_later(lambda: desk.history_frame(db.read_changes()), "change_log", key="desk_dl_log",
                       label="Download the whole change log (CSV)")
        return
    log = db.history(table, key)
    st.subheader("History of the record")
    if log.empty:
        empty(f"No change is recorded for {TABLE_LABELS[table].lower()} record {key!r}. Check the id; "
              "ids are matched exactly, including case.")
        return
    st.caption("Newest first. Undo puts the record back as it was before that change, recorded as a "
               "new change; the log itself is never edited.")
    reason = st.text_input("Reason for an undo (recorded in the change log)", key="desk_undo_reason",
                           placeholder="e.g. the source retracted the figure") if EDITOR else None
    for change in log.iloc[::-1].to_dict("records"):
        with st.container(border=True):
            head = st.columns([4, 1])
            signed = desk.account(change)
            head[0].text(f"Change {change['change_id']} · {desk.when(change['at'])} · {change['action']} "
                         f"by {change['user']}" + (f" (signed in: {signed})" if signed else "")
                         + f"\nReason: {change['reason']}")
            if change["action"] == "conflict":
                head[0].caption("A refused edit: nothing was written. 'Before' is the record as stored then, "
                                "'after' what the edit tried.")
            elif may_undo(change) and head[1].button(
                    "Undo", key=f"desk_undo_{change['change_id']}", icon=":material/undo:",
                    disabled=not (user and (reason or "").strip()),
                    help="Type your name and a reason first." if not (user and reason) else None):
                undo(int(change["change_id"]), reason.strip())
            diff = desk.change_diff(change["before"], change["after"])
            st.dataframe(diff[diff["changed"]].drop(columns="changed"), hide_index=True, width="stretch",
                         key=f"desk_hist_diff_{change['change_id']}",
                         column_config={"column": st.column_config.TextColumn("Column", width="small"),
                                        "before": st.column_config.TextColumn("Before", width="large"),
                                        "after": st.column_config.TextColumn("After", width="large")})


# Import ----------------------------------------------------------------------------------------------
def preview_table(stored: pd.DataFrame, incoming: pd.DataFrame, table: str, key: str) -> tuple[int, int]:
    """The diff of one table's upload; returns (new, changed) counts."""
    shown = imports.preview(stored, incoming, table)
    counts = shown["import"].value_counts()
    new, changed, same = (int(counts.get(s, 0)) for s in imports.STATUSES)
    cols = st.columns(3)
    cols[0].metric("New rows", f"{new:,}")
    cols[1].metric("Changed rows", f"{changed:,}")
    cols[2].metric("Unchanged rows", f"{same:,}")
    st.dataframe(shown, hide_index=True, width="stretch", key=f"{key}_rows", column_config={
        "import": st.column_config.TextColumn("Import", width="small", help="new, changed or unchanged"),
        "changed columns": st.column_config.TextColumn("Changed columns", width="small")})
    cells = imports.cell_changes(stored, incoming, table)
    if not cells.empty:
        st.caption("What the changed rows change, cell by cell:")
        st.dataframe(cells, hide_index=True, width="stretch", key=f"{key}_cells", column_config={
            "stored": st.column_config.TextColumn("Stored now", width="large"),
            "incoming": st.column_config.TextColumn("In your file", width="large")})
    return new, changed


def import_tab() -> None:
    show_flash("import")
    target = st.selectbox("Import into", [*LOAD_ORDER, desk.COMTRADE], key="desk_imp_table", bind="query-params",
                          format_func=TARGET_LABELS.get)
    if target == desk.COMTRADE:
        st.caption("A CSV or Excel file of goods downloaded from UN Comtrade (comtradeplus.un.org or its API), "
                   "at any level: all goods (TOTAL), HS chapters, headings or 6-digit codes, yearly or monthly, "
                   "reported by Pakistan or Russia. Pakistan–Russia rows become trade flows of their commodity; "
                   "Pakistan's crude imports from the World become import context (tonnes = net weight in kg / "
                   "1000; US dollars = primary value). The file itself is recorded as a source; a revised "
                   "download updates the same rows.")
    else:
        columns = TABLES[target].column_names
        st.caption("A CSV (UTF-8) or Excel .xlsx file whose first row is the header below; an export from "
                   "the Export tab works as it is, version column included. Rows are matched by "
                   f"{TABLES[target].key}: new ones are added, changed ones updated, rows not in the file "
                   "are left alone. Nothing is written until you confirm, and only if every row is valid.")
        st.code(",".join(columns), language=None, wrap_lines=True)
        download_later(pd.DataFrame(columns=columns), f"{target}_template", key="desk_imp_template",
                       label="Download an empty template (CSV)")
    upload = st.file_uploader("CSV or Excel file", type=["csv", "xlsx"], key=f"desk_imp_file_{generation('imp')}",
                              max_upload_size=imports.MAX_UPLOAD_MB,
                              help=f"Up to {imports.MAX_UPLOAD_MB} MB. The content decides how it is read, "
                                   "not the file name; only the first sheet of a workbook is read, and "
                                   "formulas are refused (type the values).")
    if upload is None:
        return
    name, data = upload.name, upload.getvalue()
    try:
        prepared = desk.prepare_import(db, target, name, data, dt.date.today())
    except ValidationError as err:
        show_problems(err.problems, "This file cannot be imported; nothing was written.", key="desk_imp_problems")
        return
    if prepared.note:
        st.text(prepared.note)
    totals = [0, 0]
    for table, rows in prepared.batches.items() if prepared.comparable else ():
        if target == desk.COMTRADE:
            st.subheader(TABLE_LABELS[table])
        new, changed = preview_table(prepared.stored[table], rows, table, key=f"desk_imp_{table}")
        totals = [totals[0] + new, totals[1] + changed]
    if not prepared.ignored.empty:
        with st.expander(f"{len(prepared.ignored)} row(s) of the file not imported, and why"):
            st.dataframe(prepared.ignored, hide_index=True, width="stretch", key="desk_imp_ignored")
    if prepared.problems:
        show_problems(prepared.problems, "Nothing can be imported until every problem is fixed; nothing was "
                                         "written.", key="desk_imp_problems")
        return
    if not any(totals):
        st.info("Every row is already stored as it is: importing this file would change nothing.",
                icon=":material/info:")
        return
    reason = st.text_input("Reason (recorded in the change log)", key="desk_imp_reason",
                           placeholder=f"e.g. figures from the file {name}")
    label = f"Import {totals[0]:,} new and {totals[1]:,} changed rows"
    if not st.button(label, type="primary", key="desk_imp_commit", icon=":material/upload:", disabled=not user):
        return
    try:
        done = desk.commit_import(db, prepared, user, (reason or "").strip() or f"import of {name}", name)
    except ValidationError as err:
        show_problems(err.problems, "Nothing was imported.", key="desk_imp_commit_problems")
        return
    except (StoreBusy, WriteRefused) as err:
        show_problems([Problem(name, None, None, None, str(err))], "Nothing was imported.",
                      key="desk_imp_commit_problems")
        return
    except ConflictError as err:
        rows = prepared.batches.get(err.table, pd.DataFrame(columns=[TABLES[err.table].key]))
        mine = rows[rows[TABLES[err.table].key] == err.key].astype(object).to_dict("records")
        show_conflict(err, None, {k: v for k, v in (mine[0] if mine else {}).items() if pd.notna(v)},
                      key="desk_imp_conflict")
        st.text("Nothing was imported. Upload the file again to compare it with what is stored now.")
        return
    flash("import", "success", "Imported.", [
        f"{TABLE_LABELS[t]}: {s.new} new, {s.changed} changed, {s.unchanged} unchanged rows."
        for t, s in done.items()] + [f"From {name}; it shows on every page now."])
    renew("imp")
    st.rerun()


# Export ----------------------------------------------------------------------------------------------
def export_tab() -> None:
    st.caption("Every table as it is stored now, as CSV or Excel. Text that a spreadsheet could run as a "
               "formula (starting with = + - @) gets a leading apostrophe, which importing removes again, so "
               "an exported file imports back unchanged. Keep the version column: it lets the import refuse "
               "rows a colleague changed after your export.")
    today = dt.date.today().isoformat()
    for table in LOAD_ORDER:  # each table is read only when its button is clicked
        rows = db.record_count(table)
        cols = st.columns([2, 1, 1, 1])
        cols[0].text(TABLE_LABELS[table])
        cols[1].text(f"{rows:,} rows")
        with cols[2]:
            download_later(lambda t=table: db.read_table(t), f"corridor_{table}_{today}", key=f"desk_dl_csv_{table}",
                           label="CSV")
        numbers = tuple(c.name for c in TABLES[table].columns if c.kind == "number") + ("version",)
        cols[3].download_button("Excel", lambda t=table, n=numbers: to_xlsx_bytes(db.read_table(t), t, n),
                                file_name=f"corridor_{table}_{today}.xlsx", key=f"desk_dl_xlsx_{table}",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                icon=":material/download:", on_click="ignore", disabled=rows > EXCEL_ROWS,
                                help=f"More rows than a worksheet holds ({EXCEL_ROWS:,}): use CSV."
                                if rows > EXCEL_ROWS else None)


for name, draw in zip(TABS, (add_tab, correct_tab, history_tab, import_tab, export_tab)):
    if name not in tabs:
        continue
    with tabs[name]:
        if tabs[name].open:
            draw()
