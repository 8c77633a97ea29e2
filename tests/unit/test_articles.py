"""Reading an article with every problem in it (read_article), and the strict form (parse_article)."""

import datetime as dt

import pytest

from digest.articles import format_article, parse_article, read_article
from digest.errors import ContentError
from digest.model import Article


def problems(text: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.col, p.level, p.code) for p in read_article(text)[1]]


def test_every_problem_of_a_file_is_reported_in_reading_order():
    text = (
        "---\n"
        "title: T\n"
        "date: 2022-13-01\n"
        "event_date: 2022-1\n"
        "autor: Ana\n"
        "source:\n"
        "  name: Paper\n"
        "  url: not a url\n"
        "lang: english\n"
        "key: 'yes'\n"
        "---\n"
        "Body\n"
    )
    article, found = read_article(text)
    assert article is None  # no usable date
    assert [(p.line, p.col, p.level, p.code) for p in found] == [
        (3, 7, "error", "bad-date"),
        (4, 13, "error", "bad-event-date"),
        (5, 1, "warning", "unknown-key"),
        (8, 8, "error", "bad-url"),
        (9, 7, "error", "bad-lang"),
        (10, 6, "error", "bad-type"),
    ]
    assert found[2].message == "'autor': unknown key, did you mean 'authors'?"


def test_parse_article_raises_the_first_error_by_position():
    with pytest.raises(ContentError) as caught:
        parse_article("---\ntitle: T\nlang: xx\ndate: nope\n---\nBody\n")
    assert (caught.value.line, caught.value.code) == (3, "bad-lang")


def test_a_file_with_only_warnings_still_parses():
    article, found = read_article("---\ntitle: T\ndate: 2022-12-03\nsumary: S\n---\nBody\n")
    assert article is not None and article.title == "T"
    assert problems("---\ntitle: T\ndate: 2022-12-03\nsumary: S\n---\nBody\n") == [(4, 1, "warning", "unknown-key")]
    assert found[0].message == "'sumary': unknown key, did you mean 'summary'?"
    assert parse_article("---\ntitle: T\ndate: 2022-12-03\nsumary: S\n---\nBody\n").title == "T"


def test_an_unknown_key_without_a_near_name_lists_the_known_ones():
    _, found = read_article("---\ntitle: T\ndate: 2022-12-03\nzzz: 1\n---\nBody\n")
    assert found[0].message.startswith("'zzz': unknown key, known keys are title, subtitle, date,")


def test_unknown_keys_inside_entries_point_at_the_key():
    text = "---\ntitle: T\ndate: 2022-12-03\nrelated:\n  - title: A\n    ulr: https://x.org\nsource:\n  nam: X\n---\nB\n"
    _, found = read_article(text)
    assert [(p.line, p.col, p.code, p.message) for p in found if p.level == "warning"] == [
        (6, 5, "unknown-key", "'ulr': unknown key, did you mean 'url'?"),
        (8, 3, "unknown-key", "'nam': unknown key, did you mean 'name'?"),
    ]


@pytest.mark.parametrize("lang", ["en", "id", "en-GB", "pt-BR"])
def test_known_language_codes(lang):
    assert problems(f"---\ntitle: T\ndate: 2022-12-03\nlang: {lang}\n---\nB\n") == []


@pytest.mark.parametrize("lang", ["english", "xx", "eng", "EN", "en-XX", "en-gb", "en_GB"])
def test_unknown_language_codes(lang):
    assert problems(f"---\ntitle: T\ndate: 2022-12-03\nlang: {lang}\n---\nB\n") == [(4, 7, "error", "bad-lang")]


@pytest.mark.parametrize("value", ["2022-02-30", "2022-13", "22", "2022-1", "2022/12"])
def test_event_dates_need_a_real_date_at_a_known_precision(value):
    assert problems(f"---\ntitle: T\ndate: 2022-12-03\nevent_date: {value}\n---\nB\n") == [(4, 13, "error", "bad-event-date")]


def test_images_need_a_caption():
    text = "---\ntitle: T\ndate: 2022-12-03\nimages:\n  - src: a.jpg\n  - caption: ' '\n    credit: C\n---\nB\n"
    assert problems(text) == [(5, 5, "error", "missing-caption"), (6, 14, "error", "missing-caption")]


def test_related_urls_may_be_addresses_in_the_site_but_source_urls_may_not():
    text = ("---\ntitle: T\ndate: 2022-12-03\nsource:\n  name: X\n  url: /articles/2022/a/\n"
            "related:\n  - title: A\n    url: /articles/2022/a/\n  - title: B\n    url: articles/2022/b/\n---\nB\n")
    assert problems(text) == [(6, 8, "error", "bad-url"), (11, 10, "error", "bad-url")]


def test_topics_exclude_round_trips():
    article = Article(title="T", date=dt.date(2022, 12, 3), topics=("war",), topics_exclude=("alliance", "no"))
    text = format_article(article)
    assert "topics_exclude:\n- alliance\n- 'no'\n" in text
    assert parse_article(text) == article


def test_topics_exclude_must_be_a_list_of_text():
    assert problems("---\ntitle: T\ndate: 2022-12-03\ntopics_exclude: {a: b}\n---\nB\n") == [(4, 17, "error", "bad-type")]
