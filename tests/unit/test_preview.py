"""What the preview keeps between rebuilds: checked files, and what each page showed."""

from __future__ import annotations

import os
from types import SimpleNamespace as Thing

from digest.check import CheckCache, check_site
from digest.config import load_config
from digest.content_cache import ContentCache, StoredReads
from digest.pelican.pages import edition_inputs, page_inputs, topic_inputs
from digest.preview import _ReadsAsChecked
from tests.conftest import make_site

ARTICLE = "content/articles/2022/troops-stay.md"


def test_the_check_cache_reads_only_changed_files_and_finds_the_same_problems(tmp_path):
    for name in ("timelines", "broken"):
        site = make_site(name, tmp_path)
        cache = CheckCache()
        assert check_site(site, cache=cache) == check_site(site) == check_site(site, cache=cache)

    site = tmp_path / "timelines"
    cache = CheckCache()
    check_site(site, cache=cache)
    path = site / ARTICLE
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    # Same size and time: the file is not read again (so this change goes unseen)...
    path.write_text(text.replace("date: 2022-02-21", "date: 2022-02-31"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert check_site(site, cache=cache).errors == 0
    # ...a new modification time is a new look.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert [p.code for p in check_site(site, cache=cache).problems if p.level == "error"] == ["bad-date"]
    path.unlink()
    assert check_site(site, cache=cache) == check_site(site)


def _article(path, *, version=1):
    return Thing(source_path=path, version=version)


def _version(article):
    return (article.source_path, article.version)


def _topic_page(slug, entries):
    timeline = Thing(count=len(entries), entries=entries, first=None, last=None)
    return Thing(slug=slug, timeline=timeline)


def _entry(item):
    return Thing(item=item, via="editor", subtopic=None)


def test_an_article_page_changes_with_its_neighbours_and_related_articles_only():
    a, b, c, far = _article("a"), _article("b"), _article("c"), _article("far")
    topic = _topic_page("war", [_entry(a), _entry(b), _entry(c)])

    def inputs(a=a, b=b, c=c, count=3):
        topic.timeline.count = count
        context = {
            "article": b,
            "article_places": {"b": [Thing(topic_page=topic, previous=_entry(a), next=_entry(c))]},
            "related_articles": {"b": [c]},
            "topic_pages": [topic, _topic_page("other", [_entry(far)])],
        }
        return page_inputs(context, _version)

    before = inputs()
    assert inputs() == before
    assert inputs(b=_article("b", version=2)) != before  # the article itself
    assert inputs(a=_article("a", version=2)) != before  # the one before it on the timeline
    assert inputs(c=_article("c", version=2)) != before  # the one after it, and a related one
    assert inputs(count=4) != before  # "3 entries" on the timeline
    far.version = 2
    assert inputs() == before  # an article it does not show


def test_list_timeline_and_edition_pages_change_with_what_they_list():
    a, b = _article("a"), _article("b")
    topics = [_topic_page("war", [_entry(a)])]
    page = Thing(number=2, paginator=Thing(num_pages=3), object_list=[a, b])
    listing = page_inputs({"articles_page": page, "topic_pages": topics}, _version)
    assert listing[:4] == ("list", (("war", 1, None, None),), 2, 3)
    # digest's own pages carry their declaration (as the generators pass it to write_file)
    declared = {"topic_page": topics[0], "topic_pages": topics, "key_only": True,
                "digest_inputs": lambda context, version: topic_inputs(topics[0], True, context, version)}
    assert page_inputs(declared, _version)[2] is True
    edition = Thing(previous=None, next=Thing(url="editions/2022-W09/"),
                    edition=Thing(sections=[Thing(topic=None, items=[a])]))
    declared = {"edition_page": edition, "topic_pages": topics,
                "digest_inputs": lambda context, version: edition_inputs(edition, context, version)}
    assert page_inputs(declared, _version)[2] == ("", "editions/2022-W09/")
    assert page_inputs({"edition_page": edition, "topic_pages": topics}, _version) is None  # undeclared: always rendered


def test_pages_that_may_show_anything_are_rendered_every_time():
    assert page_inputs({"dates": [], "page_name": "archives"}, _version) is None
    assert page_inputs({}, _version) is None


def test_a_save_while_pelican_reads_a_file_is_not_hidden_by_the_reader_cache(tmp_path):
    # Pelican stamps its reader cache after reading; a save in between must still be read next time.
    from pelican.cache import FileStampDataCacher

    from digest.pelican.internals import keep_reader_cache_in

    source = tmp_path / "a.md"
    source.write_text("first", encoding="utf-8")
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    settings = {"CACHE_PATH": str(tmp_path), "CHECK_MODIFIED_METHOD": "mtime", "GZIP_CACHE": False, "CONTENT_CACHING_LAYER": "reader"}
    readers = FileStampDataCacher(settings, "readers", True, False)
    keep_reader_cache_in(readers, {})

    assert readers.get_cached_data(str(source), None) is None  # not cached: Pelican reads the file now...
    text = source.read_text(encoding="utf-8")
    source.write_text("second", encoding="utf-8")  # ...and the editor saves before Pelican caches what it read
    os.utime(source, ns=(2_000_000_000, 2_000_000_000))
    readers.cache_data(str(source), text)

    assert readers.get_cached_data(str(source), None) is None  # the next build reads "second"


def test_the_first_builds_stored_html_is_taken_only_for_a_file_as_the_check_found_it(tmp_path):
    site = make_site("timelines", tmp_path)
    config = load_config(site)
    content_cache = ContentCache.of(config, convert=True)
    checks = CheckCache()
    checks.read_through(content_cache)
    check_site(config, cache=checks)
    content_cache.save()
    reads = _ReadsAsChecked(StoredReads.of(config, content_cache.fingerprint, content_cache.versions), checks)
    path = site / ARTICLE
    assert "Pasukan tetap tinggal" in reads.read(ARTICLE, str(path)).body_html
    # Saved after the check (a new modification time): Pelican's reader must read the new text itself.
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Pasukan tetap tinggal", "Saved later"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert reads.read(ARTICLE, str(path)) is None
    assert reads.read("content/articles/2022/gone.md", str(site / "content/articles/2022/gone.md")) is None
