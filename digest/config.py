"""The site: where it is, and its settings, read once. Every command starts here.

``load_config`` finds the site as git finds a repository: from the working
folder upwards, the first folder holding the settings file (``pelicanconf.py``).
It runs the file once, as Pelican does (its upper-case names), without
loading Pelican: ``digest check``, ``import`` and ``new`` start in a blink.
Pelican's own ``read_settings``, which fills in all of Pelican's defaults and
checks, runs only for a Pelican run, on what the file said, in
``SiteConfig.pelican_settings``: this module is its only caller. Every path in
a ``SiteConfig`` is absolute, so nothing in digest depends on the working
folder (and nothing changes it).

Paths in the settings are relative to the settings file's folder, as Pelican
reads them: ``PATH`` (the content folder), ``OUTPUT_PATH``, ``THEME``.
``ARTICLE_PATHS`` and ``STATIC_PATHS`` are relative to ``PATH``, and so is
``DIGEST_TOPICS_FILE`` (``"topics.yaml"``; ``"../data/topics.yml"`` for a
file beside the content folder).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import runpy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import DigestError, describe_error

SETTINGS_FILE = "pelicanconf.py"
# The theme of a site whose settings name none (``digest init`` writes none): digest's own, which
# comes with the package (``digest/theme`` links to the repository's ``themes/digest``).
BUNDLED_THEME = (Path(__file__).parent / "theme").resolve()

# digest's own settings and the addresses of the pages and files it adds, with their defaults;
# a site may set any of them in its settings file. (The README's settings table lists the DIGEST_ ones.)
DEFAULTS: dict[str, Any] = {
    "DIGEST_TOPICS_FILE": "topics.yaml",
    "TOPIC_URL": "topics/{slug}/",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
    "TOPIC_KEY_URL": "topics/{slug}/key-events/",
    "TOPIC_KEY_SAVE_AS": "topics/{slug}/key-events/index.html",
    "TOPIC_FEED_ATOM": "feeds/topics/{slug}.atom.xml",
    "TOPIC_FEED_JSON": "feeds/topics/{slug}.json",
    "TOPIC_TIMELINEJS": "topics/{slug}/timeline.json",
    "TOPICS_URL": "topics/",
    "TOPICS_SAVE_AS": "topics/index.html",
    "EDITION_URL": "editions/{slug}/",
    "EDITION_SAVE_AS": "editions/{slug}/index.html",
    "EDITIONS_URL": "editions/",
    "EDITIONS_SAVE_AS": "editions/index.html",
    "EDITIONS_FEED_ATOM": "feeds/editions.atom.xml",
    "RELATED_ARTICLES_MAX": 5,
    # A digest's articles in two languages are two stories, not translations of one another (their
    # addresses are the same pattern, ARTICLE_LANG_URL; digest check refuses two files with one slug),
    # so there are no translation groups to find, and Pelican's search for them is quadratic in the
    # number of articles (pelican.utils.process_translations): 0.5 s at 10,000, growing with the square.
    "ARTICLE_TRANSLATION_ID": None,
    "PAGE_TRANSLATION_ID": None,
    "SITE_FEED_ATOM": "feeds/all.atom.xml",
    "SITE_FEED_JSON": "feeds/all.json",
    "AUTHOR_FEED_ATOM_PATH": "feeds/authors/{slug}.atom.xml",
    "AUTHOR_FEED_JSON_PATH": "feeds/authors/{slug}.json",
    "ARCHIVES_URL": "archives/",
    "AUTHORS_URL": "authors/",
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "NOT_FOUND_SAVE_AS": "404.html",
    # Pagefind indexes the written site for search; the preview switches it off for speed.
    "DIGEST_SEARCH": True,
    "DIGEST_SEARCH_SHARD_PAGES": 2000,
    # Hosts pages may load pictures from (besides the site itself), e.g. ["images.example.org"]. Empty:
    # a picture elsewhere is shown as a link to it, so no page makes a reader's browser contact another host.
    "DIGEST_IMAGE_HOSTS": [],
    # Drafts and stories not yet due (publish_at) are left out of the site; True (digest build --drafts,
    # digest serve) shows them, each marked as a draft.
    "DIGEST_DRAFTS": False,
    # This is the published site (publishconf.py sets it): the build refuses to run without an absolute
    # SITEURL, which the sitemap, robots.txt, the feeds and link previews need.
    "DIGEST_PUBLISH": False,
}

# The layout a site has when it has no settings file at all (tests, tools).
PLAIN_LAYOUT = {"PATH": "content", "ARTICLE_PATHS": ["articles"], "STATIC_PATHS": ["images"]}
# Pelican's defaults for the settings digest reads itself (pelican/settings.py, DEFAULT_CONFIG):
# with none of them set, the content is the site folder itself and every file in it an article.
PELICAN_DEFAULTS = {"PATH": ".", "OUTPUT_PATH": "output", "ARTICLE_PATHS": [""], "STATIC_PATHS": ["images"]}


@dataclass(frozen=True)
class SiteConfig:
    """One site: its folders (absolute) and its settings, digest's defaults included."""

    root: Path  # the folder holding the settings file
    settings_path: Path | None  # None for a site described by PLAIN_LAYOUT alone (tests, tools)
    content_dir: Path
    article_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]
    topics_file: Path
    output_dir: Path
    theme_dir: Path | None
    settings: Mapping[str, Any]  # the file's own settings and digest's defaults (read-only); all of Pelican's: pelican_settings()

    @property
    def articles_dir(self) -> Path:
        """Where new articles are written (the first of ARTICLE_PATHS)."""
        return self.article_dirs[0]

    def relative(self, path: Path | str) -> str:
        """``path`` as a site-relative name for messages (``content/articles/2022/x.md``)."""
        path = Path(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.root)).as_posix() if path.is_absolute() else path.as_posix()

    def with_settings(self, **values: Any) -> "SiteConfig":
        """The same site with these settings changed (``digest build --drafts``: DIGEST_DRAFTS=True)."""
        return dataclasses.replace(self, settings=MappingProxyType({**self.settings, **values}))

    def pelican_settings(self, **overrides: Any) -> dict[str, Any]:
        """The settings for one Pelican run, fresh (Pelican changes what it is given): Pelican's own
        reading of the file, with all its defaults, digest's defaults and ``overrides``."""
        from pelican.settings import read_settings

        # The file was read once, by load_config: Pelican gets what it said, with its paths made absolute.
        given = {**copy.deepcopy(dict(self.settings)), **overrides}
        try:
            settings = read_settings(None, override=given)
        except Exception as error:  # noqa: BLE001 - Pelican's checks of the settings raise ValueError and others
            raise _settings_error(self.settings_path, error) from None
        return _with_digest_defaults(self.root, settings)


def publish_problem(settings: Mapping[str, Any]) -> str:
    """Why these settings cannot build the published site ("" when they can)."""
    if not settings.get("DIGEST_PUBLISH"):
        return ""
    url = settings.get("SITEURL") or ""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or len(url) < 10:
        return (f"SITEURL is {url!r}, but the published site needs its address, such as https://example.org/digest: "
                "set DIGEST_SITEURL to it (publishconf.py reads it; the GitHub workflow sets it from Pages), "
                "or build the preview settings (pelicanconf.py) instead")
    return ""


def site_now(settings: Mapping[str, Any]) -> dt.datetime:
    """The time now on the site's clock (TIMEZONE), without the zone: what publish_at is written in."""
    try:
        zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone.utc  # Pelican reports a bad TIMEZONE itself
    return dt.datetime.now(zone).replace(tzinfo=None, microsecond=0)


def find_site(start: Path | str = ".", settings_file: str = SETTINGS_FILE) -> Path:
    """The settings file for ``start``: ``settings_file`` itself when it names an existing file
    (absolute, or relative to ``start``), else the first one found from ``start`` upwards."""
    start = Path(start).resolve()
    given = Path(settings_file)
    if given.is_absolute() or len(given.parts) > 1:
        candidate = given if given.is_absolute() else start / given
        if candidate.is_file():
            return candidate.resolve()
        raise DigestError(f"{candidate}: no such settings file")
    for folder in (start, *start.parents):
        candidate = folder / settings_file
        if candidate.is_file():
            return candidate
    raise DigestError(f"no {settings_file} in {start} or any folder above it: run digest inside a site's folder "
                      "(the one with the settings file), or pass --settings FILE")


def load_config(start: Path | str = ".", settings_file: str = SETTINGS_FILE) -> SiteConfig:
    """Find the site from ``start`` and read its settings. Raises DigestError (never a traceback)."""
    path = find_site(start, settings_file)
    try:
        # As Pelican's get_settings_from_file reads it: the module's upper-case names.
        names = runpy.run_path(str(path))
    except Exception as error:  # noqa: BLE001 - a settings file is Python: it can raise anything
        raise _settings_error(path, error) from None
    return _config_from_names(path.parent, path, names)


def find_config(start: Path | str = ".", settings_file: str = SETTINGS_FILE) -> SiteConfig:
    """The site around ``start``: ``load_config``'s; with no settings file in ``start`` or above it,
    ``plain_config``'s for the folder whose ``content/`` ``start`` is (or is in). Raises DigestError
    (never a traceback)."""
    start = Path(start).resolve()
    try:
        find_site(start, settings_file)
    except DigestError:
        if settings_file == SETTINGS_FILE:
            for folder in (start, *start.parents):
                content = folder / PLAIN_LAYOUT["PATH"]
                if (folder == start or start.is_relative_to(content)) and content.is_dir():
                    return plain_config(folder)
        raise
    return load_config(start, settings_file)


def _config_from_names(root: Path, path: Path | None, names: Mapping[str, Any]) -> SiteConfig:
    """The config of the settings module's ``names`` (``path``: its file, None for plain_config's)."""
    settings = {name: value for name, value in names.items() if name.isupper()}
    settings.setdefault("THEME", str(BUNDLED_THEME))
    for name in ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH"):
        # Relative to the settings file's folder, as Pelican's read_settings makes them (THEME may
        # also be the name of one of Pelican's themes).
        value = settings.get(name)
        if isinstance(value, str) and not os.path.isabs(value):
            absolute = (root / value).resolve()
            if name != "THEME" or absolute.exists():
                settings[name] = str(absolute)
    if isinstance(settings.get("PLUGIN_PATHS"), list):
        settings["PLUGIN_PATHS"] = [str((root / folder).resolve()) for folder in settings["PLUGIN_PATHS"]]
    if not Path(settings.get("PATH") or root).is_dir():
        raise DigestError(f"{path or root / SETTINGS_FILE}: error: PATH = {settings.get('PATH')!r} is not a folder: "
                          "set it to the folder of the content")
    return config_from_settings(root, path, {**PELICAN_DEFAULTS, **settings})


def _settings_error(path: Path | None, error: Exception) -> DigestError:
    message = describe_error(error)  # path:line: error: ... for a syntax error
    return DigestError(message if path is None or message.startswith(str(path)) else f"{path}: {message}")


def _with_digest_defaults(root: Path, settings: dict[str, Any]) -> dict[str, Any]:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, copy.deepcopy(value))
    for name in ("PATH", "OUTPUT_PATH", "CACHE_PATH"):
        # Pelican leaves a path it took from its own defaults relative to the working folder.
        if settings.get(name) is not None and not os.path.isabs(settings[name]):
            settings[name] = str((root / settings[name]).resolve())
    settings["DIGEST_ROOT"] = str(root)  # for messages from inside Pelican: paths relative to the site
    return settings


def plain_config(root: Path | str) -> SiteConfig:
    """The config of a folder with ``content/`` and no settings file: the settings ``digest init``
    writes for a new site (whose layout PLAIN_LAYOUT is), titled after the folder, so such a
    folder checks, builds and previews as a new site would."""
    from digest.init import default_title, new_site_settings  # digest.init writes sites: not needed otherwise

    root = Path(root).resolve()
    names: dict[str, Any] = {}
    exec(compile(new_site_settings(default_title(root), "en"), "<digest init's settings>", "exec"), names)  # noqa: S102 - our own template
    return _config_from_names(root, None, names)


def config_from_settings(root: Path, settings_path: Path | None, settings: dict[str, Any]) -> SiteConfig:
    settings = _with_digest_defaults(root, dict(settings))
    content = Path(settings.get("PATH") or root)
    theme = settings.get("THEME")
    return SiteConfig(
        root=root,
        settings_path=settings_path,
        content_dir=content,
        article_dirs=tuple((content / name).resolve() for name in settings.get("ARTICLE_PATHS") or [""]),
        static_dirs=tuple((content / name).resolve() for name in settings.get("STATIC_PATHS") or []),
        topics_file=(content / settings["DIGEST_TOPICS_FILE"]).resolve(),
        output_dir=Path(settings.get("OUTPUT_PATH") or root / "output"),
        theme_dir=Path(theme) if theme and os.path.isabs(theme) else None,  # else one of Pelican's themes, by name
        settings=MappingProxyType(settings),
    )


def config_for(root: Path | str) -> SiteConfig:
    """The config of the site in ``root`` itself: its settings file if it has one, else PLAIN_LAYOUT."""
    root = Path(root).resolve()
    return load_config(root) if (root / SETTINGS_FILE).is_file() else plain_config(root)
