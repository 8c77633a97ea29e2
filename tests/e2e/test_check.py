"""`digest check` as CI and editors run it: a real process in a real site folder.

tests/sites/broken/expected-check.txt is the whole expected output on the broken site. After a
deliberate change of wording, rewrite it with one command and review the diff:
    cd tests/sites/broken && ../../../.venv/bin/digest check > expected-check.txt
"""

from __future__ import annotations

import re
import shutil

import pytest

from digest.build import build
from digest.errors import BuildError
from tests.conftest import REPO, SITES
from tests.e2e.conftest import run_digest as digest

EXPECTED = (SITES / "broken" / "expected-check.txt").read_text(encoding="utf-8")




def test_broken_site_output_is_exactly_the_expected_text(site_factory):
    site = site_factory("broken")
    # The second time every file comes from the content cache (its compact checks): the same text.
    for run in ("files read", "from the cache"):
        result = digest(site, "check")
        assert result.stderr == "", run
        for line, (got, expected) in enumerate(zip(result.stdout.splitlines(), EXPECTED.splitlines()), start=1):
            assert got == expected, f"line {line} of the output, {run}"
        assert len(result.stdout.splitlines()) == len(EXPECTED.splitlines()), run
        assert result.returncode == 1, run
    assert list((site / ".cache/digest/content").glob("*.check.pickle"))


def test_the_broken_site_has_twenty_kinds_of_defect_and_a_true_summary():
    lines = EXPECTED.splitlines()
    codes = {re.search(r"\[([a-z-]+)\]$", line)[1] for line in lines[:-1]}
    assert len(codes) >= 20
    errors = sum(": error: " in line for line in lines)
    warnings = sum(": warning: " in line for line in lines)
    files = len([path for path in (SITES / "broken/content/articles").rglob("*") if path.is_file()]) + 1
    assert lines[-1] == f"{errors} errors, {warnings} warnings in {files} files"


def test_github_format_annotates_each_problem_on_its_line(site_factory):
    result = digest(site_factory("broken"), "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED.splitlines())
    assert "::error file=content/articles/2022/bad-values.md,line=3,col=7,title=bad-date::" \
           "date '2022-13-01' is not a date like 2022-12-03" in lines
    assert "::warning file=content/topics.yaml,line=8,col=9,title=empty-topic::" \
           "topic 'forgotten' has no articles: its timeline page is empty" in lines
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines[:-1])
    assert lines[-1] == EXPECTED.splitlines()[-1]


def test_a_clean_site_prints_only_the_summary(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = digest(tmp_path, "check", "--strict")
    files = len(list((REPO / "content/articles").rglob("*.md"))) + 1
    assert (result.returncode, result.stdout, result.stderr) == (0, f"0 errors, 0 warnings in {files} files\n", "")


def test_warnings_pass_unless_strict(site_factory):
    site = site_factory("timelines")
    relaxed = digest(site, "check")
    assert relaxed.returncode == 0
    files = len(list((site / "content/articles").rglob("*.md"))) + 1
    assert relaxed.stdout == ("content/topics.yaml:12:9: warning: topic 'quiet' has no articles: its timeline page is empty "
                              f"[empty-topic]\n0 errors, 1 warning in {files} files\n")
    assert digest(site, "check", "--strict").returncode == 1


def test_an_unreadable_file_is_one_error_not_a_traceback(site_factory):
    site = site_factory("timelines")
    (site / "content/articles/2022/photo.md").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    result = digest(site, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "content/articles/2022/photo.md:1:1: error: binary file, not text: content files are text saved as UTF-8 [unreadable]")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("check", "--format", "xml"), ("check", "extra")])
def test_usage_errors_exit_2(site_factory, args):
    assert digest(site_factory("timelines"), *args).returncode == 2


def test_outside_a_site_is_a_usage_error(tmp_path):
    result = digest(tmp_path, "check")
    assert result.returncode == 2
    assert f"error: no pelicanconf.py in {tmp_path.resolve()} or any folder above it: run digest inside a site's folder" \
        in result.stderr


def test_build_refuses_the_broken_site_before_pelican_runs(site_factory):
    site = site_factory("broken")
    result = digest(site, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in EXPECTED.splitlines():
        assert line in result.stderr
    assert not (site / "output").exists()
    assert not list(site.glob(".output*"))  # Pelican was never started


def test_build_keeps_the_previous_output_on_any_check_error(site_factory):
    site = site_factory("timelines")
    build(site)
    before = (site / "output/index.html").read_text(encoding="utf-8")
    # A file Pelican would skip in silence is an error of the check, so the build stops.
    (site / "content/articles/2022/draft.txt").write_text("not yet", encoding="utf-8")
    with pytest.raises(BuildError, match=r"content/articles/2022/draft.txt:1:1: error: only .md files are articles"):
        build(site)
    assert (site / "output/index.html").read_text(encoding="utf-8") == before


def test_build_goes_on_with_warnings_and_tells_them(site_factory):
    site = site_factory("timelines")
    result = digest(site, "build")
    assert result.returncode == 0, result.stderr
    assert "content/topics.yaml:12:9: warning: topic 'quiet' has no articles" in result.stderr
