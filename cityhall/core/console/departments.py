"""Console screens for departments (部) and divisions (課).

Listed as a tree (each 課 under its 部); edits go through
:mod:`cityhall.core.services.organisation`, which validates and audits them.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityhall.core.console.service_forms import (
    ServiceErrorsAsFormErrorsMixin,
    form_values,
)
from cityhall.core.models import Department
from cityhall.core.services.organisation import department_create, department_update


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


class DepartmentCreateView(ServiceErrorsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self) -> Department:
        return department_create(
            values=form_values(self.form), created_by=self.request.user
        )


class DepartmentEditView(ServiceErrorsAsFormErrorsMixin, generic.EditView):
    def save_instance(self) -> Department:
        return department_update(
            department=self.object,
            values=form_values(self.form),
            updated_by=self.request.user,
        )


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    copy_view_enabled = False
    index_view_class = DepartmentIndexView
    add_view_class = DepartmentCreateView
    edit_view_class = DepartmentEditView
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
