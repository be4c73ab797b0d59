"""Console screens for the furigana reading dictionary (読み辞書).

Web editors and the IT policy division list, add, change and delete entries;
every change goes through :mod:`cityhall.core.services.reading_dictionary`,
which validates (via ``common``) and audits it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cityhall.common.models import ReadingEntry
from cityhall.core.console.policies import RolePermissionPolicy
from cityhall.core.console.service_forms import (
    ServiceErrorsAsFormErrorsMixin,
    form_values,
)
from cityhall.core.models import Role
from cityhall.core.selectors.roles import user_has_any_role
from cityhall.core.services.reading_dictionary import (
    reading_entry_delete_audited,
    reading_entry_save_audited,
)

DICTIONARY_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.WEB_EDITOR})


def can_edit_reading_dictionary(user: Any) -> bool:
    """Web editors and system administrators (roles valid today)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user_has_any_role(user, DICTIONARY_ROLES)
    )


def register_reading_dictionary_policy() -> None:
    register_permission_policy(
        ReadingEntry,
        RolePermissionPolicy(
            ReadingEntry,
            test=can_edit_reading_dictionary,
            roles=DICTIONARY_ROLES,
            actions=("add", "change", "view", "delete"),
        ),
    )


class ReadingEntryCreateView(ServiceErrorsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self) -> ReadingEntry:
        return reading_entry_save_audited(
            values=form_values(self.form), entry=None, actor=self.request.user
        )


class ReadingEntryEditView(ServiceErrorsAsFormErrorsMixin, generic.EditView):
    def save_instance(self) -> ReadingEntry:
        return reading_entry_save_audited(
            values=form_values(self.form), entry=self.object, actor=self.request.user
        )


class ReadingEntryDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        reading_entry_delete_audited(entry=self.object, actor=self.request.user)


class ReadingEntryViewSet(ModelViewSet):
    model = ReadingEntry
    icon = "openquote"
    menu_label = _("Reading dictionary (furigana)")
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = ReadingEntryCreateView
    edit_view_class = ReadingEntryEditView
    delete_view_class = ReadingEntryDeleteView
    list_display = ["surface", "reading", "source", "note"]
    list_filter = ["source"]
    search_fields = ["surface", "reading", "note"]
    form_fields = ["surface", "reading", "note"]
    list_per_page = 50
