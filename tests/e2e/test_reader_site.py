"""The reader's site: every page type in Chromium at phone and desktop widths, checked by axe-core
and the W3C Nu HTML Checker; search; metadata for sharing; the Indonesian interface."""

from __future__ import annotations

import json
import shutil
import subprocess

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCHEMAS = REPO / "tests" / "schemas"
SEED = "articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor/"
SEED_TITLE = "Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor"

PAGE_TYPES = {
    "home": "",
    "article": SEED,
    "timeline": "topics/belarus-russia-military/",
    "key-events": "topics/belarus-russia-military/key-events/",
    "topics": "topics/",
    "edition": "editions/2022-W48/",
    "editions": "editions/",
    "author": "authors/brahm/",
    "authors": "authors/",
    "archives": "archives/",
    "search": "search/",
    "404": "404.html",
}


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run()).violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(' ')}`)"
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_reads_well_and_passes_axe(page_at, served_sample, kind, width):
    page = page_at(width, bypass_csp=True)  # for axe's script
    response = page.goto(f"{served_sample}/{PAGE_TYPES[kind]}")
    assert response.ok
    assert page.locator("h1").count() == 1
    assert page.locator("h1").is_visible()
    assert page.locator("main#main").count() == 1 and page.locator(".site-header nav").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert axe_violations(page) == []


def test_dark_scheme_passes_axe(browser, served_sample):
    page = browser.new_page(color_scheme="dark", bypass_csp=True)  # for axe's script
    for path in (PAGE_TYPES["timeline"], PAGE_TYPES["article"]):
        page.goto(f"{served_sample}/{path}")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 22, 21)"
        assert axe_violations(page) == []
    page.close()


def test_what_a_reader_sees_on_the_timeline_and_article(page_at, served_sample):
    page = page_at(390)
    page.goto(f"{served_sample}/{PAGE_TYPES['timeline']}")
    assert page.locator("h1").inner_text() == "Belarus–Russia military"
    titles = page.locator(".timeline__title").all_inner_texts()
    assert SEED_TITLE in titles and len(titles) >= 7
    page.get_by_role("link", name=SEED_TITLE).click()
    page.wait_for_url(f"**/{SEED}")
    assert page.locator("article.article").get_attribute("lang") == "id"
    assert page.get_by_text("Tank milik militer Belarus.").is_visible()


def test_search_finds_the_seed_article(page_at, served_sample):
    page = page_at(1280, bypass_csp=True)  # for axe's script; search under the policy: test_hostile_site.py
    page.goto(f"{served_sample}/search/")
    page.get_by_role("textbox", name="Search the digest").fill("Lukashenko")
    results = page.locator(".pagefind-ui__result-title")
    results.first.wait_for(timeout=10_000)
    page.get_by_role("link", name=SEED_TITLE).first.wait_for(timeout=10_000)
    assert SEED_TITLE in results.all_inner_texts()
    assert axe_violations(page) == []


def test_search_index_has_the_filters(built_sample):
    # The filters Pagefind found: topic, language and year, from the article markup.
    soup = BeautifulSoup((built_sample / SEED / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[data-pagefind-body]")
    filters = {element["data-pagefind-filter"]: element.get_text(strip=True) for element in body.select("[data-pagefind-filter]")}
    assert filters == {"Topic": "Belarus–Russia military", "Language": "id", "Year": "2022"}
    assert body.select_one(".article__footer")["data-pagefind-ignore"] == ""
    assert (built_sample / "pagefind" / "pagefind-ui.js").exists()


@pytest.mark.skipif(shutil.which("java") is None, reason="never: `make test` installs Java")
def test_whole_site_is_valid_html(built_sample):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "text", str(built_sample)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[:5000]
    assert len(list(built_sample.rglob("*.html"))) > 40  # it read the whole site


def test_article_sharing_metadata(built_sample):
    soup = BeautifulSoup((built_sample / SEED / "index.html").read_text(encoding="utf-8"), "html.parser")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://127.0.0.1:8000/{SEED}"
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"].startswith(SEED_TITLE)
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["headline"] == SEED_TITLE
    assert data["inLanguage"] == "id" and data["author"] == [{"@type": "Person", "name": "Brahm"}]
    assert data["datePublished"].startswith("2022-12-03T") and data["publisher"]["name"] == "Digest"


def test_timeline_is_a_collection_page(built_sample):
    soup = BeautifulSoup((built_sample / PAGE_TYPES["timeline"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "CollectionPage" and data["name"] == "Belarus–Russia military"
    names = [item["name"] for item in data["mainEntity"]["itemListElement"]]
    assert SEED_TITLE in names and len(names) == data["mainEntity"]["numberOfItems"]


def test_sitemap_robots_favicon_and_404(built_sample):
    sitemap = (built_sample / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>http://127.0.0.1:8000/{SEED}</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/topics/belarus-russia-military/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (built_sample / "robots.txt").read_text()
    assert (built_sample / "theme" / "favicon.svg").exists()
    not_found = BeautifulSoup((built_sample / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert not_found.h1.get_text() == "Page not found"
    assert all(a["href"].startswith("/") for a in not_found.select("main a"))  # works at any address


def test_no_request_leaves_the_site(built_sample):
    for path in built_sample.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag, **{attribute: True}):
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not element[attribute].startswith(("http://", "https://", "//")), (path, element)


@pytest.mark.parametrize(("atom", "json_feed"), [
    ("feeds/all.atom.xml", "feeds/all.json"),
    ("feeds/authors/brahm.atom.xml", "feeds/authors/brahm.json"),
    ("feeds/topics/belarus-russia-military.atom.xml", "feeds/topics/belarus-russia-military.json"),
])
def test_site_author_and_topic_feeds(built_sample, atom, json_feed):
    parsed = feedparser.parse((built_sample / atom).read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    assert SEED_TITLE in [entry.title for entry in parsed.entries]
    assert all(entry.get("author") for entry in parsed.entries)  # RFC 4287: every entry has an author
    document = json.loads((built_sample / json_feed).read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text()))


def test_indonesian_interface_without_a_system_locale(site_factory):
    from digest.build import build

    site = site_factory("timelines")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace('DEFAULT_LANG = "en"', 'DEFAULT_LANG = "id"'))
    build(site)
    home = BeautifulSoup((site / "output/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.html["lang"] == "id"
    assert home.h1.get_text() == "Terbaru di digest"
    assert [a.get_text() for a in home.select(".site-nav a")][:3] == ["Terbaru", "Topik", "Edisi"]
    timeline = BeautifulSoup((site / "output/topics/alliance/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h3.get_text() for h3 in timeline.select(".timeline-month h3")][-2:] == ["Februari 2022", "Maret 2022"]
    assert "10 Februari 2022" in timeline.get_text()
    assert "8 entri" in timeline.select_one(".timeline-page__header .meta").get_text()
    assert "Februari 2022: 4 entri" in [bar.title.get_text() for bar in timeline.select("rect.chart__bar")]
    english_article = BeautifulSoup((site / "output/articles/2022/invasion/index.html").read_text(encoding="utf-8"), "html.parser")
    assert english_article.select_one("article.article")["lang"] == "en"  # the article keeps its own language


@pytest.mark.parametrize("width", [360, 1600])
def test_no_page_type_scrolls_sideways_at_the_narrowest_and_widest_sizes(browser, served_sample, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for kind, path in PAGE_TYPES.items():
            page.goto(f"{served_sample}/{path}")
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), kind
    finally:
        page.close()
