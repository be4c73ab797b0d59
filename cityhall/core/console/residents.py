"""Console screens for residents' profiles: read-only, every read audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityhall.core.console.policies import PersonalDataGuardMixin
from cityhall.core.models import ResidentProfile
from cityhall.core.services.audit import audit_log


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
