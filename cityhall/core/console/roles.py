"""Console screens for role assignments (役割の割当).

Assignments are created and ended through :mod:`cityhall.core.services.roles`
(audited, groups synchronised); they are never deleted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityhall.core.console.service_forms import ServiceErrorsAsFormErrorsMixin
from cityhall.core.models import RoleAssignment, User
from cityhall.core.services.roles import role_assignment_create, role_assignment_end


class RoleAssignmentCreateForm(WagtailAdminModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "department", "valid_from", "valid_until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Staff accounts only: residents (who have a profile) are never listed.
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, resident_profile__isnull=True
        ).order_by("email")


class RoleAssignmentEndForm(WagtailAdminModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["valid_until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].required = True
        self.fields["valid_until"].help_text = _(
            "The last day the role is held. Assignments are ended, never deleted, "
            "so the record of who held which role stays."
        )


class RoleAssignmentIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[RoleAssignment]:
        # Each row shows its user and department (with the 部 of a 課).
        return (
            super()
            .get_base_queryset()
            .select_related("user", "department", "department__parent")
        )


class RoleAssignmentCreateView(ServiceErrorsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self) -> RoleAssignment:
        data = self.form.cleaned_data
        return role_assignment_create(
            user=data["user"],
            role=data["role"],
            department=data["department"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            assigned_by=self.request.user,
        )


class RoleAssignmentEndView(ServiceErrorsAsFormErrorsMixin, generic.EditView):
    def save_instance(self) -> RoleAssignment:
        return role_assignment_end(
            assignment=self.object,
            valid_until=self.form.cleaned_data["valid_until"],
            ended_by=self.request.user,
        )


class RoleAssignmentViewSet(ModelViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Role assignments")
    copy_view_enabled = False
    index_view_class = RoleAssignmentIndexView
    add_view_class = RoleAssignmentCreateView
    edit_view_class = RoleAssignmentEndView
    list_display = ["user", "role", "department", "valid_from", "valid_until"]
    list_filter = ["role"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return RoleAssignmentEndForm if for_update else RoleAssignmentCreateForm
