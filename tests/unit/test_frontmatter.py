import datetime as dt

import pytest

from digest import frontmatter
from digest.articles import format_article, parse_article
from digest.errors import ContentError
from digest.model import Article, EventDate, Image, Related, Source

TRICKY_TITLES = [
    "Ukraina ke Belarus: Jika Kalian Terlibat Perang, Pasti Kami Balas!",
    "# not a comment",
    "Title with 'single' and \"double\" quotes",
    "yes",
    "No",
    "on",
    "- leading dash",
    "--- three dashes",
    "Belarus–Rusia: “kerja sama” militer, ½ jalan ✓",
    "2022-12-03",
    "1984",
    "null",
    "[not, a, list]",
    "{not: a mapping}",
    "ends with colon:",
    "  padded  ".strip(),
    "@at & *star !bang %percent `tick",
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_round_trip_keeps_every_field(title):
    article = Article(
        title=title,
        subtitle=f"sub: {title}",
        date=dt.date(2022, 12, 3),
        event_date=EventDate(2022, 12),
        body="First paragraph.\n\n## A heading\n\nSecond: with colon.",
        authors=(title, "Brahm"),
        editor="Vanny",
        source=Source(name="IDN Times", url="https://www.idntimes.com/news/world/x"),
        location="Jakarta",
        lang="id",
        topics=("belarus-russia-military", "no"),
        related=(Related(title=title), Related(title="Other", url="https://example.org/a?b=c#d")),
        summary=f"Summary: {title}",
        images=(Image(caption=title, credit="instagram.com/army__by", src="images/tank.jpg"),),
        source_tags=("Vanny El Rahman", "yes"),
        cites=("Euronews", "Belta"),
        key=True,
    )
    assert parse_article(format_article(article)) == article


def test_yaml_11_words_stay_text():
    text = "---\ntitle: Yes\ndate: 2022-12-03\ntopics: [no, on, off]\nsubtitle: 2022-12-03\nlocation: ~\n---\nBody\n"
    article = parse_article(text)
    assert article.title == "Yes"
    assert article.topics == ("no", "on", "off")
    assert article.subtitle == "2022-12-03"
    assert article.location == ""
    assert article.date == dt.date(2022, 12, 3)


def test_true_and_false_are_still_booleans():
    text = "---\ntitle: T\ndate: 2022-12-03\nkey: true\n---\n"
    assert parse_article(text).key is True


def test_dates_are_written_plain():
    text = format_article(Article(title="T", date=dt.date(2022, 12, 3), event_date=EventDate(2022)))
    assert "date: 2022-12-03\n" in text
    assert "event_date: '2022'\n" in text  # quoted, so other YAML tools do not read a number


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022", EventDate(2022)), ("2022-12", EventDate(2022, 12)), ("2022-12-03", EventDate(2022, 12, 3))],
)
def test_event_date_precision(value, expected):
    article = parse_article(f"---\ntitle: T\ndate: 2022-12-05\nevent_date: {value}\n---\n")
    assert article.event_date == expected
    assert article.event_date.isoformat() == value


def _error(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        parse_article(text)
    return caught.value


def test_yaml_syntax_error_points_at_the_file_line():
    error = _error("---\ntitle: T\ndate: 2022-12-03\nsummary: [unclosed\nlang: en\n---\nBody\n")
    assert error.code == "yaml-syntax"
    assert (error.line, error.col) == (5, 5)


def test_bad_date_points_at_the_value():
    error = _error("---\ntitle: T\nsubtitle: S\ndate: 2022-13-01\n---\n")
    assert (error.line, error.col, error.code) == (4, 7, "bad-date")
    assert "2022-13-01" in error.message


def test_bad_nested_url_points_at_it():
    error = _error("---\ntitle: T\ndate: 2022-12-03\nsource:\n  name: X\n  url: not a url\n---\n")
    assert (error.line, error.col, error.code) == (6, 8, "bad-url")


def test_missing_title_is_reported():
    assert _error("---\ndate: 2022-12-03\n---\nBody").code == "missing-title"


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    error = _error("---\ntitle: First\ndate: 2022-12-03\ntitle: Second\n---\n")
    assert (error.line, error.col, error.code) == (4, 1, "duplicate-key")


@pytest.mark.parametrize(
    ("text", "code"),
    [("Just text\n", "no-front-matter"), ("---\ntitle: T\n", "unclosed-front-matter"), ("---\n- a\n---\n", "front-matter-not-mapping")],
)
def test_malformed_files(text, code):
    assert _error(text).code == code


def test_error_message_names_file_line_and_column():
    error = _error("---\ntitle: T\ndate: nope\n---\n").at("content/articles/2022/x.md")
    assert str(error) == "content/articles/2022/x.md:3:7: error: date 'nope' is not a date like 2022-12-03 [bad-date]"


def test_split_keeps_body_and_its_first_line():
    header, body, body_line = frontmatter.split("\ufeff---\r\ntitle: T\r\n---\r\nLine one\r\n")
    assert header == "title: T"
    assert body == "Line one\n"
    assert body_line == 4


def test_position_of_nested_values():
    matter = frontmatter.parse("---\ntitle: T\nrelated:\n  - title: A\n  - title: B\n    url: https://x.org\n---\n")
    assert matter.position("related", 1, "url") == (6, 10)
    assert matter.position("related", 7) == (4, 3)  # a missing index points at the list
