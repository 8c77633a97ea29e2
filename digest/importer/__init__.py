"""Import raw articles into ``content/articles/YYYY/<slug>.md``.

``parse_*`` functions in the modules beside this one are pure; the file
reading and writing of an import happens here only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from digest.articles import format_article
from digest.errors import ArticleImportError, DigestError
from digest.files import write_new_file
from digest.importer.text import parse_text
from digest.model import Article, Topic

MAX_SLUG_LENGTH = 80


@dataclass(frozen=True)
class ImportResult:
    source: str
    article: Article | None = None
    path: Path | None = None  # where it was (or would be) written
    text: str = ""  # the Markdown file
    error: str = ""


def article_path(article: Article, content_dir: Path) -> Path:
    slug = slugify(article.title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "article"
    return content_dir / "articles" / f"{article.date.year:04d}" / f"{slug}.md"


def read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArticleImportError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ArticleImportError(f"{path}: cannot read: {error.strerror}") from None


def import_articles(
    sources: Iterable[Path], content_dir: Path, topics: tuple[Topic, ...], *, write: bool = True
) -> list[ImportResult]:
    """Import each source; one failure does not stop the others. Writes only when ``write``."""
    results = []
    for source in sources:
        try:
            article = parse_text(read_source(source), topics=topics)
            path = article_path(article, content_dir)
            text = format_article(article)
            if path.exists():
                raise ArticleImportError(f"{path} already exists: nothing was written")
            if write:
                try:
                    write_new_file(path, text)
                except FileExistsError:
                    raise ArticleImportError(f"{path} already exists: nothing was written") from None
            results.append(ImportResult(source=str(source), article=article, path=path, text=text))
        except DigestError as error:
            message = str(error)
            if not message.startswith(str(source)):
                message = f"{source}: {message}"
            results.append(ImportResult(source=str(source), error=message))
    return results
