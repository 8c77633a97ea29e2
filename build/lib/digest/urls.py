"""Web addresses compared as pages: one rule for "the same source", whoever asks (import, check)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say who sent the reader, not which page it is.
TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref_src|_ga)$", re.IGNORECASE)


def normal_url(url: str) -> str:
    """An address folded for comparison: scheme, "www.", fragment, trailing slash and tracking parameters go."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if not TRACKING.match(key)])
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, ""))


def clean_url(url: str) -> str:
    """The address to record for a fetched page: without its fragment and tracking parameters."""
    parts = urlsplit(url.strip())
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING.match(key)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))
