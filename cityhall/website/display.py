"""Display options (文字サイズ・配色): text size and high contrast, kept in a cookie.

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
DEFAULT_OPTIONS = ("normal", "normal")


def display_options_from_cookie(value: str | None) -> tuple[str, str]:
    """Parse the cookie (``"<size>.<contrast>"``); anything unknown means default."""
    if not value:
        return DEFAULT_OPTIONS
    size, _sep, contrast = value.partition(".")
    if size not in TEXT_SIZES or contrast not in CONTRASTS:
        return DEFAULT_OPTIONS
    return size, contrast


def display_cookie_value(*, size: str, contrast: str) -> str:
    """The cookie value for valid options (callers validate first)."""
    return f"{size}.{contrast}"


def display_html_classes(size: str, contrast: str) -> str:
    """CSS classes for ``<html>``: ``text-large``, ``contrast-high``, …"""
    return f"text-{size} contrast-{contrast}"
