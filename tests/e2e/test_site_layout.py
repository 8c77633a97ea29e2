"""A site laid out its own way (PATH, ARTICLE_PATHS, DIGEST_TOPICS_FILE), and commands run from its subfolders:
every command reads the same settings the same way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest.init import new_site_settings
from tests.conftest import REPO, SITES
from tests.e2e.conftest import run_digest as digest
from tests.e2e.conftest import stop_process
from tests.e2e.test_new_and_inbox import wait_for
from tests.e2e.test_serve import TIMEOUT, Server
from tests.golden.regenerate import CASES

SEED = CASES / "idn-times-seed.txt"
LAYOUT = '\nPATH = "src"\nARTICLE_PATHS = ["posts"]\nDIGEST_TOPICS_FILE = "../data/topics.yml"\n'


@pytest.fixture
def own_layout(tmp_path) -> Path:
    site = tmp_path / "own"
    shutil.copytree(SITES / "timelines/content/articles", site / "src/posts")
    (site / "data").mkdir()
    shutil.copy(SITES / "timelines/content/topics.yaml", site / "data/topics.yml")
    shutil.copytree(REPO / "themes", site / "themes")
    (site / "pelicanconf.py").write_text((REPO / "pelicanconf.py").read_text(encoding="utf-8") + LAYOUT, encoding="utf-8")
    return site




def test_check_and_build_read_the_sites_own_layout_from_any_subfolder(own_layout):
    checked = digest(own_layout / "src/posts/2022", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.endswith(" in 11 files\n")  # ten articles and data/topics.yml
    built = digest(own_layout / "data", "build")
    assert built.returncode == 0, built.stderr
    assert (own_layout / "output/topics/alliance/index.html").is_file()
    assert (own_layout / "output/articles/2022/troops-stay/index.html").is_file()


def test_check_names_files_and_the_topics_file_where_they_are(own_layout):
    post = own_layout / "src/posts/2022/invasion.md"
    post.write_text(post.read_text(encoding="utf-8").replace("topics: [war]", "topics: [wars]"), encoding="utf-8")
    result = digest(own_layout / "src", "check")
    assert result.returncode == 1
    assert "src/posts/2022/invasion.md:11:10: error: topic 'wars' is not in data/topics.yml: did you mean 'war'?" in result.stdout


def test_import_and_new_write_into_the_sites_article_folder(own_layout):
    imported = digest(own_layout / "src", "import", str(SEED))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == (f"wrote posts/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md from {SEED}\n")
    assert (own_layout / "src/posts/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md").is_file()
    again = digest(own_layout, "import", str(SEED))  # the earlier import is found in the site's own folder
    assert again.returncode == 0 and again.stdout.startswith("skipped ")
    new = digest(own_layout / "data", "new", "A fresh story", "--topic", "alliance")  # a topic of data/topics.yml
    assert new.returncode == 0, new.stderr
    written = own_layout / new.stdout.strip().replace("../", "", 1)
    assert written.parent.parent == own_layout / "src/posts" and written.is_file()
    assert digest(own_layout, "new", "Another", "--topic", "nope").returncode == 2


def test_the_inbox_imports_into_the_sites_article_folder(own_layout, processes):
    inbox = own_layout / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "seed.txt")
    watcher = processes([sys.executable, "-m", "digest", "import", "--watch", "inbox"], cwd=own_layout, text=True,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: (inbox / "done/seed.txt.log").exists(), "the seed imported")
    code, out, err = stop_process(watcher, timeout=TIMEOUT)
    assert code == 0, err
    assert (own_layout / "src/posts/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md").is_file()


def test_serve_previews_the_site_and_follows_its_topics_file(own_layout):
    server = Server(own_layout / "src")  # started from a subfolder: it finds the site
    processes_started = [server.process]
    try:
        server.wait_for("/topics/alliance/", lambda status, text: status == 200, "the timeline")
        topics = own_layout / "data/topics.yml"
        topics.write_text(topics.read_text(encoding="utf-8").replace("title: The alliance", "title: The pact"),
                          encoding="utf-8")
        server.wait_for("/topics/alliance/", lambda status, text: "<h1>The pact" in text, "the renamed topic")
        assert (own_layout / ".cache/preview").is_dir() and not (own_layout / "src/.cache").exists()
    finally:
        for process in processes_started:
            stop_process(process, timeout=TIMEOUT)


@pytest.fixture
def content_only(tmp_path) -> Path:
    """A folder with content/ (articles and topics) and nothing else: no settings file, no theme."""
    site = tmp_path / "kabar-kawasan"
    shutil.copytree(SITES / "timelines/content", site / "content")
    return site


def test_a_folder_with_content_and_no_settings_builds_as_a_new_site_would(content_only):
    built = digest(content_only, "build")
    assert built.returncode == 0, built.stderr
    home = (content_only / "output/index.html").read_text(encoding="utf-8")
    assert "<title>Kabar Kawasan</title>" in home  # digest init's settings: the folder's name is the title
    assert (content_only / "output/topics/alliance/index.html").is_file()
    assert (content_only / "output/articles/2022/troops-stay/index.html").is_file()
    assert (content_only / "output/pagefind/pagefind-ui.js").is_file()  # digest's plugin ran, with its own theme
    assert digest(content_only / "content", "check").returncode == 0


def test_a_broken_settings_file_is_reported_not_passed_over(content_only):
    (content_only / "pelicanconf.py").write_text("SITENAME = 'x'\nPATH = \n", encoding="utf-8")
    result = digest(content_only, "build")
    assert result.returncode == 2
    assert "pelicanconf.py:2" in result.stderr and "Traceback" not in result.stderr
    assert not (content_only / "output").exists()


def test_serve_previews_a_folder_with_content_and_no_settings(content_only):
    server = Server(content_only)
    try:
        server.wait_for("/topics/alliance/", lambda status, text: status == 200, "the timeline")
        # Writing a settings file takes it up on the spot.
        (content_only / "pelicanconf.py").write_text(new_site_settings("Our own title", "en"), encoding="utf-8")
        server.wait_for("/", lambda status, text: "<title>Our own title</title>" in text, "the new settings")
    finally:
        stop_process(server.process, timeout=TIMEOUT)
