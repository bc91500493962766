"""An article as the news desk reads it: its body text and what its page says of itself.

Text is taken as it is; a saved web page goes through trafilatura, which keeps the article and
drops menus, links and footers, and reads the title, publisher, address and publication date
from the page's metadata. What cannot be an article is refused with the reason, naming the file.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024  # a saved article page, pictures left out, is far smaller
MIN_WORDS = 20  # in the text found in a web page, below which it holds no article
ENGLISH_SHARE = 0.12  # of the words of English news, a quarter are of ENGLISH; of German or French, a few
ENGLISH = {"the", "of", "and", "to", "in", "a", "is", "was", "for", "on", "that", "with", "said", "by", "from", "has"}


class ArticleError(ValueError):
    """The file cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Article:
    body: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None


def _text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise ArticleError(f"{name} is not text: it holds binary data. Paste the article's text or save the page as HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(f"{name} is not UTF-8 text (byte {err.start + 1:,} cannot be read); save it as UTF-8") from None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _from_html(html: str, name: str) -> Article:
    import trafilatura  # loaded only for a web page: it takes a second the first time

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    found = doc.as_dict() if doc is not None else {}
    body = (found.get("text") or "").strip()
    if len(body.split()) < MIN_WORDS:  # what is left of a page of menus is a word or two
        raise ArticleError(f"{name} is a web page with no article text in it")
    return Article(body, found.get("title"), found.get("sitename"), found.get("url"), _date(found.get("date")))


def read_article(data: bytes, name: str) -> Article:
    """The article in a text file or a saved web page (`name` is for messages). Raises
    ArticleError for an empty file, a PDF, a file over MAX_BYTES, anything that is not UTF-8
    text, and text that does not read as English."""
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{name} is {len(data) / 1024 / 1024:,.0f} MB; an article page is at most "
                           f"{MAX_BYTES // 1024 // 1024} MB. Save the page without its pictures, or paste its text")
    if data.lstrip()[:5] == b"%PDF-":
        raise ArticleError(f"{name} is a PDF, not text or a web page: copy the article's text out of it")
    text = _text(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(f"{name} is empty")
    article = _from_html(text, name) if re.search(r"<(?:html|body|article|p|div)\b", text[:5000], re.I) else Article(text)
    words = re.findall(r"[^\W\d_]+", article.body.lower())
    if len(words) >= 30 and sum(w in ENGLISH for w in words) / len(words) < ENGLISH_SHARE:
        raise ArticleError(f"{name} does not read as English; the news desk reads English articles only")
    return article
