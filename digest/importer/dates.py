"""Dates as news pages write them, in Indonesian and English. Pure: no I/O.

Finding a date is ours (which part of a line is a date, which lines are only a
date); reading one is dateparser's, which knows Indonesian month names. Numbers
are always read day first, as Indonesian (and British) outlets write them:
"03/12/2022" is 3 December. Only when that gives no date (a month of 25) is the
American order tried.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

FIRST_YEAR, LAST_YEAR = 1900, 2100

_MONTH = (
    r"(?:Januari|January|Jan|Februari|Pebruari|February|Feb|Maret|March|Mar|April|Apr|Mei|May|Juni|June|Jun|"
    r"Juli|July|Jul|Agustus|August|Agu|Agt|Ags|Aug|September|Sept|Sep|Oktober|October|Okt|Oct|"
    r"November|Nopember|Nov|Nop|Desember|December|Des|Dec)\.?"
)
# A date with a day, a month and a year, in the forms news pages use.
DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"  # 03/12/2022, 3-12-2022, 03.12.2022
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"  # 2022-12-03
    r"|\d{1,2}\s+" + _MONTH + r",?\s+\d{4}"  # 3 Desember 2022, 03 Des 2022, 3 Dec. 2022
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # December 3, 2022
    r")(?:(?![\w/])|(?=\d{1,2}:\d{2}))",  # copied pages glue the time on: "December 3, 20224:14 PM"
    re.IGNORECASE,
)
# A date in brackets in the lead, day first: "pada Sabtu (3/12/2022)".
INLINE_DATE = re.compile(r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\)")

# What may stand round a date on a line that is only a date: weekdays, times,
# time zones, "Updated", separators.
_FILLER = re.compile(
    r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Jum’at|Sabtu|Minggu|Ahad|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?"
    r"|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:WIB|WITA|WIT|GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|EET|EEST|MSK)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
    r"|(?:Last\s+)?(?<![A-Za-z])(?:Updated|Published|Posted|Diperbarui|Diterbitkan|Dipublikasikan|Dipublikasi|Terbit|"
    r"Tayang|Pembaruan\s+terakhir|Update|Pukul|pukul|on|at|pada|Date|Tanggal)\b\s*:?"
    r"|\b\d+\s+(?:hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|jam|menit|hari|minggu|bulan|tahun)\s+"
    r"(?:ago|lalu|yang\s+lalu)"
    r"|[\s,|·•/–—-]+",
    re.IGNORECASE,
)
DATE_LINE_MAX_CHARS = 100

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}


def date_in(text: str) -> dt.date | None:
    """The first full date written in ``text``, or None."""
    for match in DATE.finditer(text):
        value = _read(match)
        if value:
            return value
    return None


def date_line(line: str) -> dt.date | None:
    """The date of a line that holds only a date ("Sabtu, 3 Desember 2022 14:05 WIB"), else None."""
    if len(line) > DATE_LINE_MAX_CHARS:
        return None
    match = DATE.search(line)
    if not match:
        return None
    rest = _FILLER.sub("", line[:match.start()] + " " + line[match.end():])
    if rest.strip():
        return None
    return _read(match)


def inline_date(text: str) -> dt.date | None:
    """The seed's "(3/12/2022)" in a lead paragraph, day first."""
    for match in INLINE_DATE.finditer(text):
        value = _from_numbers(int(match["y"]), int(match["m"]), int(match["d"]), swap=False)
        if value:
            return value
    return None


def parse_date(text: str) -> dt.date | None:
    """Any date string of a page's metadata: ISO 8601 first, then the forms of ``DATE``."""
    text = text.strip()
    iso = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]|$)", text)  # also detik's "2022/12/04 10:46:13"
    if iso:
        return _from_numbers(int(iso[1]), int(iso[2]), int(iso[3]), swap=False)
    return date_in(text)


def _read(match: re.Match[str]) -> dt.date | None:
    if match["y"]:
        return _from_numbers(int(match["y"]), int(match["m"]), int(match["d"]), swap=True)
    if match["iy"]:
        return _from_numbers(int(match["iy"]), int(match["im"]), int(match["id"]), swap=False)
    return _with_dateparser(" ".join(match.group().split()))


def _from_numbers(year: int, month: int, day: int, *, swap: bool) -> dt.date | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        if swap:
            return _from_numbers(year, day, month, swap=False)
        return None


@functools.lru_cache(maxsize=1024)
def _with_dateparser(text: str) -> dt.date | None:
    import dateparser  # imported on first use: it takes a while to load its language data

    try:
        value = dateparser.parse(text, languages=["id", "en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, TypeError, OverflowError, LookupError):
        return None
    if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return value.date()
