"""Allow-list HTML sanitiser for page bodies handed to API clients.

The body HTML comes from our own templates and editors' rich text, but clients
(apps, other municipalities' portals) embed it in their pages, so only plain
structural markup leaves the API: no scripts, styles, event handlers, inline
styles or ``javascript:`` links. Relative links are made absolute.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Tag

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "li", "ol", "p", "section", "small", "span", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
#: Elements removed with everything inside them.
DROPPED_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "form"}
)
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "abbr": frozenset({"title"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start"}),
}
GLOBAL_ATTRIBUTES = frozenset({"lang", "dir"})
URL_ATTRIBUTES = frozenset({"href", "src"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(html: str, *, absolute_url: Callable[[str], str]) -> str:
    """Return ``html`` with only allowed elements and attributes.

    Disallowed elements are unwrapped (their text stays) except for
    ``DROPPED_TAGS``, which go with their content. ``absolute_url`` turns a
    relative link into an absolute one (``request.build_absolute_uri``).
    """
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for element in soup.find_all(True):
        if not isinstance(element, Tag) or element.decomposed:
            continue
        name = element.name.lower()
        if name in DROPPED_TAGS:
            element.decompose()
            continue
        if name not in ALLOWED_TAGS:
            element.unwrap()
            continue
        allowed = ALLOWED_ATTRIBUTES.get(name, frozenset()) | GLOBAL_ATTRIBUTES
        for attribute in list(element.attrs):
            if attribute.lower() not in allowed:
                del element.attrs[attribute]
        for attribute in URL_ATTRIBUTES & set(element.attrs):
            url = _safe_url(str(element.attrs[attribute]), absolute_url)
            if url is None:
                del element.attrs[attribute]
            else:
                element.attrs[attribute] = url
    return str(soup).strip()


def _safe_url(url: str, absolute_url: Callable[[str], str]) -> str | None:
    url = url.strip()
    # Browsers ignore control characters and spaces inside a scheme
    # ("java\tscript:"), so they are removed before the scheme is checked.
    compact = "".join(ch for ch in url if ch > " ")
    scheme = urlsplit(compact).scheme.lower()
    if scheme:
        return compact if scheme in SAFE_SCHEMES else None
    if compact.startswith("//"):
        return "https:" + compact
    return absolute_url(compact) if compact else None
