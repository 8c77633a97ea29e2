"""Rows of long pages kept across one preview session's builds, for the quick pass after a save.

A topic page of thousands of entries, or the archives' row per article, takes
over a second to render, nearly all of it in the theme's row macro (about 0.1 ms
a row), and after a save only the edited article's rows differ. So the preview's
builds record each row's HTML by what it shows: the article's version (its
file's stamp), the template and macro, and for a timeline entry its date, how it
came on the timeline and its subtopic, and the macro's other arguments. The
quick pass (``Previewer.render_around`` and ``render_lists``) reuses them;
nothing else reads them.

The rebuild that follows a quick pass renders every page it renders in full, so
whatever an entry shows from outside its key (a link in its summary to another
article whose address changed) is right again within seconds, as the whole
preview is. A change to a template, the settings or topics.yaml starts the
memo afresh (``clear``). ``digest build`` keeps none: within one build a row is
rarely shown twice the same way (a parent topic shows an entry with its subtopic).

The theme asks for it through the ``remembered`` template global; without a
memo in the context that simply calls the macro.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from digest.model import TimelineEntry

ENTRY_MEMO = "DIGEST_ENTRY_MEMO"  # the settings key that hands the preview's memo to the templates


class EntryMemo:
    """Each article's rows' HTML (timeline entries, archive rows), by the article's source path, then
    by what a row shows."""

    def __init__(self, stamp_of: Callable[[str], Any]):
        self._stamp_of = stamp_of  # of an article's source path: its file's stamp, as the preview's Plan has it
        self._by_source: dict[str, dict[tuple, str]] = {}
        self._groups: dict[tuple, str] = {}  # groups of rows, by (template, macro, arguments, each row's key)
        self.reading = False  # True during a quick pass: reuse; otherwise record what is rendered

    def html(self, template: str | None, macro, subject, args: tuple) -> str:
        """``macro(subject, *args)`` called from ``template``, for ``subject`` an article, a timeline
        entry, or a list or tuple of them (a group of rows: a month of a timeline, a year of the
        archives, kept whole while each of its rows is)."""
        if isinstance(subject, (list, tuple)):
            rows = tuple(map(self._row, subject))
            key, store = (template, macro.name, args, rows), self._groups
        else:
            source, stamp, shown = self._row(subject)
            key, store = (stamp, template, macro.name, shown, args), self._by_source.setdefault(source, {})
        if self.reading:
            known = store.get(key)
            return known if known is not None else macro(subject, *args)
        store[key] = html = macro(subject, *args)
        return html

    def _row(self, subject) -> tuple:
        """(source path, stamp, what else shows) of a row's article or timeline entry."""
        if isinstance(subject, TimelineEntry):
            article, subtopic = subject.item, subject.subtopic
            shown = (subject.when, subject.via, subtopic.slug if subtopic else None, subtopic.title if subtopic else None)
        else:
            article, shown = subject, ()
        return article.source_path, self._stamp_of(article.source_path), shown

    def forget(self, source: str) -> None:
        """The rows of the article at ``source``, and the groups it is in (an edit whose stamp may
        not have changed yet)."""
        self._by_source.pop(source, None)
        self._groups = {key: html for key, html in self._groups.items() if all(row[0] != source for row in key[3])}

    def keep_current(self) -> None:
        """Keep only the rows of each article's stamp now, and the groups of such rows only: edits
        and deleted files leave nothing behind."""
        current = self._stamp_of
        self._by_source = {source: kept for source, rows in self._by_source.items()
                           if (kept := {key: html for key, html in rows.items() if key[0] == current(source)})}
        self._groups = {key: html for key, html in self._groups.items()
                        if all(current(source) == stamp for source, stamp, _ in key[3])}

    def clear(self) -> None:
        self._by_source.clear()
        self._groups.clear()


@jinja2.pass_context
def remembered(context, macro, subject, *args):
    """``macro(subject, *args)``: the HTML of one article's row (``subject``: the article or its
    timeline entry) or of a group of rows (a list or tuple of them); ``args``: strings. Through the
    preview's ``EntryMemo`` when there is one."""
    memo = context.get(ENTRY_MEMO)
    return macro(subject, *args) if memo is None else memo.html(context.name, macro, subject, args)
