"""Adding ruby readings (<ruby>漢字<rt>かんじ</rt></ruby>) to a rendered HTML page.

The page's markup is kept byte for byte; only text between tags inside
``<body>`` changes, and only where the text's language (the nearest ``lang``
attribute, else the page's) is Japanese. Text is left alone inside elements
whose content cannot hold ruby or must not be changed: script, style, textarea,
title, option, ruby itself, code, kbd, samp, svg, math, template, and any
element marked ``data-furigana="off"``. Attributes (alt, title, aria-label)
are not changed.
"""

from __future__ import annotations

import html
import re

from cityhall.common.furigana.engine import FuriganaEngine, needs_reading, ruby_parts

_ATTRIBUTE = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)"""
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<![^>]*>"
    r"|<\?[^>]*>"
    rf"|</?([a-zA-Z][a-zA-Z0-9-]*){_ATTRIBUTE}*\s*/?>",
    re.DOTALL,
)
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_FURIGANA_OFF = re.compile(r"""\sdata-furigana\s*=\s*["']?off""", re.I)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
_NO_RUBY = frozenset(
    {
        "head",
        "option",
        "optgroup",
        "select",
        "ruby",
        "rt",
        "rp",
        "code",
        "kbd",
        "samp",
        "svg",
        "math",
        "template",
        "noscript",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


def _is_japanese(lang: str) -> bool:
    return lang.lower().split("-")[0] == "ja"


def ruby_markup(engine: FuriganaEngine, text: str) -> str:
    """``text`` (plain, not HTML) as escaped HTML with ruby for its kanji."""
    out = []
    for segment in engine.segments(text):
        for part, reading in ruby_parts(segment):
            if reading:
                out.append(
                    f"<ruby>{html.escape(part, quote=False)}"
                    f"<rt>{html.escape(reading, quote=False)}</rt></ruby>"
                )
            else:
                out.append(html.escape(part, quote=False))
    return "".join(out)


def add_ruby(document: str, engine: FuriganaEngine, *, page_language: str) -> str:
    """Return ``document`` with ruby readings on its Japanese body text."""
    out: list[str] = []
    # Each open element: (name, language, readings allowed inside).
    stack: list[tuple[str, str, bool]] = [("#document", page_language, False)]
    position = 0
    in_body = False
    while position < len(document):
        match = _TOKEN.search(document, position)
        end = match.start() if match else len(document)
        if end > position:
            text = document[position:end]
            _name, language, allowed = stack[-1]
            if in_body and allowed and _is_japanese(language):
                plain = html.unescape(text)
                out.append(ruby_markup(engine, plain) if needs_reading(plain) else text)
            else:
                out.append(text)
        if match is None:
            break
        token = match.group(0)
        out.append(token)
        position = match.end()
        name = (match.group(1) or "").lower()
        if not name:
            continue  # comment, doctype, processing instruction
        if token.startswith("</"):
            for index in range(len(stack) - 1, 0, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    break
            continue
        if name == "body":
            in_body = True
        if name in _RAW_TEXT:
            closing = re.compile(rf"</{name}\s*>", re.I).search(document, position)
            stop = closing.start() if closing else len(document)
            out.append(document[position:stop])
            position = stop
            continue
        if name in _VOID or token.endswith("/>"):
            continue
        _parent, language, allowed = stack[-1]
        lang_match = _LANG.search(token)
        if lang_match:
            language = next(g for g in lang_match.groups() if g is not None)
        if name == "html":
            allowed = True
        if name in _NO_RUBY or _FURIGANA_OFF.search(token):
            allowed = False
        elif name == "body":
            allowed = True
        stack.append((name, language, allowed))
    return "".join(out)
