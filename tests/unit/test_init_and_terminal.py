"""``digest init``'s files and what the commands print where."""

from __future__ import annotations

import ast
import datetime as dt
import io

import pytest
import yaml

from digest.errors import DigestError
from digest.init import create_site, site_files
from digest.model import Problem
from digest.terminal import Output, wants_colour

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("title", ['Kabar "Timur"', "It's \\ news", "Berita ${x} $$"])
def test_any_title_stays_one_value_in_the_settings_and_the_yaml(title):
    files = site_files(title, "id", TODAY, "digest==0.1.0")
    settings = ast.parse(files["pelicanconf.py"])
    names = {node.targets[0].id: node.value for node in settings.body if isinstance(node, ast.Assign)}
    assert ast.literal_eval(names["SITENAME"]) == title
    assert ast.literal_eval(names["DEFAULT_LANG"]) == "id" and ast.literal_eval(names["TIMEZONE"]) == "Asia/Jakarta"
    assert "THEME" not in names  # digest's own theme, which follows digest's releases
    topics = yaml.safe_load(files["content/topics.yaml"])
    assert [topic["slug"] for topic in topics] == ["contoh-topik"]
    assert "content/articles/2026/berita-pertama.md" in files


def test_the_interface_languages_only():
    with pytest.raises(DigestError, match="en, id"):
        site_files("News", "fr", TODAY, "digest")


def test_init_writes_nothing_into_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.md").write_text("mine")
    with pytest.raises(DigestError, match="not empty"):
        create_site(tmp_path, title="News", lang="en")
    assert [path.name for path in tmp_path.iterdir()] == ["keep.md"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PROBLEM = Problem("content/articles/2022/x.md", 3, 7, "error", "bad-date", "date '2022-13-01' is not a date [really]")


def test_colour_on_a_terminal_only_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_colour(_Terminal()) and not wants_colour(io.StringIO())
    terminal, pipe = _Terminal(), io.StringIO()
    Output(out=terminal).problem(PROBLEM)
    Output(out=pipe).problem(PROBLEM)
    assert "\x1b[" in terminal.getvalue() and "[really] [bad-date]" in terminal.getvalue()  # markup is never read
    assert pipe.getvalue() == PROBLEM.format() + "\n"
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(_Terminal())


def test_quiet_keeps_problems_and_errors_only():
    out, err = io.StringIO(), io.StringIO()
    quiet = Output(-1, out=out, err=err)
    quiet.info("Built 3 articles")
    quiet.hint("Next: digest publish")
    quiet.error("error: something broke")
    quiet.problem(PROBLEM)
    assert out.getvalue() == PROBLEM.format() + "\n"
    assert err.getvalue() == "error: something broke\n"
