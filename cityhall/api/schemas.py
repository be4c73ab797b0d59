"""Shapes of the public API's responses (OpenAPI components)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field


class ErrorBody(Schema):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="Human-readable message in the request language.")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(Schema):
    """Every error response has this shape."""

    error: ErrorBody


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
    id: uuid.UUID
    code: str
    name: str


class CategoryOut(Schema):
    slug: str
    name: str


class NewsItemOut(Schema):
    id: uuid.UUID = Field(description="Same for every language version of the item.")
    language: str
    title: str
    date: dt.date
    lead: str
    categories: list[CategoryOut]
    url: str
    department: DepartmentRefOut | None


class NewsDetailOut(NewsItemOut):
    body_html: str = Field(description="Sanitised HTML of the body.")
    body_text: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None


class NewsListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NewsItemOut]


class PageSearchResultOut(Schema):
    id: uuid.UUID = Field(description="The page's translation key.")
    title: str
    url: str
    snippet: str
    date: dt.date | None
    type: str


class PageSearchOut(Schema):
    query: str
    count: int
    limit: int
    offset: int
    items: list[PageSearchResultOut]
