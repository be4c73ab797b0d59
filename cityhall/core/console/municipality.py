"""Console screens for the municipality profile and its districts (地区).

Edits go through :mod:`cityhall.core.services.organisation`, which validates and
audits them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityhall.core.console.service_forms import (
    ServiceErrorsAsFormErrorsMixin,
    form_values,
)
from cityhall.core.models import District, Municipality
from cityhall.core.services.organisation import (
    district_create,
    district_delete,
    district_update,
    municipality_create,
    municipality_update,
)


class MunicipalityCreateView(ServiceErrorsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self) -> Municipality:
        return municipality_create(
            values=form_values(self.form), created_by=self.request.user
        )


class MunicipalityEditView(ServiceErrorsAsFormErrorsMixin, generic.EditView):
    def save_instance(self) -> Municipality:
        return municipality_update(
            municipality=self.object,
            values=form_values(self.form),
            updated_by=self.request.user,
        )


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Municipality profile")
    copy_view_enabled = False
    add_view_class = MunicipalityCreateView
    edit_view_class = MunicipalityEditView
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


class DistrictCreateView(ServiceErrorsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self) -> District:
        return district_create(
            values=form_values(self.form), created_by=self.request.user
        )


class DistrictEditView(ServiceErrorsAsFormErrorsMixin, generic.EditView):
    def save_instance(self) -> District:
        return district_update(
            district=self.object,
            values=form_values(self.form),
            updated_by=self.request.user,
        )


class DistrictDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        district_delete(district=self.object, deleted_by=self.request.user)


class DistrictViewSet(ModelViewSet):
    model = District
    icon = "table"
    menu_label = _("Districts")
    copy_view_enabled = False
    add_view_class = DistrictCreateView
    edit_view_class = DistrictEditView
    delete_view_class = DistrictDeleteView
    list_display = ["name", "code", "sort_order"]
    form_fields = [
        "municipality",
        "code",
        "name",
        "name_translations",
        "name_kana",
        "sort_order",
    ]
