"""The furigana engine: SudachiPy, the municipality dictionary, and rules.

Steps for each text:

1. SudachiPy (``sudachidict-core``, split mode C, the longest units) splits the
   text into words with a katakana reading each.
2. The municipality dictionary is matched over those words, longest match
   first: a run of consecutive words whose written forms join to an entry
   becomes one segment with the entry's reading. Matching on word boundaries
   keeps an entry such as 岡 from matching inside 福岡, while a local name the
   analyser split (蛇尾 + 川) is joined back.
3. Numerals followed by a counter are read by rule (:mod:`.numbers`):
   10月 じゅうがつ, 午後4時 ごご + よじ, 国道461号 こくどう + よんひゃく…ごう.
4. Context rules: 方 after の or a verb is かた (お住まいの方), not ほう.

Output: a list of :class:`Segment`. ``reading`` is hiragana for a segment that
contains kanji or digits; it is None for a segment of kana, Latin letters,
punctuation or spaces (nothing to read aloud differently), and None for a word
the analyser does not know (no reading is better than a wrong one; the
easy-Japanese check reports such kanji). Neighbouring segments without a reading
are joined, so ``"".join(s.surface for s in segments) == text`` always holds.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cityhall.common.furigana.numbers import (
    COUNTER_LENGTHS,
    COUNTERS,
    parse_number,
    read_with_counter,
)
from cityhall.common.kana import katakana_to_hiragana

#: CJK ideographs (and 々, 〆, ヶ used inside names) that need a reading.
_KANJI = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆]"
)
_DIGIT = re.compile(r"[0-9０-９]")
_KANA_READING = re.compile(r"^[\u3041-\u3096\u30a1-\u30faー]+$")
#: SudachiPy refuses inputs above about 49 kB; notices are cut into lines.
_MAX_CHUNK = 4000
#: Texts whose segments this process remembers per engine.
_MEMO_SIZE = 4096


@dataclass(frozen=True)
class Segment:
    """A piece of text and its reading in hiragana (None: nothing to read)."""

    surface: str
    reading: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"surface": self.surface, "reading": self.reading}


def needs_reading(text: str) -> bool:
    """Whether ``text`` has kanji or digits, the characters furigana is for."""
    return bool(_KANJI.search(text) or _DIGIT.search(text))


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


@dataclass(frozen=True)
class _Word:
    surface: str
    reading: str  # katakana from the analyser, "" when unknown
    pos: str
    verbal_noun: bool  # サ変可能: 避難, 集会 (避難する, 集会する)


class _Analyser:
    """SudachiPy, one tokenizer per thread (tokenizers are not thread-safe)."""

    def __init__(self) -> None:
        from sudachipy import Dictionary

        self._dictionary = Dictionary(dict="core")
        self._local = threading.local()

    def words(self, text: str) -> list[_Word]:
        from sudachipy import SplitMode

        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._dictionary.tokenizer(mode=SplitMode.C)
            self._local.tokenizer = tokenizer
        words = []
        for chunk in _chunks(text):
            for morpheme in tokenizer.tokenize(chunk):
                reading = morpheme.reading_form()
                if morpheme.is_oov() or not _KANA_READING.match(reading or ""):
                    reading = ""
                pos = morpheme.part_of_speech()
                words.append(
                    _Word(morpheme.surface(), reading, pos[0], pos[2] == "サ変可能")
                )
        return words


def _chunks(text: str) -> Iterable[str]:
    """Cut ``text`` after line ends (and 。 in very long lines) below the limit."""
    start = 0
    while start < len(text):
        end = min(len(text), start + _MAX_CHUNK)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind("。", start, end))
            if cut > start:
                end = cut + 1
        yield text[start:end]
        start = end


@lru_cache(maxsize=1)
def _analyser() -> _Analyser:
    return _Analyser()


def _normalize_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class FuriganaEngine:
    """Readings for Japanese text with a given municipality dictionary.

    ``entries`` maps written forms to hiragana readings. An engine is immutable;
    when the dictionary changes, build a new one (:func:`engine_for_entries`).
    """

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = {
            _normalize_key(surface): reading
            for surface, reading in entries.items()
            if surface and reading
        }
        self._longest_entry = max((len(s) for s in self.entries), default=0)
        self._memo_lock = threading.Lock()
        self._memo: dict[str, tuple[Segment, ...]] = {}

    def segments(self, text: str) -> list[Segment]:
        """Split ``text`` into segments with readings (see the module docstring)."""
        if not text:
            return []
        with self._memo_lock:
            cached = self._memo.get(text)
        if cached is not None:
            return list(cached)
        result = tuple(self._segments(text))
        with self._memo_lock:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = result
        return list(result)

    def reading(self, text: str) -> str:
        """The whole text as kana: each segment's reading, or itself."""
        return "".join(s.reading or s.surface for s in self.segments(text))

    def _segments(self, text: str) -> list[Segment]:
        words = _analyser().words(text)
        raw: list[Segment] = []
        i = 0
        while i < len(words):
            matched = self._match_dictionary(words, i)
            if matched is not None:
                surface, reading, i = matched
                raw.append(Segment(surface, reading))
                continue
            numbered = _match_number(words, i, raw)
            if numbered is not None:
                segment, i = numbered
                raw.append(segment)
                continue
            raw.append(_word_segment(words, i))
            i += 1
        return _join_unread(raw)

    def _match_dictionary(
        self, words: list[_Word], start: int
    ) -> tuple[str, str, int] | None:
        if not self.entries:
            return None
        best: tuple[str, str, int] | None = None
        joined = ""
        for end in range(start, len(words)):
            joined += words[end].surface
            if len(joined) > self._longest_entry:
                break
            reading = self.entries.get(_normalize_key(joined))
            if reading is not None:
                best = (joined, reading, end + 1)
        return best


def _match_number(
    words: list[_Word], start: int, previous: list[Segment]
) -> tuple[Segment, int] | None:
    number = parse_number(words[start].surface)
    if number is None:
        return None
    # A counter may be one word (時間, か月) or two (時 + 半): try the longest.
    following = ""
    candidates: list[tuple[str, int]] = []
    for end in range(start + 1, min(len(words), start + 3)):
        following += words[end].surface
        candidates.append((following, end + 1))
    for length in COUNTER_LENGTHS:
        for written, end in reversed(candidates):
            normalized = _normalize_key(written)
            if len(normalized) == length and normalized in COUNTERS:
                counter = normalized
                if (
                    counter == "日"
                    and number.value == 1
                    and not _is_date(previous, words, end)
                ):
                    reading = "いちにち"
                else:
                    reading = read_with_counter(number, counter)
                surface = words[start].surface + written
                return Segment(surface, reading), end
    return Segment(words[start].surface, number.reading), start + 1


def _is_date(previous: list[Segment], words: list[_Word], end: int) -> bool:
    """1日 is ついたち after a month (10月1日) or before a weekday (1日（月）)."""
    if previous and previous[-1].surface.endswith("月"):
        return True
    return end < len(words) and words[end].surface in ("(", "（")


def _word_segment(words: list[_Word], index: int) -> Segment:
    word = words[index]
    if not needs_reading(word.surface):
        return Segment(word.surface, None)
    if not word.reading:
        return Segment(word.surface, None)
    reading = katakana_to_hiragana(word.reading)
    before = words[index - 1] if index > 0 else None
    after = words[index + 1] if index + 1 < len(words) else None
    if word.surface == "方" and before is not None:
        # お住まいの方, 利用する方: a person (かた), not a direction (ほう).
        if before.surface == "の" or before.pos in ("動詞", "助動詞"):
            reading = "かた"
    elif word.surface == "所" and word.pos == "接尾辞" and before is not None:
        # A place for doing something the analyser has no compound for:
        # 避難所, 集会所, 投票所 read じょ (事務所, 裁判所 are single words).
        if before.verbal_noun:
            reading = "じょ"
    elif (
        word.surface in _WEEKDAYS
        and before is not None
        and after is not None
        and before.surface in ("(", "（")
        and after.surface in (")", "）")
    ):
        # 10月1日（水）: the day of the week.
        reading = _WEEKDAYS[word.surface]
    return Segment(word.surface, reading)


_WEEKDAYS = {
    "月": "げつ",
    "火": "か",
    "水": "すい",
    "木": "もく",
    "金": "きん",
    "土": "ど",
    "日": "にち",
    "祝": "しゅく",
}


def _join_unread(segments: list[Segment]) -> list[Segment]:
    joined: list[Segment] = []
    for segment in segments:
        if segment.reading is None and joined and joined[-1].reading is None:
            joined[-1] = Segment(joined[-1].surface + segment.surface, None)
        else:
            joined.append(segment)
    return joined


def engine_for_entries(entries: Mapping[str, str]) -> FuriganaEngine:
    """A new engine for this dictionary (the analyser itself is shared)."""
    return FuriganaEngine(entries)


def ruby_parts(segment: Segment) -> list[tuple[str, str | None]]:
    """Split a segment for ruby so that its kana carry no reading.

    問い合わせ/といあわせ → 問(と) い 合(あ) わせ; お住まい/おすまい → お 住(す) まい.
    The kana of the written form are matched in the reading; when they cannot
    be (an irregular reading), the whole segment keeps its reading.
    """
    surface, reading = segment.surface, segment.reading
    if not reading:
        return [(surface, None)]
    runs = [m.group(0) for m in _RUNS.finditer(surface)]
    if len(runs) == 1:
        return [(surface, reading)]
    pattern = "".join(
        f"({re.escape(katakana_to_hiragana(run))})"
        if _KANA_RUN.fullmatch(run)
        else "(.+?)"
        for run in runs
    )
    match = re.fullmatch(pattern, katakana_to_hiragana(reading))
    if match is None:
        return [(surface, reading)]
    return [
        (run, None) if _KANA_RUN.fullmatch(run) else (run, match.group(index + 1))
        for index, run in enumerate(runs)
    ]


_KANA_RUN = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー]+")
_RUNS = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー]+|[^\u3041-\u309f\u30a0-\u30ffー]+")


def segments_as_json(segments: Iterable[Segment]) -> list[dict[str, Any]]:
    return [segment.as_dict() for segment in segments]
