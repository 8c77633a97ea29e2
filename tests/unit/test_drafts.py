"""Drafts and scheduled stories: what the front matter says, what the checks allow, what publishing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.articles import read_article
from digest.check import check_file
from digest.errors import ContentError
from digest.model import Article
from digest.publish import publish_text

ARTICLES = "content/articles"


def problems(text: str) -> list[tuple[str, str]]:
    return [(problem.level, problem.code) for problem in check_file(f"{ARTICLES}/2026/story.md", text, articles=ARTICLES).problems]


def test_a_draft_may_wait_for_its_date_and_its_text_a_published_article_may_not():
    draft = "---\ntitle: Coming soon\nstatus: draft\n---\n"
    article, found = read_article(draft)
    assert article is not None and article.date is None and article.status == "draft"
    assert sorted(problems(draft)) == [("warning", "empty-body"), ("warning", "missing-date")]
    assert sorted(problems(draft.replace("status: draft\n", ""))) == [("error", "empty-body"), ("error", "missing-date")]


def test_the_placeholder_body_is_an_error_once_published():
    from digest.articles import PLACEHOLDER_BODY

    text = f"---\ntitle: A story\ndate: 2026-12-01\nstatus: draft\n---\n\n{PLACEHOLDER_BODY}\n"
    assert problems(text) == [("warning", "placeholder-body")]
    assert problems(text.replace("status: draft", "status: published")) == [("error", "placeholder-body")]


@pytest.mark.parametrize("value, code", [("drafted", "bad-status"), ("Draft", "bad-status"), ("true", "bad-status")])
def test_status_takes_only_draft_or_published(value, code):
    text = f"---\ntitle: A story\ndate: 2026-12-01\nstatus: {value}\n---\nText.\n"
    assert problems(text) == [("error", code)]
    assert check_file(f"{ARTICLES}/2026/story.md", text, articles=ARTICLES).problems[0].line == 4


def test_publish_at_is_a_time_and_dates_a_story_that_has_no_date():
    article, found = read_article("---\ntitle: Later\npublish_at: 2026-12-24 06:00\n---\nText.\n")
    assert found == []
    assert article.publish_at == dt.datetime(2026, 12, 24, 6, 0) and article.date == dt.datetime(2026, 12, 24, 6, 0)
    assert problems("---\ntitle: Later\ndate: 2026-12-01\npublish_at: tomorrow\n---\nText.\n") == [("error", "bad-publish-at")]


def test_what_the_site_shows_when():
    now = dt.datetime(2026, 12, 1, 12, 0)
    story = Article(title="A", date=dt.date(2026, 12, 1))
    assert story.state(now) == "published"
    assert Article(title="A", date=None, status="draft").state(now) == "draft"
    assert Article(title="A", date=dt.date(2026, 12, 1), publish_at=dt.datetime(2026, 12, 1, 12, 1)).state(now) == "scheduled"
    assert Article(title="A", date=dt.date(2026, 12, 1), publish_at=now).state(now) == "published"
    # A draft stays a draft, whatever its publish_at says.
    assert Article(title="A", date=None, status="draft", publish_at=dt.datetime(2020, 1, 1)).state(now) == "draft"


TODAY = dt.date(2026, 12, 1)


def test_publishing_changes_only_the_status_line_and_adds_a_date():
    text = "---\ntitle: A story\n# ask Ana first\nstatus: 'draft'  # until Ana says so\nlang: id\n---\nText.\n"
    published = publish_text(text, TODAY)
    assert published.text == ("---\ntitle: A story\n# ask Ana first\ndate: 2026-12-01\nstatus: 'published'  # until Ana says so\n"
                              "lang: id\n---\nText.\n")
    assert published.changes == ("status: draft -> published", "date: 2026-12-01 (today)")


def test_publishing_keeps_the_date_and_the_line_endings_it_finds():
    text = "---\r\ntitle: A story\r\ndate: 2022-12-03\r\nstatus: draft\r\n---\r\nText.\r\n"
    published = publish_text(text, TODAY)
    assert published.text == text.replace("status: draft", "status: published")
    assert published.changes == ("status: draft -> published",)


def test_an_empty_date_is_filled_in_where_it_stands():
    published = publish_text("---\ntitle: A\ndate:\nstatus: draft\n---\nText.\n", TODAY)
    assert published.text == "---\ntitle: A\ndate: 2026-12-01\nstatus: published\n---\nText.\n"


def test_a_published_story_is_left_as_it_is():
    text = "---\ntitle: A\ndate: 2022-12-03\n---\nText.\n"
    assert publish_text(text, TODAY).text == text and not publish_text(text, TODAY).changed


def test_a_status_on_the_next_line_is_changed_where_it_stands_a_block_scalar_is_refused():
    assert publish_text("---\ntitle: A\ndate: 2022-12-03\nstatus:\n  draft\n---\nText.\n", TODAY).text == (
        "---\ntitle: A\ndate: 2022-12-03\nstatus:\n  published\n---\nText.\n")
    with pytest.raises(ContentError) as raised:
        publish_text("---\ntitle: A\ndate: 2022-12-03\nstatus: >-\n  draft\n---\nText.\n", TODAY)
    assert raised.value.code == "cannot-publish" and raised.value.line == 4


def test_a_published_article_pointing_at_a_draft_is_warned_a_draft_pointing_at_one_is_not():
    from digest.check import check_content

    files = {
        "content/articles/2026/a.md": "---\ntitle: A\ndate: 2026-01-01\nstatus: draft\n---\nText.\n",
        "content/articles/2026/b.md": "---\ntitle: B\ndate: 2026-01-01\n---\nSee [A](/articles/2026/a/).\n",
        "content/articles/2026/c.md": "---\ntitle: C\ndate: 2026-01-01\nstatus: draft\n---\nSee [A](/articles/2026/a/).\n",
    }
    found = [(problem.path, problem.line, problem.code) for problem in check_content(files, None)]
    assert found == [("content/articles/2026/b.md", 5, "link-to-draft")]
