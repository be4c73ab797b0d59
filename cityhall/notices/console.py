"""Staff console: the delivery of each notice per channel, with counts per
status and a progress bar that follows the send without reloading.

The page works without JavaScript (a "Refresh" link reloads it);
``notices/delivery_progress.js`` (no inline script: the CSP forbids it) polls
the small JSON endpoint and updates the counts and bars in place.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from cityhall.notices.models import Delivery, NoticeDispatch
from cityhall.notices.selectors import dispatch_progress

app_name = "notices_delivery_console"

STATUS_LABELS = dict(Delivery.Status.choices)


def _page_for(request: HttpRequest, page_id: int) -> Page:
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return page


@require_GET
def delivery_index(request: HttpRequest) -> HttpResponse:
    """The newest 50 notice deliveries."""
    dispatches = NoticeDispatch.objects.select_related("page").order_by("-created_at")[
        :50
    ]
    return TemplateResponse(
        request, "notices/console/delivery_index.html", {"dispatches": dispatches}
    )


@never_cache
@require_GET
def delivery_detail(request: HttpRequest, page_id: int) -> HttpResponse:
    """Counts per channel and status of one notice's delivery."""
    page = _page_for(request, page_id)
    progress = dispatch_progress(page_id=page.pk)
    channels = []
    for channel in (progress or {}).get("channels", []):
        channels.append(
            {
                **channel,
                "rows": [
                    (status, STATUS_LABELS[status], number)
                    for status, number in channel["counts"].items()
                ],
            }
        )
    return TemplateResponse(
        request,
        "notices/console/delivery_detail.html",
        {
            "page": page,
            "progress": progress,
            "channels": channels,
            "progress_url": reverse(f"{app_name}:progress", args=[page.pk]),
        },
    )


@never_cache
@require_GET
def delivery_progress_json(request: HttpRequest, page_id: int) -> JsonResponse:
    """The same counts as JSON, for the polling script."""
    page = _page_for(request, page_id)
    return JsonResponse(dispatch_progress(page_id=page.pk) or {"channels": []})


urlpatterns = [
    path("", delivery_index, name="index"),
    path("<int:page_id>/", delivery_detail, name="detail"),
    path("<int:page_id>/progress.json", delivery_progress_json, name="progress"),
]


def delivery_admin_urls() -> list:
    return [
        path("notice-deliveries/", include((urlpatterns, app_name), namespace=app_name))
    ]


def delivery_menu_item() -> MenuItem:
    return MenuItem(
        _("Notice deliveries"),
        reverse(f"{app_name}:index"),
        icon_name="mail",
        order=310,
    )
