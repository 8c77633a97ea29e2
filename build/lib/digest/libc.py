"""Calls of the C library that Python has no binding for (``renameat2``, ``prctl``), through ctypes.

The library already loaded into this process is used (``CDLL(None)``), not looked up with
``ctypes.util.find_library``, which runs ``ldconfig`` and costs every command tens of milliseconds.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def function(name: str, argtypes: list | None = None) -> Callable[..., int] | None:
    """The C function ``name`` (errno kept for ``ctypes.get_errno``), or None where there is none."""
    try:
        found = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError, TypeError):
        return None
    if argtypes is not None:
        found.argtypes = argtypes
    found.restype = ctypes.c_int
    return found
