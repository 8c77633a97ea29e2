"""``digest new``: the file an editor starts an article from.

``article_skeleton`` is pure: the title and the few known values in, the
file's text out, with every field an editor usually fills in left blank and a
placeholder body. It is a draft (``status: draft``): it passes ``digest check``
with one warning, for the placeholder, the preview shows it from the first
save, and the published site only after ``digest publish``. ``create_article``
writes it, never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Sequence
from pathlib import Path

from digest import frontmatter
from digest.articles import ARTICLE_FIELDS, PLACEHOLDER_BODY, TO_FILL_IN, read_article
from digest.errors import DigestError
from digest.files import write_new_file
from digest.model import Article



class UsageError(DigestError):
    """A value given on the command line that the article cannot take."""


def article_skeleton(title: str, date: dt.date, *, topics: Sequence[str] = (), lang: str = "", source_url: str = "") -> str:
    """The text of a new article file. Raises UsageError for a value ``digest check`` would reject."""
    from digest.importer.rules import outlet_from_url

    given = {
        "title": title.strip(),
        "date": date,
        "status": "draft",
        "source": {"name": outlet_from_url(source_url), "url": source_url.strip()} if source_url.strip() else None,
        "lang": lang.strip() or None,
        "topics": list(dict.fromkeys(topics)),
    }
    # The required fields and those left for the editor (blank, or a list to fill), in the file's order.
    data = {field.name: given.get(field.name, [] if field.kind == "texts" else None)
            for field in ARTICLE_FIELDS if field.required or field.fill_in or field.name == "status"}
    text = frontmatter.dump(data, PLACEHOLDER_BODY)
    _, problems = read_article(text)
    errors = [problem for problem in problems if problem.level == "error"]
    if errors:
        raise UsageError("; ".join(problem.message for problem in errors))
    return text


def new_article_path(title: str, date: dt.date, articles_dir: Path) -> Path:
    """``content/articles/YYYY/<slug>.md``, named as ``digest import`` names them."""
    from digest.importer import article_path

    return article_path(Article(title=title.strip(), date=date), articles_dir)


def left_to_fill_in(text: str) -> list[str]:
    """The fields of a skeleton still blank."""
    matter = frontmatter.parse(text)
    return [name for name in TO_FILL_IN if matter.data.get(name) in (None, [], "")]


def create_article(title: str, articles_dir: Path, *, date: dt.date | None = None, topics: Sequence[str] = (),
                   lang: str = "", source_url: str = "") -> tuple[Path, str]:
    """Write the skeleton of a new article; (its path, its text). Raises FileExistsError, UsageError."""
    date = date or dt.date.today()
    text = article_skeleton(title, date, topics=topics, lang=lang, source_url=source_url)
    path = new_article_path(title, date, articles_dir)
    try:
        write_new_file(path, text)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "the file already exists", str(path)) from None
    return path, text
