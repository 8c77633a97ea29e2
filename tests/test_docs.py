"""The README and the CLI cannot drift apart."""

from __future__ import annotations

import argparse
import re

import pytest

from digest.articles import FIELDS
from digest.cli import build_parser
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def global_options() -> set[str]:
    """The options of ``digest`` itself (every command takes -q and -v too): told once, before the commands."""
    return {option for action in build_parser()._actions for option in action.option_strings}


def test_the_global_options_are_documented_before_the_commands():
    introduction = README.split("## CLI reference", 1)[1].split("\n### ", 1)[0]
    for option in sorted(global_options() - {"-h", "--help"}):
        if option.startswith("--"):
            short = {"--quiet": "-q", "--verbose": "-v"}.get(option, option)
            assert f"`{option}`" in introduction or f"`{short}`" in introduction, f"README's CLI reference lacks {option}"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_is_documented_with_its_options(name):
    assert re.search(rf"^### `digest {name}\b", README, re.MULTILINE), f"README lacks a section for digest {name}"
    section = README.split(f"### `digest {name}", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    for action in subcommands()[name]._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help" and option not in global_options():
                assert f"`{option}" in section, f"README's digest {name} section lacks {option}"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help_ending_with_an_example(name):
    parser = subcommands()[name]
    assert parser.description
    assert parser.format_help().rstrip().splitlines()[-1].startswith(f"Example: digest {name}")
    for action in parser._actions:
        assert action.help, f"digest {name} {action.dest} has no help"


def test_every_documented_command_exists():
    documented = set(re.findall(r"^### `digest (\w+)", README, re.MULTILINE))
    assert documented == set(subcommands())


def test_the_front_matter_table_lists_the_fields_in_order():
    section = README.split("## Front matter reference", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)
    assert documented == list(FIELDS)  # digest.articles.ARTICLE_FIELDS, the one list of fields


def test_quick_start_is_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("## ", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start, re.MULTILINE)
    assert commands == ["make html", "make test"]


def test_every_digest_setting_is_documented():
    from digest.config import DEFAULTS as DEFAULT_SETTINGS

    settings = README.split("### Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", settings, re.MULTILINE))
    assert {name for name in DEFAULT_SETTINGS if name.startswith("DIGEST_")} | {"RELATED_ARTICLES_MAX"} == documented
