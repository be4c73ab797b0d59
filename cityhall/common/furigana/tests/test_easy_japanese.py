"""The easy-Japanese check flags what makes a notice hard to read."""

from __future__ import annotations

from cityhall.common.easy_japanese import easy_japanese_check, split_sentences
from cityhall.common.furigana.engine import FuriganaEngine


def codes(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.code, f.excerpt) for f in easy_japanese_check(text, **kwargs)]


def test_plain_easy_sentence_has_no_findings():
    """A short, plain sentence passes."""
    assert easy_japanese_check("川の 水が 増えて います。にげて ください。") == []


def test_long_sentence_is_flagged():
    """A sentence over the limit is reported with its length."""
    long = (
        "黒羽地区と湯津上地区と佐久山地区と野崎地区の皆さんは高い所へ逃げてください。"
    )
    findings = easy_japanese_check(long)
    assert findings[0].code == "long_sentence"
    assert str(len(long)) in str(findings[0].message)


def test_honorifics_and_double_negatives():
    """敬語 and double negatives are found where they are."""
    result = codes("ご案内いたします。避難しなければなりません。")
    assert ("honorific", "いたします") in result
    assert ("double_negative", "なければなりません") in result


def test_difficult_words_with_suggestions_longest_first():
    """避難勧告 is one finding with its easier wording, not also 避難."""
    findings = easy_japanese_check("避難勧告が出ました。")
    words = [(f.excerpt, f.suggestion) for f in findings if f.code == "difficult_word"]
    assert words == [("避難勧告", "にげて ください")]


def test_kanji_without_reading_needs_the_engine():
    """Kanji the engine cannot read are flagged, only when given the engine."""
    engine = FuriganaEngine({})
    assert ("kanji_without_reading", "䨺") in codes("瀧澤䨺です。", engine=engine)
    assert ("kanji_without_reading", "𠮷") in codes("𠮷野です。", engine=engine)
    assert codes("瀧澤䨺です。") == []
    assert codes("瀧澤です。", engine=engine) == []


def test_sentence_split():
    """Sentences end at 。！？ and at line breaks."""
    assert split_sentences("あ。い！う\nえ") == ["あ。", "い！", "う", "え"]
