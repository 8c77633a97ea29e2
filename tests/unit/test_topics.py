import pytest

from digest.errors import ContentError
from digest.topics import parse_topics


def test_reads_topics_with_parents_and_keywords():
    topics = parse_topics(
        "- slug: war\n  title: War\n- slug: belarus-russia-military\n  title: Belarus–Russia military\n"
        "  parent: war\n  keywords: [Belarus, no]\n"
    )
    assert [t.slug for t in topics] == ["war", "belarus-russia-military"]
    assert topics[1].parent == "war"
    assert topics[1].keywords == ("Belarus", "no")


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("- slug: a\n  title: A\n- slug: a\n  title: Again\n", "duplicate-topic", 3),
        ("- slug: a\n  title: A\n  parent: nowhere\n", "unknown-parent", 3),
        ("- slug: a\n  title: A\n  parent: b\n- slug: b\n  title: B\n  parent: a\n", "topic-cycle", 3),
        ("- slug: Not A Slug\n  title: A\n", "bad-topic-slug", 1),
        ("- slug: a\n", "missing-topic-title", 1),
        ("- slug: a\n  title: [unclosed\n", "yaml-syntax", 3),
    ],
)
def test_problems_are_reported_with_their_line(text, code, line):
    with pytest.raises(ContentError) as caught:
        parse_topics(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_sample_topics_file_is_valid():
    from tests.conftest import REPO

    topics = parse_topics((REPO / "content" / "topics.yaml").read_text(encoding="utf-8"))
    assert {"belarus-russia-military", "russia-ukraine-war"} <= {t.slug for t in topics}
    assert next(t for t in topics if t.slug == "belarus-russia-military").title == "Belarus–Russia military"


@pytest.mark.parametrize(
    "match",
    ["match: Belarus", "match: [{all: []}]", "match: [{every: [a]}]", "match: [{any: [\"\"]}]", "match: [{all: [[]]}]"],
)
def test_bad_match_rules_are_reported(match):
    with pytest.raises(ContentError) as caught:
        parse_topics(f"- slug: a\n  title: A\n  {match}\n")
    assert caught.value.code == "bad-match-rule" and caught.value.line == 3


def test_match_rule_forms():
    (topic,) = parse_topics("- slug: a\n  title: A\n  match:\n    all: [Belarus, [Russia, Rusia]]\n    any: [troops]\n")
    assert topic.match[0].all_of == (("Belarus",), ("Russia", "Rusia"))
    assert topic.match[0].any_of == ("troops",)
