"""The search index: Pagefind run on the article pages, one shard at a time (``digest.search``).

Each shard is indexed from a folder of hard links to its pages, beside the
output, into ``pagefind/<shard>/``; ``pagefind/shards.json`` lists the shards
(with a hash of the names of their pages and the Pagefind version), and the
search page reads it to merge them. A shard whose pages give Pagefind what the
last build's pages (``previous``) gave it is not indexed again: its folder is
linked in from there (``_index_holds``). The list depends only on the pages, so
it is byte for byte what a build from scratch writes. Pagefind dies with the build
(``dies_with_parent``): a killed build leaves no indexer running.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from digest.files import write_atomically
from digest.processes import dies_with_parent
from digest.search import SHARD_LIMIT, indexed_view
from digest.search import shard_pages as split_into_shards

MANIFEST = "pagefind/shards.json"
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


# Pagefinds at once: each holds its shard in memory (about 100 kB a page, so 200 MB for a
# full shard); two keep both cores busy on a cold build.
PARALLEL = 2
# Pages of a shard whose bytes changed and whose views are compared before the shard is simply
# indexed again: 200 pairs of views take about 0.6 s, indexing a shard of 2,000 pages 2.6 s.
VIEW_LIMIT = 200


def index_for_search(output: Path, pages: list[str], previous: Path | None, *,
                     shard_pages: int = SHARD_LIMIT) -> tuple[list[str], int]:
    """Index ``pages`` (paths under ``output``) in shards of at most ``shard_pages``; (errors, shards indexed anew)."""
    shards = split_into_shards(pages, shard_pages)
    known = _manifest(previous) if previous is not None else {}
    indexer = _pagefind_version()
    names = {name: _names_key(members) for name, members in shards.items()}
    to_index = [name for name, members in shards.items() if not (
        _index_holds(known.get(name), names[name], indexer, output, previous, members)
        and _link_tree(previous / "pagefind" / name, output / "pagefind" / name))]
    with ThreadPoolExecutor(max_workers=max(1, min(PARALLEL, len(os.sched_getaffinity(0)), len(to_index)))) as pool:
        failures = dict(zip(to_index, pool.map(
            lambda name: _run_pagefind(output, shards[name], output / "pagefind" / name, name), to_index)))
    errors = [f"search index failed: {failure}" for failure in failures.values() if failure]
    manifest = [{"name": name, "names": names[name], "pages": len(members), "indexer": indexer}
                for name, members in shards.items() if not failures.get(name)]
    indexed = sum(1 for failure in failures.values() if not failure)
    if manifest:
        first = output / "pagefind" / manifest[0]["name"]
        for ui_file in _UI_FILES:
            if (first / ui_file).is_file():
                os.link(first / ui_file, output / "pagefind" / ui_file)
    write_atomically(output / MANIFEST, json.dumps({"bundles": [f"{shard['name']}/" for shard in manifest],
                                                    "shards": manifest}, indent=1) + "\n")
    return errors, indexed


def _names_key(members: list[str]) -> str:
    return hashlib.blake2b("\0".join(members).encode(), digest_size=12).hexdigest()


def _index_holds(known: dict | None, names: str, indexer: str, output: Path, previous: Path | None,
                 members: list[str]) -> bool:
    """Whether the last build's index of this shard indexes what this build's pages would give
    Pagefind: the same pages by name, the same Pagefind, and each page either the very file of the
    last build (the hard link an unchanged page is) or one with the same ``indexed_view``. An edit
    changes a few pages on other shards too (a neighbour's title in their "before" and "after"
    links, which Pagefind ignores): their shards keep their index. Pages rendered again into the same
    bytes (after an upgrade of digest) cost a comparison of bytes; past ``VIEW_LIMIT`` pages whose
    bytes changed (a template changed), comparing views would cost more than indexing the shard again."""
    if not known or previous is None or known.get("names") != names or known.get("indexer") != indexer:
        return False
    compared = 0
    try:
        for member in members:
            now, before = output / member, previous / member
            now_stat, before_stat = os.stat(now), os.stat(before)
            if (now_stat.st_ino, now_stat.st_dev) == (before_stat.st_ino, before_stat.st_dev):
                continue
            page, last = now.read_bytes(), before.read_bytes()
            if page == last:
                continue
            compared += 1
            if compared > VIEW_LIMIT:
                return False
            view = indexed_view(page.decode("utf-8", "replace"))
            if view is None or view != indexed_view(last.decode("utf-8", "replace")):
                return False
    except OSError:
        return False
    return True


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def _manifest(previous: Path) -> dict[str, dict]:
    try:
        data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        return {shard["name"]: shard for shard in data["shards"] if isinstance(shard, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_tree(source: Path, target: Path) -> bool:
    """``target`` as a tree of hard links to ``source``'s files; False (and nothing left) if that fails."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
        return True
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False


def _run_pagefind(output: Path, members: list[str], target: Path, name: str) -> str:
    """Index ``members`` into ``target``: '' or what went wrong. The folder of links to the pages is
    named after the output (``.output.building-…-search-NAME``), so a killed build's is removed with its staging."""
    source = output.with_name(f"{output.name}-search-{name}")
    shutil.rmtree(source, ignore_errors=True)
    try:
        for member in members:
            (source / member).parent.mkdir(parents=True, exist_ok=True)
            os.link(output / member, source / member)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(target), "--silent"],
            capture_output=True, text=True,
            preexec_fn=dies_with_parent(),  # noqa: PLW1509 - only prctl, before exec
        )
        return "" if result.returncode == 0 else (result.stderr or result.stdout).strip()
    except OSError as error:
        return str(error)
    finally:
        shutil.rmtree(source, ignore_errors=True)
