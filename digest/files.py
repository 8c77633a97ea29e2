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
