"""Display options (文字サイズ・配色・ふりがな): text size, high contrast and ruby
readings, kept in a cookie.

The server reads the cookie and renders the chosen classes on ``<html>``, so the
options work without JavaScript and on the very first paint.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DISPLAY_COOKIE_NAME = "cityhall_display"
#: A year: residents set this once (often with a family member's help).
DISPLAY_COOKIE_MAX_AGE = 365 * 24 * 60 * 60

TEXT_SIZES = {
    "normal": _("Normal"),
    "large": _("Large"),
    "largest": _("Largest"),
}
CONTRASTS = {
    "normal": _("Standard colours"),
    "high": _("High contrast"),
}
#: Ruby readings over kanji on Japanese pages (docs/furigana.md).
FURIGANA_CHOICES = {
    "off": _("Without readings"),
    "on": _("With readings (furigana)"),
}
DEFAULT_OPTIONS = ("normal", "normal")


def _cookie_parts(value: str | None) -> list[str] | None:
    if not value:
        return None
    parts = value.split(".")
    if len(parts) not in (2, 3):
        return None
    if parts[0] not in TEXT_SIZES or parts[1] not in CONTRASTS:
        return None
    if len(parts) == 3 and parts[2] not in FURIGANA_CHOICES:
        return None
    return parts


def display_options_from_cookie(value: str | None) -> tuple[str, str]:
    """Parse the cookie (``"<size>.<contrast>[.<furigana>]"``): size and contrast;
    anything unknown means default."""
    parts = _cookie_parts(value)
    if parts is None:
        return DEFAULT_OPTIONS
    return parts[0], parts[1]


def furigana_from_cookie(value: str | None) -> bool:
    """Whether the cookie asks for ruby readings (its optional third part)."""
    parts = _cookie_parts(value)
    return parts is not None and len(parts) == 3 and parts[2] == "on"


def display_cookie_value(*, size: str, contrast: str, furigana: bool = False) -> str:
    """The cookie value for valid options (callers validate first)."""
    return f"{size}.{contrast}" + (".on" if furigana else "")


def display_html_classes(size: str, contrast: str, furigana: bool = False) -> str:
    """CSS classes for ``<html>``: ``text-large``, ``contrast-high``, …"""
    classes = f"text-{size} contrast-{contrast}"
    return classes + " furigana-on" if furigana else classes
