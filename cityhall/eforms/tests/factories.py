"""Factories of electronic applications: a small published form with a
branch, drafts walked through the services, processing staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Department, Role, RoleAssignment
from cityhall.core.tests.factories import DepartmentFactory, StaffFactory, UserFactory
from cityhall.eforms.models import Draft, Form, Submission
from cityhall.eforms.services.drafts import draft_page_save, draft_start_for_user
from cityhall.eforms.services.forms import (
    form_create,
    form_version_create,
    form_version_publish,
)
from cityhall.eforms.services.submissions import submission_create

__all__ = ["UserFactory", "definition", "form_make", "processing_staff"]


def definition() -> dict[str, Any]:
    """Three pages: "kind" branches past "details" when the answer is "simple"."""
    return {
        "pages": [
            {
                "id": "kind",
                "title": "Kind",
                "questions": [
                    {
                        "id": "kind",
                        "type": "single_choice",
                        "label": "Which kind",
                        "options": {
                            "choices": [
                                {"value": "simple", "label": "Simple"},
                                {"value": "full", "label": "Full"},
                            ]
                        },
                    }
                ],
                "branches": [
                    {
                        "question": "kind",
                        "operator": "equals",
                        "value": "simple",
                        "goto": "contact",
                    }
                ],
            },
            {
                "id": "details",
                "title": "Details",
                "questions": [
                    {"id": "details", "type": "long_text", "label": "Tell us more"}
                ],
            },
            {
                "id": "contact",
                "title": "Contact",
                "questions": [{"id": "phone", "type": "phone", "label": "Phone"}],
            },
        ],
        "confirmation": "We will call you.",
    }


def form_make(
    *, department: Department | None = None, slug: str = "test-form", **extra: Any
) -> Form:
    """A published form with :func:`definition` as version 1."""
    form = form_create(
        department=department or DepartmentFactory(),
        slug=slug,
        title=extra.pop("title", "Test form"),
    )
    version = form_version_create(
        form=form, definition=extra.pop("definition", None) or definition()
    )
    return form_version_publish(version=version)


def draft_complete(form: Form, user: Any, *, kind: str = "simple") -> Draft:
    """A signed-in resident's draft that reached check-your-answers."""
    draft = draft_start_for_user(form=form, user=user)
    draft_page_save(draft=draft, page_id="kind", answers={"kind": kind})
    if kind == "full":
        draft_page_save(draft=draft, page_id="details", answers={"details": "More"})
    draft_page_save(draft=draft, page_id="contact", answers={"phone": "0287-23-1111"})
    return draft


def submission_make(form: Form, user: Any | None = None) -> Submission:
    """A received submission of ``form`` by ``user`` (a new resident by default)."""
    return submission_create(draft=draft_complete(form, user or UserFactory()))


def processing_staff(department: Department, role: str = Role.GENERAL_STAFF) -> Any:
    """A staff member holding ``role`` in ``department`` since 2020."""
    staff = StaffFactory()
    RoleAssignment.objects.create(
        user=staff, role=role, department=department, valid_from=dt.date(2020, 4, 1)
    )
    return staff
