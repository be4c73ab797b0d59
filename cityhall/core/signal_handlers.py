"""Audit receivers for permission changes made outside our services.

Extension point (documented exception to "no domain signals"): Wagtail's own
user and group editors, ``createsuperuser`` and the shell change group
memberships, permissions and staff flags without calling a Cityhall service.
These receivers catch every such change at the model layer so the audit trail
is complete however it was made. The acting user comes from the request's audit
context (set by the staff middleware); outside a request it is recorded as the
system. Connected in ``CoreConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, pre_save

from cityhall.core.models import User
from cityhall.core.services.audit import audit_log

_WATCHED_FLAGS = ("is_staff", "is_superuser", "is_active")


def _labels(model: Any, pks: set[Any]) -> list[str]:
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is User:
        return sorted(User.objects.filter(pk__in=pks).values_list("email", flat=True))
    # Permission
    return sorted(
        f"{app}.{codename}"
        for app, codename in model.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
    )


def _m2m_audit(
    *,
    relation: str,
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action == "pre_clear":
        # post_clear does not say what was removed; remember it now.
        manager = getattr(instance, _accessor(sender, instance, reverse))
        instance._cityhall_cleared = set(manager.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cityhall_cleared", set())
        change = "remove"
    elif action in ("post_add", "post_remove"):
        change = "add" if action == "post_add" else "remove"
    else:
        return
    if not pk_set:
        return
    audit_log(
        action=f"{relation}.{change}",
        target=instance,
        data={"reverse": reverse, "items": _labels(model, set(pk_set))},
    )


def _accessor(sender: Any, instance: Any, reverse: bool) -> str:
    for field in type(instance)._meta.get_fields():
        through = getattr(getattr(field, "remote_field", None), "through", None)
        if field.many_to_many and (
            getattr(field, "through", None) is sender or through is sender
        ):
            return field.get_accessor_name() if reverse else field.name
    raise LookupError(sender)


def user_groups_changed(sender: Any, **kwargs: Any) -> None:
    """Audit group membership changes (either side of User.groups)."""
    _m2m_audit(relation="user.groups", sender=sender, **kwargs)


def user_permissions_changed(sender: Any, **kwargs: Any) -> None:
    """Audit permissions given to or taken from one user directly."""
    _m2m_audit(relation="user.permissions", sender=sender, **kwargs)


def group_permissions_changed(sender: Any, **kwargs: Any) -> None:
    """Audit permissions given to or taken from a group."""
    _m2m_audit(relation="group.permissions", sender=sender, **kwargs)


def user_flags_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    """Audit changes of is_staff / is_superuser / is_active on an existing user."""
    update_fields = kwargs.get("update_fields")
    if instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(_WATCHED_FLAGS):
        return  # e.g. last_login on every sign-in: no extra query
    before = User.objects.filter(pk=instance.pk).values(*_WATCHED_FLAGS).first() or {}
    changed = {
        flag: {"from": before.get(flag), "to": getattr(instance, flag)}
        for flag in _WATCHED_FLAGS
        if flag in before and before[flag] != getattr(instance, flag)
    }
    if changed:
        audit_log(action="user.flags_change", target=instance, data=changed)


def connect() -> None:
    """Connect the receivers (idempotent thanks to dispatch_uid)."""
    m2m_changed.connect(
        user_groups_changed,
        sender=User.groups.through,
        dispatch_uid="cityhall.core.audit.user_groups",
    )
    m2m_changed.connect(
        user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="cityhall.core.audit.user_permissions",
    )
    m2m_changed.connect(
        group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="cityhall.core.audit.group_permissions",
    )
    pre_save.connect(
        user_flags_changed, sender=User, dispatch_uid="cityhall.core.audit.user_flags"
    )
