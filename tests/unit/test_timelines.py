import datetime as dt
import json
import re

import pytest

from digest.i18n import event_date, month_label
from digest.model import Article, EventDate, Topic
from digest.timelines import group_timelines, place_of

TOPIC = Topic(slug="t", title="T")


def article(title, date, event_date=None, topics=("t",)):
    return Article(title=title, date=date, event_date=event_date, topics=topics)


def group_timeline(topic, items):
    return group_timelines([topic], items)[topic.slug]


def titles(timeline):
    return [entry.item.title for entry in timeline.entries]


def test_event_date_orders_before_publication_date():
    late_story = article("published first, happened later", dt.date(2022, 1, 1), EventDate(2022, 3, 1))
    early_story = article("published later, happened first", dt.date(2022, 6, 1), EventDate(2021, 5, 2))
    assert titles(group_timeline(TOPIC, [late_story, early_story])) == [
        "published later, happened first", "published first, happened later",
    ]


def test_falls_back_to_publication_date():
    item = article("no event date", dt.date(2022, 12, 3))
    assert place_of(item) == EventDate(2022, 12, 3)


def test_less_precise_dates_lead_their_period():
    items = [
        article("day", dt.date(2022, 2, 1), EventDate(2022, 2, 10)),
        article("month", dt.date(2022, 3, 1), EventDate(2022, 2)),
        article("year", dt.date(2022, 12, 1), EventDate(2022)),
    ]
    assert titles(group_timeline(TOPIC, items)) == ["year", "month", "day"]


def test_ties_break_on_publication_date_then_title_and_do_not_depend_on_input_order():
    same_day = EventDate(2022, 2, 24)
    items = [
        article("beta", dt.date(2022, 2, 25), same_day),
        article("Alpha", dt.date(2022, 2, 25), same_day),
        article("zulu, published earlier", dt.date(2022, 2, 24), same_day),
    ]
    expected = ["zulu, published earlier", "Alpha", "beta"]
    assert titles(group_timeline(TOPIC, items)) == expected
    assert titles(group_timeline(TOPIC, list(reversed(items)))) == expected


def test_groups_by_year_and_month():
    items = [
        article("a", dt.date(2020, 9, 15), EventDate(2020, 9, 14)),
        article("b", dt.date(2022, 2, 24)),
        article("c", dt.date(2022, 2, 21), EventDate(2022, 2)),
        article("d", dt.date(2022, 12, 30), EventDate(2022)),
        article("e", dt.date(2022, 10, 10)),
    ]
    timeline = group_timeline(TOPIC, items)
    shape = [(year.year, [(month.month, [e.item.title for e in month.entries]) for month in year.months])
             for year in timeline.years]
    assert shape == [(2020, [(9, ["a"])]), (2022, [(0, ["d"]), (2, ["c", "b"]), (10, ["e"])])]
    assert month_label(2022, timeline.years[1].months[0].month, "en") == "2022, month not known"
    assert month_label(2022, timeline.years[1].months[1].month, "en") == "February 2022"
    assert timeline.years[1].count == 4
    assert (timeline.first, timeline.last, timeline.count) == (EventDate(2020, 9, 14), EventDate(2022, 10, 10), 5)


def test_group_timelines_assigns_by_named_topics_only():
    topics = [Topic("a", "A"), Topic("b", "B"), Topic("empty", "Empty")]
    items = [
        article("in a", dt.date(2022, 1, 1), topics=("a",)),
        article("in a and b, a named twice", dt.date(2022, 1, 2), topics=("a", "b", "a")),
        article("unknown topic", dt.date(2022, 1, 3), topics=("nope",)),
    ]
    timelines = group_timelines(topics, items)
    assert list(timelines) == ["a", "b", "empty"]
    assert titles(timelines["a"]) == ["in a", "in a and b, a named twice"]
    assert titles(timelines["b"]) == ["in a and b, a named twice"]
    assert timelines["empty"].count == 0 and timelines["empty"].first is None


def test_event_date_display_matches_precision():
    assert event_date(EventDate(2022, 12, 3), "en") == "3 December 2022"
    assert event_date(EventDate(2022, 12), "en") == "December 2022"
    assert event_date(EventDate(2022), "en") == "2022"


# --- rules, parents, exclusions -------------------------------------------------

from digest.model import MatchRule  # noqa: E402
from digest.timelines import assign_entries, monthly_counts, neighbours  # noqa: E402
from digest.topics import parse_topics  # noqa: E402

RULED_TOPICS = parse_topics("""
- slug: war
  title: War
- slug: belarus-russia-military
  title: Belarus–Russia military
  parent: war
  match:
    - all: [[Belarus, Belarusian], [Russia, Rusia, Russian], [military, militer, troops, pasukan, exercise]]
    - any: [Zapad-2021]
""")


def body_article(title, body, topics=(), topics_exclude=(), day=1):
    return Article(title=title, date=dt.date(2022, 1, day), body=body, topics=topics, topics_exclude=topics_exclude)


def entries_of(topic_slug, items):
    return [(entry.item.title, entry.via, entry.subtopic.slug if entry.subtopic else None)
            for entry in assign_entries(RULED_TOPICS, items)[topic_slug]]


def test_rule_needs_a_term_of_every_group_in_any_language():
    items = [
        body_article("id", "Pasukan Belarus dan Rusia berlatih bersama."),
        body_article("en", "Belarusian and Russian troops drilled."),
        body_article("trade only", "Belarus and Russia signed a trade deal."),
        body_article("words inside others", "Belarusians and Russians militarised"),  # whole words only
        body_article("phrase rule", "The Zapad-2021 drills began.", day=2),
    ]
    assert entries_of("belarus-russia-military", items) == [
        ("id", "rule", None), ("en", "rule", None), ("phrase rule", "rule", None),
    ]


def _has_by_words(text, term):
    """The definition of a term's match: its words are consecutive words of the text."""
    words, wanted = re.findall(r"\w+", text.casefold()), re.findall(r"\w+", term.casefold())
    return " " + " ".join(wanted) + " " in " " + " ".join(words) + " "


@pytest.mark.parametrize("term", ["zapad 2021", "Zapad-2021", "rusia", "ab", "a_b", "STRASSE", "x", "ß", "2021"])
@pytest.mark.parametrize("text", [
    "Zapad 2021", "zapad\n\n2021!", "zapad2021", "xzapad 2021", "zapad 20211", "Rusia,", "rusian rusia",
    "RusiaRusia rusia", "ab-ab", "a_b", "a b", "Straße", "strasse x", "x", "", "—", "__x__", "nab ab",
])
def test_a_term_matches_whole_words_in_order(text, term):
    topic = parse_topics(f"- slug: t\n  title: T\n  match: {{any: [{json.dumps(term)}]}}\n")
    matched = bool(assign_entries(topic, [body_article("Title", text)])["t"])
    assert matched == _has_by_words("Title " + text, term)


def test_named_and_ruled_members_are_told_apart_and_exclusion_overrides_rules():
    items = [
        body_article("named", "Nothing that matches.", topics=("belarus-russia-military",)),
        body_article("named and matching", "Belarus Russia troops", topics=("belarus-russia-military",)),
        body_article("excluded", "Belarus Russia troops", topics_exclude=("belarus-russia-military",)),
    ]
    assert entries_of("belarus-russia-military", items) == [
        ("named", "editor", None), ("named and matching", "editor", None),
    ]


def test_parent_timeline_includes_children_marked_with_their_subtopic():
    items = [
        body_article("child only", "x", topics=("belarus-russia-military",)),
        body_article("both", "x", topics=("belarus-russia-military", "war")),
        body_article("ruled child", "Belarus Russia troops"),
        body_article("excluded from parent", "x", topics=("belarus-russia-military",), topics_exclude=("war",)),
    ]
    assert entries_of("war", items) == [
        ("child only", "editor", "belarus-russia-military"),
        ("both", "editor", None),
        ("ruled child", "rule", "belarus-russia-military"),
    ]


def test_neighbours_and_monthly_counts():
    items = [article("a", dt.date(2022, 1, 5)), article("b", dt.date(2022, 3, 1)), article("c", dt.date(2022, 3, 9)),
             article("y", dt.date(2023, 6, 1), EventDate(2023))]
    timeline = group_timeline(TOPIC, items)
    around = neighbours(timeline)
    first, second, third, last = timeline.entries
    assert around[id(first.item)] == (None, second)
    assert around[id(second.item)] == (first, third)
    assert around[id(last.item)] == (third, None)
    series = monthly_counts(timeline)
    assert series[:3] == [(2022, 1, 1), (2022, 2, 0), (2022, 3, 2)]
    assert series[-1] == (2023, 1, 1)  # a year-only entry counts in January of its year
    assert len(series) == 13


def test_match_rule_model():
    rule = RULED_TOPICS[1].match[0]
    assert isinstance(rule, MatchRule) and rule.all_of[0] == ("Belarus", "Belarusian")


def test_an_edited_item_takes_its_place_as_a_grouping_from_scratch_would_put_it():
    from dataclasses import replace

    from digest.timelines import memberships, with_item_replaced

    parent = Topic(slug="p", title="P")
    child = Topic(slug="c", title="C", parent="p")
    alpha, beta = article("Alpha", dt.date(2022, 5, 1), topics=("c",)), article("Beta", dt.date(2022, 5, 1), topics=("c",))
    later = article("Later", dt.date(2022, 9, 1), topics=("c",))
    items = [alpha, beta, later]
    for edited in (replace(alpha, title="Zeta"), replace(alpha, event_date=EventDate(2023, 1, 1)), replace(alpha, summary="New")):
        rest = [edited if item is alpha else item for item in items]
        for topic in (child, parent):
            patched = with_item_replaced(group_timelines([parent, child], items)[topic.slug], alpha, edited)
            assert patched == group_timelines([parent, child], rest)[topic.slug]
    # How an item is on each timeline: named, or brought by a subtopic; an edit that changes it shows.
    assert memberships([parent, child], alpha) == {"c": ("editor", ""), "p": ("editor", "c")}
    assert memberships([parent, child], replace(alpha, topics=("p",))) == {"p": ("editor", "")}
    assert memberships([parent, child], replace(alpha, topics=())) == {}


def test_matches_worked_out_before_group_as_searching_the_text_does():
    from digest.timelines import TopicRules

    items = [
        body_article("ruled", "Belarus Russia troops"),
        body_article("named and ruled", "Belarus Russia troops", topics=("belarus-russia-military",)),
        body_article("excluded", "Belarus Russia troops", topics_exclude=("war",)),
        body_article("neither", "Trade talks"),
    ]
    rules = TopicRules(RULED_TOPICS)
    assert [rules.matched(item) for item in items] == [{"belarus-russia-military"}] * 3 + [frozenset()]
    known = {id(item): rules.matched(item) for item in items}
    assert assign_entries(RULED_TOPICS, items, lambda item: known[id(item)]) == assign_entries(RULED_TOPICS, items)
    # The answers given are the ones used: the text is not searched again.
    told = assign_entries(RULED_TOPICS, items, lambda item: {"belarus-russia-military"} if item.title == "neither" else ())
    assert [(entry.item.title, entry.via) for entry in told["belarus-russia-military"]] == [
        ("named and ruled", "editor"), ("neither", "rule")]
    assert [(entry.item.title, entry.subtopic.slug) for entry in told["war"]] == [
        ("named and ruled", "belarus-russia-military"), ("neither", "belarus-russia-military")]
