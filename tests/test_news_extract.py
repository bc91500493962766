"""The news desk's command, `scripts/extract.sh ARTICLE --published YYYY-MM-DD`, on a saved web
page and on text, and what it refuses (analysis/news/extract.py, analysis/news/article.py)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from analysis.news.article import MAX_BYTES, ArticleError, read_article

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<html><head><title>Russian crude reaches Karachi - Dawn</title>
<meta property="og:site_name" content="Dawn"><meta property="og:url" content="https://www.dawn.com/news/1758000">
<meta property="article:published_time" content="2023-06-12T10:00:00+05:00"></head>
<body><nav>Home | World | 2019 archive</nav><article><h1>Russian crude reaches Karachi</h1>
<p>The first cargo of discounted Russian crude, about 45,000 tonnes, docked at Karachi on Sunday.</p>
<p>Pakistan ordered 100,000 tonnes in April, the petroleum minister said, and hopes to cover 40-45 percent
of its crude imports from Russia.</p></article><footer>Copyright 2019 Dawn</footer></body></html>"""


def run(tmp_path: Path, name: str, content: bytes, *args: str):
    (tmp_path / name).write_bytes(content)
    return subprocess.run([str(ROOT / "scripts" / "extract.sh"), name, *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)


def test_a_saved_page_gives_its_facts_with_dates_read_against_its_own_publication_date(tmp_path):
    done = run(tmp_path, "dawn.html", PAGE.encode())
    assert done.returncode == 0, done.stderr
    got = [(c["kind"], c["text"], c["value"], c.get("unit"), c.get("range")) for c in json.loads(done.stdout)["candidates"]]
    assert got == [
        ("port", "Karachi", "Karachi", None, None),  # in the headline, which opens the body
        ("quantity", "45,000 tonnes", 45000.0, "t", None),
        ("port", "Karachi", "Karachi", None, None),
        ("date", "Sunday", "2023-06-11", None, None),  # the page says it was published Monday 12 June 2023
        ("quantity", "100,000 tonnes", 100000.0, "t", None),
        ("date", "April", "2023-04", None, None),
        ("percent", "40-45 percent", 40.0, None, "low"),
        ("percent", "40-45 percent", 45.0, None, "high"),
    ]  # nothing from the menu or the footer


def test_offsets_point_into_the_article_body():
    article = read_article(PAGE.encode(), "dawn.html")
    assert (article.title, article.publisher, article.url, str(article.published)) == (
        "Russian crude reaches Karachi", "Dawn", "https://www.dawn.com/news/1758000", "2023-06-12")
    from analysis.news.extract import extract
    for c in extract(article.body, article.published):
        assert article.body[c.start:c.end] == c.text


def test_text_needs_the_publication_date_given(tmp_path):
    text = b"Pakistan received 45,000 t of Russian crude on Sunday."
    missing = run(tmp_path, "a.txt", text)
    assert missing.returncode == 2
    assert "a.txt does not say when it was published: give --published YYYY-MM-DD" in missing.stderr
    given = run(tmp_path, "a.txt", text, "--published", "2023-06-12")
    assert [c["value"] for c in json.loads(given.stdout)["candidates"]] == [45000.0, "2023-06-11"]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "x.html is empty"),
    (b"   \n", "x.html is empty"),
    (b"%PDF-1.7 binary", "x.html is a PDF, not text or a web page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "x.html is not text: it holds binary data"),
    ("caf\u00e9".encode("latin-1"), "x.html is not UTF-8 text (byte 4 cannot be read)"),
    (("Le premier navire de brut russe est arrivé à Karachi dimanche, avec environ quarante-cinq mille "
      "tonnes de pétrole, selon le ministre pakistanais du pétrole qui a parlé aux journalistes dans la "
      "capitale après une réunion avec les représentants des raffineries du pays").encode(),
     "x.html does not read as English"),
    (b"<html><body><nav>Home</nav></body></html>", "x.html is a web page with no article text in it"),
])
def test_what_cannot_be_an_article_is_refused_by_name(content, message):
    with pytest.raises(ArticleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_article(content, "x.html")


def test_a_page_too_large_is_refused_before_it_is_read():
    with pytest.raises(ArticleError, match=r"x.html is 50 MB; an article page is at most 5 MB"):
        read_article(b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>", "x.html")
    assert MAX_BYTES == 5 * 1024 * 1024


def test_the_command_says_what_is_wrong_and_exits_2(tmp_path):
    done = run(tmp_path, "empty.txt", b"", "--published", "2023-06-12")
    assert (done.returncode, done.stdout, done.stderr.strip()) == (2, "", "empty.txt is empty")
