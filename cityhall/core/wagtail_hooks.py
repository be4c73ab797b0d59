"""Staff console (Wagtail admin) for the core app.

The IT policy division (system administrators) manages the municipality
profile, districts, departments and role assignments; residents' profiles and
the audit trail are read-only and limited to system administrators, the CISO
and security staff. Access follows role assignments valid today
(:mod:`cityhall.core.permissions`), not Django model permissions, so a transfer
takes effect on its date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cityhall.common.errors import ApplicationError
from cityhall.core.admin_views import console_forbidden, second_factor
from cityhall.core.models import (
    AuditRecord,
    Department,
    District,
    Municipality,
    ResidentProfile,
    Role,
    RoleAssignment,
    User,
)
from cityhall.core.permissions import (
    PERSONAL_DATA_ROLES,
    can_manage_organisation,
    can_manage_roles,
    can_view_personal_data,
)
from cityhall.core.services.audit import audit_log
from cityhall.core.services.roles import role_assignment_create, role_assignment_end

ORGANISATION_ROLES = frozenset({Role.SYSTEM_ADMIN})


class RolePermissionPolicy(BasePermissionPolicy):
    """Grants ``actions`` on a model to holders of ``roles`` valid today."""

    def __init__(
        self,
        model: Any,
        *,
        test: Callable[[Any], bool],
        roles: Iterable[str],
        actions: Iterable[str],
    ) -> None:
        super().__init__(model)
        self.test = test
        self.roles = frozenset(roles)
        self.actions = frozenset(actions)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in self.actions and self.test(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return bool(self.actions & set(actions)) and self.test(user)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[User]:
        if not self.actions & set(actions):
            return User.objects.none()
        today = timezone.localdate()
        holders = RoleAssignment.objects.filter(
            role__in=self.roles, valid_from__lte=today
        ).exclude(valid_until__lt=today)
        return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


_MANAGE = ("add", "change", "view")
register_permission_policy(
    Municipality,
    RolePermissionPolicy(
        Municipality,
        test=can_manage_organisation,
        roles=ORGANISATION_ROLES,
        actions=_MANAGE,
    ),
)
register_permission_policy(
    District,
    RolePermissionPolicy(
        District,
        test=can_manage_organisation,
        roles=ORGANISATION_ROLES,
        actions=(*_MANAGE, "delete"),
    ),
)
register_permission_policy(
    Department,
    RolePermissionPolicy(
        Department,
        test=can_manage_organisation,
        roles=ORGANISATION_ROLES,
        actions=_MANAGE,
    ),
)
register_permission_policy(
    RoleAssignment,
    RolePermissionPolicy(
        RoleAssignment,
        test=can_manage_roles,
        roles=ORGANISATION_ROLES,
        actions=_MANAGE,
    ),
)
for _model in (ResidentProfile, AuditRecord):
    register_permission_policy(
        _model,
        RolePermissionPolicy(
            _model,
            test=can_view_personal_data,
            roles=PERSONAL_DATA_ROLES,
            actions=("view",),
        ),
    )


class PersonalDataGuardMixin:
    """Only system administrators, the CISO and security staff get in."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_view_personal_data(request.user):
            return console_forbidden(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


# --- Municipality, districts, departments ----------------------------------------


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Municipality profile")
    copy_view_enabled = False
    list_display = ["name", "local_government_code", "prefecture"]
    form_fields = [
        "name",
        "name_translations",
        "local_government_code",
        "name_kana",
        "prefecture",
        "postal_code",
        "address",
        "phone",
        "email",
        "website_url",
        "logo",
        "opening_hours",
        "opening_hours_translations",
        "enabled_languages",
        "population",
    ]


class DistrictViewSet(ModelViewSet):
    model = District
    icon = "table"
    menu_label = _("Districts")
    copy_view_enabled = False
    list_display = ["name", "code", "sort_order"]
    form_fields = [
        "municipality",
        "code",
        "name",
        "name_translations",
        "name_kana",
        "sort_order",
    ]


def _department_tree_label(department: Department) -> str:
    # A 課 is shown under its 部: "部 › 課".
    if department.parent_id:
        return f"{department.parent.display_name()} › {department.display_name()}"
    return department.display_name()


class DepartmentIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Department]:
        # Each 部 followed by its 課, in the organisation's own order.
        return (
            super()
            .get_base_queryset()
            .select_related("parent")
            .annotate(
                root_order=Coalesce(F("parent__sort_order"), F("sort_order")),
                root_id=Coalesce(F("parent_id"), F("id")),
            )
            .order_by(
                "root_order",
                "root_id",
                F("parent_id").asc(nulls_first=True),
                "sort_order",
                "code",
            )
        )


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    copy_view_enabled = False
    index_view_class = DepartmentIndexView
    list_display = [
        Column("name", label=_("Department"), accessor=_department_tree_label),
        "code",
        "phone",
        "is_active",
    ]
    form_fields = [
        "municipality",
        "parent",
        "code",
        "name",
        "name_translations",
        "name_kana",
        "phone",
        "fax",
        "email",
        "location",
        "location_translations",
        "sort_order",
        "is_active",
    ]


# --- Role assignments ----------------------------------------------------------------


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


class ServiceErrorsAsFormErrorsMixin:
    def form_valid(self, form: forms.Form) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ApplicationError as error:
            form.add_error(None, str(error.message))
            # Wagtail shows this in its error banner as well as on the form.
            self.produced_error_message = str(error.message)
            return self.form_invalid(form)  # type: ignore[attr-defined]


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
    add_view_class = RoleAssignmentCreateView
    edit_view_class = RoleAssignmentEndView
    list_display = ["user", "role", "department", "valid_from", "valid_until"]
    list_filter = ["role"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return RoleAssignmentEndForm if for_update else RoleAssignmentCreateForm


# --- Personal data: read-only ---------------------------------------------------------


class ResidentProfileIndexView(PersonalDataGuardMixin, generic.IndexView):
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().get(request, *args, **kwargs)
        audit_log(
            actor=request.user,
            action="resident_profile.list",
            target_type=ResidentProfile._meta.label_lower,
            data={
                "page": request.GET.get("p", "1"),
                "query": request.GET.get("q", ""),
            },
        )
        return response


class ResidentProfileInspectView(PersonalDataGuardMixin, generic.InspectView):
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().get(request, *args, **kwargs)
        audit_log(
            actor=request.user,
            action="resident_profile.view",
            target=self.object,
            data={"user": str(self.object.user.public_id)},
        )
        return response


class ResidentProfileViewSet(ModelViewSet):
    model = ResidentProfile
    icon = "user"
    menu_label = _("Resident profiles")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ResidentProfileIndexView
    inspect_view_class = ResidentProfileInspectView
    list_display = ["family_name", "given_name", "family_name_kana", "given_name_kana"]
    form_fields = ["family_name"]  # never used: the policy grants "view" only


class AuditRecordIndexView(PersonalDataGuardMixin, generic.IndexView):
    pass


class AuditRecordInspectView(PersonalDataGuardMixin, generic.InspectView):
    pass


class AuditRecordViewSet(ModelViewSet):
    model = AuditRecord
    icon = "history"
    menu_label = _("Audit trail")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AuditRecordIndexView
    inspect_view_class = AuditRecordInspectView
    list_display = [
        "sequence",
        "occurred_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
    ]
    list_filter = ["action"]
    form_fields = ["action"]  # never used: the policy grants "view" only


class CityhallAdministrationGroup(ViewSetGroup):
    menu_label = _("City administration")
    menu_icon = "cogs"
    menu_order = 800
    items = (
        MunicipalityViewSet("municipality"),
        DistrictViewSet("districts"),
        DepartmentViewSet("departments"),
        RoleAssignmentViewSet("role_assignments"),
        ResidentProfileViewSet("resident_profiles"),
        AuditRecordViewSet("audit_trail"),
    )


@hooks.register("register_admin_viewset")
def register_cityhall_administration() -> ViewSetGroup:
    return CityhallAdministrationGroup()


class _SystemAdminMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_manage_roles(request.user)


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [
        path(
            "second-factor/",
            include(
                (second_factor.urlpatterns, second_factor.app_name),
                namespace=second_factor.app_name,
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_second_factor_menu_item() -> MenuItem:
    return _SystemAdminMenuItem(
        _("Staff second factor"),
        reverse("cityhall_second_factor:index"),
        icon_name="key",
        order=810,
    )


# The failed sign-ins screen registers its own URL and menu hooks on import.
import cityhall.core.admin_views.sign_in_failures  # noqa: E402, F401
