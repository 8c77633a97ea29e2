"""Input that would stall, crash or leak: refused at its place, quickly, with a message to act on."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
from pathlib import Path

import pytest

from digest import frontmatter
from digest.articles import read_article
from digest.check import check_content, check_site
from digest.errors import ContentError
from digest.importer import expand_sources, import_articles, read_source
from digest.importer.encoding import decode_text
from digest.importer.text import SUMMARY_LIMIT_CHARS, clip, parse_text

A = "content/articles/2022/a.md"
# A bound on how long a refusal may take. Not a timing test: each case took minutes, or never
# ended, before it was refused; the bound only makes a regression fail instead of hanging.
HANG_GUARD_SECONDS = 10


@contextlib.contextmanager
def within(seconds: float = HANG_GUARD_SECONDS):
    def too_slow(signum, frame):
        raise AssertionError(f"still running after {seconds} s: it would stall a build")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def codes(text: str) -> list[tuple[int, int, str]]:
    with within():
        _, problems = read_article(text)
    return [(problem.line, problem.col, problem.code) for problem in problems if problem.level == "error"]


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))


def test_billion_laughs_is_refused_at_the_first_anchor():
    assert len(BILLION_LAUGHS) < 600
    assert codes(f"---\ntitle: T\ndate: 2022-01-01\n{BILLION_LAUGHS}---\nBody\n") == [(4, 4, "yaml-alias")]


def test_an_alias_alone_is_refused_too_and_text_with_ampersands_is_fine():
    assert codes("---\ntitle: &t T\ndate: 2022-01-01\nsubtitle: *t\n---\nBody\n") == [(2, 8, "yaml-alias")]
    assert codes("---\ntitle: AT&T * 3 &more\ndate: 2022-01-01\nsubtitle: '*starred*'\n---\nBody\n") == []


@pytest.mark.parametrize("header", [
    "title: " + "[" * 1000 + "]" * 1000,
    "title: " + "{a: " * 5000,
    "".join(" " * depth + f"k{depth}:\n" for depth in range(300)),
    "title:\n" + "- " * 5000 + "x",
])
def test_deep_nesting_is_refused_without_a_traceback(header):
    found = codes(f"---\n{header}\n---\nBody\n")
    assert [code for *_, code in found][:1] in (["yaml-too-deep"], ["front-matter-too-large"])


def test_a_header_too_large_is_refused():
    assert codes("---\ntitle: T\ndate: 2022-01-01\nsummary: " + "x" * 200_000 + "\n---\nBody\n") == [
        (2, 1, "front-matter-too-large")]


def test_many_unknown_keys_take_linear_time():
    header = "".join(f"k{number}: v\n" for number in range(8_000))
    with within():
        _, problems = read_article(f"---\ntitle: T\ndate: 2022-01-01\n{header}---\nBody\n")
    assert len(problems) == 8_000 and problems[-1].line == 8_003


def test_topics_yaml_takes_no_aliases():
    with pytest.raises(ContentError, match="no anchors or aliases") as raised:
        frontmatter.load_yaml("- &t {slug: a, title: A}\n- *t\n")
    assert (raised.value.line, raised.value.col) == (1, 3)


@pytest.mark.parametrize("field, value", [("date", "9999-12-31"), ("date", "0001-01-01"), ("event_date", "10000"),
                                          ("event_date", "0999-05")])
def test_dates_out_of_range_are_errors_not_crashes(field, value):
    front = f"title: T\ndate: 2022-01-01\n{field}: {value}\n" if field == "event_date" else f"title: T\ndate: {value}\n"
    _, problems = read_article(f"---\n{front}---\nBody\n")
    assert [problem.code for problem in problems] == [f"bad-{field.replace('_', '-')}"]
    assert "out of range" in problems[0].message or "is not a date" in problems[0].message


@pytest.mark.parametrize("src", ["file:///etc/passwd", "//evil.example/x.jpg", "javascript:alert(1)",
                                 "data:image/png;base64,AAAA", "../../../etc/passwd", "images/../../x.png"])
def test_image_sources_are_web_addresses_or_files_of_the_site(src):
    _, problems = read_article(f"---\ntitle: T\ndate: 2022-01-01\nimages:\n  - src: '{src}'\n    caption: C\n---\nBody\n")
    assert [(problem.line, problem.code) for problem in problems] == [(5, "bad-image-src")]


def test_related_addresses_never_lead_to_another_host_without_a_scheme():
    _, problems = read_article("---\ntitle: T\ndate: 2022-01-01\nrelated:\n  - title: R\n    url: //evil.example/x\n---\nB\n")
    assert [problem.code for problem in problems] == ["bad-url"]


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)", "&#106;avascript:alert(1)",
                                  "data:text/html,x", "vbscript:x", "file:///etc/passwd"])
def test_check_reports_links_and_pictures_with_other_schemes_at_their_place(link):
    text = f"---\ntitle: T\ndate: 2022-01-01\nsummary: see [this]({link})\n---\nFirst [x]({link}) and ![p]({link})\n"
    found = [(p.line, p.col, p.code) for p in check_content({A: text}, None) if p.level == "error"]
    picture = len("First [x](") + len(link) + len(") and ![p](") + 1
    assert found == [(4, 10, "bad-link-scheme"), (6, 11, "bad-link-scheme"), (6, picture, "bad-link-scheme")]


def test_check_refuses_an_article_file_too_large():
    found = [(p.line, p.code) for p in check_content({A: b"---\ntitle: T\n---\n" + b"x" * (2 * 1024 * 1024)}, None)]
    assert found == [(1, "too-large")]


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content/articles/2022").mkdir(parents=True)
    (site / "content/images").mkdir()
    (site / "content/articles/2022/a.md").write_text("---\ntitle: T\ndate: 2022-01-01\n---\nBody.\n", encoding="utf-8")
    return site


def test_check_refuses_symbolic_links_that_lead_outside_the_site(tmp_path):
    site = make_site(tmp_path)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "content/images/x.jpg").symlink_to("/etc/passwd")
    (site / "content/images/outside").symlink_to(tmp_path)
    (site / "content/images/inside.jpg").symlink_to(site / "content/articles/2022/a.md")  # inside: fine
    (site / "content/images/loop").symlink_to(site / "content")  # a loop is read once, not forever
    with within():
        report = check_site(site)
    found = [(problem.path, problem.code) for problem in report.problems]
    assert found == [("content/images/outside", "link-outside-site"), ("content/images/x.jpg", "link-outside-site")]
    assert "/etc/passwd, outside the site" in report.problems[1].message


def test_import_never_follows_a_symbolic_link(tmp_path):
    (tmp_path / "real.txt").write_text("Title\n\nJakarta - Text.\n", encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox/passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / "inbox/linked-folder").symlink_to(tmp_path)
    (tmp_path / "link.txt").symlink_to("/etc/passwd")
    expanded = dict(expand_sources([tmp_path / "link.txt", tmp_path / "inbox"]))
    assert set(expanded) == {str(tmp_path / "link.txt"), str(tmp_path / "inbox/passwd.txt")}
    assert all("symbolic link" in problem for problem in expanded.values())
    with pytest.raises(ContentError.__base__, match="symbolic link"):
        read_source(tmp_path / "link.txt")
    results = import_articles([tmp_path / "inbox"], tmp_path / "content", ())
    assert [bool(result.error) for result in results] == [True] and not (tmp_path / "content").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_import_refuses_a_named_pipe_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with within(), pytest.raises(ContentError.__base__, match="not a regular file"):
        read_source(tmp_path / "pipe.txt")


def test_a_mostly_utf8_file_stays_utf8_with_a_warning_at_the_bad_byte():
    data = "Judul\n\nCafé di Jakarta – berita".encode("utf-8").replace(b"di", b"d\xff")
    text, warnings = decode_text(data)
    assert text == "Judul\n\nCafé d\ufffd Jakarta – berita"
    assert warnings == ["1 byte of the file is not valid UTF-8 (the first at line 3, column 7): shown as \ufffd; "
                        "check the text there"]
    assert decode_text("Café naïve".encode("cp1252")) == ("Café naïve", [])  # no UTF-8 in it: a legacy file


def test_summaries_and_imports_are_bounded():
    assert clip("word " * 300, 600).endswith("…") and len(clip("word " * 300, 600)) <= 600
    lead = "Judul yang panjang\n\nJakarta - " + "kata " * 30_000 + "\n"
    article = parse_text(lead, topics=(), default_date=dt.date(2022, 1, 1))
    assert len(article.summary) <= SUMMARY_LIMIT_CHARS
    with within(), pytest.raises(ContentError.__base__, match="more than the 512 KB an article may be"):
        parse_text("Judul\n\nJakarta - " + "kata " * 1_000_000, topics=(), default_date=dt.date(2022, 1, 1))


def test_a_picture_on_another_host_is_a_warning_unless_the_site_allows_the_host():
    text = ("---\ntitle: T\ndate: 2022-01-01\nimages:\n  - src: https://cdn.example.org/a.jpg\n    caption: C\n---\n"
            "See ![map](https://maps.example.net/m.png) and [a link](https://example.org/).\n")
    found = [(p.line, p.col, p.code) for p in check_content({A: text}, None)]
    assert found == [(5, 10, "remote-image"), (8, 12, "remote-image")]
    assert "add 'maps.example.net' there" in check_content({A: text}, None)[1].message
    allowed = check_content({A: text}, None, image_hosts=["cdn.example.org", "maps.example.net"])
    assert [p.code for p in allowed] == []
