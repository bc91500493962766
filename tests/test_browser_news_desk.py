"""The News desk in a real headless Chromium: an analyst uploads a saved web page whose text holds
markup (a Markdown link, an HTML tag, a bare address), sees the title, publisher, address and date
read from the page, finds the facts, reads them marked in the article with no link or picture made
of the article's own text, accepts the matched cargo and sees it stored.

Uses the `server`, `browser` and `page` fixtures of tests/conftest.py (a fresh store per module).
"""
from __future__ import annotations

from conftest import serious_violations
from scripts.browse import settle

PAGE = """<html><head><title>Russian crude reaches Karachi - Dawn</title>
<meta property="og:site_name" content="Dawn"><meta property="og:url" content="https://www.dawn.com/news/1758000">
<meta property="article:published_time" content="2023-06-12T10:00:00+05:00"></head>
<body><nav>Home | World</nav><article><h1>Russian crude reaches Karachi</h1>
<p>KARACHI: The first cargo of Russian crude, about 45,000 tonnes of Urals, docked at Karachi on Sunday aboard
the tanker Pure Point, the Karachi Port Trust (KPT) said.</p>
<p>Pakistan placed its first order for 100,000 tonnes in April, the government said. [Read more](https://evil.example/)
&lt;img src=x onerror=alert(1)&gt; see www.evil.example or https://evil.example/2 :red[red] $x$</p>
<p>Energy Minister Musadik Malik said Pakistan aims to cover 35 percent of its crude imports from Russia.</p>
</article><footer>Copyright Dawn</footer></body></html>"""


def test_an_uploaded_page_is_read_marked_safely_and_its_cargo_stored(server, page, tmp_path):
    page.goto(f"{server}/news_desk")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_role("textbox", name="Your name").fill("Ana Analyst")
    page.get_by_role("textbox", name="Your name").press("Enter")
    settle(page)
    saved = tmp_path / "dawn.html"
    saved.write_text(PAGE)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(saved))
    settle(page)
    assert page.get_by_role("textbox", name="Publisher").input_value() == "Dawn"
    assert page.get_by_role("textbox", name="Address (URL)").input_value() == "https://www.dawn.com/news/1758000"
    assert page.get_by_role("textbox", name="Title").input_value() == "Russian crude reaches Karachi"
    page.get_by_role("button", name="Find the facts").click()
    page.get_by_text("What it reports").wait_for(timeout=30_000)
    settle(page)

    article = page.locator(".st-key-news_article")
    text = article.inner_text().replace("\u2060", "")  # the invisible word joiner that keeps addresses from linking
    assert "45,000 tonnes [2]" in text.replace("\n", " ")  # [1] is Karachi in the headline
    assert "[Read more](https://evil.example/)" in text and "<img src=x onerror=alert(1)>" in text
    assert ":red[red] $x$" in text
    assert article.locator("a, img, script, iframe").count() == 0  # the article's text made no element
    marked = article.locator("strong", has_text="Pure Point")
    assert marked.count() == 1 and marked.evaluate("e => getComputedStyle(e.parentElement).backgroundColor") \
        not in ("rgba(0, 0, 0, 0)", "transparent")  # marked by colour, and by bold type and a number
    assert serious_violations(page) == []

    first = page.locator(".st-key-news_draft_ND8BDEF02-01")
    assert "another account of cargo C01 (confidence 1.00)" in first.inner_text()
    first.get_by_role("button", name="Accept").click()
    page.get_by_text("ND8BDEF02-01 is stored, citing ND8BDEF02.").wait_for(timeout=30_000)
    settle(page)
    assert "Accepted and stored as ND8BDEF02-01." in page.locator(".st-key-news_draft_ND8BDEF02-01").inner_text()


def test_a_pdf_saved_as_html_is_refused_by_name_and_nothing_is_kept(server, page, tmp_path):
    page.goto(f"{server}/news_desk")
    settle(page)
    fake = tmp_path / "report.html"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(fake))
    page.get_by_text("That file cannot be read as an article:").wait_for(timeout=30_000)
    assert "report.html is a PDF, not text or a web page" in page.locator('[data-testid="stMain"]').inner_text()
    assert page.get_by_role("textbox", name="Title").input_value() == ""
