"""News desk: an article in, sourced records out, each one reviewed by an analyst.

Paste an article or upload its saved page; Corridor marks the facts it finds in the text and
proposes the records they would make (a new account of a stored cargo, a new cargo, an order, a
target, a trade figure, an initiative's status, a statement). Nothing is stored until the analyst
accepts a draft: then the article's `sources` row and the record are written through the store's
usual validated, logged write. The review itself is kept in the store, so it can be left and
resumed. The logic lives in analysis/news/; this script draws.
"""
import datetime as dt

import pandas as pd
import streamlit as st

from analysis import desk
from analysis.news.article import ArticleError, read_article
from analysis.news.extract import extract
from analysis.news.review import Draft, SourcedArticle, drafts, known_names, new_ids
from analysis.store import ConflictError, StoreBusy, WriteRefused
from analysis.store.reviews import Review
from analysis.validate import Problem, ValidationError
from ui import access
from ui.cache import cached
from ui.marked_text import escaped, marked
from ui.problems import show_problems
from ui.state import corridor, stop_if_read_only, store

STATE = st.session_state
KINDS_SHOWN = {"cargo_reports": "Cargo report", "orders": "Order", "events": "Statement (event)",
               "initiative_reports": "Initiative status report", "targets": "Target or plan",
               "trade_flows": "Trade figure"}

st.title("News desk")
st.caption("Paste an article or upload its saved web page. Corridor marks the facts it finds and proposes "
           "the records they would make; nothing is stored until you accept a record, and then it cites the "
           "article as a new source. A review can be left and resumed later, from any computer.")
stop_if_read_only("news desk")
if not access.may("editor"):
    st.info("The news desk turns articles into records, which is for editors: ask whoever runs Corridor "
            "if you need to.", icon=":material/visibility:")
    st.stop()
db = store()
user = access.who_writes("", "finding the facts of an article")


# 1. The article -------------------------------------------------------------------------------------

def take_upload() -> None:
    """Fill the fields from an uploaded file's metadata; a refusal is kept to show."""
    upload = STATE.get("news_upload")
    STATE.pop("news_refusal", None)
    if upload is None:
        return
    try:
        read = read_article(upload.getvalue(), upload.name)
    except ArticleError as err:
        STATE["news_refusal"] = str(err)
        return
    STATE["news_body"] = read.body
    for field, value in (("news_title", read.title), ("news_publisher", read.publisher), ("news_url", read.url)):
        if value:
            STATE[field] = value
    if read.published:
        STATE["news_published"] = read.published


def open_review(review: Review) -> None:
    STATE["news_review"] = review.review_id
    for field, value in (("news_body", review.body), ("news_title", review.title),
                         ("news_publisher", review.publisher), ("news_url", review.url),
                         ("news_published", dt.date.fromisoformat(review.published_on))):
        STATE[field] = value


def article_problems(body: str, title: str, publisher: str, url: str) -> list[Problem]:
    missing = [Problem("article", None, name, None, "is empty; fill it in")
               for name, value in (("title", title), ("publisher", publisher), ("address", url)) if not value]
    if url and not url.lower().startswith(("https://", "http://")):
        missing.append(Problem("article", None, "address", url, "must start https:// or http://"))
    try:
        read_article(body.encode(), "the pasted text")
    except ArticleError as err:
        missing.append(Problem("article", None, "text", None, str(err)))
    return missing


def article_section() -> None:
    saved = db.reviews()
    if len(saved):
        with st.expander(f"Resume a review ({len(saved)} kept)", icon=":material/history:"):
            labels = {r.review_id: f"{r.title} ({r.publisher}, {r.published_on}), last saved by {r.updated_by}"
                      for r in saved.itertuples()}
            chosen = st.selectbox("Article", list(labels), format_func=labels.get, key="news_resume")
            if st.button("Open this review", key="news_resume_open", icon=":material/folder_open:"):
                open_review(db.review(chosen))
                st.rerun()
    st.file_uploader("A saved web page (.html) or a text file (.txt)", type=["html", "htm", "txt"],
                     key="news_upload", on_change=take_upload,
                     help="Title, publisher, address and date are read from the page where it gives them.")
    if STATE.get("news_refusal"):
        st.error("That file cannot be read as an article:", icon=":material/error:")
        st.text(STATE["news_refusal"])
    st.text_area("Article text", key="news_body", height=220, placeholder="Paste the article's text here")
    left, right = st.columns(2)
    title = left.text_input("Title", key="news_title", max_chars=300)
    publisher = right.text_input("Publisher", key="news_publisher", max_chars=200, placeholder="e.g. Dawn")
    url = left.text_input("Address (URL)", key="news_url", max_chars=2000, placeholder="https://…")
    published = right.date_input("Published on", key="news_published", value=None, format="YYYY-MM-DD",
                                 min_value=dt.date(1990, 1, 1), max_value=dt.date.today())
    if not st.button("Find the facts", type="primary", icon=":material/search:", disabled=not user,
                     key="news_find"):
        return
    body = (STATE.get("news_body") or "").strip()
    problems = article_problems(body, title.strip(), publisher.strip(), url.strip())
    if published is None:
        problems.append(Problem("article", None, "published on", None, "is empty; pick the publication date"))
    if problems:
        show_problems(problems, "Nothing was kept.", "news_article_problems")
        return
    article = SourcedArticle(body, publisher.strip(), title.strip(), url.strip(), published)
    kept = db.review(article.source_id)
    review = Review(article.source_id, article.url, article.publisher, article.title, published.isoformat(), body,
                    kept.decisions if kept else {})
    try:
        db.save_review(review, user)
    except ValidationError as err:
        show_problems(err.problems, "Nothing was kept.", "news_article_problems")
        return
    except (StoreBusy, WriteRefused) as err:
        st.error("Nothing was kept:", icon=":material/error:")
        st.text(str(err))
        return
    STATE["news_review"] = article.source_id
    st.rerun()


# 2. The review --------------------------------------------------------------------------------------

def with_new_ids(found: list[Draft]) -> list[Draft]:
    """Drafts of a new cargo or order get the next free ids."""
    for table, column, prefix in (("cargo_reports", "cargo_id", "C"), ("orders", "order_id", "O")):
        open_ = [d for d in found if d.table == table and not d.values.get(column)]
        if open_:
            for d, new in zip(open_, new_ids(desk.suggested_id(db, table, column), len(open_), prefix)):
                d.values[column] = new
    return found


def title_of(n: int, d: Draft) -> str:
    what = KINDS_SHOWN[d.table]
    if d.table == "cargo_reports":
        what += (f": another account of cargo {d.match.cargo_id} (confidence {d.match.confidence:.2f})"
                 if d.match else f": a new cargo, {d.values.get('cargo_id')}")
    return f"{n}. {what}"


def accept(article: SourcedArticle, review: Review, d: Draft, values: dict[str, str | None]) -> None:
    rows = {"sources": desk.form_row("sources", article.source_row()), d.table: desk.form_row(d.table, values)}
    try:
        written = db.write_many(rows, user, f"accepted on the news desk from {article.publisher}: {article.title}",
                                {"sources": "the article", d.table: f"draft {d.key}"})
    except ValidationError as err:
        STATE[f"news_problems_{d.key}"] = err.problems
        return
    except (StoreBusy, WriteRefused, ConflictError) as err:
        STATE[f"news_problems_{d.key}"] = [Problem(f"draft {d.key}", None, None, None, str(err))]
        return
    changed = sum(s.new + s.changed for s in written.values())
    review.decisions[d.key] = {"decision": "accepted", "values": values}
    db.save_review(review, user)
    STATE["news_flash"] = (f"{d.key} is stored, citing {article.source_id}." if changed
                           else f"{d.key} was stored already, exactly so: nothing changed.")


def decide(review: Review, key: str, decision: str | None) -> None:
    if decision is None:
        review.decisions.pop(key, None)
    else:
        review.decisions[key] = {"decision": decision}
    db.save_review(review, user)


def draft_box(n: int, d: Draft, article: SourcedArticle, review: Review, found) -> None:
    decided = review.decisions.get(d.key, {})
    with st.container(border=True, key=f"news_draft_{d.key}"):
        st.markdown(f"**{escaped(title_of(n, d))}**")
        st.text(f"From the words: {d.why} (marked {', '.join(f'[{i + 1}]' for i in d.uses)})")
        if d.match:
            st.text("Matched on " + "; ".join(d.match.reasons) + ". It is stored beside the accounts below, never "
                    "over them:")
            shown = d.match.accounts[["report_id", "source_id", "vessel", "quantity", "unit", "arrival_date"]]
            st.dataframe(shown.head(20), hide_index=True, key=f"news_accounts_{d.key}")
        for line in d.disagreements:
            st.text(f"Sources disagree on {line}")
        problems = STATE.pop(f"news_problems_{d.key}", None)
        if problems:
            show_problems(problems, "Not stored; correct the values below and accept again.", f"news_problems_{d.key}")
        if decided.get("decision") == "rejected":
            st.text("Rejected: nothing of it is stored.")
            st.button("Review again", key=f"news_undecide_{d.key}", on_click=decide, args=(review, d.key, None))
            return
        values = decided.get("values") or d.values
        frame = pd.DataFrame({"field": list(values), "value": [v or "" for v in values.values()]}, dtype="string")
        edited = st.data_editor(frame, key=f"news_edit_{d.key}", hide_index=True, disabled=["field"],
                                width="stretch", height=35 * (len(frame) + 1) + 3,  # every field, no scrolling
                                column_config={"value": st.column_config.TextColumn("value")})
        chosen = {f: (v if isinstance(v, str) and v.strip() else None) for f, v in zip(edited["field"], edited["value"])}
        if decided.get("decision") == "accepted":
            st.text(f"Accepted and stored as {d.key}. Accepting again writes the values above: unchanged, nothing "
                    "changes; corrected, the stored record is updated and the change logged.")
        left, right = st.columns(2)
        if left.button("Accept" if not decided else "Accept again", key=f"news_accept_{d.key}", type="primary",
                       icon=":material/check:", disabled=not user, width="stretch"):
            accept(article, review, d, chosen)
            st.rerun()
        if not decided:
            right.button("Reject", key=f"news_reject_{d.key}", icon=":material/close:", width="stretch",
                         on_click=decide, args=(review, d.key, "rejected"))


def review_section(review_id: str) -> None:
    review = db.review(review_id)
    if review is None:
        STATE.pop("news_review", None)
        return
    article = SourcedArticle(review.body, review.publisher, review.title, review.url,
                             dt.date.fromisoformat(review.published_on))
    data = corridor()
    known = cached(data, known_names, data.tables)
    found = extract(article.body, article.published, known)
    proposed = with_new_ids(drafts(article, found, data.tables))
    accepted = sum(v.get("decision") == "accepted" for v in review.decisions.values())
    rejected = sum(v.get("decision") == "rejected" for v in review.decisions.values())
    st.subheader(f"2. {review.title}")
    st.text(f"{review.publisher}, {review.published_on} · {review.url} · source id {article.source_id}")
    flash = STATE.pop("news_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    st.text(f"{len(found)} facts found; {len(proposed)} records proposed: {accepted} accepted, {rejected} rejected, "
            f"{len(proposed) - accepted - rejected} still to review.")
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.markdown("**The article, each fact found marked and numbered**")
        with st.container(height=640, border=True, key="news_article"):
            st.markdown(marked(article.body, [(c.start, c.end, i + 1) for i, c in enumerate(found)]))
        with st.expander(f"Every fact found ({len(found)})", icon=":material/list:"):
            st.dataframe(pd.DataFrame([{"#": i + 1, "kind": c.kind, "words": c.text, "value": str(c.value),
                                        "unit": c.unit, "role": c.role, "would fill": c.target,
                                        "confidence": c.confidence} for i, c in enumerate(found)]),
                         hide_index=True, key="news_found")
    with right:
        st.markdown("**What it reports**")
        if not proposed:
            st.info("Corridor found no record to propose in this article. Add what it reports by hand on the "
                    "Data desk, citing it.", icon=":material/info:")
        for n, d in enumerate(proposed, start=1):
            draft_box(n, d, article, review, found)
    if st.button("Close this review", key="news_close", icon=":material/close:"):
        STATE.pop("news_review", None)
        st.rerun()


st.subheader("1. The article")
article_section()
if STATE.get("news_review"):
    review_section(STATE["news_review"])
