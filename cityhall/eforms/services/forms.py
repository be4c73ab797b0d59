"""Writing forms and their versions (the staff's form builder underneath).

A version's definition is validated before it is saved; a published version
is never changed: editing a published form means a new version.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from cityhall.core.models import Department
from cityhall.core.services.audit import audit_log
from cityhall.eforms.definition import definition_validate
from cityhall.eforms.errors import DefinitionError, VersionPublishedError
from cityhall.eforms.models import Form, FormVersion
from cityhall.eforms.models.forms import RESERVED_SLUGS


@transaction.atomic
def form_create(
    *,
    department: Department,
    slug: str,
    title: str,
    description: str = "",
    retention_days: int = 365 * 5,
    actor: Any | None = None,
) -> Form:
    """Create a form in the draft state (no version yet)."""
    if slug in RESERVED_SLUGS:
        raise DefinitionError(gettext("This address is reserved; choose another."))
    form = Form.objects.create(
        department=department,
        slug=slug,
        title=title,
        description=description,
        retention_days=retention_days,
    )
    audit_log(actor=actor, action="eforms_form.create", target=form)
    return form


@transaction.atomic
def form_version_create(
    *, form: Form, definition: dict[str, Any], actor: Any | None = None
) -> FormVersion:
    """Add the next numbered, unpublished version of ``form``."""
    definition_validate(definition)
    Form.objects.select_for_update().get(pk=form.pk)
    number = (form.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    return FormVersion.objects.create(
        form=form, number=number, definition=definition, created_by=actor
    )


@transaction.atomic
def form_version_update(
    *, version: FormVersion, definition: dict[str, Any]
) -> FormVersion:
    """Replace the definition of an unpublished version; refuses a published one."""
    locked = FormVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise VersionPublishedError(
            gettext("A published version cannot change; create a new version.")
        )
    definition_validate(definition)
    locked.definition = definition
    locked.save(update_fields=["definition", "updated_at"])
    return locked


@transaction.atomic
def form_version_publish(*, version: FormVersion, actor: Any | None = None) -> Form:
    """Publish ``version``: new drafts use it; drafts and submissions made on
    earlier versions keep theirs."""
    locked = FormVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise VersionPublishedError(gettext("This version is already published."))
    definition_validate(locked.definition)
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    form = Form.objects.select_for_update().get(pk=locked.form_id)
    form.live_version = locked
    form.state = Form.State.PUBLISHED
    form.save(update_fields=["live_version", "state", "updated_at"])
    audit_log(
        actor=actor,
        action="eforms_form.publish",
        target=form,
        data={"version": locked.number},
    )
    return form


@transaction.atomic
def form_close(*, form: Form, actor: Any | None = None) -> Form:
    """Stop accepting new applications; submissions already made continue."""
    locked = Form.objects.select_for_update().get(pk=form.pk)
    locked.state = Form.State.CLOSED
    locked.save(update_fields=["state", "updated_at"])
    audit_log(actor=actor, action="eforms_form.close", target=locked)
    return locked
