"""Web addresses compared as pages: one rule for "the same source", whoever asks (import, check);
and the date an address carries, to check an article's date against."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say who sent the reader, not which page it is.
TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref_src|_ga)$", re.IGNORECASE)


def host_of(url: str) -> str:
    """The host name of ``url``, lowercase; "" when it names none, or cannot be read as an address at
    all: ``urlsplit`` raises ValueError for a bracketed host that is no IPv6 address
    (``http://[oops/``), which a page from the open web may well hold."""
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


def normal_url(url: str) -> str:
    """An address folded for comparison: scheme, "www.", fragment, trailing slash and tracking parameters go."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    except ValueError:  # not an address that can be read (see host_of): compared as written
        return url.strip()
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if not TRACKING.match(key)])
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, ""))


def clean_url(url: str) -> str:
    """The address to record for a fetched page: without its fragment and tracking parameters."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # see host_of
        return url.strip()
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING.match(key)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


# Dates outlets put in their addresses: /2022/12/03/, /read/2022/12/03/140500/ (Kompas, Okezone),
# -20221203-, /20221203/. A year and month alone (/2022/12/) say too little to compare a day with.
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
URL_DATE_TOLERANCE_DAYS = 3  # time zones and late updates move a date by a day or two, no more


def date_in_url(url: str) -> dt.date | None:
    """The publication date an address carries, or None."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url or "", flags=re.IGNORECASE)
    for match in _URL_DATE.finditer(path):
        try:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:  # 2022/02/30
            continue
    return None


def url_date_doubt(date: dt.date | None, url: str) -> str:
    """What to tell the editor when ``date`` and the date in ``url`` are more than a few days apart, else ""."""
    in_url = date_in_url(url)
    if date is None or in_url is None:
        return ""
    gap = abs((date - in_url).days)
    if gap <= URL_DATE_TOLERANCE_DAYS:
        return ""
    return (f"the date {date.isoformat()} is {gap} days from the date in the source's address "
            f"({in_url.isoformat()}): check which is the article's")
