"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist yet. Raises FileExistsError.

    The text goes to a temporary file first and is linked into place, so a
    crash leaves either no file or the whole file, and an existing file is
    never replaced, even by a concurrent writer.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, path)  # fails if path exists, unlike rename
    finally:
        os.unlink(temporary)


def replace_file(path: Path, text: str, *, backup: Path) -> None:
    """Replace ``path`` with ``text``, after copying the old file to ``backup`` (which must not exist).

    The backup is complete before anything is replaced, and the new text goes
    to a temporary file that is renamed over ``path``, so a crash leaves the
    old file or the new one, never half of either.
    """
    backup.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{backup.name}.", dir=backup.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(path.read_bytes())
        os.link(temporary, backup)  # fails if the backup exists: never lose an older one
    finally:
        os.unlink(temporary)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
