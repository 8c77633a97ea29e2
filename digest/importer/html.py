"""A saved or fetched web page in, an ``Article`` out. Pure: no I/O.

trafilatura finds the main text (as Markdown) and the page's metadata: title,
authors, date, site name, description, categories and tags. Where it misses
the title, the date or the authors and the page's own metadata has them
(JSON-LD ``NewsArticle``, Open Graph, ``<meta>`` tags, ``<time>``), those are
used; the page's headline and the people its JSON-LD names come first. Its
metadata is converted to our ``Article`` field by field; its own YAML output
is never used (see trafilatura GH #814). The text then goes through the same
layout rules as pasted text (``text.LineReader``), so "Baca juga" lines,
bylines and furniture are handled alike, and related links keep their
addresses.

A page with article text always gives an article: what it does not tell (a
date, a byline, a picture's caption) is left blank for the editor, in a draft.
The choices here were measured against plain trafilatura on public annotated
pages with ``python -m bench.eval_import`` (the README has the figures).

The body is Markdown with no raw HTML: trafilatura drops scripts and styles,
pictures are kept only as addresses in ``images`` (the theme loads one only from
an allowed host), links keep only http(s) addresses, and a ``<`` that would
open a tag is escaped.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from digest.errors import ArticleImportError
from digest.importer import dates, rules
from digest.importer.text import Draft, LineReader, TITLE_MAX_CHARS, finish, split_names
from digest.model import Article, Image, Topic

ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
})
MAX_FIGURES = 10
MAX_H1S = 5
MIN_ARTICLE_WORDS = 12  # less text than this is a page's furniture, not an article
FEW_WORDS = 60  # less than this from the first pass, and the recall-oriented pass is tried


@dataclass
class PageMetadata:
    """What the page says about itself, outside its text."""

    title: str = ""
    headline: str = ""  # JSON-LD's headline
    titles: list[str] = field(default_factory=list)  # og:title, twitter:title and <title>, as written
    h1s: list[str] = field(default_factory=list)  # the page's first level-one headings
    ld_authors: list[str] = field(default_factory=list)  # the people JSON-LD names
    authors: list[str] = field(default_factory=list)  # the <meta> tags' authors
    date: dt.date | None = None
    site_name: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    url: str = ""  # the canonical address the page gives
    address: str = ""  # where the page was fetched from, if it was
    lang: str = ""
    image: Image | None = None  # the lead picture (og:image, JSON-LD image), with what the page says of it


def parse_html(
    html: str, *, url: str = "", topics: Sequence[Topic] = (), default_date: dt.date | None = None
) -> Article:
    """Turn a news page into an ``Article``. Raises ArticleImportError only for a page with no article text.

    What the page does not tell (a date, a byline) is left blank: the import writes a draft and
    lists what the editor must fill in, rather than throwing the article away.
    """
    if not html.strip():
        raise ArticleImportError("the page is empty")
    tree = _tree(html)
    page = page_metadata(tree, url)
    draft, words = None, 0
    # trafilatura's balanced pass first; if it keeps nothing or very little, its recall-oriented
    # pass, which lets more of the page through; the one with more words is kept.
    for favor_recall in (False, True):
        # trafilatura prunes the tree it is given: the first pass takes a copy, the second (rare)
        # loads the page anew.
        document = _extract(html if favor_recall else copy.deepcopy(tree), url, favor_recall=favor_recall)
        if document is None or not (document.text or "").strip():
            continue
        candidate = _draft(document, page)
        candidate_words = word_count(candidate.paragraphs)
        if draft is None or candidate_words > words:
            draft, words = candidate, candidate_words
        if words >= FEW_WORDS:
            break
    if draft is None or words < MIN_ARTICLE_WORDS:
        raise ArticleImportError("no article text found in the page")
    _add_page_links_and_figures(draft, tree)
    draft.title = _title(draft.title, page, draft.paragraphs)
    # htmldate (through trafilatura) reads the page's own metadata first, JSON-LD, <meta> and
    # <time>, preferring the first publication over the last change, then (its extensive search)
    # the address and the text. Measured on trafilatura's evaluation pages (bench/eval_import.py)
    # it is right more often than our own reading of the metadata, which comes next (it knows
    # detik's "dtk:publishdate"), then a date line shown on the page.
    draft.date = draft.date or page.date or _visible_date(tree)
    lead, others = lead_image(page, draft.images, draft.source_url)
    draft.images = [lead, *others] if lead else others
    return finish(draft, topics=topics, default_date=default_date, what="page")


def _add_page_links_and_figures(draft: Draft, tree) -> None:
    """The page's "Baca juga" links and its figures, read from the tree once, ahead of those the
    text gave (``figures`` takes credits out of the tree as it reads them)."""
    found = Draft()
    for title, href in related_links(tree, draft.source_url):
        found.add_related(title, href)
    for item in draft.related:
        found.add_related(item.title, item.url)
    draft.related = found.related
    pictures = figures(tree, draft.source_url)
    shown = {picture.caption for picture in pictures}  # a caption the text repeats is the same photo
    draft.images = [*pictures, *(image for image in draft.images if image.caption not in shown)]


def _draft(document: Any, page: PageMetadata) -> Draft:
    """What trafilatura's ``document`` and the page's own metadata say, read with the layout rules."""
    draft = Draft()
    site_names = [name for name in (document.sitename, page.site_name) if name]
    draft.title = clean_title(document.title or page.title or "", site_names)
    draft.date = dates.parse_date(document.date or "")  # htmldate's: see parse_html
    # The page's structured data names its authors as the outlet wrote them ("Michael L. Anderson");
    # trafilatura's reading of the byline next; the <meta> tags, which often hold the outlet, last.
    draft.add_authors(page.ld_authors)
    if not draft.authors:
        _add_authors(draft, document.author or "")
    if not draft.authors:
        draft.add_authors(page.authors)
    draft.authors = [name for name in draft.authors if not is_site_name(name, [*site_names, page.address, page.url])]
    if site_names:
        draft.set_source(site_names[0])
    draft.source_url = page.address or document.url or page.url
    draft.summary = " ".join((document.description or page.description or "").split())
    draft.add_tags([tag for item in (document.tags or []) for tag in re.split(r"\s*[,;]\s*", item)] or page.tags)
    draft.add_tags(document.categories or page.sections)
    draft.lang_hint = page.lang
    text = document.text.strip()
    blocks = markdown_blocks(text, title=draft.title, base_url=draft.source_url, quotes=_quotes(document))
    LineReader(draft, markdown=True).read(blocks, head=False)
    return draft


def word_count(paragraphs: Sequence[str]) -> int:
    """Words in ``paragraphs``; in scripts written without spaces (Chinese, Japanese, Thai) every
    two characters count as one, so a Japanese article is not taken for an empty page."""
    count = 0
    for paragraph in paragraphs:
        if paragraph.startswith("#"):
            continue
        unspaced = len(_UNSPACED.findall(paragraph))
        count += len(_UNSPACED.sub(" ", paragraph).split()) + unspaced // 2
    return count


_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _title(found: str, page: PageMetadata, paragraphs: Sequence[str]) -> str:
    """The headline, cut at a word to a title's length; for a page that names none, its first heading
    or first sentence, for the editor to rewrite (the draft's title is never blank)."""
    title = choose_title(found, page) or next((p.lstrip("# ") for p in paragraphs if p.startswith("#")), "")
    if not title and paragraphs:
        title = re.split(r"(?<=[.!?])\s", paragraphs[0], maxsplit=1)[0]
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"
    return title


# --- trafilatura ------------------------------------------------------------------------------------


def _extract(html: Any, url: str, *, favor_recall: bool = False) -> Any:
    import trafilatura  # imported on first use: plain-text imports never need it

    try:
        return trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False, include_images=False,
            include_tables=True, include_links=True, include_formatting=True, deduplicate=False,
            favor_recall=favor_recall, date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError):
        return None


def _tree(html: str):
    """The page as trafilatura loads it (its repairs of broken markup, no comments), parsed once:
    trafilatura then works on a copy, since it prunes the tree it is given."""
    from trafilatura.utils import load_html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input that declares an encoding
    try:
        tree = load_html(html)
    except (ValueError, TypeError, RecursionError) as error:
        raise ArticleImportError(f"not a readable HTML page: {error}") from None
    if tree is None:
        raise ArticleImportError("not a readable HTML page")
    return tree


def _add_authors(draft: Draft, authors: str) -> None:
    """trafilatura's "Penulis Ayu Lestari; Editor Bima Pratama", read with the byline rules."""
    for part in re.split(r"\s*;\s*", authors):
        kind, match = rules.classify(part)
        if kind == "byline":
            draft.add_authors(split_names(match["names"]))
        elif kind == "editor":
            draft.editor = draft.editor or " ".join(split_names(match["names"])[:1])
        else:
            draft.add_authors(split_names(part))


_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:·›»]\s+|\s*[|›»]\s*|(?<=[\u3000-\u9fff！？。])[-_|]")


def choose_title(title: str, page: PageMetadata) -> str:
    """The story's headline from what the page offers. ``title`` is trafilatura's (from <title> or
    og:title, the outlet's name cut off by ``clean_title``). The page's own headline (JSON-LD
    ``headline``, the ``h1``) wins when it is the part of the title that is the story, or when
    the page has one ``h1`` of a few words that says something else (a title written for search
    engines). The choice is then written as the page writes it: trafilatura folds curly quotes
    and dashes, the headline keeps them. Measured on trafilatura's evaluation pages
    (bench/eval_import.py): 0.66 of titles exact without these rules, 0.79 with them."""
    title = " ".join(title.split())
    headlines = [text for text in (page.headline, *page.h1s[:2]) if text and len(text) <= TITLE_MAX_CHARS]
    folded = _fold(title)
    for headline in headlines:
        folded_headline = _fold(headline)
        if folded_headline and folded_headline != folded and len(folded_headline) > 8 and folded_headline in folded:
            title, folded = headline, folded_headline
            break
    for candidate in (page.headline, *page.titles, *page.h1s[:3]):
        if candidate and candidate != title and _fold(candidate) == folded:
            title = candidate
            break
    title = _strip_host(title, [page.address, page.url, page.site_name])
    if len(page.h1s) == 1 and len(page.h1s[0].split()) >= 3 and _fold(page.h1s[0]) != _fold(title) \
            and len(page.h1s[0]) <= TITLE_MAX_CHARS:
        title = page.h1s[0]
    return title


def _strip_host(title: str, sites: Sequence[str]) -> str:
    """ "Streit ums Feuerholz - www.AussenGedanken.de" without the site's address or name at its end."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    names = []
    for site in sites:
        host = urlsplit(site).hostname if "://" in site else None
        names.append(_fold(re.sub(r"^www\d?\.", "", host) if host else site).replace(" ", ""))

    def is_site(part: str) -> bool:
        folded = _fold(part).replace(" ", "")
        return bool(folded) and any(name and (folded in name or name.startswith(folded) or name in folded)
                                    for name in names)
    if is_site(parts[-1]):
        return title[:title.rfind(parts[-1])].rstrip(" -–—|:·›»_")
    if is_site(parts[0]):  # "NEWS WEB EASY|子どもへの…": the site's name first
        return title[len(parts[0]):].lstrip(" -–—|:·›»_")
    return title


def is_site_name(name: str, sites: Sequence[str]) -> bool:
    """True when ``name`` is the outlet rather than a person: its site name ("Oberösterreichische
    Nachrichten"), its company ("Frankfurter Allgemeine Zeitung GmbH") or its address read as words
    ("Tagesschau De", "Jungefreiheit De")."""
    folded = _fold(name)
    if not folded:
        return True
    if re.search(r"\b(?:gmbh|ag|ltd|llc|inc|s\.?a|srl|corp|media group)\.?$", name, re.IGNORECASE):
        return True
    for site in sites:
        host = urlsplit(site).hostname if "://" in site else ""
        candidates = [_fold(site)] if not host else []
        if host:
            host = re.sub(r"^www\d?\.", "", host)
            candidates += [_fold(host), _fold(host.rsplit(".", 1)[0])]
        if any(candidate and (folded == candidate or folded.replace(" ", "") == candidate.replace(" ", ""))
               for candidate in candidates):
            return True
    return False


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def clean_title(title: str, site_names: Sequence[str] = ()) -> str:
    """The title without the outlet's name the page adds: "Title - Kompas.com", "Title | Reuters"."""
    title = " ".join(title.split())
    names = [re.escape(name) for name in site_names if name] + [rules.OUTLET]
    cleaned = re.sub(r"\s+[-–—|:·]\s+(?:" + "|".join(names) + r")\s*$", "", title, flags=re.IGNORECASE)
    return cleaned.strip() or title


# --- The text ------------------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?:<(?P<angle>[^>\n]*)>|(?P<url>[^)\s]*))(?:\s+\"[^\"]*\")?\)")
_TAG_START = re.compile(r"\\?<(?=[A-Za-z/!?])")  # trafilatura escapes some as "\<": make every one "&lt;"


def markdown_blocks(text: str, *, title: str = "", base_url: str = "", quotes: frozenset[str] = frozenset()) -> list[str]:
    """trafilatura's Markdown as blocks (paragraphs, lists, tables), made safe to publish. The
    paragraphs whose words are in ``quotes`` were quoted on the page and become ``>`` quotes."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        block = _IMAGE.sub("", block).strip()
        block = _LINK.sub(lambda match: _safe_link(match, base_url), block)
        block = _TAG_START.sub("&lt;", block)
        if not block:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", block)
        if heading:
            if not blocks and heading[2].strip().casefold() == title.casefold():
                continue  # the title again, above the text
            block = "#" * max(2, len(heading[1])) + " " + heading[2].strip()
        elif quotes and _fold(_LINK.sub(r"\g<text>", block)) in quotes:
            block = "\n".join("> " + line for line in block.splitlines())
        blocks.append(block)
    return blocks


def _quotes(document: Any) -> frozenset[str]:
    """The paragraphs trafilatura found inside quotes: its Markdown leaves the ``>`` out, its tree
    (``document.body``) keeps ``<quote>``."""
    body = getattr(document, "body", None)
    if body is None:
        return frozenset()
    found = set()
    for quote in body.iter("quote"):
        paragraphs = list(quote.iter("p")) or [quote]
        found.update(_fold(" ".join(paragraph.itertext())) for paragraph in paragraphs)
    return frozenset(text for text in found if text)


def _safe_link(match: re.Match[str], base_url: str) -> str:
    text, url = match["text"].strip(), (match["angle"] or match["url"] or "").strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) and not re.match(r"https?://", url, re.IGNORECASE):
        return text  # javascript:, mailto:, data: ...
    if base_url:
        url = urljoin(base_url, url)
    if not re.match(r"https?://", url, re.IGNORECASE) or not text:
        return text
    return f"[{text}]({url})"


# --- The page's own metadata -----------------------------------------------------------------------------


def page_metadata(tree, url: str = "") -> PageMetadata:
    """JSON-LD first, then Open Graph and ``<meta>`` tags, then ``<time>`` and ``<title>``."""
    page = PageMetadata(address=url)
    for node in _json_ld_articles(tree):
        _from_json_ld(page, node)
        break
    meta = _meta_tags(tree)
    page.title = page.title or _first(meta, "og:title", "twitter:title", "title", "dc.title")
    page.site_name = page.site_name or _first(meta, "og:site_name", "application-name", "publisher", "dc.publisher")
    page.description = page.description or _first(meta, "og:description", "description", "twitter:description")
    page.url = page.url or _first(meta, "og:url")
    if not page.authors:
        for name in meta.get("article:author", []) + meta.get("author", []) + meta.get("dtk:author", []) + \
                meta.get("dc.creator", []) + meta.get("parsely-author", []):
            if not re.match(r"https?://", name):
                page.authors.extend(split_names(name) or [])
    if page.date is None:
        for key in ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
                    "publishdate", "publish-date", "publish_date", "dtk:publishdate", "dc.date", "dc.date.issued",
                    "dcterms.created", "citation_publication_date", "parsely-pub-date", "sailthru.date",
                    "article.published", "content_publisheddate"):
            for value in meta.get(key, []):
                page.date = page.date or dates.parse_date(value)
    if not page.tags:
        page.tags = [tag for value in meta.get("article:tag", []) + meta.get("news_keywords", []) + meta.get("keywords", [])
                     for tag in re.split(r"\s*,\s*", value) if tag]
    page.sections = page.sections or meta.get("article:section", [])
    src = _first(meta, "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")
    if page.image is None and src:
        page.image = Image(src=src, caption=_first(meta, "og:image:alt", "twitter:image:alt"))
    if page.date is None:
        for element in tree.xpath("//time[@datetime]"):
            page.date = dates.parse_date(element.get("datetime", ""))
            if page.date:
                break
    title_tag = " ".join(" ".join(tree.xpath("//title//text()")).split())
    page.titles = [text for text in (_first(meta, "og:title"), _first(meta, "twitter:title"), title_tag) if text]
    page.h1s = [text for text in (" ".join(h1.text_content().split()) for h1 in tree.xpath("//body//h1")[:MAX_H1S]) if text]
    if not page.title:
        page.title = title_tag
    if not page.url:
        canonical = tree.xpath("//link[@rel='canonical']/@href")
        page.url = canonical[0].strip() if canonical else ""
    if page.url and url:
        page.url = urljoin(url, page.url)
    if page.url and not re.match(r"https?://", page.url):
        page.url = ""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").split("-")[0].lower()
    page.lang = page.lang or (lang if re.fullmatch(r"[a-z]{2}", lang) else "")
    return page


def _meta_tags(tree) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = " ".join((element.get("content") or "").split())
        if key and value:
            meta.setdefault(key, []).append(value)
    return meta


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    return next((meta[key][0] for key in keys if meta.get(key)), "")


def _json_ld_articles(tree) -> Iterator[dict]:
    nodes: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        nodes.extend(_walk(data))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(kind, str) and kind in ARTICLE_TYPES for kind in types):
            yield {key: _resolve(value, by_id) for key, value in node.items()}


def _walk(data: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _walk(data[key], depth + 1)


def _resolve(value: Any, by_id: dict[str, dict]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    return value


def _from_json_ld(page: PageMetadata, node: dict) -> None:
    page.title = _text(node.get("headline") or node.get("name"))
    page.headline = _text(node.get("headline"))
    for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
        page.date = page.date or dates.parse_date(_text(node.get(key)))
    for person in _items(node.get("author") or node.get("creator")):
        name = _text(person.get("name") if isinstance(person, dict) else person)
        if name and not (isinstance(person, dict) and person.get("@type") == "Organization"):
            page.ld_authors.extend(split_names(name))
    publisher = node.get("publisher")
    page.site_name = _text(publisher.get("name") if isinstance(publisher, dict) else publisher)
    page.description = _text(node.get("description"))
    keywords = node.get("keywords")
    page.tags = [tag for item in _items(keywords) for tag in re.split(r"\s*,\s*", _text(item)) if tag]
    page.sections = [_text(item) for item in _items(node.get("articleSection")) if _text(item)]
    page.url = _text(node.get("url") or node.get("mainEntityOfPage"))
    for picture in _items(node.get("image"))[:1]:
        if isinstance(picture, dict):
            credit = picture.get("creditText") or picture.get("copyrightHolder") or picture.get("author") or ""
            page.image = Image(src=_text(picture.get("url") or picture.get("contentUrl")),
                               caption=_text(picture.get("caption") or picture.get("description")),
                               credit=_text(credit.get("name") if isinstance(credit, dict) else credit))
        elif isinstance(picture, str):
            page.image = Image(src=_text(picture), caption="")
    page.lang = _text(node.get("inLanguage")).split("-")[0].lower()[:2]


def _items(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("name") or value.get("url") or ""
    return " ".join(value.split()) if isinstance(value, str) else ""


# --- Related links, figures and a visible date ---------------------------------------------------------------

_RELATED_START = re.compile(r"^\s*" + rules.RELATED_LABEL + r"\b\s*[:：\-–—]?\s*", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "span", "strong", "b", "h2", "h3", "h4", "h5", "aside", "section", "em"})


def related_links(tree, base_url: str = "") -> list[tuple[str, str]]:
    """(title, address) of the links in "Baca juga" lines and boxes, with their ``href``."""
    found: list[tuple[str, str]] = []
    consumed: set = set()
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS or element in consumed:
            continue
        text = " ".join(element.text_content().split())
        label = _RELATED_START.match(text)
        if not label or len(text) > 600:
            continue
        links = [link for link in element.iter("a") if link.get("href")]
        if not 1 <= len(links) <= 10:
            continue
        titles = [" ".join(link.text_content().split()) for link in links]
        leftover = text[label.end():]
        for title in titles:
            leftover = leftover.replace(title, "", 1)
        if len(leftover.strip(" |•·,;:-–—")) > 40:
            continue  # a paragraph that starts with the label, not a related line
        for link, title in zip(links, titles):
            href = urljoin(base_url, link.get("href", "").strip()) if base_url else link.get("href", "").strip()
            if title and re.match(r"https?://", href, re.IGNORECASE):
                found.append((title, href))
            elif title:
                found.append((title, ""))
        consumed.update(element.iter())
    return found


def lead_image(page: PageMetadata, found: Sequence[Image], base_url: str = "") -> tuple[Image | None, list[Image]]:
    """(the page's lead picture, the other figures). The lead picture is the one the page names
    for link previews; when one of the article's figures shows it, it takes that figure's caption
    and credit. Only an http(s) address is kept; the theme shows it only from an allowed host."""
    if page.image is None or not page.image.src:
        return None, list(found)
    src = urljoin(base_url, page.image.src) if base_url else page.image.src
    if not re.match(r"https?://[^\s/]+", src, re.IGNORECASE) or any(char.isspace() for char in src) \
            or _SITE_PICTURE.search(urlsplit(src).path.rsplit("/", 1)[-1]):
        return None, list(found)
    image = Image(caption=page.image.caption, src=src, credit=page.image.credit)
    for index, figure in enumerate(found):
        if figure.src and _same_picture(figure.src, src):
            return Image(caption=figure.caption or image.caption, src=src, credit=figure.credit or image.credit), \
                [*found[:index], *found[index + 1:]]
    return image, list(found)


# The picture a site shares for every page (its logo, a default card), not the story's.
_SITE_PICTURE = re.compile(r"(?:^|[-_.])(?:og[-_]?image|logo|default|placeholder|fallback|share|social|favicon)"
                           r"(?:[-_.]|$)", re.IGNORECASE)


def _same_picture(one: str, other: str) -> bool:
    """Two addresses of one picture: the same file name, whatever size or query the CDN adds."""
    def name(url: str) -> str:
        stem = urlsplit(url).path.rsplit("/", 1)[-1].lower()
        return re.sub(r"[-_]\d{2,4}x\d{2,4}(?=\.)|\.(?:webp|jpe?g|png|gif|avif)$", "", stem)
    return bool(name(one)) and name(one) == name(other)


def figures(tree, base_url: str = "") -> list[Image]:
    """The article's photos: caption, credit and address. The address is only kept: the theme
    shows a picture from another host only when the settings allow that host."""
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    images: list[Image] = []
    for figure in scope[0].iter("figure"):
        captions = figure.xpath(".//figcaption")
        if not captions:
            continue
        caption_element = captions[0]
        credit = ""
        for element in caption_element.xpath(
            ".//*[contains(@class, 'credit') or contains(@class, 'copyright') or contains(@class, 'source') "
            "or contains(@class, 'author')]"
        ):
            credit = " ".join(element.text_content().split())
            element.drop_tree()
            break
        text = " ".join(caption_element.text_content().split())
        kind, match = rules.classify(text)
        if kind == "caption" and not credit:
            text, credit = match["caption"].strip(), match.groupdict().get("credit") or ""
        credit = rules.CREDIT_LABEL.sub("", credit.strip()).rstrip(".").strip()
        if text:
            images.append(Image(caption=text, credit=credit, src=_figure_src(figure, base_url)))
        if len(images) >= MAX_FIGURES:
            break
    return images


def _figure_src(figure, base_url: str) -> str:
    for image in figure.iter("img"):
        src = (image.get("src") or image.get("data-src") or "").strip()
        src = urljoin(base_url, src) if base_url else src
        if re.match(r"https?://[^\s/]+\S*$", src, re.IGNORECASE):
            return src
    return ""


def _visible_date(tree) -> dt.date | None:
    """A date line shown on the page ("Sabtu, 03 Des 2022 14:05 WIB"), for pages without date metadata."""
    for text in tree.xpath("//body//text()[normalize-space()]"):
        parent = text.getparent()
        if parent is not None and parent.tag in ("script", "style", "noscript"):
            continue
        found = dates.date_line(" ".join(str(text).split()))
        if found:
            return found
    return None

