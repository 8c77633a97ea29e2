"""The skeleton ``digest new`` writes: values in, text out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.articles import parse_article
from digest.check import check_content
from digest.new import UsageError, article_skeleton, create_article, left_to_fill_in, new_article_path

DAY = dt.date(2024, 3, 1)


def test_the_skeleton_has_every_field_to_fill_in_and_a_placeholder_body():
    text = article_skeleton("KPU sets the count", DAY, topics=["indonesia-election-2024"], lang="en",
                            source_url="https://www.antaranews.com/berita/123")
    assert text == (
        "---\n"
        "title: KPU sets the count\n"
        "subtitle:\n"
        "date: 2024-03-01\n"
        "status: draft\n"
        "event_date:\n"
        "authors: []\n"
        "editor:\n"
        "source:\n"
        "  name: Antara\n"
        "  url: https://www.antaranews.com/berita/123\n"
        "location:\n"
        "lang: en\n"
        "topics:\n"
        "- indonesia-election-2024\n"
        "summary:\n"
        "---\n"
        "\n"
        "Write the article here, in Markdown: a blank line between paragraphs.\n"
    )
    assert left_to_fill_in(text) == ["subtitle", "event_date", "authors", "editor", "location", "summary"]


def test_the_skeleton_is_a_draft_that_passes_the_checks_with_one_warning_for_the_placeholder():
    text = article_skeleton("A story", DAY)
    assert parse_article(text).status == "draft"
    problems = check_content({"content/articles/2024/a-story.md": text}, None)
    assert [(p.level, p.code, p.line) for p in problems] == [("warning", "placeholder-body", 16)]
    written = text.replace("Write the article here, in Markdown: a blank line between paragraphs.", "The story.")
    assert check_content({"content/articles/2024/a-story.md": written}, None) == []


@pytest.mark.parametrize("title", ["Yes", "no", "2022-12-03", "- a dash first", "Putin: 'no' #1", 'He said "on"', "Lukašenka – Минск"])
def test_titles_that_trip_yaml_stay_what_was_typed(title):
    assert parse_article(article_skeleton(title, DAY).replace("Write the article", "Wrote the article")).title == title


@pytest.mark.parametrize(("options", "message"), [
    ({"lang": "english"}, "lang 'english' is not a known language code"),
    ({"source_url": "www.example.com/story"}, "is not a web address"),
])
def test_values_the_check_would_reject_are_refused(options, message):
    with pytest.raises(UsageError, match=message):
        article_skeleton("A story", DAY, **options)


def test_the_file_is_named_as_the_importer_names_it_and_never_overwritten(tmp_path):
    content = tmp_path / "content"
    articles = content / "articles"
    assert new_article_path("Putin: Russia Will Station Nuclear Weapons!", DAY, articles) == \
        content / "articles/2024/putin-russia-will-station-nuclear-weapons.md"
    path, text = create_article("A story", articles, date=DAY)
    assert path == content / "articles/2024/a-story.md"
    assert path.read_text(encoding="utf-8") == text
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError) as raised:
        create_article("A story", articles, date=DAY)
    assert raised.value.filename == str(path)
    assert path.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in Path(path.parent).iterdir()) == ["a-story.md"]  # no temporary file left
