"""Ruby readings added to a rendered page, markup kept."""

from __future__ import annotations

from cityhall.common.furigana.engine import FuriganaEngine
from cityhall.common.furigana.html import add_ruby, ruby_markup

ENGINE = FuriganaEngine({"蛇尾川": "さびがわ"})

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><title>蛇尾川の水位</title>
<script>var s = "<b>避難</b>";</script></head>
<body><h1 class="t" title="避難">蛇尾川の水位</h1>
<p>避難してください &amp; <a href="/x?a=1&amp;b=2">詳しく</a></p>
<p lang="en">Evacuate to 公民館</p>
<select><option>黒羽</option></select>
<div data-furigana="off">住所</div>
<img alt="地図" src="/m.png"><br>
<!-- 避難 -->
<textarea>避難所</textarea>
</body></html>"""


def test_ruby_on_japanese_body_text_only():
    """Body text gets ruby; head, scripts, attributes, other languages,
    options, comments, textareas and opted-out elements are unchanged."""
    result = add_ruby(PAGE, ENGINE, page_language="ja")
    assert (
        '<h1 class="t" title="避難"><ruby>蛇尾川<rt>さびがわ</rt></ruby>の'
        "<ruby>水位<rt>すいい</rt></ruby></h1>" in result
    )
    assert "<ruby>避難<rt>ひなん</rt></ruby>してください &amp; " in result
    assert '<a href="/x?a=1&amp;b=2"><ruby>詳<rt>くわ</rt></ruby>しく</a>' in result
    assert "<title>蛇尾川の水位</title>" in result
    assert 'var s = "<b>避難</b>";' in result
    assert '<p lang="en">Evacuate to 公民館</p>' in result
    assert "<option>黒羽</option>" in result
    assert '<div data-furigana="off">住所</div>' in result
    assert '<img alt="地図" src="/m.png"><br>' in result
    assert "<!-- 避難 -->" in result
    assert "<textarea>避難所</textarea>" in result


def test_page_in_another_language_is_unchanged():
    """An English page is returned as it was."""
    page = PAGE.replace('<html lang="ja">', '<html lang="en">')
    assert add_ruby(page, ENGINE, page_language="en") == page


def test_ruby_markup_escapes_text():
    """Text that looks like markup stays text."""
    assert ruby_markup(ENGINE, "<避難>") == "&lt;<ruby>避難<rt>ひなん</rt></ruby>&gt;"
