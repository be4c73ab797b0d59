"""Allow-list HTML sanitiser for page bodies handed to API clients (nh3).

The body HTML comes from our own templates and editors' rich text, but clients
(apps, other municipalities' portals) embed it in their pages, so only plain
structural markup leaves the API: no scripts, styles, event handlers, inline
styles or ``javascript:`` links. Relative links are made absolute.
"""

from __future__ import annotations

from collections.abc import Callable

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "section", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
#: Elements removed with everything inside them (others are unwrapped).
DROPPED_TAGS = {
    "script", "style", "iframe", "object", "embed", "template", "noscript", "form"
}  # fmt: skip
_GLOBAL = {"lang", "dir"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_URL_ATTRIBUTES = {"href", "src"}


def sanitize_html(html: str, *, absolute_url: Callable[[str], str]) -> str:
    """Return ``html`` with only allowed elements and attributes.

    Disallowed elements are unwrapped (their text stays) except for
    ``DROPPED_TAGS``, which go with their content; links with other schemes than
    ``SAFE_SCHEMES`` lose their address. ``absolute_url`` turns a relative link
    into an absolute one (``request.build_absolute_uri``).
    """

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES or ":" in value.split("/", 1)[0]:
            return value
        if value.startswith("//"):
            return "https:" + value
        return absolute_url(value) if value else None

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        attribute_filter=absolute,
        link_rel=None,
        strip_comments=True,
    ).strip()
