"""A build that fails or is killed leaves the previous output/ whole and nothing behind; what it writes
can be read by others as the umask says."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from digest.build import build
from tests.e2e.conftest import stop_process

TIMEOUT = 60


def snapshot(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _pages(files: dict[str, str]) -> dict[str, str]:
    """Everything but Pagefind's index, whose shard names differ from build to build."""
    return {name: digest for name, digest in files.items() if not name.startswith("pagefind/")}


def strays(site: Path) -> list[str]:
    return sorted(path.name for path in site.iterdir() if path.name.startswith(".output"))


def indexers_of(site: Path) -> list[int]:
    """Pagefind processes working on this site (read from /proc: no tool needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if "pagefind" in command and str(site) in command:
                found.append(int(entry.name))
    return found


def _wait(condition, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"the build ended before {what}: {process.communicate()}")
        time.sleep(0.005)
    pytest.fail(f"never reached: {what}")


def _staging(site: Path) -> list[Path]:
    return sorted(site.glob(".output.building-*"))


# Moments to kill a build at: each a condition that holds once the build got there.
MOMENTS = {
    "starting": lambda site: True,
    "writing pages": lambda site: any((folder / "articles").exists() for folder in _staging(site)),
    "indexing for search": lambda site: bool(indexers_of(site)),
    "index written": lambda site: any((folder / "pagefind").exists() for folder in _staging(site)),
}


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_a_killed_build_leaves_output_whole_and_the_next_build_cleans_up(site_factory, processes, moment):
    site = site_factory("timelines")
    build(site)
    before = snapshot(site / "output")
    # An edit, so that the build indexes for search again (an unchanged shard is reused).
    article = next((site / "content" / "articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    process = processes([sys.executable, "-m", "digest", "build"], cwd=site, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
    _wait(lambda: MOMENTS[moment](site), moment, process)
    stop_process(process, sig=signal.SIGKILL)

    assert snapshot(site / "output") == before
    deadline = time.monotonic() + 10
    while indexers_of(site) and time.monotonic() < deadline:  # SIGKILL reaches it at once; reaping may take a moment
        time.sleep(0.05)
    assert indexers_of(site) == []

    build(site)  # the next build removes what the killed one left
    assert strays(site) == []
    build(site, output=site.parent / "expected")  # the same content, built from scratch elsewhere
    assert _pages(snapshot(site / "output")) == _pages(snapshot(site.parent / "expected"))


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("moment", ["writing pages", "indexing for search"])
def test_a_build_stopped_by_ctrl_c_says_so_and_leaves_nothing_behind_at_once(site_factory, processes, moment):
    # The check, Pelican and the indexer each run in processes of their own: a stop reaches them all,
    # each removes what it was writing, and no next build is needed to clean up.
    site = site_factory("timelines")
    build(site)
    before, cache_before = snapshot(site / "output"), sorted((site / ".cache").rglob("*"))
    article = next((site / "content" / "articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    process = processes([sys.executable, "-m", "digest", "build"], cwd=site, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
    _wait(lambda: MOMENTS[moment](site), moment, process)
    code, out, err = stop_process(process, sig=signal.SIGINT)

    assert code == 130, (out, err)
    assert "stopped: output/ is unchanged" in err and "Traceback" not in err
    assert snapshot(site / "output") == before
    assert strays(site) == [] and indexers_of(site) == []
    assert sorted((site / ".cache").rglob("*")) == cache_before  # the content cache was saved before Pelican ran; no half-written file


def test_output_is_there_at_every_moment_of_a_rebuild(site_factory):
    site = site_factory("timelines")
    build(site)
    missing, stop = [], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (site / "output" / "index.html").is_file():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        for _ in range(3):
            build(site)
    finally:
        stop.set()
        watcher.join(5)
    assert missing == []
    assert strays(site) == []


def test_a_failed_build_leaves_nothing_behind(site_factory):
    site = site_factory("timelines")
    build(site)
    before = snapshot(site / "output")
    template = site / "themes/digest/templates/article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ article.title }}", "{{ article.title("), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=site, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(site / "output") == before and strays(site) == []


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_a_build_that_fails_after_its_search_index_started_leaves_no_indexer_and_nothing_behind(site_factory):
    # The search index starts once the article pages are written; the topic pages come after them.
    site = site_factory("timelines")
    build(site)
    before = snapshot(site / "output")
    article = next((site / "content" / "articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    template = site / "themes/digest/templates/topic.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}{{ 1 / 0 }}", 1),
                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=site, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "division by zero" in result.stderr
    assert snapshot(site / "output") == before and strays(site) == [] and indexers_of(site) == []


def test_a_second_build_while_one_runs_is_refused_and_touches_nothing(site_factory):
    from digest.build import _build_lock

    site = site_factory("timelines")
    build(site)
    before = snapshot(site / "output")
    with _build_lock(site / "output"):  # as a build that is running holds it
        result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=site, capture_output=True, text=True,
                                timeout=TIMEOUT)
    assert result.returncode == 1 and "another digest build is writing" in result.stderr
    assert snapshot(site / "output") == before and strays(site) == []


@pytest.mark.parametrize("umask, folders, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_output_and_imports_are_as_readable_as_the_umask_says(site_factory, tmp_path, umask, folders, files):
    site = site_factory("timelines")
    source = tmp_path / "story.txt"
    source.write_text("Drills at the border end\n\nJakarta - Pasukan kedua negara mengakhiri latihan di perbatasan "
                      "pada Senin (7/3/2022), kata pejabat militer kepada wartawan.\n", encoding="utf-8")
    env = {**os.environ}
    run = lambda *args: subprocess.run([sys.executable, "-c", f"import os, sys; os.umask({umask}); "  # noqa: E731
                                        "from digest.cli import main; sys.exit(main(sys.argv[1:]))", *args],
                                       cwd=site, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert run("build").returncode == 0
    assert run("import", str(source)).returncode == 0
    output = site / "output"
    assert {oct(path.stat().st_mode & 0o777) for path in [output, *output.rglob("*")] if path.is_dir()} == {oct(folders)}
    assert {oct(path.stat().st_mode & 0o777) for path in output.rglob("*") if path.is_file()} == {oct(files)}
    imported = next((site / "content/articles/2022").glob("drills-at-the-border-end.md"))
    assert oct(imported.stat().st_mode & 0o777) == oct(files)


def test_a_link_out_of_the_site_in_content_or_theme_stops_the_build(site_factory):
    site = site_factory("timelines")
    build(site)
    before = snapshot(site / "output")
    for link in (site / "content/images/passwd.jpg", site / "themes/digest/static/passwd.css"):
        link.parent.mkdir(exist_ok=True)
        link.symlink_to("/etc/passwd")
        result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=site, capture_output=True, text=True,
                                timeout=TIMEOUT)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "a symbolic link to /etc/passwd, outside the site" in result.stderr
        assert snapshot(site / "output") == before
        link.unlink()


def test_a_page_that_cannot_be_rendered_names_its_article_and_the_template(site_factory):
    site = site_factory("timelines")
    template = site / "themes/digest/templates/article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{{ article.title }} · {{ SITENAME }}", "{{ article.title }}{{ article.missing.attr }} · {{ SITENAME }}"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=site, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^content/articles/(\d{4})/([a-z0-9-]+)\.md: error: its page articles/\1/\2/index\.html "
                     r"could not be rendered: ", result.stderr, re.MULTILINE), result.stderr
    assert "themes/digest/templates/article.html:5: error: UndefinedError" in result.stderr
