"""The watched inbox's pure parts: when a dropped file is complete, where it goes, what its log says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from digest.importer import ImportResult
from digest.inbox import Settler, free_name, log_text

WHEN = dt.datetime(2024, 3, 1, 9, 30)


def test_a_file_is_complete_once_unchanged_for_the_quiet_period():
    now = [0.0]
    sizes = {Path("a.txt"): (10, 1), Path("b.txt"): (5, 1)}
    settler = Settler(quiet=0.5, clock=lambda: now[0])
    settler.note(Path("a.txt"))
    settler.note(Path("b.txt"))
    assert settler.ready(sizes.get) == []  # first look
    now[0] = 0.3
    sizes[Path("a.txt")] = (20, 2)  # still being written
    assert settler.ready(sizes.get) == []
    now[0] = 0.6
    assert settler.ready(sizes.get) == [Path("b.txt")]
    now[0] = 0.9
    assert settler.ready(sizes.get) == [Path("a.txt")]
    assert settler.ready(sizes.get) == []  # each handed out once


def test_a_file_gone_before_it_settles_is_forgotten():
    settler = Settler(quiet=0.0, clock=lambda: 0.0)
    settler.note(Path("a.txt"))
    assert settler.ready(lambda path: None) == []
    assert settler.ready(lambda path: (1, 1)) == []


def test_a_moved_file_never_replaces_another(tmp_path):
    assert free_name(tmp_path, "story.txt") == tmp_path / "story.txt"
    (tmp_path / "story.txt").write_text("one")
    (tmp_path / "story-2.txt.log").write_text("a log left alone")
    assert free_name(tmp_path, "story.txt") == tmp_path / "story-3.txt"


def test_the_log_says_what_was_written_or_why_not():
    written = ImportResult(source="inbox/a.txt", article=object(), path=Path("content/articles/2022/a.md"))
    skipped = ImportResult(source="inbox/a.txt", path=Path("content/articles/2022/a.md"),
                           duplicate_of=Path("content/articles/2022/a.md"))
    failed = ImportResult(source="inbox/b.txt", error="inbox/b.txt: the text is empty")
    assert log_text("a.txt", [written], WHEN) == (True, "2024-03-01 09:30:00 digest import --watch: a.txt\n"
                                                        "wrote content/articles/2022/a.md\n")
    assert log_text("a.txt", [skipped], WHEN)[1].endswith(
        "skipped: already imported as content/articles/2022/a.md (digest import --force imports it again)\n")
    assert log_text("b.txt", [failed], WHEN) == (False, "2024-03-01 09:30:00 digest import --watch: b.txt\n"
                                                         "failed: inbox/b.txt: the text is empty\n")
