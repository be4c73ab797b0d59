"""The editor form of news pages: notice attributes (urgency, channels, …)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cityhall.website.notice_choices import NoticeChannel, NoticeMessageType


class NewsPageForm(WagtailAdminPageForm):
    """Channels as checkboxes; an update or cancellation must name its original."""

    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=NoticeChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The website is always used; choose the other channels."),
    )

    def clean(self):
        cleaned = super().clean()
        message_type = cleaned.get("message_type")
        original = cleaned.get("references")
        if message_type in (NoticeMessageType.UPDATE, NoticeMessageType.CANCEL):
            if original is None:
                self.add_error(
                    "references",
                    _("An update or cancellation must name the notice it refers to."),
                )
        elif original is not None:
            self.add_error(
                "references",
                _("Only an update or a cancellation refers to another notice."),
            )
        if original is not None:
            original = original.specific
            if getattr(original, "message_type", None) == NoticeMessageType.CANCEL:
                self.add_error(
                    "references", _("A cancellation cannot be updated or cancelled.")
                )
            if self.instance.pk and original.pk == self.instance.pk:
                self.add_error("references", _("A notice cannot refer to itself."))
        return cleaned
