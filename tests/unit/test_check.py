"""The content checks one by one: values in, problems out (check_content), and check_site on small folders."""

from __future__ import annotations

import pytest

from digest.check import CheckReport, check_body, check_content, check_site, github_annotation
from digest.model import Problem
from tests.conftest import REPO, SITES

TOPICS = "- slug: war\n  title: The war\n- slug: alliance\n  title: The alliance\n  parent: war\n"
A = "content/articles/2022/a.md"
B = "content/articles/2022/b.md"


def article(front: str = "", body: str = "Body.", date: str = "2022-03-01", topics: str = "[war, alliance]") -> str:
    return f"---\ntitle: T\ndate: {date}\ntopics: {topics}\n{front}---\n{body}\n"


def check(articles: dict, topics: str | None = TOPICS, files=()) -> list[tuple]:
    return [(p.path, p.line, p.col, p.level, p.code) for p in check_content(articles, topics, set(files))]


def messages(articles: dict, topics: str | None = TOPICS, files=()) -> list[str]:
    return [p.message for p in check_content(articles, topics, set(files))]


def test_a_clean_article_has_no_problems():
    assert check({A: article()}) == []


# --- files ---------------------------------------------------------------------------------


def test_a_binary_file_is_one_error():
    assert check({A: b"\x89PNG\r\n\x1a\n\x00\x00"}, topics=None) == [(A, 1, 1, "error", "unreadable")]


def test_control_characters_yaml_refuses_are_one_error_at_their_place():
    found = check({A: article("summary: a\x07b\n")}, topics="- slug: war\n  title: \x1bWar\n")
    assert found == [(A, 5, 11, "error", "yaml-syntax"), ("content/topics.yaml", 2, 10, "error", "yaml-syntax")]


def test_a_file_not_in_utf8_is_one_error_at_the_bad_byte():
    found = check_content({A: "---\ntitle: Café\n".encode("latin-1") + b"date: 2022-03-01\n---\nB\n"}, None)
    assert [(p.line, p.col, p.code) for p in found] == [(2, 11, "unreadable")]
    assert found[0].message == "not UTF-8 text: byte 0xe9 cannot be read; save the file as UTF-8"


def test_utf8_bytes_and_a_byte_order_mark_are_fine():
    assert check({A: "\ufeff".encode() + article(body="Café ½").encode()}) == []


def test_only_md_files_are_articles():
    assert check({"content/articles/2022/notes.txt": b"notes"}, topics=None) == [
        ("content/articles/2022/notes.txt", 1, 1, "error", "not-an-article")]


def test_file_names_must_be_slugs():
    assert check({"content/articles/2022/My Story.md": article()}) == [
        ("content/articles/2022/My Story.md", 1, 1, "error", "bad-filename")]
    assert "call it my-story.md" in messages({"content/articles/2022/My Story.md": article()})[0]


# --- topics --------------------------------------------------------------------------------


def test_unknown_topics_and_excluded_topics_point_at_the_item():
    found = check_content({A: article("topics_exclude: [nowhere]\n", topics="[war, alliances]")}, TOPICS)
    assert [(p.path, p.line, p.col, p.code) for p in found] == [
        (A, 4, 15, "unknown-topic"), (A, 5, 18, "unknown-topic"), ("content/topics.yaml", 3, 9, "empty-topic")]
    assert found[0].message == "topic 'alliances' is not in content/topics.yaml: did you mean 'alliance'?"
    assert found[1].message == "topic 'nowhere' is not in content/topics.yaml: add it there or fix the name"


def test_without_topics_yaml_naming_a_topic_is_one_error_at_the_missing_file():
    assert check({A: article(topics="war")}, topics=None) == [("content/topics.yaml", 1, 1, "error", "missing-topics-file")]
    assert check({A: article(topics="[]")}, topics=None) == []  # no topics named: nothing is missing


def test_a_topic_without_articles_is_a_warning_at_its_slug():
    assert check({A: article(topics="[war]")}) == [("content/topics.yaml", 3, 9, "warning", "empty-topic")]


def test_a_topic_whose_timeline_shows_its_subtopics_articles_is_not_empty():
    assert check({A: article(topics="[alliance]")}) == []


def test_excluding_a_topic_does_not_count_as_using_it():
    found = check({A: article("topics_exclude: [alliance]\n", topics="[war]")})
    assert found == [("content/topics.yaml", 3, 9, "warning", "empty-topic")]


@pytest.mark.parametrize(("topics", "places", "code"), [
    ("- slug: a\n  title: A\n  parent: b\n", [(3, 11)], "unknown-parent"),
    ("- slug: a\n  title: A\n  parent: b\n- slug: b\n  title: B\n  parent: a\n", [(3, 11), (6, 11)], "topic-cycle"),
    ("- slug: a\n  title: A\n- slug: a\n  title: Again\n", [(3, 9)], "duplicate-topic"),
])
def test_topics_yaml_problems_are_reported_and_articles_are_still_checked_against_its_slugs(topics, places, code):
    found = check({A: article(topics="[a, zzz]")}, topics=topics)
    assert found == [(A, 4, 13, "error", "unknown-topic"), *(("content/topics.yaml", *place, "error", code) for place in places)]


def test_every_problem_of_topics_yaml_in_one_run():
    topics = "- slug: Bad Slug\n  title: A\n- slug: b\n- slug: c\n  title: C\n  parent: nowhere\n"
    found = check({A: article(topics="[c]")}, topics=topics)
    assert [(path, line, code) for path, line, _, _, code in found] == [
        ("content/topics.yaml", 1, "bad-topic-slug"), ("content/topics.yaml", 3, "missing-topic-title"),
        ("content/topics.yaml", 6, "unknown-parent"),
    ]


def test_topics_yaml_that_is_not_yaml_hides_no_article_behind_unknown_topics():
    assert check({A: article()}, topics="- slug: [war\n") == [("content/topics.yaml", 2, 1, "error", "yaml-syntax")]


# --- across articles -----------------------------------------------------------------------


def test_same_slug_in_two_years():
    assert check({"content/articles/2021/a.md": article(date="2021-01-01"), A: article()}) == [
        (A, 1, 1, "error", "duplicate-slug")]


def test_same_output_page():
    twin = "content/articles/2022/a.markdown"
    found = check_content({A: article(), twin: article()}, TOPICS)
    assert [(p.path, p.code) for p in found] == [(A, "duplicate-output")]
    assert found[0].message == f"written to the same page articles/2022/a/ as {twin}: rename one of the files"


def test_same_source_imported_twice_whatever_the_case_slash_or_fragment():
    source = "source:\n  name: Paper\n  url: {}\n"
    found = check({A: article(source.format("https://example.org/news/1")),
                   B: article(source.format("HTTPS://Example.org/news/1/#top"))})
    assert found == [(B, 7, 8, "error", "duplicate-source")]
    assert check({A: article(source.format("https://example.org/news/1")),
                  B: article(source.format("https://example.org/news/2"))}) == []


def test_internal_links_must_lead_to_an_article():
    body = ("[ok](/articles/2022/a/) [ok too](/articles/2022/a/index.html#part) [ok]({filename}a.md)\n"
            "[gone](/articles/2022/gone/) [gone]({filename}../2021/a.md) [static]({static}/images/x.jpg)\n"
            "[ok]({filename}/articles/2022/a.md) [outside](https://example.org/articles/2022/gone/)\n\n"
            "[ref]: /articles/2021/a/\n")
    found = check({A: article(), B: article(body=body)}, files={"content/images/x.jpg"})
    assert found == [(B, 7, 8, "error", "broken-link"), (B, 7, 37, "error", "broken-link"),
                     (B, 10, 8, "error", "broken-link")]


def test_links_in_code_are_not_links():
    body = "`[x](/articles/2022/gone/)`\n\n```\n[x](/articles/2022/gone/)\n```\n\n    [x](/articles/2022/gone/)\n"
    assert check({A: article(body=body)}) == []


def test_related_addresses_must_lead_to_an_article():
    related = "related:\n  - title: Here\n    url: /articles/2022/a/\n  - title: Gone\n    url: /articles/2021/a/\n"
    found = check_content({A: article(), B: article(related)}, TOPICS)
    assert [(p.path, p.line, p.col, p.code) for p in found] == [(B, 9, 10, "broken-related")]
    assert found[0].message == "related url '/articles/2021/a/' is not the address of an article: did you mean /articles/2022/a/?"


def test_local_images_must_exist_and_remote_ones_are_not_fetched():
    images = ("images:\n  - src: images/here.jpg\n    caption: C\n  - src: images/gone.jpg\n    caption: C\n"
              "  - src: https://example.org/x.jpg\n    caption: C\n")
    assert check({A: article(images)}, files={"content/images/here.jpg"}) == [
        (A, 8, 10, "error", "missing-image"),
        (A, 10, 10, "warning", "remote-image"),  # shown as a link unless DIGEST_IMAGE_HOSTS names the host
    ]


# --- the body ------------------------------------------------------------------------------


def body_problems(body: str) -> list[tuple]:
    return [(p.line, p.col, p.level, p.code) for p in check_body(body, 10)]


@pytest.mark.parametrize("body", ["", "\n\n  \n"])
def test_an_empty_body_is_an_error_at_the_closing_dashes(body):
    assert body_problems(body) == [(9, 1, "error", "empty-body")]


def test_heading_levels_may_go_down_one_at_a_time_and_up_freely():
    assert body_problems("## A\n\n### B\n\n## C\n\n### D\n\n#### E\n\n## F\n") == []


def test_heading_level_jumps_are_warnings():
    found = check_body("### A\n\nText\n\n## B\n\n#### C\n\nSetext\n======\n\n### D\n", 10)
    assert [(p.line, p.col, p.code) for p in found] == [(10, 1, "heading-jump"), (16, 1, "heading-jump"),
                                                        (21, 1, "heading-jump")]
    assert found[0].message == "heading level jumps from h1 to h3: use ## here (the title is the h1)"


def test_a_dashed_line_under_text_is_a_heading_too():
    assert body_problems("## A\n\nText\n---\n") == []
    assert body_problems("#### A\n\nText\n---\n")[0][3] == "heading-jump"


def test_raw_html_is_a_warning_once_a_line():
    found = check_body("Text <b>bold</b> and <i>it</i>.\n\n<div class=\"x\">\n<!-- note -->\n", 10)
    assert [(p.line, p.col, p.code) for p in found] == [(10, 6, "raw-html"), (12, 1, "raw-html"), (13, 1, "raw-html")]
    assert found[0].message == "raw HTML <b> is shown on the page as text, not as HTML: write it in Markdown"


def test_what_is_not_raw_html():
    body = "<https://example.org> <a@b.org> a < b > c \\<b> `<b>`\n\n```\n<div>\n```\n"
    assert body_problems(body) == []


# --- reports -------------------------------------------------------------------------------


def test_problems_sort_by_path_line_column_then_code():
    one = Problem("b.md", 2, 1, "warning", "z", "m")
    two = Problem("b.md", 2, 1, "error", "a", "m")
    three = Problem("a.md", 9, 9, "error", "x", "m")
    four = Problem("b.md", 10, 1, "error", "x", "m")
    assert sorted([one, two, three, four]) == [three, two, one, four]
    assert two.format() == "b.md:2:1: error: m [a]"


@pytest.mark.parametrize(("errors", "warnings", "files", "summary"), [
    (0, 0, 0, "0 errors, 0 warnings in 0 files"),
    (1, 1, 1, "1 error, 1 warning in 1 file"),
    (3, 2, 41, "3 errors, 2 warnings in 41 files"),
])
def test_summary_line(errors, warnings, files, summary):
    problems = [Problem("a", 1, 1, "error", "e", "m")] * errors + [Problem("a", 1, 1, "warning", "w", "m")] * warnings
    assert CheckReport(tuple(problems), files).summary() == summary


def test_github_annotations_escape_what_github_reads_as_syntax():
    problem = Problem("content/a,b.md", 7, 12, "warning", "bad-url", "'x: y' is 100% wrong\nreally")
    assert github_annotation(problem) == (
        "::warning file=content/a%2Cb.md,line=7,col=12,title=bad-url::'x: y' is 100%25 wrong%0Areally")


# --- sites on disk -------------------------------------------------------------------------


def test_the_sample_site_is_clean():
    report = check_site(REPO)
    assert [p.format() for p in report.problems] == []
    assert report.files == len(list((REPO / "content" / "articles").rglob("*.*"))) + 1


def test_the_timelines_fixture_has_only_its_deliberately_empty_topic():
    report = check_site(SITES / "timelines")
    assert [p.format() for p in report.problems] == [
        "content/topics.yaml:12:9: warning: topic 'quiet' has no articles: its timeline page is empty [empty-topic]"]


def test_check_site_reads_bytes_and_skips_hidden_files(tmp_path):
    articles = tmp_path / "content" / "articles" / "2022"
    articles.mkdir(parents=True)
    (tmp_path / "content" / "topics.yaml").write_text(TOPICS)
    (articles / "a.md").write_text(article(), encoding="utf-8")
    (articles / "b.md").write_bytes(b"---\ntitle: \xff\n")
    (articles / ".a.md.swp").write_bytes(b"\x00")
    report = check_site(tmp_path)
    assert [p.format() for p in report.problems] == [
        "content/articles/2022/b.md:2:8: error: not UTF-8 text: byte 0xff cannot be read; save the file as UTF-8 [unreadable]"]
    assert report.files == 3



def test_the_check_hands_the_build_what_each_article_matched():
    from digest.check import check_file, check_files, rule_matches

    ruled = TOPICS + "  match: [{any: [treaty]}]\n"
    files = {A: article(body="The treaty was signed."), B: article(body="Nothing here.", topics="[war]"),
             "content/articles/2022/undated.md": "---\ntitle: U\nstatus: draft\n---\nA treaty draft.\n"}
    checked = {path: check_file(path, text, articles="content/articles") for path, text in files.items()}
    check_files(checked, ruled)
    # Only what the rules matched, named or not; an undated draft is on no timeline yet.
    assert rule_matches(checked, ruled) == (ruled, {A: {"alliance"}, B: frozenset()})
    # Worked out for another topics.yaml: nothing to hand over.
    assert rule_matches(checked, TOPICS) == (TOPICS, {})
    check_files(checked, TOPICS)
    assert rule_matches(checked, TOPICS) == (TOPICS, {A: frozenset(), B: frozenset()})
    assert check_site(SITES / "timelines").rule_matches[1]  # check_site reports them
