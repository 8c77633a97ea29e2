"""How close an extraction is to a page's annotation. Pure: no I/O.

Body text is scored as the ScrapingHub article-extraction benchmark scores it,
so our figures can be set beside the ones published for other extractors:
the text is cut into ``\\w+`` tokens, the tokens into overlapping 4-word
shingles (counted, not just present), and each page's true positives, false
positives and false negatives are normalised to sum to 1, so a long page
weighs no more than a short one. Precision and recall are the means over the
pages; F1 is their harmonic mean. Metadata fields are exact matches after
whitespace is normalised.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_WORDS = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Overlap:
    """One page's shingle overlap, normalised to sum to 1 (all 0 for two empty texts)."""

    true_positive: float
    false_positive: float
    false_negative: float

    @property
    def precision(self) -> float:
        if self.false_positive == self.false_negative == 0:
            return 1.0
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    @property
    def recall(self) -> float:
        if self.false_positive == self.false_negative == 0:
            return 1.0
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 0.0


def shingles(text: str, size: int = SHINGLE_WORDS) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < size:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[start:start + size]) for start in range(len(tokens) - size + 1))


def overlap(expected: str, found: str) -> Overlap:
    want, got = shingles(expected), shingles(found)
    hits = sum((want & got).values())
    extra = sum((got - want).values())
    missed = sum((want - got).values())
    total = hits + extra + missed
    if not total:
        return Overlap(0.0, 0.0, 0.0)
    return Overlap(hits / total, extra / total, missed / total)


@dataclass(frozen=True)
class BodyScore:
    f1: float
    precision: float
    recall: float
    pages: int


def body_score(overlaps: Sequence[Overlap]) -> BodyScore:
    """The benchmark's F1: the harmonic mean of the mean precision and the mean recall.

    A page with nothing extracted counts in recall (as 0) but not in precision, as in the benchmark.
    """
    precisions = [o.precision for o in overlaps if o.true_positive + o.false_positive > 0]
    recalls = [o.recall for o in overlaps if o.true_positive + o.false_negative > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScore(f1, precision, recall, len(overlaps))


def normalise(value: str | Iterable[str] | None) -> str:
    """A field as one comparable string: lists (several authors) joined with "; ", spaces squeezed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = "; ".join(item for item in value if item)
    return " ".join(value.split())


def exact_rate(pairs: Iterable[tuple[str, str]]) -> tuple[float, int]:
    """(share of exact matches, pages counted) over (expected, found) pairs with an expected value."""
    counted = [(expected, found) for expected, found in pairs if expected]
    if not counted:
        return 0.0, 0
    return sum(normalise(e) == normalise(f) for e, f in counted) / len(counted), len(counted)
