"""Tell the digest's languages apart.

Hand-written on purpose: general language identifiers (langid, langdetect)
often label short Indonesian text as Malay, and the digest only needs to tell
Indonesian from English. Counting each language's commonest function words
does that reliably from a few sentences.
"""

from __future__ import annotations

import re

from digest.stopwords import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """``id`` or ``en`` by function-word counts; ``""`` when the text gives no sign."""
    counts = {lang: 0 for lang in STOP_WORDS}
    for word in _WORD.findall(text.casefold()):
        for lang, words in STOP_WORDS.items():
            if word in words:
                counts[lang] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ""
