"""Errors digest raises on purpose. Anything else escaping is a bug."""

from __future__ import annotations


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
