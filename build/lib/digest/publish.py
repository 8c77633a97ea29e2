"""``digest publish``: a draft made published, in the editor's own file.

``publish_text`` is pure: the file's text and today's date in, the new text
and what changed out. It edits the front matter's lines in place rather than
writing the file anew from its values, so the editor's order, comments and
quoting stay as they were: only the ``status`` line changes (and a ``date``
line is added when the draft had none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from digest import frontmatter
from digest.errors import ContentError


@dataclass(frozen=True)
class Published:
    text: str
    changes: tuple[str, ...]  # what changed, for the editor: "status: draft -> published"

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def publish_text(text: str, today: dt.date) -> Published:
    """``text`` with ``status: published`` and, if it has no date, ``date: today``. Raises ContentError
    for a file whose front matter cannot be read."""
    matter = frontmatter.parse(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    keys = matter.key_positions()  # (line, col) of each top-level key, 1-based, in the file
    changes = []
    if matter.data.get("status") == "draft":
        line, col = matter.position("status")
        written = lines[line - 1]
        for token in ("draft", "'draft'", '"draft"'):  # the value as written, its quotes and any comment kept
            if written.startswith(token, col - 1):
                lines[line - 1] = written[:col - 1] + token.replace("draft", "published") + written[col - 1 + len(token):]
                changes.append("status: draft -> published")
                break
        else:  # a block scalar ("status: >-" and the value below): better not to guess
            raise ContentError("the status is not written as 'status: draft': write 'status: published' yourself",
                               line=line, col=col, code="cannot-publish")
    if matter.data.get("date") is None:
        stamp = f"date: {today.isoformat()}"
        if "date" in keys:  # "date:" with nothing after it
            lines[keys["date"][0] - 1] = stamp
        else:  # above the status line (one line, unlike a long title may be), else at the end of the header
            lines.insert(keys["status"][0] - 1 if "status" in keys else matter.body_line - 2, stamp)
        changes.append(f"date: {today.isoformat()} (today)")
    if not changes:
        return Published(text, ())
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    new_text = bom + newline.join(lines)
    edited = frontmatter.parse(new_text).data
    if edited.get("status", "published") != "published" or edited.get("date") is None or len(edited) != len(matter.data) + ("date" not in matter.data):
        # A value spread over lines ("status:" with the value below it): better not to guess.
        raise ContentError("the front matter's status or date is written over several lines: "
                           "write 'status: published' and the date on one line each yourself", line=keys.get("status", (1, 1))[0],
                           code="cannot-publish")
    return Published(new_text, tuple(changes))
