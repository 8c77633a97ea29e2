"""Errors digest raises on purpose. Anything else escaping is a bug."""

from __future__ import annotations

import traceback

# Files Jinja renders: a frame in one of them is where a template went wrong.
_TEMPLATE_FILES = (".html", ".htm", ".xml", ".j2", ".jinja", ".jinja2")


class DigestError(Exception):
    """A problem the user can act on; the CLI prints it without a traceback."""


class ContentError(DigestError):
    """Something wrong inside a content file, at a known place.

    ``line`` and ``col`` are 1-based positions in the file itself (not in its
    front matter), so editors can jump straight to them.
    """

    def __init__(self, message: str, *, path: str = "", line: int = 0, col: int = 0, code: str = "content"):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.code = code

    def at(self, path: str) -> "ContentError":
        """The same error, told about the file it came from."""
        return ContentError(self.message, path=path, line=self.line, col=self.col, code=self.code)

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.path, self.line, self.col) if part)
        return f"{place}: error: {self.message} [{self.code}]" if place else f"error: {self.message} [{self.code}]"


class ArticleImportError(DigestError):
    """A raw article that cannot be turned into a digest article."""


class BuildError(DigestError):
    """The site could not be built; the previous output is left in place."""


def describe_error(error: Exception) -> str:
    """An unexpected error as one line, ``file:line: error: Kind: message``: the template's place for an
    error raised while a template renders, so the editor is sent to the file to look at."""
    filename, lineno = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not (filename and lineno):
        # An error raised while a template renders: Jinja puts the template's file and line in the traceback.
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(_TEMPLATE_FILES)]
        if frames:
            filename, lineno = frames[-1].filename, frames[-1].lineno
    if filename and lineno:
        return f"{filename}:{lineno}: error: {error.__class__.__name__}: {getattr(error, 'message', error)}"
    return f"error: {error.__class__.__name__}: {error}"
