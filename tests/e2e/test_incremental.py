"""A build that reuses the caches (.cache/digest/) and the last output makes exactly what a build from scratch makes.

After each kind of edit, the site is built again in place (reusing what it can)
and, from the same content with every cache removed, into a second folder; the
two outputs must be byte for byte the same. Pagefind itself writes different
bytes from the same pages on every run (the order of its filter data varies,
and with it the files that name them), so of its index the page records
(``fragment/``) and the word index (``index/``) are compared, files that
Pagefind names by a hash of what they hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from bench.scale_corpus import write_scale_corpus
from digest.build import build
from digest.search import shard_pages
from tests.conftest import REPO, add_settings_and_theme
from tests.e2e.conftest import run_digest, serving


def snapshot(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_as_from_scratch(site: Path, scratch: Path) -> None:
    """Build ``site`` in place, then a copy of its content with no caches; the outputs must be equal."""
    build(site)
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("output", ".cache"))
    build(scratch)
    reused, fresh = ({name: digest for name, digest in snapshot(folder / "output").items() if _deterministic(name)}
                     for folder in (site, scratch))
    assert sorted(reused) == sorted(fresh)
    assert [name for name in reused if reused[name] != fresh[name]] == []
    assert folders(site / "output") == folders(scratch / "output")  # no folder left empty (a deleted article's)


def folders(output: Path) -> list[str]:
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*")
                  if path.is_dir() and not path.relative_to(output).as_posix().startswith("pagefind"))


def _deterministic(name: str) -> bool:
    """Whether two Pagefind runs on the same pages write the file ``name`` alike (all of the rest of the output)."""
    parts = name.split("/")
    return parts[0] != "pagefind" or len(parts) < 3 or parts[2] in ("fragment", "index")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def sample(tmp_path) -> Path:
    site = tmp_path / "sample"
    shutil.copytree(REPO / "content", site / "content")
    add_settings_and_theme(site)
    return site


def test_the_sample_site_after_every_kind_of_edit(sample, tmp_path):
    scratch = tmp_path / "scratch"
    build(sample)  # the first build: nothing to reuse
    articles = sorted((sample / "content" / "articles").rglob("*.md"))

    edit(articles[0], 'title: "', 'title: "Edited ')  # a title: its page, lists, timelines, feeds
    assert_same_as_from_scratch(sample, scratch)

    edit(articles[1], "\n---\n", "\n---\nA new first paragraph.\n\n")  # a body only
    assert_same_as_from_scratch(sample, scratch)

    new = articles[2].with_name("a-new-article.md")  # a new article
    new.write_text(articles[2].read_text(encoding="utf-8").replace("url: https://", "url: https://copy.", 1),
                   encoding="utf-8")
    assert_same_as_from_scratch(sample, scratch)

    articles[3].unlink()  # a deleted article
    assert_same_as_from_scratch(sample, scratch)

    topics = sample / "content" / "topics.yaml"  # a topic's title: every page that names it
    text = topics.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  title: "))
    edit(topics, title, title + " (renamed)")
    assert_same_as_from_scratch(sample, scratch)

    edit(sample / "themes" / "digest" / "templates" / "base.html", "</footer>", "<!-- theme edit --></footer>")
    assert_same_as_from_scratch(sample, scratch)

    assert_same_as_from_scratch(sample, scratch)  # nothing changed at all


def test_a_generated_site_of_two_thousand_articles_after_one_edit(tmp_path):
    site, _ = write_scale_corpus(tmp_path / "corpus", 2000)
    add_settings_and_theme(site)
    build(site)
    article = sorted((site / "content" / "articles").rglob("*.md"))[1000]
    edit(article, "title: \"", "title: \"Edited ")
    assert_same_as_from_scratch(site, tmp_path / "scratch")


def test_digest_build_says_what_it_reused_and_profiles_its_steps(site_factory):
    site = site_factory("timelines")
    first = run_digest(site, "build")
    assert first.returncode == 0, first.stderr
    assert "0 unchanged)" in first.stdout

    unchanged = run_digest(site, "build")
    assert unchanged.returncode == 0 and "output is up to date: nothing changed since the last build" in unchanged.stdout
    edit(next((site / "content/articles").rglob("*.md")), "title: ", "title: Edited ")
    again = run_digest(site, "build", "--profile")
    assert again.returncode == 0, again.stderr
    summary = again.stdout.splitlines()[0]
    rendered = int(re.search(r"\((\d+) pages rendered", summary)[1])
    unchanged = int(re.search(r"(\d+) unchanged\)", summary)[1])
    assert unchanged > 0 and rendered > 0  # the pages that show nothing new are linked, not rendered
    table = again.stdout.splitlines()[1:]
    assert table[0].split() == ["stage", "seconds", "share", "MB", "note"]
    steps = {line.split("  ")[0]: line for line in table[1:]}
    assert {"check and read the articles", "articles: write", "search index", "total"} <= set(steps)
    assert "1 read, 9 unchanged" in steps["check and read the articles"]
    assert "1 shard indexed anew" in steps["search index"]  # the edited page's
    # Each step's memory (MB) is that of the process that ran it: checking and rendering run in processes of their own.
    memory = {name: int(re.search(r"\s[\d.]+\s+[\d.]+%\s+(\d+)", line)[1]) for name, line in steps.items()
              if name not in ("other", "total")}
    assert all(10 <= megabytes < 2_000 for megabytes in memory.values()), memory
    assert "Traceback" not in again.stderr

    # The last output is removed by a process of its own: it is soon gone, and nothing else is left.
    deadline = time.monotonic() + 30
    while list(site.glob(".output*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(site.glob(".output*")) == []


def test_search_across_shards_finds_every_match_and_an_edit_reindexes_one_shard(site_factory, page_at, tmp_path):
    site = site_factory("timelines")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nDIGEST_SEARCH_SHARD_PAGES = 3\n", encoding="utf-8")
    build(site)
    manifest = json.loads((site / "output" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["bundles"]) >= 4 and sum(shard["pages"] for shard in manifest["shards"]) == 10
    drills = {"Border drills", "Drills elsewhere", "Troops stay after the drills", "A year of drills: what changed"}
    shards_with_drills = {shard["name"] for shard in manifest["shards"] if shard["name"].startswith("2022")}
    assert len(shards_with_drills) >= 2  # the matches are spread over shards

    # Under the site's Content-Security-Policy, as a reader sees it.
    violations = []
    page = page_at(1280)
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    with serving(site / "output") as url:
        page.goto(f"{url}/search/")
        page.get_by_role("textbox", name="Search the digest").fill("drills")
        results = page.locator(".pagefind-ui__result-title")
        wanted = json.dumps(sorted(drills))
        page.wait_for_function(  # the results' titles come in as each shard's fragments load
            f"() => {wanted}.every(title => [...document.querySelectorAll('.pagefind-ui__result-title')]"
            ".some(element => element.textContent.trim() === title))", timeout=15_000)
        assert drills <= set(results.all_inner_texts())
    assert violations == []

    # One article edited: its shard is indexed again, the others are linked from the last build as they
    # were, also a shard whose pages changed only where Pagefind does not look (a retitled neighbour).
    def index_files() -> dict[str, int]:
        return {shard["name"]: (site / "output" / "pagefind" / shard["name"] / "pagefind-entry.json").stat().st_ino
                for shard in json.loads((site / "output" / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]}

    article = site / "content" / "articles" / "2020" / "loan.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = index_files()
    build(site)
    after = index_files()
    assert before.keys() == after.keys()
    assert [name for name in after if after[name] != before[name]] == ["2020"]

    # A retitled article: the "before" and "after" links of its neighbours change, on other shards too,
    # where Pagefind ignores them: only its own shard is indexed again, and the index is a fresh build's.
    pages = {path.relative_to(site / "output").as_posix(): path.read_bytes()
             for path in (site / "output" / "articles").rglob("index.html")}
    edit(site / "content" / "articles" / "2022" / "border-drills.md", "title: Border drills", "title: Renamed border drills")
    assert_same_as_from_scratch(site, tmp_path / "scratch")
    changed = {name for name, html in pages.items() if (site / "output" / name).read_bytes() != html}
    shard_of = {page: shard for shard, members in shard_pages(pages, 3).items() for page in members}
    assert len({shard_of[name] for name in changed}) >= 2  # neighbours on other shards changed
    again = index_files()
    assert [name for name in again if again[name] != after[name]] == [shard_of["articles/2022/border-drills/index.html"]]


def test_a_build_with_nothing_changed_leaves_the_output_as_it_is_until_something_does(sample):
    from digest.config import load_config, site_now

    first = build(sample)
    assert not first.up_to_date
    output = sample / "output"
    before, folder = snapshot(output), output.stat().st_ino
    again = build(sample)
    assert again.up_to_date and again.articles == first.articles
    assert output.stat().st_ino == folder and snapshot(output) == before  # not even swapped

    # A picture, a page deleted from output/, a story whose publish_at comes: each is a change.
    (sample / "content/images").mkdir(exist_ok=True)
    (sample / "content/images/new-map.png").write_bytes(b"\x89PNG not really")
    assert not build(sample).up_to_date and (output / "images/new-map.png").is_file()
    assert build(sample).up_to_date
    # A folder linked back to one above it adds nothing: it is walked once, as the check walks it.
    (sample / "content/images/again").symlink_to("..", target_is_directory=True)
    assert build(sample).up_to_date
    (sample / "content/images/again").unlink()
    (output / "archives/index.html").unlink()
    assert not build(sample).up_to_date and (output / "archives/index.html").is_file()

    soon = site_now(load_config(sample).settings) + dt.timedelta(seconds=3)
    (sample / "content/articles/2023/soon.md").write_text(
        f"---\ntitle: Coming in three seconds\npublish_at: {soon:%Y-%m-%d %H:%M:%S}\n---\n\nText.\n", encoding="utf-8")
    assert not build(sample).up_to_date and not (output / f"articles/{soon.year}/soon/index.html").exists()
    assert build(sample).up_to_date
    time.sleep(max(0.0, (soon - site_now(load_config(sample).settings)).total_seconds()) + 1.1)
    due = build(sample)
    assert not due.up_to_date and (output / f"articles/{soon.year}/soon/index.html").is_file()


def test_the_grouping_takes_what_the_check_matched_and_makes_what_searching_again_makes(site_factory, tmp_path, monkeypatch):
    # The check works out which topics' match rules each article matches; the build's grouping takes
    # that (RULE_MATCHES) rather than searching every article's text again.
    from digest import check
    from digest.pelican.generators import TopicsGenerator

    site = site_factory("timelines")
    build(site, output=tmp_path / "handed")
    with monkeypatch.context() as patched:
        patched.setattr(TopicsGenerator, "_rule_matches", lambda self, topics, text: None)
        build(site, output=tmp_path / "searched")
    handed, searched = ({name: digest for name, digest in snapshot(tmp_path / name).items() if _deterministic(name)}
                        for name in ("handed", "searched"))
    assert handed == searched
    # What the check hands over is what the pages show: told that every article matches the rule of
    # the alliance, the build puts them all on its timeline.
    assert "Invasion begins" not in (tmp_path / "handed/topics/alliance/index.html").read_text(encoding="utf-8")
    monkeypatch.setattr(check, "rule_matches", lambda checked, text: (text, dict.fromkeys(checked, frozenset({"alliance"}))))
    build(site, output=tmp_path / "told")
    assert "Invasion begins" in (tmp_path / "told/topics/alliance/index.html").read_text(encoding="utf-8")
