"""Staff console (Wagtail admin) for publishing notices: the "Publish emergency
now" action, buttons to draft an update or a cancellation of a published
notice, and the read-aloud script in the console.

Registered from ``NoticesConfig.ready`` (importing this module registers the
hooks), so the app's ``wagtail_hooks`` stays free for the delivery views.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.widgets import Button

from cityhall.common.errors import ApplicationError
from cityhall.core.models import Municipality
from cityhall.notices.machine_translation.backends import machine_translator
from cityhall.notices.machine_translation.services import (
    notice_machine_translation_draft,
    notice_machine_translation_review,
)
from cityhall.notices.publishing.permissions import can_emergency_publish
from cityhall.notices.publishing.services import (
    notice_emergency_publish,
    notice_follow_up_create,
)
from cityhall.notices.read_aloud import read_aloud_script
from cityhall.website.models import MachineTranslation, NewsPage, NoticeMessageType

EMERGENCY_ACTION = "action-emergency-publish"


class EmergencyPublishMenuItem(ActionMenuItem):
    """Saves the notice and publishes it at once, skipping approval."""

    label = gettext_lazy("Publish emergency now")
    name = EMERGENCY_ACTION
    icon_name = "warning"
    order = 15

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] == "edit":
            if not isinstance(page, NewsPage) or context.get("locked_for_user"):
                return False
        elif context["view"] == "create":
            if not issubclass(context.get("page_class") or object, NewsPage):
                parent = context.get("parent_page")
                if parent is None or parent.specific_class.__name__ != "NewsIndexPage":
                    return False
        else:
            return False
        return can_emergency_publish(context["request"].user)


@hooks.register("register_page_action_menu_item")
def emergency_publish_menu_item():
    return EmergencyPublishMenuItem()


def _emergency_publish_after_save(request, page):
    if not request.POST.get(EMERGENCY_ACTION) or not isinstance(
        page.specific, NewsPage
    ):
        return None
    try:
        published = notice_emergency_publish(page_id=page.pk, user=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.success(
        request,
        _("“%(title)s” was published as an emergency notice.")
        % {"title": published.title},
    )
    return redirect("wagtailadmin_explore", published.get_parent().pk)


hooks.register("after_edit_page", _emergency_publish_after_save)
hooks.register("after_create_page", _emergency_publish_after_save)


@hooks.register("register_page_header_buttons")
def notice_header_buttons(page, user, view_name, next_url=None):
    yield from _notice_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def notice_listing_buttons(page, user, next_url=None):
    yield from _notice_buttons(page, user)


def _notice_buttons(page, user):
    if page.specific_class is not NewsPage or not page.live:
        return
    specific = page.specific_deferred
    if specific.message_type != NoticeMessageType.CANCEL:
        yield Button(
            _("Draft an update"),
            reverse("notices_follow_up", args=[page.pk, NoticeMessageType.UPDATE]),
            icon_name="edit",
            priority=80,
        )
        yield Button(
            _("Draft a cancellation"),
            reverse("notices_follow_up", args=[page.pk, NoticeMessageType.CANCEL]),
            icon_name="cross",
            priority=81,
        )
    if specific.locale.language_code == settings.LANGUAGE_CODE and machine_translator():
        yield Button(
            _("Machine-translate"),
            reverse("notices_machine_translate", args=[page.pk]),
            icon_name="globe",
            priority=83,
        )
    if MachineTranslation.objects.filter(
        page_id=page.pk, reviewed_at__isnull=True
    ).exists():
        yield Button(
            _("Mark the machine translation reviewed"),
            reverse("notices_machine_translation_review", args=[page.pk]),
            icon_name="check",
            priority=84,
        )
    yield Button(
        _("Read-aloud script"),
        reverse("notices_console_read_aloud", args=[page.pk]),
        icon_name="doc-full",
        priority=82,
    )


@require_http_methods(["GET", "POST"])
def follow_up_view(request, page_id: int, message_type: str):
    """Confirm, then draft an update or cancellation and open it in the editor."""
    original = get_object_or_404(NewsPage, pk=page_id)
    if message_type not in (NoticeMessageType.UPDATE, NoticeMessageType.CANCEL):
        raise PermissionDenied
    if request.method == "POST":
        try:
            draft = notice_follow_up_create(
                original_id=original.pk, message_type=message_type, user=request.user
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("A draft was created; finish and publish it."))
            return redirect("wagtailadmin_pages:edit", draft.pk)
    return TemplateResponse(
        request,
        "notices/console/follow_up.html",
        {
            "original": original,
            "message_type": message_type,
            "is_cancel": message_type == NoticeMessageType.CANCEL,
            "header_title": original.title,
        },
    )


def console_read_aloud_view(request, page_id: int):
    """The read-aloud script of a notice (also of a draft's last published
    state) in the staff console."""
    page = get_object_or_404(NewsPage.objects.select_related("locale"), pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    municipality = Municipality.objects.first()
    name = municipality.display_name(page.locale.language_code) if municipality else ""
    return TemplateResponse(
        request,
        "notices/console/read_aloud.html",
        {
            "page": page,
            "script": read_aloud_script(page, municipality_name=name),
            "header_title": page.title,
        },
    )


class MachineTranslateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    publish = forms.BooleanField(
        label=gettext_lazy("Publish the translation at once (emergencies)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name)
            for code, name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        ]


@require_http_methods(["GET", "POST"])
def machine_translate_view(request, page_id: int):
    """Choose a language and draft that version of the notice by machine."""
    page = get_object_or_404(NewsPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = MachineTranslateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = notice_machine_translation_draft(
                page_id=page.pk,
                language_code=form.cleaned_data["language"],
                user=request.user,
                publish=form.cleaned_data["publish"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("A machine translation was drafted; review it before relying on it."),
            )
            return redirect("wagtailadmin_pages:edit", target.pk)
    return TemplateResponse(
        request,
        "notices/console/machine_translate.html",
        {"page": page, "form": form, "header_title": page.title},
    )


@require_http_methods(["GET", "POST"])
def machine_translation_review_view(request, page_id: int):
    """Confirm, then mark a machine-translated version as checked by a person."""
    page = get_object_or_404(NewsPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        notice_machine_translation_review(page_id=page.pk, user=request.user)
        messages.success(request, _("The translation is marked as reviewed."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "notices/console/machine_translation_review.html",
        {"page": page, "header_title": page.title},
    )


@hooks.register("register_admin_urls")
def notice_admin_urls():
    return [
        path(
            "notices/<int:page_id>/follow-up/<str:message_type>/",
            follow_up_view,
            name="notices_follow_up",
        ),
        path(
            "notices/<int:page_id>/machine-translate/",
            machine_translate_view,
            name="notices_machine_translate",
        ),
        path(
            "notices/<int:page_id>/machine-translation-reviewed/",
            machine_translation_review_view,
            name="notices_machine_translation_review",
        ),
        path(
            "notices/<int:page_id>/read-aloud/",
            console_read_aloud_view,
            name="notices_console_read_aloud",
        ),
    ]
