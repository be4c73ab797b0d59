"""Measuring readings against gold sentences (used by the tests and the bench).

Gold format: one sentence a line, ``{written|reading}`` for each word that has
kanji or digits, other text as it is (see ``tests/gold_readings.txt``).

*Sentence accuracy*: the share of sentences whose whole reading (each segment's
reading, or the segment itself) equals the gold reading, compared in hiragana.
*Word accuracy*: the share of gold words read right. The engine's segments need
not match the gold words: both are cut at the boundaries they share, and every
gold word in a stretch between shared boundaries is right when the stretch's
readings are equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cityhall.common.furigana.engine import Segment, needs_reading
from cityhall.common.kana import katakana_to_hiragana

GOLD_PATH = Path(__file__).parent / "tests" / "gold_readings.txt"
_GOLD_WORD = re.compile(r"\{([^|{}]+)\|([^|{}]+)\}")


@dataclass(frozen=True)
class GoldSentence:
    text: str
    #: (start, end, reading) of each gold word.
    words: tuple[tuple[int, int, str], ...]

    @property
    def reading(self) -> str:
        parts = []
        position = 0
        for start, end, reading in self.words:
            parts.append(self.text[position:start])
            parts.append(reading)
            position = end
        parts.append(self.text[position:])
        return katakana_to_hiragana("".join(parts))


def parse_gold_line(line: str) -> GoldSentence:
    text_parts: list[str] = []
    words: list[tuple[int, int, str]] = []
    position = 0
    length = 0
    for match in _GOLD_WORD.finditer(line):
        plain = line[position : match.start()]
        text_parts.append(plain)
        length += len(plain)
        surface, reading = match.groups()
        words.append((length, length + len(surface), reading))
        text_parts.append(surface)
        length += len(surface)
        position = match.end()
    text_parts.append(line[position:])
    return GoldSentence("".join(text_parts), tuple(words))


def load_gold(path: Path = GOLD_PATH) -> list[GoldSentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        parse_gold_line(line.strip())
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def _pieces(
    text: str, spans: Iterable[tuple[int, int, str | None]]
) -> list[tuple[int, int, str]]:
    """Cover ``text`` with (start, end, reading); uncovered text reads as itself."""
    pieces = []
    position = 0
    for start, end, reading in spans:
        if start > position:
            pieces.append((position, start, text[position:start]))
        pieces.append((start, end, reading if reading else text[start:end]))
        position = end
    if position < len(text):
        pieces.append((position, len(text), text[position:]))
    return pieces


def segment_spans(segments: list[Segment]) -> list[tuple[int, int, str | None]]:
    spans = []
    position = 0
    for segment in segments:
        end = position + len(segment.surface)
        spans.append((position, end, segment.reading))
        position = end
    return spans


@dataclass
class Score:
    sentences: int = 0
    sentences_right: int = 0
    words: int = 0
    words_right: int = 0

    @property
    def sentence_accuracy(self) -> float:
        return self.sentences_right / self.sentences if self.sentences else 0.0

    @property
    def word_accuracy(self) -> float:
        return self.words_right / self.words if self.words else 0.0


def score_sentence(
    gold: GoldSentence, segments: list[Segment]
) -> tuple[bool, int, int]:
    """(sentence right, gold words right, gold words) for one sentence."""
    produced = "".join(s.surface for s in segments)
    if produced != gold.text:
        raise ValueError(f"segments do not cover the sentence: {gold.text}")
    ours = _pieces(gold.text, segment_spans(segments))
    theirs = _pieces(gold.text, gold.words)
    shared = sorted({end for _s, end, _r in ours} & {end for _s, end, _r in theirs})
    words_right = 0
    start = 0
    for boundary in shared:
        our_reading = "".join(r for s, e, r in ours if s >= start and e <= boundary)
        gold_words = [(s, e) for s, e, _r in gold.words if s >= start and e <= boundary]
        gold_reading = "".join(r for s, e, r in theirs if s >= start and e <= boundary)
        if katakana_to_hiragana(our_reading) == katakana_to_hiragana(gold_reading):
            words_right += len(gold_words)
        start = boundary
    our_sentence = katakana_to_hiragana("".join(r for _s, _e, r in ours))
    return our_sentence == gold.reading, words_right, len(gold.words)


def score(
    gold: list[GoldSentence], segmenter: Callable[[str], list[Segment]]
) -> tuple[Score, list[tuple[GoldSentence, list[Segment]]]]:
    """Score ``segmenter`` on ``gold``; also return the sentences it got wrong."""
    total = Score()
    wrong = []
    for sentence in gold:
        segments = segmenter(sentence.text)
        right, words_right, words = score_sentence(sentence, segments)
        total.sentences += 1
        total.sentences_right += int(right)
        total.words += words
        total.words_right += words_right
        if not right:
            wrong.append((sentence, segments))
    return total, wrong


def bare_sudachi_segments(text: str) -> list[Segment]:
    """SudachiPy alone (core dictionary, mode C): each word's own reading."""
    from cityhall.common.furigana.engine import _analyser

    segments = []
    for word in _analyser().words(text):
        reading = None
        if needs_reading(word.surface):
            reading = katakana_to_hiragana(word.reading) if word.reading else None
        segments.append(Segment(word.surface, reading))
    return segments
