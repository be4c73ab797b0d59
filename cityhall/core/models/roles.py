"""Roles from the plan's organisation, assigned per department for a period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import TimeStampedModel


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator (IT policy division)")
    CIO = "cio", _("Chief information officer (CIO)")
    CISO = "ciso", _("Chief information security officer (CISO)")
    SECURITY_STAFF = "security_staff", _("Security staff")
    WEB_EDITOR = "web_editor", _("Web editor (IT helper)")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    GENERAL_STAFF = "general_staff", _("General staff")


class RoleAssignment(TimeStampedModel):
    """A user holds ``role`` in ``department`` from ``valid_from`` to ``valid_until``.

    Japanese municipalities move staff every April (人事異動); an assignment ends
    rather than being deleted so that the audit trail keeps who held what when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="role_assignment_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["role", "department"])]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.department or ''}".strip()


#: The Django/Wagtail group each role puts its holder in while the assignment is
#: valid. Page and snippet permissions are granted to these groups (website app);
#: department scoping is checked on top of them (e.g. 課長 approval).
ROLE_GROUP_NAMES: dict[str, str] = {
    Role.SYSTEM_ADMIN: "System administrators",
    Role.CIO: "CIO",
    Role.CISO: "CISO",
    Role.SECURITY_STAFF: "Security staff",
    Role.WEB_EDITOR: "Web editors",
    Role.DEPARTMENT_HEAD: "Department heads",
    Role.GENERAL_STAFF: "General staff",
}
