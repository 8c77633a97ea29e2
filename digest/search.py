"""How the search index is split: article pages into shards that Pagefind indexes one at a time.

Pagefind holds everything it indexes in memory at once (about 100 kB an
article page), and has no incremental mode. Split into shards of at most
``SHARD_LIMIT`` pages, one Pagefind run needs a bounded amount of memory, and a
build after an edit indexes again only the shard the edited page is in; the
search page merges the shards (Pagefind's ``mergeIndex``). A site of at most
``SHARD_LIMIT`` pages has one shard. In a larger one, a page's shard
depends only on its own address: its year (the first four-digit folder of its
address), then a stable hash of the address among as many shards as the year
needs, so adding an article moves no other page, until its year needs one
shard more. Pagefind is given a document of each article's searchable text
(``search_document``), not its page: a shard whose documents did not change
(``documents_key``) keeps its index. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from html import escape

SHARD_LIMIT = 2000
_YEAR = re.compile(r"(?:^|/)(\d{4})/")


def shard_pages(pages: Iterable[str], limit: int = SHARD_LIMIT) -> dict[str, list[str]]:
    """Shard name -> the pages in it (paths relative to the output, sorted); names sort as the shards do."""
    pages = sorted(pages)
    if len(pages) <= limit:
        return {"all": pages} if pages else {}  # a small site: one index, as Pagefind makes it
    by_year: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        match = _YEAR.search(page)
        by_year[match[1] if match else "other"].append(page)
    shards: dict[str, list[str]] = {}
    for year, members in sorted(by_year.items()):
        count = math.ceil(len(members) / limit)
        if count == 1:
            shards[year] = sorted(members)
            continue
        split: dict[str, list[str]] = defaultdict(list)
        for page in members:
            bucket = int.from_bytes(hashlib.blake2b(page.encode(), digest_size=4).digest(), "big") % count
            split[f"{year}-{bucket}"].append(page)
        shards.update((name, sorted(split[name])) for name in sorted(split))
    return shards


def search_document(*, lang: str, title: str, subtitle: str = "", captions: Iterable[str] = (),
                    body_html: str = "", filters: Mapping[str, Iterable[str]] | None = None) -> str:
    """What Pagefind indexes of an article: a page of its own holding only what readers search (its
    title as the ``h1``, which Pagefind weighs most and shows as the result's title, the subtitle,
    the pictures' captions and the body, already sanitised HTML) and the filters, in ``lang``: the
    site's language, as the search page's, since Pagefind searches the index of its page's
    language. None of the page's furniture (dates, bylines, navigation, related links) can reach a
    result's words or excerpt, and the index does not change when only the furniture does."""
    parts = [f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
             f"</head><body><h1>{escape(title)}</h1>"]
    parts.extend(f"<p>{escape(text)}</p>" for text in (subtitle, *captions) if text)
    parts.append(body_html)
    for name, values in (filters or {}).items():
        # Pagefind keeps a filter's value from an element it is told to ignore, but not its words.
        parts.extend(f'<span data-pagefind-ignore data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
                     for value in values)
    parts.append("</body></html>")
    return "".join(parts)


def documents_key(documents: Iterable[tuple[str, str]]) -> str:
    """A hash of a shard's (address, document) pairs in their order: the same key, the same index."""
    digest = hashlib.blake2b(digest_size=16)
    for url, document in documents:
        for part in (url, document):
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
    return digest.hexdigest()
