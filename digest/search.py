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
shard more. ``indexed_view`` tells whether a page changed where Pagefind reads
it, so that a shard whose pages changed only elsewhere keeps its index. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from html.parser import HTMLParser

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


# What Pagefind takes from a page: its text, but not the text inside data-pagefind-ignore (unless
# it is a filter's, meta's or sort's value), and every tag and attribute (the language, the body
# and its headings' ids, filters and meta given as attributes). Two pages with the same view give
# Pagefind the same record; the view is on the safe side: it keeps more than Pagefind reads.
_KEEPS_TEXT = ("data-pagefind-filter", "data-pagefind-meta", "data-pagefind-sort", "data-pagefind-default-meta")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _Viewer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, text ignored, text kept)
        self.broken = False

    def handle_starttag(self, tag, attrs):
        self.parts.append(f"<{tag} {attrs!r}>")
        if tag in _VOID:
            return
        ignored, kept = self.stack[-1][1:] if self.stack else (False, False)
        names = {name for name, _ in attrs}
        self.stack.append((tag, ignored or "data-pagefind-ignore" in names,
                           kept or any(name in names for name in _KEEPS_TEXT)))

    def handle_startendtag(self, tag, attrs):
        self.parts.append(f"<{tag} {attrs!r}/>")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.broken = True  # an end the parser would have to guess at: say nothing
            return
        self.stack.pop()
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        ignored, kept = self.stack[-1][1:] if self.stack else (False, False)
        if kept or not ignored:
            self.parts.append(data)


def indexed_view(page: str) -> str | None:
    """What of ``page`` (HTML) can reach its search record, as one string; None when the page's
    elements do not close in order, so that the view could not be trusted (such a page is indexed
    again). HTMLParser's tree, not Pagefind's own: comparing views only decides whether a shard's
    index from the last build still holds, so a view may keep too much but never too little."""
    viewer = _Viewer()
    viewer.feed(page)
    viewer.close()
    return None if viewer.broken or viewer.stack else "".join(viewer.parts)
