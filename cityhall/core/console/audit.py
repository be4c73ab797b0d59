"""Console screens for the audit trail (監査証跡): read-only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityhall.core.console.policies import PersonalDataGuardMixin
from cityhall.core.models import AuditRecord


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
