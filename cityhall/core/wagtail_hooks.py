"""Staff console (Wagtail admin) registrations of the core app.

The screens themselves live in :mod:`cityhall.core.console`, one module per
concept; this module only registers them with Wagtail.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from cityhall.core.console import second_factor, sign_in_failures
from cityhall.core.console.audit import AuditRecordViewSet
from cityhall.core.console.departments import DepartmentViewSet
from cityhall.core.console.municipality import DistrictViewSet, MunicipalityViewSet
from cityhall.core.console.policies import (
    RolePermissionPolicy,
    register_console_permission_policies,
)
from cityhall.core.console.reading_dictionary import (
    ReadingEntryViewSet,
    register_reading_dictionary_policy,
)
from cityhall.core.console.residents import ResidentProfileViewSet
from cityhall.core.console.roles import RoleAssignmentViewSet

# Re-exported: tests and other modules import the policy from here.
__all__ = ["RolePermissionPolicy"]

register_console_permission_policies()
register_reading_dictionary_policy()


class CityhallAdministrationGroup(ViewSetGroup):
    menu_label = _("City administration")
    menu_icon = "cogs"
    menu_order = 800
    items = (
        MunicipalityViewSet("municipality"),
        DistrictViewSet("districts"),
        DepartmentViewSet("departments"),
        ReadingEntryViewSet("reading_dictionary"),
        RoleAssignmentViewSet("role_assignments"),
        ResidentProfileViewSet("resident_profiles"),
        AuditRecordViewSet("audit_trail"),
    )


@hooks.register("register_admin_viewset")
def register_cityhall_administration() -> ViewSetGroup:
    return CityhallAdministrationGroup()


@hooks.register("register_admin_urls")
def register_second_factor_urls() -> list:
    return second_factor.second_factor_admin_urls()


@hooks.register("register_admin_menu_item")
def register_second_factor_menu_item() -> MenuItem:
    return second_factor.second_factor_menu_item()


@hooks.register("register_admin_urls")
def register_sign_in_failure_urls() -> list:
    return sign_in_failures.sign_in_failures_admin_urls()


@hooks.register("register_admin_menu_item")
def register_sign_in_failure_menu_item() -> MenuItem:
    return sign_in_failures.sign_in_failures_menu_item()
