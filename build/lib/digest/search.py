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
shard more. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable

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
