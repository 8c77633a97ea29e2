"""The evaluation's scoring (bench/extraction_scores.py): it must tell good extractions from bad."""

from __future__ import annotations

import pytest

from bench.extraction_scores import body_score, exact_rate, normalise, overlap, shingles

TEXT = "one two three four five six seven eight"


def test_shingles_are_counted_four_words_at_a_time():
    assert len(shingles(TEXT)) == 5 and shingles("a b") == {("a", "b"): 1}


def test_a_perfect_extraction_scores_one_and_a_missing_one_zero():
    assert body_score([overlap(TEXT, TEXT)]).f1 == 1.0
    nothing = body_score([overlap(TEXT, "")])
    assert (nothing.recall, nothing.f1) == (0.0, 0.0)


def test_boilerplate_costs_precision_and_lost_text_costs_recall():
    noisy = overlap(TEXT, TEXT + " menu home login subscribe now today")
    short = overlap(TEXT, "one two three four five")
    assert noisy.recall == 1.0 and noisy.precision < 1.0
    assert short.precision == 1.0 and short.recall < 1.0
    assert body_score([noisy, short]).f1 < 1.0


def test_pages_weigh_alike_whatever_their_length():
    long_text = " ".join(f"w{i}" for i in range(400))
    score = body_score([overlap(long_text, long_text), overlap(TEXT, "")])
    assert score.recall == pytest.approx(0.5)


def test_metadata_matches_are_exact_after_spacing():
    assert normalise(["Jane Doe", "John Roe"]) == "Jane Doe; John Roe"
    assert exact_rate([("Jane  Doe", "Jane Doe"), ("A", "B"), ("", "ignored")]) == (0.5, 2)
