"""Finding the page for a public address in one query.

Wagtail's own routing (``Page.route_for_request``) looks up the Site, the active
Locale, the home page's specific row, and then, for each segment of the address,
the child page and its specific row: seven queries for ``/kurashi/gomi/``, before
the page has rendered anything. Signed-in residents and every address the page
cache cannot answer pay that on each request.

:class:`PageRouteMiddleware` works that out before Wagtail's ``serve`` view runs
and leaves the result where Wagtail looks for it (``request._wagtail_site``,
``request._wagtail_route_for_request`` and the site root paths that ``pageurl``
uses), so Wagtail's view, hooks and ``Page.find_for_request`` all use it:

* the Site, the home page of the active language, the pages above it and the
  site root paths are remembered per content generation (:func:`generation_memo`;
  publishing, a Site or a Locale change starts a new generation);
* every page on the way to the address comes in one query by ``url_path`` (which
  Wagtail keeps equal to the parent's ``url_path`` plus the slug); the page's
  own specific row is remembered per content generation too (each request gets
  a copy).

Anything unusual falls back to Wagtail's own routing from the last page found:
a page type with its own ``route`` (e.g. a routable page), an address segment
that is not there (Wagtail answers 404 its own way), a missing page type.

The served page carries what routing learnt about its ancestors, so that the
view-restriction check and the breadcrumbs need no query of their own
(:func:`route_ancestors`, :func:`route_restriction_page_ids`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.url_routing import RouteResult

from cityhall.website.page_cache import generation_memo
from cityhall.website.selectors import locale_code

ANCESTORS_ATTRIBUTE = "_cityhall_route_ancestors"
RESTRICTION_IDS_ATTRIBUTE = "_cityhall_route_restriction_page_ids"


@dataclass(frozen=True)
class SiteRoot:
    """What routing needs about one site in one language (read-only, shared)."""

    site: Site
    #: The site's home page in the language (a translation, else the original).
    root: Page
    #: Ids whose view restrictions apply to the home page and everything below it:
    #: the home page and the pages above it (an alias counts as its source).
    restriction_page_ids: frozenset[int]
    site_root_paths: list[Any]


def _restriction_id(page: Page) -> int:
    # Wagtail checks an alias's source page, never the alias itself.
    return page.alias_of_id or page.pk


def _localized_root(root: Page, language: str) -> Page:
    """What Wagtail's ``site.root_page.localized`` returns, in one query or none."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return root
    try:
        code = get_supported_content_language_variant(language)
    except LookupError:
        return root
    if locale_code(root.locale_id) == code:
        return root
    translated = (
        Page.objects.filter(
            translation_key=root.translation_key,
            locale__language_code=code,
            live=True,
        )
        .exclude(pk=root.pk)
        .first()
    )
    return translated or root


def _site_root_build(hostname: str, port: int, language: str) -> SiteRoot | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    root = _localized_root(site.root_page, language)
    above = Page.objects.filter(
        path__in=[
            root.path[:end] for end in range(Page.steplen, len(root.path), Page.steplen)
        ]
    ).values_list("pk", "alias_of_id")
    ids = {_restriction_id(root)} | {alias_of or pk for pk, alias_of in above}
    return SiteRoot(
        site=site,
        root=root,
        restriction_page_ids=frozenset(ids),
        site_root_paths=Site.get_site_root_paths(),
    )


def site_root_for_request(request: HttpRequest) -> SiteRoot | None:
    """The Site serving ``request`` and its home page in the active language."""
    # Wagtail matches the raw host (no ALLOWED_HOSTS check there) and the port.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return generation_memo(
        f"website:site-root:{hostname}:{port}:{language}",
        lambda: _site_root_build(hostname, port, language),
    )


def _has_default_route(page: Page) -> bool:
    model = page.specific_class
    return model is not None and model.route is Page.route


def _serve(page: Page, ancestors: list[Page], restriction_ids: set[int]) -> RouteResult:
    """The page itself, specific, with its ancestry attached."""
    if not page.live:
        raise Http404
    model = page.specific_class
    # The page's own row only changes when it is published (a new content
    # generation); each request gets its own copy of the remembered instance.
    remembered = generation_memo(
        f"website:page:{page.pk}", lambda: model._default_manager.get(pk=page.pk)
    )
    specific = copy.copy(remembered)
    parent = getattr(page, "_cached_parent_obj", None)
    if parent is not None:
        specific._cached_parent_obj = parent
    setattr(specific, ANCESTORS_ATTRIBUTE, ancestors)
    setattr(specific, RESTRICTION_IDS_ATTRIBUTE, frozenset(restriction_ids))
    return RouteResult(specific)


def route(
    request: HttpRequest, site_root: SiteRoot, components: list[str]
) -> RouteResult:
    """Find the page for ``components`` below ``site_root`` (raises Http404)."""
    root = copy.copy(site_root.root)
    if not _has_default_route(root):
        return root.specific.route(request, components)
    restriction_ids = set(site_root.restriction_page_ids)
    ancestors: list[Page] = []
    page = root
    if components:
        prefixes = [
            root.url_path + "/".join(components[: index + 1]) + "/"
            for index in range(len(components))
        ]
        found = {
            p.url_path: p
            for p in Page.objects.filter(
                url_path__in=prefixes, path__startswith=root.path
            )
        }
        for index, prefix in enumerate(prefixes):
            child = found.get(prefix)
            if (
                child is None
                or child.depth != page.depth + 1
                or not child.path.startswith(page.path)
            ):
                # Not where url_path says: Wagtail's own lookup from here decides.
                return page.specific.route(request, components[index:])
            child._cached_parent_obj = page
            ancestors.append(page)
            restriction_ids.add(_restriction_id(page))
            page = child
            if not _has_default_route(page):
                return page.specific.route(request, components[index + 1 :])
    restriction_ids.add(_restriction_id(page))
    return _serve(page, ancestors, restriction_ids)


def route_ancestors(page: Page) -> list[Page] | None:
    """The ancestors routing found for ``page`` (site home page first), or None
    when the page was not routed here."""
    return getattr(page, ANCESTORS_ATTRIBUTE, None)


def route_restriction_page_ids(page: Page) -> frozenset[int] | None:
    """Ids of the pages whose view restrictions apply to ``page`` (itself and
    every ancestor, aliases resolved), or None when it was not routed here."""
    return getattr(page, RESTRICTION_IDS_ATTRIBUTE, None)


class PageRouteMiddleware:
    """Route Wagtail page requests before Wagtail's ``serve`` view runs.

    ``process_view`` runs after every middleware's request phase, so the active
    language (LocaleMiddleware) is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if view_func is not wagtail_views.serve:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        site_root = site_root_for_request(request)
        if site_root is None:
            return None  # Wagtail answers 404 its own way
        request._wagtail_site = copy.copy(site_root.site)
        request._wagtail_cached_site_root_paths = site_root.site_root_paths
        components = [component for component in path.split("/") if component]
        try:
            request._wagtail_route_for_request = route(request, site_root, components)
        except Http404:
            request._wagtail_route_for_request = None
        return None
