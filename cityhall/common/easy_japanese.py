"""The easy-Japanese check (やさしい日本語チェック) for notices before publishing.

やさしい日本語 is Japanese that residents with little Japanese, children and
many older people can follow: short sentences, one idea each, no honorific
forms (敬語), no double negatives, everyday words instead of administrative
ones, and a reading for every kanji. The check flags, sentence by sentence:

* long sentences (more than :data:`MAX_SENTENCE_CHARS` characters);
* honorific and humble forms (いたします, ございます, 申し上げます, …);
* double negatives (ないわけではない, なければなりません, …);
* difficult words from a curated list, each with an easier way to say it;
* kanji that the furigana engine cannot read (so no reading would be shown).

Findings guide the editor; none of them blocks publishing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cityhall.common.furigana.engine import FuriganaEngine, has_kanji

#: Guides for やさしい日本語 ask for short sentences; 30 characters is a common limit.
MAX_SENTENCE_CHARS = 30

HONORIFICS = (
    "いたします",
    "いたしました",
    "ございます",
    "申し上げ",
    "差し上げ",
    "させていただ",
    "ていただ",
    "くださいませ",
    "存じ",
    "賜",
    "承り",
    "恐れ入り",
    "伺い",
    "伺う",
    "参ります",
    "いらっしゃ",
    "お越し",
    "ご覧",
    "おります",
    "召し上が",
)

DOUBLE_NEGATIVES = (
    "ないわけではない",
    "ないわけではありません",
    "なくはない",
    "なくもない",
    "ないことはない",
    "ないことはありません",
    "ないとは限らない",
    "ないとは限りません",
    "ざるを得ない",
    "ざるを得ません",
    "なければならない",
    "なければなりません",
    "なくてはならない",
    "なくてはなりません",
    "ないではいられない",
)

#: Difficult word → an easier way to say it (in やさしい日本語).
DIFFICULT_WORDS = {
    "避難勧告": "にげて ください",
    "避難指示": "にげて ください",
    "避難": "にげる",
    "避難所": "にげる ところ",
    "高齢者等避難": "お年寄りなどは にげて ください",
    "緊急安全確保": "すぐに 安全な ところへ",
    "余震": "あとから くる 地震",
    "震源": "地震が 起きた ところ",
    "炊き出し": "食べ物を 配ります",
    "給水": "水を 配ります",
    "断水": "水が 出ません",
    "停電": "電気が 止まります",
    "氾濫": "川の 水が あふれる",
    "土砂崩れ": "山や がけが 崩れる",
    "土砂災害": "山や がけが 崩れる 災害",
    "冠水": "道が 水で いっぱいに なる",
    "倒壊": "壊れて 倒れる",
    "通行止め": "通れません",
    "至急": "すぐに",
    "直ちに": "すぐに",
    "速やかに": "すぐに",
    "控える": "しないで ください",
    "徒歩": "歩いて",
    "飲料水": "飲む 水",
    "救援物資": "食べ物や 水など",
    "給付": "お金を もらえる",
    "申請": "申し込み",
    "提出": "出す",
    "交付": "渡す",
    "持参": "持って 来る",
    "記入": "書く",
    "該当": "当てはまる",
    "居住": "住む",
    "世帯": "家族",
    "被災": "災害で 困る",
    "罹災": "災害で 困る",
    "発令": "出す",
    "解除": "終わり",
    "留意": "気をつける",
    "厳重": "とても 気をつけて",
    "警戒": "気をつける",
    "施錠": "鍵を かける",
    "運休": "電車や バスが 止まる",
}

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+")
_KANJI_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々]+"
)


@dataclass(frozen=True)
class Finding:
    """One thing to make easier. ``code`` is stable; ``message`` is shown."""

    code: str
    sentence: str
    excerpt: str
    message: str | Promise
    suggestion: str = ""


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (after 。！？ and at line breaks), trimmed."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def easy_japanese_check(
    text: str,
    *,
    engine: FuriganaEngine | None = None,
    max_sentence_chars: int = MAX_SENTENCE_CHARS,
) -> list[Finding]:
    """Findings for ``text`` in reading order (see the module docstring).

    Without ``engine``, kanji without readings are not checked.
    """
    findings: list[Finding] = []
    for sentence in split_sentences(text):
        if len(sentence) > max_sentence_chars:
            findings.append(
                Finding(
                    "long_sentence",
                    sentence,
                    sentence,
                    _(
                        "This sentence has %(count)d characters; keep sentences "
                        "to %(limit)d characters with one idea each."
                    )
                    % {"count": len(sentence), "limit": max_sentence_chars},
                )
            )
        for form in HONORIFICS:
            if form in sentence:
                findings.append(
                    Finding(
                        "honorific",
                        sentence,
                        form,
                        _("Honorific or humble form: write plainly (です・ます)."),
                    )
                )
        for form in DOUBLE_NEGATIVES:
            if form in sentence:
                findings.append(
                    Finding(
                        "double_negative",
                        sentence,
                        form,
                        _("Double negative: say it positively."),
                    )
                )
        findings.extend(_difficult_words(sentence))
        if engine is not None:
            findings.extend(_unread_kanji(sentence, engine))
    return findings


def _difficult_words(sentence: str) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    # Longest words first, so 避難勧告 is reported once, not also as 避難.
    for word in sorted(DIFFICULT_WORDS, key=len, reverse=True):
        for match in re.finditer(re.escape(word), sentence):
            span = (match.start(), match.end())
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            found.append(
                Finding(
                    "difficult_word",
                    sentence,
                    word,
                    _("Difficult word: use an everyday word."),
                    DIFFICULT_WORDS[word],
                )
            )
    return found


def _unread_kanji(sentence: str, engine: FuriganaEngine) -> list[Finding]:
    found = []
    for segment in engine.segments(sentence):
        if segment.reading is None and has_kanji(segment.surface):
            for run in _KANJI_RUN.findall(segment.surface):
                found.append(
                    Finding(
                        "kanji_without_reading",
                        sentence,
                        run,
                        _(
                            "No reading is known for these kanji: add them to "
                            "the reading dictionary or write them in kana."
                        ),
                    )
                )
    return found
