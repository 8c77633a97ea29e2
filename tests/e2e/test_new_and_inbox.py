"""``digest new`` and ``digest import --watch`` as an editor runs them: real processes in a real site folder."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import time

import pytest

from tests.e2e.conftest import run_digest as digest
from tests.e2e.conftest import stop_process
from tests.golden.regenerate import CASES

SEED = CASES / "idn-times-seed.txt"
SEED_ARTICLE = "content/articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md"
TIMEOUT = 30  # bounded, and generous for a loaded machine




def test_new_writes_an_article_to_fill_in_that_checks_and_is_never_overwritten(site_factory):
    site = site_factory("timelines")
    year = dt.date.today().year
    created = digest(site, "new", "Troops stay: a second look", "--topic", "alliance", "--lang", "en",
                     "--source", "https://www.reuters.com/world/troops-stay")
    assert created.returncode == 0, created.stderr
    path = f"content/articles/{year}/troops-stay-a-second-look.md"
    assert created.stdout == f"{path}\n"
    assert "A draft: fill in subtitle, event_date, authors, editor, location, summary" in created.stderr
    text = (site / path).read_text(encoding="utf-8")
    assert text.startswith(f"---\ntitle: 'Troops stay: a second look'\nsubtitle:\ndate: {dt.date.today().isoformat()}\n")
    assert "source:\n  name: Reuters\n  url: https://www.reuters.com/world/troops-stay\n" in text
    assert "lang: en\ntopics:\n- alliance\nsummary:\n---\n" in text

    checked = digest(site, "check")
    assert checked.returncode == 0, checked.stdout
    assert f"{path}:19:1: warning: the body is still the placeholder digest new wrote" in checked.stdout

    (site / path).write_text(text.replace("summary:\n", "summary: Mine.\n"), encoding="utf-8")
    again = digest(site, "new", "Troops stay: a second look")
    assert again.returncode == 1
    assert f"{path} already exists: nothing was written" in again.stderr
    assert "summary: Mine." in (site / path).read_text(encoding="utf-8")

    unknown = digest(site, "new", "Another story", "--topic", "allience")
    assert unknown.returncode == 2
    assert "unknown topic 'allience': did you mean 'alliance'?" in unknown.stderr
    assert not (site / f"content/articles/{year}/another-story.md").exists()


def wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"never happened: {what}")


def test_watched_inbox_imports_dropped_files_into_done_and_failed_with_logs(site_factory, tmp_path, processes):
    site = site_factory("timelines")
    inbox = site / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("", encoding="utf-8")  # there before the watch starts
    watcher = processes([sys.executable, "-m", "digest", "import", "--watch", "inbox"], cwd=site,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (inbox / "failed/empty.txt.log").exists(), "the empty file failed")
    # Dropped as a browser saves: written under a temporary name, then renamed when complete.
    shutil.copy(SEED, inbox / ".seed.txt.part")
    (inbox / ".seed.txt.part").rename(inbox / "seed.txt")
    wait_for(lambda: (inbox / "done/seed.txt.log").exists(), "the seed imported")
    code, out, err = stop_process(watcher, timeout=TIMEOUT)
    assert code == 0, err
    assert "Traceback" not in err

    assert sorted(path.name for path in inbox.iterdir()) == ["done", "failed"]
    assert (inbox / "done/seed.txt").read_bytes() == SEED.read_bytes()
    assert f"wrote {SEED_ARTICLE}\n" in (inbox / "done/seed.txt.log").read_text(encoding="utf-8")
    assert (site / SEED_ARTICLE).exists()
    assert "the text is empty" in (inbox / "failed/empty.txt.log").read_text(encoding="utf-8")
    assert (inbox / "failed/empty.txt").exists()
    assert f"inbox/seed.txt: wrote {SEED_ARTICLE}; moved to inbox/done/seed.txt" in out
    assert "error: inbox/empty.txt: the text is empty (moved to inbox/failed/empty.txt; see inbox/failed/empty.txt.log)" in err


def test_import_needs_sources_or_an_inbox(site_factory):
    site = site_factory("timelines")
    assert digest(site, "import").returncode == 2
    assert digest(site, "import", "--watch", "nowhere").returncode == 2
    (site / "inbox").mkdir()
    both = digest(site, "import", "--watch", "inbox", SEED)
    assert both.returncode == 2
    assert "give no SRC" in both.stderr
