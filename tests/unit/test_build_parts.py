"""The pure parts of the fast build: search shards, compact front matter, the templates' gettext, step timings."""

from __future__ import annotations

import os

import jinja2
import pytest

from digest import frontmatter
from digest.i18n import Catalogue, template_gettext
from digest.search import indexed_view, shard_pages
from digest.stages import Stages


def test_a_small_site_is_one_shard():
    pages = [f"articles/2022/a-{number}/index.html" for number in range(5)]
    assert shard_pages(pages, limit=5) == {"all": sorted(pages)}
    assert shard_pages([], limit=5) == {}


def test_shards_follow_the_years_and_stay_under_the_limit():
    pages = [f"articles/{year}/a-{number}/index.html" for year in (2021, 2022) for number in range(25)]
    shards = shard_pages(pages, limit=10)
    assert sorted(page for members in shards.values() for page in members) == sorted(pages)  # each page once
    assert all(name.startswith(("2021-", "2022-")) for name in shards)
    assert len([name for name in shards if name.startswith("2021-")]) == 3  # 25 pages, 10 a shard
    assert all(len(members) <= 15 for members in shards.values())  # a hash spreads them, roughly even


def test_a_new_page_moves_no_other_page():
    pages = [f"articles/2022/a-{number}/index.html" for number in range(25)]
    before = shard_pages(pages, limit=10)
    after = shard_pages([*pages, "articles/2022/new/index.html"], limit=10)
    where = {page: name for name, members in before.items() for page in members}
    assert all(page in after[where[page]] for page in pages)


PAGE = """<!doctype html><html lang="en"><head><title>Border drills</title></head><body>
<nav><a href="/">Digest</a></nav>
<article data-pagefind-body><h1 id="top">Border drills</h1>
<span hidden data-pagefind-ignore data-pagefind-filter="Year">2022</span>
<p>Drills went on.<br>Third week.</p>
<footer data-pagefind-ignore><a href="/articles/2022/troops/">Troops stay</a> <img src="x.png" alt="Map"></footer>
</article></body></html>"""


@pytest.mark.parametrize(("old", "new", "same"), [
    ("Troops stay", "Troops stay on", True),  # a neighbour's title in ignored links
    ("Drills went on.", "Drills went on and on.", False),  # the indexed text
    (">2022<", ">2023<", False),  # a filter's value, though under data-pagefind-ignore
    ('id="top"', 'id="head"', False),  # an attribute: an anchor Pagefind records
    ('alt="Map"', 'alt="Chart"', False),  # attributes count even where text is ignored
    ('lang="en"', 'lang="id"', False),  # the language of the index
    ("<title>Border drills</title>", "<title>Drills</title>", False),
])
def test_the_indexed_view_changes_with_what_pagefind_reads_only(old, new, same):
    assert old in PAGE
    assert (indexed_view(PAGE) == indexed_view(PAGE.replace(old, new))) is same


def test_a_page_whose_elements_do_not_close_in_order_has_no_view():
    assert indexed_view(PAGE) is not None
    assert indexed_view(PAGE.replace("</footer>", "")) is None
    assert indexed_view(PAGE.replace("<p>Drills", "<p><span data-pagefind-ignore>Drills")) is None


def test_compact_front_matter_answers_positions_as_the_full_one():
    import pickle

    text = ("---\ntitle: T\nsource:\n  url: https://example.org/x\ntopics:\n  - a\n  - b\n"
            "related:\n  - title: Ü\n    url: /u/\n\"1\": a key that looks like a number\nkota: Minsk\n---\nBody\n")
    full = frontmatter.parse(text)
    compact = pickle.loads(pickle.dumps(full.compact()))  # as the content cache keeps it
    assert compact.node is None and compact.body == "" and isinstance(compact.places, str)
    for keys in [("title",), ("source", "url"), ("topics", 1), ("topics", 5), ("missing",), ("source", "name"), (),
                 ("related", 0, "url"), ("related", 0, "title"), ("related", 1, "url"), ("1",), (1,), ("kota",)]:
        assert compact.position(*keys) == full.position(*keys), keys


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_templates_gettext_is_jinjas_newstyle_gettext(lang):
    source = ("{{ _('Search') }}|{{ _('Articles by %(name)s', name=who) }}|{{ _('100%% sure') }}|"
              "{{ ngettext('%(num)d article', '%(num)d articles', n) }}")
    values = {"who": "<b>Ana</b>", "n": 2}
    rendered = []
    for fast in (False, True):
        env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
        env.install_gettext_translations(Catalogue(lang), newstyle=True)
        if fast:
            env.globals.update(template_gettext(Catalogue(lang)))
        rendered.append(env.from_string(source).render(values))
    assert rendered[0] == rendered[1]
    assert "&lt;b&gt;Ana&lt;/b&gt;" in rendered[1] and "100% sure" in rendered[1]


def test_stages_are_timed_and_tabled():
    heard = []
    stages = Stages(on_end=heard.append)
    with stages.stage("read") as stage:
        stage.note = "3 read"
    with stages.stage("write"):
        pass
    assert [stage.name for stage in heard] == ["read", "write"]
    table = stages.table(1.0).splitlines()
    assert table[0].split() == ["stage", "seconds", "share", "MB", "note"]
    assert table[1].startswith("read") and table[1].endswith("3 read")
    assert 1 <= int(table[1].split()[3]) < 100_000  # this process's memory at the end of the stage, in MB
    assert table[-1].split()[0] == "total"


def test_a_build_collects_garbage_less_often_and_puts_the_collector_back_after():
    import gc

    from digest.processes import fewer_collections

    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with fewer_collections():
            assert gc.get_threshold()[0] >= 100 * before[0]
            raise RuntimeError("a failed build")
    assert gc.get_threshold() == before


def test_the_content_cache_rewrites_only_the_shard_of_an_edited_file(tmp_path):
    from digest.content_cache import ContentCache, StoredReads, _hash, shard_of as _shard

    articles = tmp_path / "content" / "articles" / "2026"
    articles.mkdir(parents=True)
    names = [f"content/articles/2026/story-{number}.md" for number in range(40)]
    for number, name in enumerate(names):
        (tmp_path / name).write_text(f"---\ntitle: Story {number}\ndate: 2026-11-30\n---\n\nText {number}.\n")
    folder = tmp_path / ".cache/digest/content"
    shape = {"markdown_settings": {}, "image_hosts": (), "articles": "content/articles"}

    def opened() -> ContentCache:
        cache = ContentCache(folder, **shape, workers=1)
        cache.check_all(tmp_path, names, articles="content/articles")
        return cache

    first = opened()
    assert first.misses == 40
    first.save()
    files = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    # Each shard is two files: the checks, which every run loads, and the HTML, which only the reader does.
    assert sorted(files) == sorted({f"{_shard(name):02x}.{kind}.pickle" for name in names for kind in ("check", "read")})
    assert len(files) > 2

    edited = tmp_path / names[7]
    old = edited.read_bytes()
    edited.write_text("---\ntitle: Story seven, edited\ndate: 2026-11-30\n---\n\nText.\n")
    second = opened()
    assert (second.misses, second.hits) == (1, 39)
    second.save()
    changed = sorted(path.name for path in folder.iterdir() if path.stat().st_mtime_ns != files.get(path.name))
    assert changed == [f"{_shard(names[7]):02x}.check.pickle", f"{_shard(names[7]):02x}.read.pickle"]
    assert opened().misses == 0  # the rewritten shard holds the edit, the others what they held

    full = {name: os.path.join(tmp_path, name) for name in names}
    reads = StoredReads(folder, second.fingerprint, second.versions)
    assert reads.read(names[7], full[names[7]]).article.title == "Story seven, edited"
    assert reads.read(names[8], full[names[8]]).body_html == "<p>Text 8.</p>"
    # HTML of other bytes than the check read is never handed out, nor of a file it did not read.
    stale = StoredReads(folder, second.fingerprint, {**second.versions, full[names[7]]: _hash(old)})
    assert stale.read(names[7], full[names[7]]) is None
    assert StoredReads(folder, second.fingerprint, {}).read(names[8], full[names[8]]) is None

    # A read file gone: its files are read again, not taken as converted when they are not.
    (folder / f"{_shard(names[8]):02x}.read.pickle").unlink()
    again = opened()
    assert again.misses == sum(1 for name in names if _shard(name) == _shard(names[8])) > 0
    again.save()
    assert StoredReads(folder, again.fingerprint, again.versions).read(names[8], full[names[8]]) is not None


def test_a_settled_file_is_known_by_its_status_and_any_write_to_it_is_seen(tmp_path, monkeypatch):
    import digest.content_cache as content_cache
    from digest.content_cache import ContentCache

    (tmp_path / "content/articles").mkdir(parents=True)
    names = [f"content/articles/story-{number}.md" for number in range(3)]
    for number, name in enumerate(names):
        (tmp_path / name).write_text(f"---\ntitle: Story {number}\ndate: 2026-11-30\n---\n\nText {number}.\n")
    hashed: list[int] = []
    real_hash = content_cache._hash
    monkeypatch.setattr(content_cache, "_hash", lambda raw: hashed.append(1) or real_hash(raw))
    folder = tmp_path / ".cache/digest/content"

    def run(now_ns: int):
        """A run at the time ``now_ns``: its cache, what it checked, and how many files it hashed."""
        monkeypatch.setattr(content_cache.time, "time_ns", lambda: now_ns)
        cache = ContentCache(folder, markdown_settings={}, image_hosts=(), articles="content/articles", workers=1)
        checked, _ = cache.check_all(tmp_path, names, articles="content/articles")
        cache.save()
        count = len(hashed)
        hashed.clear()
        return cache, checked, count

    just_written = max((tmp_path / name).stat().st_ctime_ns for name in names)
    assert run(just_written)[2] == 3
    cache, _, count = run(just_written)  # written a moment ago ("racily clean"): read and hashed every time...
    assert (cache.hits, count) == (3, 3)
    later = just_written + 10_000_000_000
    assert run(later)[2] == 3  # ...until they have settled: the same bytes, and now their status is kept
    cache, _, count = run(later)
    assert (cache.hits, count) == (3, 0)  # nothing read, nothing hashed

    # Written again with the same size and the old modification time put back: the change time tells.
    path = tmp_path / names[1]
    status = path.stat()
    path.write_text(path.read_text().replace("Story 1", "Story X"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    cache, checked, count = run(later + 10_000_000_000)
    assert (cache.hits, cache.misses, count) == (2, 1, 2)  # hashed to compare, then again by the check
    assert checked[names[1]].entry.article.title == "Story X"
    assert run(later + 20_000_000_000)[2] == 0

    # The same bytes with a new status (saved unchanged): hashed once, then known by the new status...
    os.utime(tmp_path / names[0])
    settled = (tmp_path / names[0]).stat().st_ctime_ns + 10_000_000_000
    assert run(settled)[2] == 1
    assert run(settled)[2] == 0
    # ...but when most files have a new one (a fresh clone with CI's restored cache), the checks are
    # not all written again for them: the next run, a fresh clone again, could not use them.
    for name in names:
        os.utime(tmp_path / name)
    settled = max((tmp_path / name).stat().st_ctime_ns for name in names) + 10_000_000_000
    assert run(settled)[2] == 3
    assert run(settled)[2] == 3


def test_listings_answer_membership_by_identity_and_stay_lists():
    from collections import defaultdict
    from types import SimpleNamespace

    from digest.pelican.plugin import index_listings

    one, two, three = object(), object(), object()
    tags = defaultdict(list, {"border": [one, two]})
    generator = SimpleNamespace(authors=[("Ana", [one])], categories=[("misc", [one, two, three])], tags=tags,
                                context={"authors": None, "categories": None, "tags": None})
    index_listings(generator)
    author, listing = generator.authors[0]
    assert author == "Ana" and listing == [one] and one in listing and two not in listing
    assert three in generator.categories[0][1] and generator.tags["border"] == [one, two]
    assert generator.context["tags"] == [("border", [one, two])]  # as Pelican's _update_context puts them
    assert generator.context["authors"] is generator.authors
    assert generator.tags["unknown"] == []  # still a defaultdict, as Pelican made it


def test_pelicans_relative_source_paths_are_remembered_with_the_same_answers(tmp_path, monkeypatch):
    import os

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from digest.pelican.internals import _remember_relative_paths

    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    settings = {**DEFAULT_CONFIG, "PATH": "content", "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}
    monkeypatch.chdir(tmp_path)

    def article(name: str) -> Article:
        return Article("<p>x</p>", metadata={"title": name, "slug": name}, settings=dict(settings),
                       source_path=str(content / "articles" / f"{name}.md"))

    asked = []
    real_relpath = os.path.relpath
    monkeypatch.setattr(os.path, "relpath", lambda *args: asked.append(args) or real_relpath(*args))
    _remember_relative_paths()
    first, second = article("one"), article("two")
    assert first.get_relative_source_path() == "articles/one.md"
    assert second.relative_source_path == "articles/two.md"
    assert first.get_relative_source_path(str(content / "pages" / "about.md")) == "pages/about.md"
    counted = len(asked)
    for _ in range(3):
        assert first.get_relative_source_path() == "articles/one.md" and first.url == "one/"
    assert len(asked) == counted  # asked once per file, not once per address formatted
    # The content folder is relative to the working folder, which is in the key.
    (tmp_path / "other" / "content").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "other")
    assert article("one").get_relative_source_path() == "../../content/articles/one.md"
    # An absolute content folder (digest's settings): the answer cut from the path, as Pelican's.
    settings["PATH"] = str(content)
    for path in (content / "articles" / "three.md", content / "articles" / ".." / "pages" / "x.md", tmp_path / "y.md"):
        made = Article("<p>x</p>", metadata={"title": "t", "slug": "t"}, settings=dict(settings), source_path=str(path))
        assert made.get_relative_source_path() == real_relpath(os.path.abspath(path), content)


def test_pelicans_slugs_are_remembered_with_the_same_answers():
    from markupsafe import Markup
    from pelican import contents, urlwrappers, utils
    from pelican.settings import DEFAULT_CONFIG

    from digest.pelican.internals import _remember_relative_paths

    _remember_relative_paths()
    assert contents.slugify is urlwrappers.slugify and contents.slugify is not utils.slugify
    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    for value in ("Belarus–Russia military", "Ada <b>tebal</b> &amp; tipis", Markup("<i>Ölçü</i> hal"), "  C++ / C#  "):
        for options in ({}, {"regex_subs": subs}, {"regex_subs": subs, "preserve_case": True, "use_unicode": True}):
            assert contents.slugify(value, **options) == utils.slugify(value, **options)
            assert contents.slugify(value, **options) == utils.slugify(value, **options)  # remembered


class _Refused(Exception):
    """An exception that cannot be pickled back (its argument is a lambda)."""

    def __init__(self, reason):
        super().__init__(reason)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="forks")
def test_a_forked_step_sends_its_messages_then_its_result_or_its_error():
    import os
    import signal

    from digest.errors import BuildError
    from digest.processes import Forked, run_forked

    heard = []

    def work(send):
        send(("start", "a step"))
        send(("end", os.getpid()))
        return {"parent": os.getppid(), "big": "x" * 1_000_000}

    result = run_forked(work, on_message=heard.append)
    assert result["parent"] == os.getpid() and len(result["big"]) == 1_000_000
    assert heard[0] == ("start", "a step") and heard[1][1] != os.getpid()  # it ran in another process

    def fails(send):
        raise BuildError("the site was not built: output/ is unchanged")

    with pytest.raises(BuildError, match="output/ is unchanged"):  # the very exception, raised here
        run_forked(fails)

    def refuses(send):
        raise _Refused(lambda: None)

    with pytest.raises(RuntimeError, match="_Refused"):  # told, though it cannot cross
        run_forked(refuses)

    def waits(send):
        send("ready")
        signal.pause()

    child = Forked(waits)
    child.kill()
    with pytest.raises(RuntimeError, match="ended without an answer"):
        child.result()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="forks")
def test_a_forked_result_that_cannot_be_pickled_is_told():
    from digest.processes import run_forked

    def returns_half_picklable(send):
        return ["x" * 200_000, lambda: None]  # pickling fails after its first frames are made

    with pytest.raises(RuntimeError, match="could not send its result back"):
        run_forked(returns_half_picklable)


@pytest.mark.parametrize("convert", [False, True])
def test_the_checks_are_kept_without_bodies_and_topic_rules_still_read_them(site_factory, convert):
    # A check file keeps no body (the bulk of an article); the topics' match rules, run again when
    # topics.yaml changes, get the bodies from the read files (a build's cache) or the files (a check's).
    from digest.check import check_site
    from digest.config import load_config
    from digest.content_cache import CACHE_DIR, ContentCache

    site = site_factory("timelines")
    config = load_config(site)
    first = ContentCache.of(config, convert=convert)
    assert not any(problem.code == "empty-topic" and "training" in problem.message
                   for problem in check_site(config, cache=first).problems)
    first.save()
    body = "started training together".encode()
    assert not any(body in path.read_bytes() for path in (site / CACHE_DIR).glob("*.check.pickle"))

    def training_rule(word: str) -> None:
        topics = site / "content/topics.yaml"
        text = topics.read_text(encoding="utf-8").split("- slug: training")[0]
        topics.write_text(text + f"- slug: training\n  title: Training\n  description: Drills.\n"
                                 f"  match:\n    - all: [[{word}]]\n", encoding="utf-8")

    def empty_topics() -> list[str]:
        cache = ContentCache.of(config, convert=convert)
        report = check_site(config, cache=cache)
        assert cache.misses == 0  # every file from the cache
        cache.save()
        return sorted(problem.message.split("'")[1] for problem in report.problems if problem.code == "empty-topic")

    before = empty_topics()
    reads = {path: path.stat().st_mtime_ns for path in (site / CACHE_DIR).glob("*.read.pickle")}
    training_rule("training")  # a word only the body of one article holds
    assert empty_topics() == before
    # Only the checks were written again (with each file's new topics), not the HTML.
    assert reads == {path: path.stat().st_mtime_ns for path in (site / CACHE_DIR).glob("*.read.pickle")}
    training_rule("nowhere")
    assert empty_topics() == sorted([*before, "training"])
    training_rule("training")  # back, after a save without it
    assert empty_topics() == before


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="forks")
def test_work_meanwhile_forks_only_a_process_with_no_other_thread():
    import os
    import threading

    from digest.processes import Meanwhile

    if threading.active_count() == 1:
        assert Meanwhile(os.getpid).result() != os.getpid()  # it ran in a forked process
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        started = Meanwhile(os.getpid)
        assert started.result() == os.getpid()  # here, when asked: a fork could inherit a held lock
    finally:
        release.set()
        other.join()


def test_stopped_pagefinds_are_killed_and_none_starts_after():
    import sys
    import threading
    import time

    from digest.pelican.search_index import _Runs

    runs = _Runs()
    answers = []
    worker = threading.Thread(target=lambda: answers.append(runs.run([sys.executable, "-c", "import time; time.sleep(60)"])))
    worker.start()
    deadline = time.monotonic() + 10
    while not runs._running and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    runs.stop()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - started < 5
    assert answers[0][0] != 0  # killed, not ended
    assert runs.run([sys.executable, "-c", "pass"]) == (-1, "stopped")


def test_a_path_under_a_folder_is_told_relative_as_relpath_tells_it():
    import os

    from digest.files import relative_to_folder

    for path, folder in [("/site/output/articles/a/index.html", "/site/output"),
                         ("/site/output/articles/a/index.html", "/site/output/"),
                         ("/site/output/../secret", "/site/output"),
                         ("/site/output/./a/index.html", "/site/output"),
                         ("/site/outputs/a.html", "/site/output"),
                         ("/elsewhere/a.html", "/site/output")]:
        assert relative_to_folder(path, folder) == os.path.relpath(path, folder), path


def test_the_last_builds_folders_are_made_meanwhile_and_those_left_empty_removed(tmp_path):
    from digest.build import FoldersMeanwhile

    staging = tmp_path / "staging"
    staging.mkdir()
    folders = FoldersMeanwhile(staging, ["index.html", "articles/2024/kept/index.html", "articles/2024/gone/index.html",
                                         "topics/old/index.html", "theme/css/site.css"])
    folders._thread.join()  # all made (stop() would end it wherever it is)
    assert (staging / "articles/2024/gone").is_dir() and (staging / "topics/old").is_dir()
    (staging / "articles/2024/kept/index.html").write_text("kept")
    (staging / "theme/css/site.css").write_text("a static file: not a page the plan wrote")
    folders.remove_unused([str(staging / "index.html"), str(staging / "articles/2024/kept/index.html")])
    assert sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*")) == [
        "articles", "articles/2024", "articles/2024/kept", "articles/2024/kept/index.html",
        "theme", "theme/css", "theme/css/site.css"]


@pytest.mark.parametrize("cached", [False, True])
def test_pelicans_reader_stamps_files_only_when_it_keeps_a_cache(tmp_path, monkeypatch, cached):
    import pelican.cache
    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    from digest.pelican.internals import stamp_only_when_cached

    stamped: list[str] = []
    monkeypatch.setattr(pelican.cache.os.path, "getmtime", lambda path: stamped.append(path) or 1.0)
    settings = {**DEFAULT_CONFIG, "CACHE_CONTENT": cached, "CACHE_PATH": str(tmp_path)}
    readers = Readers(settings, cache_name="content")  # as Pelican's generators make theirs
    stamp_only_when_cached(readers)
    assert readers.get_cached_data("a.md", "none") == "none"
    readers.cache_data("a.md", "read")
    assert readers.get_cached_data("a.md", "none") == ("read" if cached else "none")
    assert stamped == (["a.md"] * 3 if cached else [])


@pytest.mark.parametrize("cached", [False, True])
def test_the_articles_generator_stamps_files_only_when_it_keeps_a_cache(tmp_path, monkeypatch, cached):
    import pelican.cache
    from pelican.settings import DEFAULT_CONFIG

    from digest.pelican.parallel import ParallelArticles

    stamped: list[str] = []
    monkeypatch.setattr(pelican.cache.os.path, "getmtime", lambda path: stamped.append(path) or 1.0)
    settings = {**DEFAULT_CONFIG, "CACHE_CONTENT": cached, "CACHE_PATH": str(tmp_path), "CONTENT_CACHING_LAYER": "generator"}
    generator = ParallelArticles(context={}, settings=settings, path=str(tmp_path), theme=settings["THEME"],
                                 output_path=str(tmp_path / "output"))
    assert generator.get_cached_data("a.md", "none") == "none"
    generator.cache_data("a.md", "read")
    assert generator.get_cached_data("a.md", "none") == ("read" if cached else "none")
    assert stamped == ([str(tmp_path / "a.md")] * 3 if cached else [])


def _pelican_article(settings, context, path, title="Drills", **metadata):
    from pelican.contents import Article
    from pelican.urlwrappers import Author
    from pelican.utils import SafeDatetime

    return Article("<p>Body</p>", {"title": title, "date": SafeDatetime(2022, 3, 1), "authors": [Author("A. Writer", settings)],
                                   "publication": "published", **metadata},
                   settings=settings, source_path=path, context=context)


def test_articles_are_kept_for_the_bytes_they_were_made_from_and_point_at_the_live_settings(tmp_path):
    import copy

    from pelican.settings import DEFAULT_CONFIG

    from digest.pelican.article_cache import ArticleCache

    settings, context = copy.deepcopy(DEFAULT_CONFIG), {"static_links": set()}
    paths = [str(tmp_path / f"{name}.md") for name in ("a", "b", "draft")]
    versions = {path: b"v1" for path in paths}
    made = ArticleCache(tmp_path / "cache", "print", versions)
    assert all(made.get(path, settings, context) is None for path in paths)  # nothing kept yet
    articles = [_pelican_article(settings, context, paths[0]), _pelican_article(settings, context, paths[1], title="Talks"),
                _pelican_article(settings, context, paths[2], publication="draft")]
    for article in articles:
        made.put(article)
    made.save(settings, context)

    # Another build: the live settings and context are other objects, equal or not.
    settings2, context2 = copy.deepcopy(settings), {"static_links": set()}
    again = ArticleCache(tmp_path / "cache", "print", {**versions, paths[1]: b"v2"})
    first = again.get(paths[0], settings2, context2)
    assert first.title == "Drills" and first.url == articles[0].url and first.date == articles[0].date
    assert first.settings is settings2 and first._context is context2 and first.authors[0].settings is settings2
    assert again.get(paths[1], settings2, context2) is None  # its file changed
    assert again.get(paths[2], settings2, context2) is None  # a draft is made again every time
    assert again.reused == 1
    assert ArticleCache(tmp_path / "cache", "other settings", versions).get(paths[0], settings, context) is None

    # A shard that lost an article (its file is gone) is written again without it.
    again.save(settings2, context2)
    third = ArticleCache(tmp_path / "cache", "print", versions)
    assert third.get(paths[1], settings, context) is None  # b was not kept (changed, not made again)
    third.save(settings, context)  # a was not asked for: gone
    assert not any(ArticleCache(tmp_path / "cache", "print", versions).get(path, settings, context) for path in paths)
    assert list((tmp_path / "cache").glob("*.pickle")) == []
