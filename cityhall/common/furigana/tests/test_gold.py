"""Accuracy on the gold sentences (tests/gold_readings.txt) with the dictionary
seeded by the product's own code: Japan Post's data for the municipality plus
the demo staff entries (docs/furigana.md counts them)."""

from __future__ import annotations

import pytest

from cityhall.common.furigana.demo import reading_dictionary_demo_seed
from cityhall.common.furigana.dictionary import engine_from_database
from cityhall.common.furigana.engine import FuriganaEngine, has_kanji
from cityhall.common.furigana.evaluation import (
    bare_sudachi_segments,
    load_gold,
    score,
)

pytestmark = pytest.mark.django_db


def test_gold_set_is_large_and_fully_annotated():
    """At least 50 sentences, and no kanji left outside a gold word."""
    gold = load_gold()
    assert len(gold) >= 50
    for sentence in gold:
        covered = set()
        for start, end, _reading in sentence.words:
            covered.update(range(start, end))
        outside = "".join(ch for i, ch in enumerate(sentence.text) if i not in covered)
        assert not has_kanji(outside), sentence.text


def test_engine_with_municipality_dictionary_reaches_target():
    """≥ 95 % of sentences entirely right with the seeded dictionary."""
    reading_dictionary_demo_seed(
        prefecture="栃木県", municipality_name="大田原市", districts=[]
    )
    result, wrong = score(load_gold(), engine_from_database().segments)
    assert result.sentence_accuracy >= 0.95, [s.text for s, _ in wrong]
    assert result.word_accuracy >= 0.98


def test_without_the_dictionary_the_target_is_missed():
    """The same engine without the municipality dictionary reads local names the
    common way and misses the target, and bare SudachiPy does worse still: the
    accuracy test above depends on the dictionary."""
    gold = load_gold()
    without, _wrong = score(gold, FuriganaEngine({}).segments)
    bare, _wrong = score(gold, bare_sudachi_segments)
    assert without.sentence_accuracy < 0.95
    assert bare.sentence_accuracy < without.sentence_accuracy
