"""Core's API router: the municipality profile and its departments.

Mounted under ``/api/v1/`` by :mod:`cityhall.api.api`. Operation ids are fixed
so that clients generated from the OpenAPI document keep working whichever
module an endpoint lives in.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from cityhall.common.api.language import request_language_active
from cityhall.common.api.params import Language
from cityhall.common.api.schemas import ERRORS, ErrorOut
from cityhall.core.models import Department, Municipality
from cityhall.core.selectors.organisation import (
    department_get_public,
    department_list_public,
    municipality_current,
)

router = Router(tags=["organisation"])


class DistrictOut(Schema):
    code: str
    name: str
    name_kana: str


class MunicipalityOut(Schema):
    name: str
    name_kana: str
    local_government_code: str = Field(
        description="全国地方公共団体コード (six digits with the check digit)."
    )
    prefecture: str
    postal_code: str
    address: str
    phone: str
    email: str
    website: str
    opening_hours: str
    enabled_languages: list[str]
    districts: list[DistrictOut]


class ContactOut(Schema):
    phone: str
    fax: str
    email: str
    location: str


class DepartmentOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    name_kana: str
    parent_id: uuid.UUID | None
    parent_code: str | None
    is_division: bool = Field(description="True for a division (課) under a 部.")
    contact: ContactOut


class DepartmentRefOut(Schema):
    """A department as other apps' answers refer to it."""

    id: uuid.UUID
    code: str
    name: str


def department_ref_out(department: Department | None) -> dict[str, Any] | None:
    """The :class:`DepartmentRefOut` of ``department`` (None stays None)."""
    if department is None:
        return None
    return {
        "id": department.public_id,
        "code": department.code,
        "name": department.display_name(),
    }


def _municipality_out(municipality: Municipality) -> dict[str, Any]:
    return {
        "name": municipality.display_name(),
        "name_kana": municipality.name_kana,
        "local_government_code": municipality.local_government_code,
        "prefecture": municipality.prefecture,
        "postal_code": municipality.postal_code,
        "address": municipality.address,
        "phone": municipality.phone,
        "email": municipality.email,
        "website": municipality.website_url,
        "opening_hours": municipality.display_opening_hours(),
        "enabled_languages": list(municipality.enabled_languages),
        "districts": [
            {"code": d.code, "name": d.display_name(), "name_kana": d.name_kana}
            for d in municipality.districts.all()
        ],
    }


def _department_out(department: Department) -> dict[str, Any]:
    parent = department.parent
    return {
        "id": department.public_id,
        "code": department.code,
        "name": department.display_name(),
        "name_kana": department.name_kana,
        "parent_id": parent.public_id if parent else None,
        "parent_code": parent.code if parent else None,
        "is_division": department.is_division,
        "contact": {
            "phone": department.phone,
            "fax": department.fax,
            "email": department.email,
            "location": department.display_location(),
        },
    }


@router.get(
    "/municipality",
    response={200: MunicipalityOut, 404: ErrorOut, **ERRORS},
    summary="Municipality profile",
    operation_id="cityhall_api_api_municipality",
)
def municipality(request: HttpRequest, lang: Language | None = None):
    """The municipality's profile, names in the requested language."""
    with request_language_active(request, lang):
        found = municipality_current()
        if found is None:
            raise Http404
        return _municipality_out(found)


@router.get(
    "/departments",
    response={200: list[DepartmentOut], **ERRORS},
    summary="Departments and divisions",
    operation_id="cityhall_api_api_departments",
)
def departments(request: HttpRequest, lang: Language | None = None):
    """Every active department (部) and division (課), flat, in display order."""
    with request_language_active(request, lang):
        return [_department_out(d) for d in department_list_public()]


@router.get(
    "/departments/{public_id}",
    response={200: DepartmentOut, 404: ErrorOut, **ERRORS},
    summary="One department",
    operation_id="cityhall_api_api_department",
)
def department(
    request: HttpRequest, public_id: uuid.UUID, lang: Language | None = None
):
    """One active department by its public id."""
    with request_language_active(request, lang):
        found = department_get_public(public_id=public_id)
        if found is None:
            raise Http404
        return _department_out(found)
