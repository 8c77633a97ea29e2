"""A site made of attacks: XSS vectors in every field an editor or an imported page can fill.

Each vector, if it got through as markup, would either open a dialog
(``alert``), set ``window.__pwned``, or make the browser contact
``evil.example`` (a host that is not this machine). The tests build this site
with real Pelican and then look for all three in Chromium, and for the
markup itself in the HTML, feeds and TimelineJS data.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from unittest import mock

from digest.articles import format_article
from digest.model import Article, Image, Related, Source

EVIL = "evil.example"

# Text an attacker puts where text goes: titles, summaries, names, captions, topic descriptions.
TEXT_VECTORS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<svg><script>window.__pwned=1</script></svg>",
    "</script><script>alert(1)</script>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    'x <!--<img src="--><img src=x onerror=alert(1)//">',
    '<a href="javascript:alert(1)">click</a>',
    f'<img src="http://{EVIL}/pixel.png">',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    f"<style>@import 'http://{EVIL}/x.css';</style>",
    f"<link rel=stylesheet href=http://{EVIL}/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    f'<base href="http://{EVIL}/">',
    f'<form action="http://{EVIL}/"><button>go</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '"onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\u2028\u2029</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    f'<img srcset="http://{EVIL}/x.png 1x">',
    f'<div style="background:url(http://{EVIL}/x.png)">styled</div>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="10">x</text></a></svg>',
    "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="&#97;lert(1)">',
    "{{ 7 * 7 }}{% raw %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    '<isindex type=image src=1 onerror=alert(1)>',
    "<marquee onstart=alert(1)>",
]

# Addresses an attacker puts where addresses go: link targets, picture sources.
URL_VECTORS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    f"//{EVIL}/x",
    f"http://{EVIL}/pixel.png",
    "http://[oops/pixel.png",  # a bracketed host that is no IPv6 address: urlsplit raises on it
    f"http://{EVIL}:99999/pixel.png",
]

VECTORS = TEXT_VECTORS + URL_VECTORS


def _body(vectors: list[str]) -> str:
    """Markdown with every vector as text, as a link, as a link's text and as a picture."""
    lines = ["An ordinary first paragraph, so the page has a story."]
    for number, vector in enumerate(vectors):
        lines.append(f"Text {number}: {vector}")
        lines.append(f"[link {number}]({vector}) and ![picture {number}]({vector})")
        lines.append(f"[{vector}](https://example.org/{number})")
    lines.append("[ref link][bad]\n\n[bad]: javascript:alert(1)")
    return "\n\n".join(lines)


def hostile_articles() -> list[tuple[str, Article]]:
    """(file stem, article): one article per text vector, each field carrying vectors."""
    articles = []
    for number, vector in enumerate(TEXT_VECTORS):
        other = TEXT_VECTORS[(number + 1) % len(TEXT_VECTORS)]
        articles.append((f"hostile-{number:02d}", Article(
            title=f"{vector} title {number}",
            date=dt.date(2022, 1 + number % 12, 1 + number % 28),
            subtitle=other,
            summary=f"{vector} [summary link](javascript:alert(1)) **{other}**",
            authors=(f"{vector} author",),
            editor=other,
            location=vector,
            source=Source(name=f"{vector} outlet", url="https://example.org/source?q=%22%3E%3Cscript%3E"),
            lang="en",
            topics=("attacks",) if number % 2 else ("attacks", "sub-attacks"),
            related=(Related(title=vector, url="https://example.org/related"), Related(title=other)),
            images=(Image(caption=vector, credit=other, src=f"http://{EVIL}/photo-{number}.jpg"),
                    Image(caption=other, credit=vector, src="images/local.svg")),
            cites=(vector,),
            source_tags=(other,),
            key=number % 3 == 0,
            body=_body(VECTORS if number == 0 else [vector, URL_VECTORS[number % len(URL_VECTORS)]]),
        )))
    return articles


TOPICS = [
    {"slug": "attacks", "title": '"><script>alert(1)</script> attacks', "description": TEXT_VECTORS[1],
     "keywords": ["attack"]},
    {"slug": "sub-attacks", "title": "<svg onload=alert(1)> sub", "description": TEXT_VECTORS[8], "parent": "attacks"},
]

# A plain-text page copied from a "news site", and a saved HTML page, both hostile; imported with digest import.
IMPORTED_TEXT = """Pasukan "><script>alert(1)</script> Bentuk Gabungan

Jakarta, IDN Times - x <!--<img src="--><img src=x onerror=alert(1)//"> Presiden bertemu menteri pertahanan pada Sabtu (3/12/2022) untuk membahas kerja sama.

Pertemuan <svg onload=alert(1)> tersebut membahas latihan militer bersama dan [tautan](javascript:alert(1)).

Baca Juga: <img src=x onerror=alert(1)> judul lain

Kedua negara sepakat <a href="javascript:alert(1)">memperkuat</a> pasukan gabungan di perbatasan.
"""

IMPORTED_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>"&gt;&lt;script&gt;alert(1)&lt;/script&gt; Drills at the border | Example News</title>
<meta name="description" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; A summary that breaks out">
<meta property="og:image" content="http://{EVIL}/og.png">
<meta name="author" content="&lt;img src=x onerror=alert(1)&gt;">
<script>alert(1)</script>
</head><body>
<article>
<h1>"&gt;&lt;script&gt;alert(1)&lt;/script&gt; Drills at the border</h1>
<time datetime="2022-05-02">2 May 2022</time>
<p onclick="alert(1)">Troops from two countries held drills near the border on Monday, officials said in a statement.</p>
<p>The exercise <a href="javascript:alert(1)">involved</a> armoured units and air defence, and it is set to last two weeks.
<img src="http://{EVIL}/inline.png" onerror="alert(1)"></p>
<p>Observers <iframe src="http://{EVIL}/frame"></iframe> said the drills were the largest this year in the region.</p>
<p>Officials described the <svg><script>alert(1)</script></svg> drills as defensive and routine.</p>
</article></body></html>
"""


def make_hostile_site(destination: Path) -> Path:
    """The hostile site's folder: the repository's settings and theme, hostile content and two imports."""
    from digest.importer import ImportOptions, import_articles
    from digest.topics import parse_topics
    from tests.conftest import add_settings_and_theme

    site = destination / "hostile"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "content" / "images").mkdir()
    (site / "content" / "images" / "local.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n')
    add_settings_and_theme(site)
    topics_text = json.dumps(TOPICS, ensure_ascii=False, indent=1)  # JSON is YAML
    (site / "content" / "topics.yaml").write_text(topics_text, encoding="utf-8")
    for stem, article in hostile_articles():
        folder = site / "content" / "articles" / str(article.date.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{stem}.md").write_text(format_article(article), encoding="utf-8")
    sources = destination / "sources"
    sources.mkdir()
    (sources / "pasukan.txt").write_text(IMPORTED_TEXT, encoding="utf-8")
    (sources / "drills.html").write_text(IMPORTED_HTML, encoding="utf-8")
    results = import_articles([sources / "pasukan.txt", sources / "drills.html"], site / "content",
                              parse_topics(topics_text), options=ImportOptions(default_date=dt.date(2022, 5, 2)))
    assert not [result.error for result in results if result.error]
    return site


def build_past_the_check(site: Path) -> Path:
    """Build ``site`` as ``digest build`` does, but with ``digest check``'s errors waved through:
    what the check would refuse (javascript: links) must still reach no reader."""
    from digest.build import build
    from digest.check import CheckReport

    with mock.patch("digest.build.check_site", return_value=CheckReport((), 0)):
        build(site)
    return site / "output"


# --- what must not be in what the site publishes ------------------------------------------------------

ALLOWED_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "xlink:href", "data", "poster", "background", "cite")
FORBIDDEN_TAGS = ("iframe", "object", "embed", "form", "base", "math", "style", "template", "frame", "frameset",
                  "applet", "input", "button", "video", "audio", "source", "marquee", "isindex")


def injected_markup(html: str, where: str, *, page: bool = True) -> list[str]:
    """Everything in ``html`` that a hostile value could have put there; [] when it is clean.

    ``page``: a whole page of the theme (its own scripts and stylesheets are allowed);
    otherwise a fragment from content (a feed entry, a TimelineJS text), where none is.
    """
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup

    from digest.sanitize import scheme_of

    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        described = f"{where}: <{name} {dict(tag.attrs)}>"[:300]
        if name in FORBIDDEN_TAGS:
            found.append(f"{described}: a <{name}> element")
        if name == "script":
            ok = page and (tag.get("type") == "application/ld+json" or (
                tag.get("src") and not urlsplit(tag["src"]).netloc and tag["src"].endswith((
                    "pagefind/pagefind-ui.js", "theme/js/search.js")) and not tag.string))
            if not ok:
                found.append(f"{described}: a script")
            elif tag.get("type") == "application/ld+json":
                json.loads(tag.string)  # it is JSON, whole: nothing ended the element early
        if name == "svg" and not (page and "chart" in (tag.get("class") or [])):
            found.append(f"{described}: an <svg> from content")
        rel = set(tag.get("rel") or [])
        link_loads = name == "link" and bool(rel & {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"})
        if name == "link" and not page:
            found.append(f"{described}: a <link> from content")
        if link_loads and urlsplit(tag.get("href", "")).netloc:
            found.append(f"{described}: a <link> that loads from another host")
        if name == "meta" and tag.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.append(f"{described}: a <meta http-equiv>")
        for attribute, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attribute.lower().startswith("on"):
                found.append(f"{described}: an event handler {attribute}")
            if attribute.lower() == "style":
                found.append(f"{described}: a style attribute")
            if attribute.lower() in URL_ATTRIBUTES:
                scheme = scheme_of(value)
                if scheme and scheme not in ALLOWED_SCHEMES:
                    found.append(f"{described}: a {scheme}: address in {attribute}")
                loads = attribute.lower() in ("src", "srcset", "data", "poster", "background")
                if loads and urlsplit(value.strip()).netloc:
                    found.append(f"{described}: loads from another host")
    return found
