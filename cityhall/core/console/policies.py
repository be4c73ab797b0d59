"""Who may use which console screen.

Access follows role assignments valid today (:mod:`cityhall.core.permissions`),
not Django model permissions, so a transfer takes effect on its date. The IT
policy division (system administrators) manages the municipality profile,
districts, departments and role assignments; residents' profiles and the audit
trail are read-only and limited to system administrators, the CISO and security
staff.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cityhall.core.console.forbidden import console_forbidden
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
from cityhall.core.selectors.roles import role_holder_ids

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
        return User.objects.filter(is_active=True, pk__in=role_holder_ids(self.roles))


_MANAGE = ("add", "change", "view")


def console_permission_policies() -> dict[type, RolePermissionPolicy]:
    """The permission policy of each core model shown in the console."""
    policies: dict[type, RolePermissionPolicy] = {
        Municipality: RolePermissionPolicy(
            Municipality,
            test=can_manage_organisation,
            roles=ORGANISATION_ROLES,
            actions=_MANAGE,
        ),
        District: RolePermissionPolicy(
            District,
            test=can_manage_organisation,
            roles=ORGANISATION_ROLES,
            actions=(*_MANAGE, "delete"),
        ),
        Department: RolePermissionPolicy(
            Department,
            test=can_manage_organisation,
            roles=ORGANISATION_ROLES,
            actions=_MANAGE,
        ),
        RoleAssignment: RolePermissionPolicy(
            RoleAssignment,
            test=can_manage_roles,
            roles=ORGANISATION_ROLES,
            actions=_MANAGE,
        ),
    }
    for model in (ResidentProfile, AuditRecord):
        policies[model] = RolePermissionPolicy(
            model,
            test=can_view_personal_data,
            roles=PERSONAL_DATA_ROLES,
            actions=("view",),
        )
    return policies


def register_console_permission_policies() -> None:
    """Make Wagtail use :func:`console_permission_policies` for their models."""
    for model, policy in console_permission_policies().items():
        register_permission_policy(model, policy)


class PersonalDataGuardMixin:
    """Only system administrators, the CISO and security staff get in."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_view_personal_data(request.user):
            return console_forbidden(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
