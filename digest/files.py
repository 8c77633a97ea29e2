"""Writing files so that a reader never sees half of one, with the permissions the user's umask gives.

``tempfile`` makes files 0600 and folders 0700, right for secrets and wrong for
a web site: a web server running as another user, or an ``rsync -a`` deploy,
could not read them. Everything written here is made as ``open()`` and
``mkdir()`` would make it: 0666 and 0777 less the umask.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from digest import libc


@lru_cache(maxsize=1)
def current_umask() -> int:
    """The process's umask (read once: digest never changes it), without changing it where the system
    tells it (Linux's /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            found = re.search(r"^Umask:\s*([0-7]+)$", status.read(), re.MULTILINE)
        if found:
            return int(found[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # the only portable way to read it is to set it, then set it back
    os.umask(mask)
    return mask


def file_mode() -> int:
    return 0o666 & ~current_umask()


def folder_mode() -> int:
    return 0o777 & ~current_umask()


def _temporary_beside(path: Path) -> tuple[int, str]:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.fchmod(handle, file_mode())
    return handle, temporary


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist yet. Raises FileExistsError.

    The text goes to a temporary file first and is linked into place, so a
    crash leaves either no file or the whole file, and an existing file is
    never replaced, even by a concurrent writer.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary_beside(path)
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
    handle, temporary = _temporary_beside(backup)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(path.read_bytes())
        os.link(temporary, backup)  # fails if the backup exists: never lose an older one
    finally:
        os.unlink(temporary)
    write_atomically(path, text)


def write_atomically(path: Path | str, text: str | bytes) -> None:
    """Replace or create ``path`` whole: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary_beside(path)
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as stream:
                stream.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def make_staging_folder(beside: Path, prefix: str) -> Path:
    """A new, empty folder next to ``beside`` (same file system, so it can be renamed into place)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=beside.parent))
    os.chmod(folder, folder_mode())
    return folder


# renameat2(2)'s RENAME_EXCHANGE swaps two paths in one step (Linux 3.15, glibc 2.28). Python has
# no binding for it (digest.libc); elsewhere, exchange() says it cannot.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_RENAMEAT2 = libc.function(
    "renameat2", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint])


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False where the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def relative_to_folder(path: str, folder: str) -> str:
    """``os.path.relpath(path, folder)`` for the usual case of a ``path`` under ``folder`` as written,
    by cutting the prefix: ``relpath`` makes both absolute and compares them part by part, which a
    build asking it for each of ten thousand pages felt (a few tenths of a second)."""
    prefix = folder.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.sep + ".." + os.sep not in path and os.sep + "." + os.sep not in path:
        return path[len(prefix):]
    return os.path.relpath(path, folder)
