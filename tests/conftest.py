"""Fixtures: real sites built by real Pelican from the folders under tests/sites/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def make_site(name: str, destination: Path) -> Path:
    """A site folder: the repository's settings and theme, with the content of tests/sites/<name>."""
    site = destination / name
    shutil.copytree(SITES / name, site)
    add_settings_and_theme(site)
    return site


def add_settings_and_theme(site: Path) -> None:
    """The repository's settings files and theme, into the site folder ``site``."""
    for settings in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(REPO / settings, site / settings)
    shutil.copytree(REPO / "themes", site / "themes")


@pytest.fixture
def site_factory(tmp_path):
    return lambda name: make_site(name, tmp_path)


@pytest.fixture(scope="session")
def built_timelines(tmp_path_factory) -> Path:
    """The timelines fixture site, built once for all tests that only read it."""
    from digest.build import build

    site = make_site("timelines", tmp_path_factory.mktemp("built"))
    build(site)
    return site / "output"
