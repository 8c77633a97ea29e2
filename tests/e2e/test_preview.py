"""The preview's fast rebuilds give the very pages a whole build gives, while rendering only what changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from digest.build import build
from digest.markdown_html import MarkdownConverter
from digest.preview import Previewer

ARTICLE = "content/articles/2022/troops-stay.md"


def pages(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_as_a_whole_build(site: Path, previewer: Previewer, tmp_path: Path) -> None:
    fresh = Previewer(site, output=tmp_path / "fresh")
    assert fresh.build().ok
    expected, got = pages(fresh.output), pages(previewer.output)
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []
    shutil.rmtree(fresh.output)


def edit(site: Path, relative: str, old: str, new: str) -> Path:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_each_kind_of_edit_gives_what_a_whole_build_gives(site_factory, tmp_path):
    site = site_factory("timelines")
    previewer = Previewer(site)
    first = previewer.build()
    assert first.ok and first.kind == "full" and first.pages is None
    assert previewer.output == site / ".cache/preview"

    # The body: its page at once, then the pages that show it.
    path = edit(site, ARTICLE, "Pasukan tetap tinggal setelah latihan selesai.", "Pasukan tetap tinggal. A new line.")
    quick = previewer.render_article(path)
    assert quick.pages == {"/articles/2022/troops-stay/"}
    assert "A new line." in (previewer.output / "articles/2022/troops-stay/index.html").read_text(encoding="utf-8")
    result = previewer.build([path])
    assert result.ok and result.kind == "pages"
    assert result.rendered < first.rendered  # the 2020 edition, the quiet topic, ... are left as they are
    assert result.pages == set()  # its page was already up to date: no second reload
    assert_same_as_a_whole_build(site, previewer, tmp_path)

    # The title and the date: lists, timelines, neighbours and editions move.
    path = edit(site, ARTICLE, "title: Troops stay after the drills", "title: Troops stay on")
    edit(site, ARTICLE, "date: 2022-02-21", "date: 2021-06-01")
    result = previewer.build([path])
    assert {"/", "/topics/alliance/", "/articles/2021/troops-stay/", "/articles/2022/troops-stay/"} <= result.pages
    assert_same_as_a_whole_build(site, previewer, tmp_path)  # the 2022 page is gone, the 2021 one there

    # A topic added, an article deleted, a new one.
    path = edit(site, "content/articles/2020/loan.md", "topics: [alliance]", "topics: [alliance, quiet]")
    (site / "content/articles/2022/same-day-b.md").unlink()
    new = site / "content/articles/2022/fresh.md"
    new.write_text("---\ntitle: Fresh\ndate: 2022-03-01\ntopics: [war]\n---\nA fresh story.\n", encoding="utf-8")
    assert previewer.render_article(new) is None  # not in the last build: the rebuild does it
    assert previewer.build([path, new, site / "content/articles/2022/same-day-b.md"]).ok
    assert_same_as_a_whole_build(site, previewer, tmp_path)

    # topics.yaml and templates: every page again.
    path = edit(site, "content/topics.yaml", "title: The alliance", "title: The alliance, renamed")
    result = previewer.build([path])
    assert result.kind == "full" and result.pages is None
    assert_same_as_a_whole_build(site, previewer, tmp_path)


def test_a_retitle_shows_at_once_on_every_page_that_shows_it_as_the_rebuild_shows_it(site_factory):
    site = site_factory("timelines")
    previewer = Previewer(site)
    assert previewer.build().ok
    # Alpha and Beta share a day, so their order on the timeline is by title: the new title moves it.
    path = edit(site, "content/articles/2022/same-day-a.md", "title: Alpha statement", "title: Zeta statement")
    before = pages(previewer.output)
    quick = previewer.render_article(path)
    assert quick.pages == {"/articles/2022/same-day-a/"}  # its own page first
    assert pages(previewer.output)["topics/alliance/index.html"] == before["topics/alliance/index.html"]
    around = previewer.render_around()
    # Then, at once, its timelines and its neighbour on them,
    assert {"/articles/2022/same-day-a/", "/articles/2022/same-day-b/", "/topics/alliance/", "/topics/war/"} <= around.pages
    assert "Alpha statement" in pages(previewer.output)["archives/index.html"].decode()
    # and then the lists that show it.
    lists = previewer.render_lists()
    assert {"/", "/archives/", "/authors/ana-writer/", "/editions/2022-W08/"} <= lists.pages
    assert not lists.pages & around.pages
    at_once = pages(previewer.output)
    alliance = at_once["topics/alliance/index.html"].decode()
    assert "Zeta statement" in alliance and "Alpha statement" not in alliance
    assert alliance.index("Beta statement") < alliance.index("Zeta statement")
    assert previewer.render_around() is None and previewer.render_lists() is None  # once per render_article
    assert previewer.build([path]).ok
    rebuilt = pages(previewer.output)
    for name in ("topics/alliance/index.html", "topics/war/index.html", "articles/2022/same-day-a/index.html",
                 "articles/2022/same-day-b/index.html", "index.html", "archives/index.html",
                 "authors/ana-writer/index.html", "editions/2022-W08/index.html"):
        assert "Zeta statement" in at_once[name].decode() and at_once[name] == rebuilt[name], name  # the rebuild's very page
    # Not among them: the related lists of other articles keep the last build's order (ties go by
    # title), and the feeds; the rebuild brings both a moment later.

    # A key event no longer key: its key-events page drops it at once.
    path = edit(site, "content/articles/2022/invasion.md", "key: true", "key: false")
    assert previewer.render_article(path) is not None
    assert "/topics/war/key-events/" in previewer.render_around().pages
    assert previewer.render_lists() is not None
    at_once = pages(previewer.output)
    assert previewer.build([path]).ok
    assert at_once["topics/war/key-events/index.html"] == pages(previewer.output)["topics/war/key-events/index.html"]

    # A field taken out (the summary): the lists lose it at once, as the rebuild does.
    path = edit(site, "content/articles/2022/exercise-begins.md", "summary: The two armies began ten days of drills.\n", "")
    assert previewer.render_article(path) is not None and previewer.render_around() is not None
    assert "/" in previewer.render_lists().pages
    at_once = pages(previewer.output)
    assert "ten days of drills" not in at_once["index.html"].decode()
    assert previewer.build([path]).ok
    assert at_once["index.html"] == pages(previewer.output)["index.html"]

    # An edit that brings an article onto timelines (here the alliance's match rule, once it is no
    # longer kept off it), or moves it in the lists (a new date), is left to the rebuild.
    path = edit(site, "content/articles/2022/drills-elsewhere.md", "topics_exclude: [alliance]\n", "")
    edit(site, "content/articles/2022/drills-elsewhere.md", "title: Drills elsewhere", "title: Drills at the border")
    before = pages(previewer.output)
    quick = previewer.render_article(path)
    assert quick.pages == {"/articles/2022/drills-elsewhere/"}
    assert previewer.render_around() is None and previewer.render_lists() is None
    assert pages(previewer.output)["topics/alliance/index.html"] == before["topics/alliance/index.html"]
    assert previewer.build([path]).ok
    assert "Drills at the border" in (previewer.output / "topics/alliance/index.html").read_text(encoding="utf-8")
    path = edit(site, "content/articles/2022/drills-elsewhere.md", "title: Drills at the border", "title: Drills, moved")
    edit(site, "content/articles/2022/drills-elsewhere.md", "date: 2022-03-12", "date: 2022-03-20")
    assert previewer.render_article(path).pages == {"/articles/2022/drills-elsewhere/"}
    assert previewer.render_around() is None


def test_a_failed_rebuild_keeps_the_last_preview_and_the_next_good_one_catches_up(site_factory, tmp_path):
    site = site_factory("timelines")
    previewer = Previewer(site)
    assert previewer.build().ok
    path = edit(site, ARTICLE, "date: 2022-02-21", "date: 2022-02-31")
    failed = previewer.build([path])
    assert not failed.ok
    assert failed.error_lines == [f"{ARTICLE}:3:7: error: date '2022-02-31' is not a date like 2022-12-03 [bad-date]"]
    assert previewer.render_article(path) is None
    assert (previewer.output / "articles/2022/troops-stay/index.html").exists()

    template = edit(site, "themes/digest/templates/article.html", "<h1>{{ article.title }}</h1>",
                    "<h1>{{ article.title.nope() }}</h1>")
    edit(site, ARTICLE, "date: 2022-02-31", "date: 2022-02-22")
    failed = previewer.build([path, template])
    # The template's place, and the article whose page it was rendering.
    (error,) = failed.errors
    assert re.fullmatch(r"content/articles/\d{4}/[a-z0-9-]+\.md: error: its page articles/\d{4}/[a-z0-9-]+/index\.html "
                        r"could not be rendered: themes/digest/templates/article\.html:25: error: UndefinedError: "
                        r"'str object' has no attribute 'nope'", error), error
    edit(site, "themes/digest/templates/article.html", "{{ article.title.nope() }}", "{{ article.title }}")
    assert previewer.build([template]).ok

    settings = edit(site, "pelicanconf.py", 'SITENAME = "Digest"', 'SITENAME = "Digest')
    failed = previewer.build([settings])
    assert len(failed.errors) == 1 and failed.errors[0].startswith("pelicanconf.py:3: error: SyntaxError: ")
    edit(site, "pelicanconf.py", 'SITENAME = "Digest', 'SITENAME = "The Digest"')
    assert previewer.build([settings]).ok
    assert "The Digest" in (previewer.output / "index.html").read_text(encoding="utf-8")
    assert_same_as_a_whole_build(site, previewer, tmp_path)


def test_the_first_build_of_a_session_shares_the_content_cache_with_digest_build(site_factory, monkeypatch):
    site = site_factory("timelines")
    first = Previewer(site)
    assert first.build().ok  # a cold site: every file read, and what was made kept in .cache/digest/content
    shown = pages(first.output)

    def converted_again(self, text):
        raise AssertionError("a file the content cache knows was converted again")

    monkeypatch.setattr(MarkdownConverter, "convert", converted_again)
    assert build(site).articles == 10  # digest build reads nothing again...
    shutil.rmtree(first.output)
    again = Previewer(site)
    assert again.build().ok  # ...nor does the next session's first build
    assert pages(again.output) == shown
