"""A site built from XSS vectors (tests/hostile.py): nothing in it runs, loads from elsewhere or breaks out.

Read three ways: every HTML file, feed and TimelineJS file is searched for
markup a vector could have put there; every page is loaded in Chromium with a
watch on dialogs, on requests to other hosts and on Content-Security-Policy
violations; and the sample site's pages, search included, are loaded under
the policy to show that it blocks nothing of the theme's own.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.e2e.conftest import serving
from tests.hostile import (
    EVIL,
    TEXT_VECTORS,
    VECTORS,
    build_past_the_check,
    injected_markup,
    make_hostile_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
# Run in every page before its own scripts (an init script is not subject to the page's policy).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="session")
def built_hostile(tmp_path_factory) -> Path:
    site = make_hostile_site(tmp_path_factory.mktemp("hostile"))
    return build_past_the_check(site)


def _pages(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*.html") if "pagefind" not in path.parts)


def test_the_corpus_is_large_enough():
    assert len(VECTORS) >= 40 and len(set(VECTORS)) == len(VECTORS)


# A page of each template of the theme, so a new template cannot go untested.
PAGE_OF_TEMPLATE = {
    "404": "404.html", "archives": "archives/index.html", "article": "articles/2022/hostile-00/index.html",
    "author": "authors/scriptalert1script-author/index.html", "authors": "authors/index.html",
    "edition": "editions/2022-W01/index.html", "editions": "editions/index.html", "index": "index.html",
    "search": "search/index.html", "topic": "topics/attacks/index.html", "topics": "topics/index.html",
}


def test_every_template_of_the_theme_is_rendered_with_hostile_values(built_hostile):
    templates = {path.stem for path in (REPO / "themes/digest/templates").glob("*.html") if not path.stem.startswith("_")}
    assert templates - {"base"} == set(PAGE_OF_TEMPLATE)
    missing = [page for page in PAGE_OF_TEMPLATE.values() if not (built_hostile / page).is_file()]
    assert missing == []


def test_no_page_carries_markup_from_content(built_hostile):
    pages = _pages(built_hostile)
    assert len(pages) > 60  # articles, topics, editions, authors, lists, search, 404
    found = [problem for page in pages
             for problem in injected_markup(page.read_text(encoding="utf-8"), str(page.relative_to(built_hostile)))]
    assert found == []


def test_descriptions_are_the_summary_as_text(built_hostile):
    page = BeautifulSoup((built_hostile / "articles/2022/hostile-00/index.html").read_text(encoding="utf-8"), "html.parser")
    expected = f"{TEXT_VECTORS[0]} summary link {TEXT_VECTORS[1]}"
    for selector in ('meta[name="description"]', 'meta[property="og:description"]', 'meta[name="twitter:description"]'):
        assert page.select_one(selector)["content"] == expected
    assert page.select_one('meta[property="og:title"]')["content"] == f"{TEXT_VECTORS[0]} title 0 · Digest"
    assert page.title.string == f"{TEXT_VECTORS[0]} title 0 · Digest"
    assert page.h1.get_text() == f"{TEXT_VECTORS[0]} title 0"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["headline"] == f"{TEXT_VECTORS[0]} title 0" and data["description"] == expected


def test_a_picture_on_another_host_is_a_link_not_a_load(built_hostile):
    page = BeautifulSoup((built_hostile / "articles/2022/hostile-00/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [image["src"] for image in page.select("figure img")] == ["../../../images/local.svg"]
    # In the body too: ![picture](http://evil.example/...) is a link; what is left are addresses on this site.
    assert not [image["src"] for image in page.select("img") if urlsplit(image["src"]).netloc]
    number = VECTORS.index(f"http://{EVIL}/pixel.png")
    assert page.select_one(f'a.external-image[href="http://{EVIL}/pixel.png"]').get_text() == f"picture {number}"
    link = page.select_one("figure a.figure__link")
    assert link["href"] == f"http://{EVIL}/photo-0.jpg" and link.get_text() == f"Picture on {EVIL}"


def test_feeds_carry_no_markup_from_content(built_hostile):
    found, entries = [], 0
    for feed in sorted((built_hostile / "feeds").rglob("*.xml")):
        for element in ET.parse(feed).getroot().iter():
            if element.tag in (f"{ATOM}summary", f"{ATOM}content") and element.get("type") == "html":
                entries += 1
                found += injected_markup(element.text or "", f"{feed.name} {element.tag}", page=False)
    for feed in sorted((built_hostile / "feeds").rglob("*.json")):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            entries += 1
            found += injected_markup(item.get("content_html", ""), f"{feed.name} {item['id']}", page=False)
    assert entries > 100 and found == []


def test_the_atom_summary_is_the_plain_summary_escaped(built_hostile):
    root = ET.parse(built_hostile / "feeds/all.atom.xml").getroot()
    summaries = {entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}summary").text for entry in root.iter(f"{ATOM}entry")}
    # Read as HTML, as a feed reader does, it is text again: no element at all.
    shown = BeautifulSoup(summaries[f"{TEXT_VECTORS[0]} title 0"], "html.parser")
    assert shown.find(True) is None and shown.get_text() == f"{TEXT_VECTORS[0]} summary link {TEXT_VECTORS[1]}"


def test_timelinejs_data_carries_no_markup(built_hostile):
    found, events = [], 0
    for data_file in sorted((built_hostile / "topics").rglob("timeline.json")):
        document = json.loads(data_file.read_text(encoding="utf-8"))
        texts = [document["title"]["text"]["headline"], document["title"]["text"]["text"]]
        for event in document["events"]:
            events += 1
            texts += [event["text"]["headline"], event["text"]["text"], event.get("group", "")]
            media = event.get("media")
            if media:
                texts += [media["caption"], media["credit"]]
                assert EVIL not in media["url"] and urlsplit(media["url"]).hostname == "127.0.0.1"
        found += [problem for text in texts for problem in injected_markup(text, data_file.name, page=False)]
    assert events > 40 and found == []


def _visit(browser, url: str) -> dict:
    """Load ``url``; what it did that it must not: dialogs, scripts of content, requests elsewhere, violations."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs, elsewhere = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: elsewhere.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:") else None)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)  # an onerror handler runs after the failed load
        pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
        violations = page.evaluate("() => window.__violations")
    finally:
        context.close()
    return {"dialogs": dialogs, "elsewhere": elsewhere, "pwned": pwned, "violations": violations}


def test_no_page_runs_script_or_contacts_another_host_in_chromium(browser, built_hostile):
    with serving(built_hostile) as base:
        seen = {}
        for page in _pages(built_hostile):
            relative = page.relative_to(built_hostile).as_posix()
            outcome = _visit(browser, f"{base}/{relative}")
            if any(outcome.values()):
                seen[relative] = outcome
    assert seen == {}


@pytest.mark.parametrize("path", [
    "", "articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor/", "topics/belarus-russia-military/",
    "topics/belarus-russia-military/key-events/", "topics/", "editions/", "archives/", "authors/", "search/", "404.html",
])
def test_the_theme_itself_needs_nothing_the_policy_forbids(browser, served_sample, path):
    outcome = _visit(browser, f"{served_sample}/{path}")
    assert outcome == {"dialogs": [], "elsewhere": [], "pwned": None, "violations": []}


def test_search_works_under_the_policy(browser, served_sample):
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.goto(f"{served_sample}/search/")
        page.get_by_role("textbox", name="Search the digest").fill("Lukashenko")
        page.locator(".pagefind-ui__result-title").first.wait_for(timeout=10_000)
        assert page.evaluate("() => window.__violations") == []
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    finally:
        context.close()


def test_the_watch_sees_each_thing_it_looks_for(browser, tmp_path):
    """The Chromium check above can fail: a page without the policy shows all four."""
    (tmp_path / "open.html").write_text(
        f'<!DOCTYPE html><title>x</title><script>alert(1); window.__pwned = 1;</script><img src="http://{EVIL}/x.png">',
        encoding="utf-8")
    (tmp_path / "closed.html").write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="script-src \'self\'"><title>x</title>'
        "<script>alert(1)</script>", encoding="utf-8")
    with serving(tmp_path) as base:
        opened, closed = _visit(browser, f"{base}/open.html"), _visit(browser, f"{base}/closed.html")
    assert opened["dialogs"] == ["1"] and opened["pwned"] == 1 and opened["elsewhere"] == [f"http://{EVIL}/x.png"]
    assert closed["dialogs"] == [] and closed["violations"] == ["script-src-elem inline"]
