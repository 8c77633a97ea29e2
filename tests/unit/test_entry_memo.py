"""The preview's memo of rows: recorded by builds, reused only by the quick pass, by what a row shows."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from digest.model import EventDate, TimelineEntry
from digest.pelican.entry_memo import ENTRY_MEMO, EntryMemo, remembered

TEMPLATE = """{% macro row(entry, heading) %}<{{ heading }}>{{ entry.item.title }} {{ entry.via }}</{{ heading }}>{% endmacro -%}
{% macro plain(article) %}<li>{{ article.title }}</li>{% endmacro -%}
{% for entry in entries %}{{ remembered(row, entry, 'h4') }}{% endfor %}|{% for entry in entries %}{{ remembered(plain, entry.item) }}{% endfor %}"""


@dataclass(eq=False)
class Story:
    source_path: str
    title: str
    stamp: int = 1


def render(entries, memo=None) -> str:
    env = jinja2.Environment(autoescape=True)
    env.globals["remembered"] = remembered
    return env.from_string(TEMPLATE).render(entries=entries, **({ENTRY_MEMO: memo} if memo is not None else {}))


def memo_of(*stories: Story) -> EntryMemo:
    """A memo that finds each story's stamp by its source path, as the preview's reader cache does."""
    by_path = {story.source_path: story for story in stories}
    return EntryMemo(lambda source: by_path[source].stamp)


def entry(story: Story, via: str = "editor") -> TimelineEntry:
    return TimelineEntry(when=EventDate(2022, 3, 7), item=story, via=via)


def test_without_a_memo_every_row_is_rendered():
    story = Story("a.md", "Drills <end>")
    assert render([entry(story)]) == "<h4>Drills &lt;end&gt; editor</h4>|<li>Drills &lt;end&gt;</li>"


def test_the_quick_pass_reuses_what_a_build_recorded_while_the_article_is_the_same():
    one, two = Story("a.md", "Drills end"), Story("b.md", "Troops stay")
    memo = memo_of(one, two)
    entries = [entry(one), entry(two, "rule")]
    built = render(entries, memo)
    assert built == "<h4>Drills end editor</h4><h4>Troops stay rule</h4>|<li>Drills end</li><li>Troops stay</li>"
    # A change the memo cannot see (the same stamp) shows that the quick pass reuses rows ...
    one.title = "Changed unseen"
    memo.reading = True
    assert render(entries, memo) == built
    # ... but a new stamp, another way onto the timeline or a forgotten article is rendered anew.
    two.title, two.stamp = "Troops leave", 2
    assert render([entry(one), entry(two, "rule")], memo) == built.replace("Troops stay", "Troops leave")
    assert render([entry(one, "rule")], memo) == "<h4>Changed unseen rule</h4>|<li>Drills end</li>"
    memo.forget("a.md")
    assert render(entries, memo).count("Changed unseen") == 2
    # What the quick pass rendered is not kept: the rebuild records it.
    memo.reading = False
    assert render(entries, memo).count("Troops leave") == 2
    memo.reading = True
    two.title = "Unseen again"
    assert render(entries, memo).count("Troops leave") == 2


def test_only_rows_of_the_current_stamps_are_kept():
    one, two = Story("a.md", "Drills end"), Story("b.md", "Troops stay")
    memo = memo_of(one, two)
    render([entry(one), entry(two)], memo)
    two.stamp = 2  # b.md was saved since
    memo.keep_current()
    one.title, two.title = "Unseen", "Seen"
    memo.reading = True
    assert render([entry(one), entry(two)], memo) == "<h4>Drills end editor</h4><h4>Seen editor</h4>|<li>Drills end</li><li>Seen</li>"
    memo.clear()
    assert "Drills end" not in render([entry(one), entry(two)], memo)


GROUPED = """{% macro row(entry, heading) %}<{{ heading }}>{{ entry.item.title }}</{{ heading }}>{% endmacro -%}
{% macro rows(entries, heading) %}[{% for entry in entries %}{{ remembered(row, entry, heading) }}{% endfor %}]{% endmacro -%}
{{ remembered(rows, first, 'h4') }}{{ remembered(rows, second, 'h4') }}"""


def test_a_group_of_rows_is_reused_whole_while_each_of_its_rows_is():
    stories = [Story(f"{name}.md", name.title()) for name in ("a", "b", "c")]
    memo = memo_of(*stories)
    env = jinja2.Environment(autoescape=True)
    env.globals["remembered"] = remembered
    template = env.from_string(GROUPED)
    show = lambda: template.render(first=(entry(stories[0]), entry(stories[1])), second=[entry(stories[2])],  # noqa: E731
                                   **{ENTRY_MEMO: memo})
    assert show() == "[<h4>A</h4><h4>B</h4>][<h4>C</h4>]"
    memo.reading = True
    for story in stories:
        story.title = "unseen"
    assert show() == "[<h4>A</h4><h4>B</h4>][<h4>C</h4>]"
    stories[1].stamp = 2  # saved: its group is made again, of the other rows as they were and its own anew
    assert show() == "[<h4>A</h4><h4>unseen</h4>][<h4>C</h4>]"
    memo.forget("c.md")
    assert show() == "[<h4>A</h4><h4>unseen</h4>][<h4>unseen</h4>]"
    memo.keep_current()  # b.md's stamp is 2: its rows and group of stamp 1 go
    stories[1].stamp = 1  # as recorded, but no longer kept
    assert show() == "[<h4>A</h4><h4>unseen</h4>][<h4>unseen</h4>]"
