"""``digest init``: a new digest from scratch, in an empty folder.

``site_files`` is pure: the site's title, language and today's date in, every
file of the new site (path -> text) out, made from the templates in
``digest/templates/site/``. ``create_site`` writes them, and only into a
folder that is missing or empty, so it can never overwrite an editor's work.
The new site names no THEME: it uses digest's own (``digest.config.BUNDLED_THEME``),
which follows digest's releases.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import metadata
from pathlib import Path
from string import Template

from digest.errors import DigestError
from digest.files import write_new_file

TEMPLATES = Path(__file__).parent / "templates" / "site"
LANGUAGES = ("en", "id")

# template file -> where it goes in the new site
LAYOUT = {
    "pelicanconf.py.tmpl": "pelicanconf.py",
    "publishconf.py.tmpl": "publishconf.py",
    "topics.yaml": "content/topics.yaml",
    "gitignore": ".gitignore",
    "Makefile": "Makefile",
    "workflow.yml": ".github/workflows/site.yml",
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
}

# The example topic and draft, in the site's language: what an editor replaces first.
_EXAMPLE = {
    "en": {
        "topic_slug": "example-topic",
        "topic_title": "Example topic",
        "topic_description": "A topic to follow over time: rename it, describe it, and add your own below it.",
        "topic_keywords": "[example]",
        "article_slug": "first-story",
        "article_title": "Your first story",
        "article_summary": "A draft to show how an entry looks: the preview shows it, the published site does not.",
        "article_body": (
            "This is a draft: `digest serve` shows it, marked \"Draft\"; the published site leaves it out.\n\n"
            "Replace this text with the story, in Markdown, and fill in `source` with the outlet's name and "
            "the article's address. `digest check` says what is still missing; `digest publish` puts the "
            "story on the site."
        ),
        "timezone": "UTC",
        "subtitle": "Stories followed over time, from many outlets",
    },
    "id": {
        "topic_slug": "contoh-topik",
        "topic_title": "Contoh topik",
        "topic_description": "Topik yang diikuti dari waktu ke waktu: ganti namanya, beri keterangan, lalu tambahkan topik lain.",
        "topic_keywords": "[contoh]",
        "article_slug": "berita-pertama",
        "article_title": "Berita pertama Anda",
        "article_summary": "Draf untuk menunjukkan bentuk sebuah entri: pratinjau menampilkannya, situs yang terbit tidak.",
        "article_body": (
            "Ini draf: `digest serve` menampilkannya dengan tanda \"Draf\"; situs yang terbit tidak memuatnya.\n\n"
            "Ganti teks ini dengan beritanya, dalam Markdown, dan isi `source` dengan nama media dan alamat "
            "artikelnya. `digest check` memberi tahu apa yang masih kurang; `digest publish` menerbitkannya."
        ),
        "timezone": "Asia/Jakarta",
        "subtitle": "Cerita yang diikuti dari waktu ke waktu, dari banyak media",
    },
}


def default_title(folder: Path | str) -> str:
    """The title of a site that was given none: its folder's name, as words (``my-digest``: My Digest)."""
    return " ".join(Path(os.path.abspath(folder)).name.replace("-", " ").replace("_", " ").split()).title() or "Digest"


def new_site_settings(title: str, lang: str) -> str:
    """The settings file (pelicanconf.py) of a new site; also the settings of a folder that has
    ``content/`` and no settings file (``digest.config.plain_config``)."""
    return _render("pelicanconf.py.tmpl", _values(title, lang, dt.date.today(), "digest"))


def site_files(title: str, lang: str, today: dt.date, requirement: str) -> dict[str, str]:
    """Every file of a new site, by its path in the site. ``requirement``: the line of
    requirements.txt that installs digest (``digest_requirement``)."""
    values = _values(title, lang, today, requirement)
    files = {target: _render(name, values) for name, target in LAYOUT.items()}
    files[f"content/articles/{today.year}/{values['article_slug']}.md"] = _render("article.md", values)
    files["content/images/.gitkeep"] = ""  # STATIC_PATHS: pictures of the site go here
    return files


def _render(template: str, values: dict[str, str]) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _values(title: str, lang: str, today: dt.date, requirement: str) -> dict[str, str]:
    """What the templates of a new site are filled in with."""
    if lang not in LANGUAGES:
        raise DigestError(f"error: --lang {lang!r}: digest's interface speaks {', '.join(LANGUAGES)}")
    title = " ".join(title.split())
    if not title:
        raise DigestError("error: --title is empty: give the digest a name")
    example = _EXAMPLE[lang]
    return {
        **example,
        "title": title,
        # Python and YAML take a JSON string as it is: any title, quotes and all, stays one value.
        "title_literal": json.dumps(title, ensure_ascii=False),
        "timezone_literal": json.dumps(example["timezone"]),
        "subtitle_literal": json.dumps(example["subtitle"], ensure_ascii=False),
        "lang_literal": json.dumps(lang),
        "lang": lang,
        "today": today.isoformat(),
        "requirement": requirement,
        "topic_description": json.dumps(example["topic_description"], ensure_ascii=False),
        "article_title": json.dumps(example["article_title"], ensure_ascii=False),
        "article_summary": json.dumps(example["article_summary"], ensure_ascii=False),
    }


def digest_requirement() -> str:
    """How the running digest was installed, as a requirements line the CI workflow can use: its
    git address when pip recorded one (PEP 610), else its version (change it to where you get digest)."""
    try:
        distribution = metadata.distribution("digest")
    except metadata.PackageNotFoundError:
        return "digest"
    try:
        origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    except ValueError:
        origin = {}
    vcs = origin.get("vcs_info")
    if vcs and origin.get("url"):
        return f"digest @ {vcs['vcs']}+{origin['url']}@{vcs.get('commit_id', '')}".rstrip("@")
    return f"digest=={distribution.version}"


def create_site(folder: Path, *, title: str, lang: str, today: dt.date | None = None) -> list[Path]:
    """Write a new site into ``folder`` (made if missing); the paths written. Raises DigestError for a
    folder that is not empty: nothing is written then."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DigestError(f"error: {folder} is a file, not a folder: give digest init a folder for the new site")
    if folder.is_dir() and any(folder.iterdir()):
        raise DigestError(f"error: {folder} is not empty: digest init writes a new site only into an empty "
                          "(or new) folder, so nothing there is overwritten")
    files = site_files(title, lang, today or dt.date.today(), digest_requirement())
    written = []
    for relative, text in files.items():
        path = folder / relative
        write_new_file(path, text)
        written.append(path)
    return written
