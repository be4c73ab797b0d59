"""The engine: dictionary longest match, numbers, context, segment shape."""

from __future__ import annotations

from cityhall.common.furigana.engine import FuriganaEngine, Segment, ruby_parts


def readings(engine: FuriganaEngine, text: str) -> list[tuple[str, str | None]]:
    return [(s.surface, s.reading) for s in engine.segments(text)]


def test_dictionary_joins_a_name_the_analyser_splits():
    """蛇尾川 (analysed as 蛇尾 + 川, だびかわ) becomes one segment さびがわ."""
    bare = FuriganaEngine({})
    assert ("蛇尾川", "さびがわ") not in readings(bare, "蛇尾川の水位")
    engine = FuriganaEngine({"蛇尾川": "さびがわ"})
    assert readings(engine, "蛇尾川の水位") == [
        ("蛇尾川", "さびがわ"),
        ("の", None),
        ("水位", "すいい"),
    ]


def test_dictionary_matches_only_on_word_boundaries():
    """An entry 岡 does not match inside the word 岡山."""
    engine = FuriganaEngine({"岡": "こう"})
    assert ("岡", "こう") not in readings(engine, "岡山へ行く")


def test_local_reading_overrides_the_common_one():
    """福原 is ふくわら where the dictionary says so (the analyser says ふくはら)."""
    assert readings(FuriganaEngine({}), "福原")[0][1] != "ふくわら"
    assert readings(FuriganaEngine({"福原": "ふくわら"}), "福原") == [
        ("福原", "ふくわら")
    ]


def test_numbers_and_counters_in_a_sentence():
    """Dates, times and road numbers are read by rule."""
    result = readings(FuriganaEngine({}), "10月16日午後4時から国道461号")
    assert result == [
        ("10月", "じゅうがつ"),
        ("16日", "じゅうろくにち"),
        ("午後", "ごご"),
        ("4時", "よじ"),
        ("から", None),
        ("国道", "こくどう"),
        ("461号", "よんひゃくろくじゅういちごう"),
    ]


def test_first_of_month_and_weekday():
    """1日 after a month is ついたち, alone it is いちにち; （水） is すい."""
    result = readings(FuriganaEngine({}), "10月1日（水）と1日2回")
    assert ("1日", "ついたち") in result
    assert ("水", "すい") in result
    assert ("1日", "いちにち") in result


def test_person_kata_in_context():
    """お住まいの方 and 利用する方 are かた."""
    result = readings(FuriganaEngine({}), "お住まいの方と利用する方")
    assert result.count(("方", "かた")) == 2


def test_kana_and_latin_have_no_reading_and_text_is_kept():
    """Segments without kanji or digits carry None; surfaces join to the text."""
    text = "ＬＩＮＥでおしらせ。 See https://example.jp"
    segments = FuriganaEngine({}).segments(text)
    assert "".join(s.surface for s in segments) == text
    assert all(s.reading is None for s in segments)


def test_ruby_parts_keep_okurigana_outside():
    """住まい gets ruby on 住 only; a pure-kanji word keeps its whole reading."""
    assert ruby_parts(Segment("住まい", "すまい")) == [("住", "す"), ("まい", None)]
    assert ruby_parts(Segment("避難", "ひなん")) == [("避難", "ひなん")]
    assert ruby_parts(Segment("問い合わせ", "といあわせ")) == [
        ("問", "と"),
        ("い", None),
        ("合", "あ"),
        ("わせ", None),
    ]
    assert ruby_parts(Segment("お知らせ", "おしらせ")) == [
        ("お", None),
        ("知", "し"),
        ("らせ", None),
    ]
