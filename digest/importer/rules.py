"""Layout rules of the outlets editors copy from, as data.

Plain text copied from a news page keeps the page's furniture: datelines,
related-article lines, share prompts, author blocks, footers. No library
knows these layouts (trafilatura works on HTML, not on pasted text), so the
rules are ours. Each is a named pattern with a comment saying which outlets
use it; add an outlet by adding patterns here, not branches in the parser.
"""

from __future__ import annotations

import re

# Outlet names as they appear in datelines ("Jakarta, IDN Times - ...").
OUTLETS = (
    "IDN Times", "KOMPAS.com", "Kompas.com", "detikNews", "detikcom", "Liputan6.com", "TEMPO.CO",
    "Tempo.co", "ANTARA", "CNN Indonesia", "Okezone", "Reuters", "AP", "AFP",
)

# "Jakarta, IDN Times - " and its dash variants; the place is kept as `location`.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'’-]{1,40}?),\s+(?P<outlet>" + "|".join(map(re.escape, OUTLETS)) + r")\s*[-–—]+\s*",
)

# Related-article lines: "Baca Juga: <title>" (IDN Times, Kompas, Detik, ...).
RELATED = re.compile(r"^(?:Baca\s+juga|Read\s+also|Related)\s*:\s*(?P<title>.+)$", re.IGNORECASE)

# IDN Times author block: "Brahm Photo Verified Writer Brahm".
AUTHOR_BLOCK = re.compile(r"^(?P<name>.+?)\s+Photo\s+(?:Verified\s+|Community\s+)?Writer\s+(?P=name)$")

# The heading of the outlet's own tag list, followed by bullet lines (IDN Times "Topik:").
TAGS_HEADING = re.compile(r"^(?:Topik|Tags?|Tag terkait)\s*:\s*$", re.IGNORECASE)
BULLET = re.compile(r"^\s*[•·*\-–]\s+(?P<item>.+)$")

# Lines that start the page footer: they and everything after them go.
FOOTER_START = re.compile(r"^(?:Berita\s+Terkini\s+Lainnya|Berita\s+Terkait|Rekomendasi\s+Berita)\s*$", re.IGNORECASE)

# Lines that are furniture wherever they stand.
BOILERPLATE = (
    re.compile(r"^IDN Times Community adalah media yang menyediakan platform untuk menulis\b.*$"),  # IDN Times
    re.compile(r"^[-–—•·*]+$"),  # separators left by copied layout
    re.compile(r"^(?:ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT)$", re.IGNORECASE),
)

# Numbered subheadings of listicle-style articles: "1. Lukashenko sebut ...".
NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<text>[^\n]{3,140}?)$")

# A date in the lead, day first as Indonesian outlets write it: "pada Sabtu (3/12/2022)".
INLINE_DATE = re.compile(r"\((?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\)")

# A photo credit at the end of a caption: "Tank milik militer Belarus. (instagram.com/army__by)".
TRAILING_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{2,80})\)\s*$")

# Phrases that name the outlet an article relies on: "dilansir Euronews", "dilaporkan Belta".
CITATION = re.compile(
    r"\b(?:dilansir(?:\s+dari)?|melansir|dikutip\s+dari|mengutip|dilaporkan(?:\s+oleh)?|"
    r"reported\s+by|according\s+to\s+a\s+report\s+by)\s+"
    r"(?P<outlet>[A-Z][\w.&'-]*(?:[ ]+[A-Z][\w.&'-]*){0,3})"
)
