"""Fetch a page over http(s): a timeout, a size limit and errors an editor can act on.

The only network code of the importer. urllib's timeout bounds each wait for
the server; the whole download is bounded too, so a server that trickles
bytes cannot hold an import for longer than the timeout (plus one last wait).
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from digest import __version__
from digest.errors import ArticleImportError

TIMEOUT_SECONDS = 20.0
USER_AGENT = f"digest/{__version__} (news digest importer)"
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str = ""


def is_web_address(text: str) -> bool:
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int) -> Fetched:
    """The body of ``url``. Raises ArticleImportError (without the address: the caller names it)."""
    if not is_web_address(url):
        raise ArticleImportError("only http:// and https:// addresses can be fetched")
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Language": "id,en;q=0.8",
    })
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise ArticleImportError(f"the page is {_size(int(length))}, more than the {_size(max_bytes)} limit")
            chunks, total = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise ArticleImportError(f"the page is more than the {_size(max_bytes)} limit")
                chunks.append(chunk)
            return Fetched(url=response.geturl() or url, data=b"".join(chunks),
                           content_type=response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        raise ArticleImportError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise ArticleImportError(f"no answer within {timeout:g} s: try again later or raise --timeout") from None
        raise ArticleImportError(f"cannot fetch: {_reason(error.reason)}") from None
    except (TimeoutError, socket.timeout):
        raise ArticleImportError(f"no answer within {timeout:g} s: try again later or raise --timeout") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise ArticleImportError(f"cannot fetch: {_reason(error)}") from None


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count} bytes"
