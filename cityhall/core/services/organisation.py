"""Writes of organisation data: the municipality profile, districts and
departments (部・課), as the IT policy division edits them in the staff console.

Each change is validated like the model's own ``full_clean`` and recorded in the
audit trail with the names of the fields it changed, so the record shows who
renamed a division or changed the city's phone number, and when.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cityhall.core.errors import OrganisationInputError
from cityhall.core.models import Department, District, Municipality, User
from cityhall.core.services.audit import audit_log

_Model = TypeVar("_Model", bound=models.Model)


def _input_error(error: ValidationError) -> OrganisationInputError:
    fields: dict[str, list[str]] = (
        {
            name: [str(m) for m in messages]
            for name, messages in error.message_dict.items()
        }
        if hasattr(error, "error_dict")
        else {"__all__": [str(m) for m in error.messages]}
    )
    return OrganisationInputError(
        _("Some of the details are not valid."), extra={"fields": fields}
    )


def _field_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    value = getattr(instance, getattr(field, "attname", name))
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def _apply(instance: _Model, values: Mapping[str, Any]) -> list[str]:
    """Set ``values`` on ``instance`` as a model form would; return the names of
    the fields whose value changed."""
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        before = _field_value(instance, name)
        # save_form_data knows the conventions of each field type (a file
        # field's False clears it, None keeps it).
        field.save_form_data(instance, value)  # type: ignore[union-attr]
        if isinstance(value, UploadedFile) or before != _field_value(instance, name):
            changed.append(name)
    return changed


def _save_audited(
    instance: _Model,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    action: str,
    identity: Callable[[Any], dict[str, Any]],
) -> _Model:
    changed = _apply(instance, values)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _input_error(error) from error
    instance.save()
    audit_log(
        actor=actor,
        action=action,
        target=instance,
        data={**identity(instance), "changed": sorted(changed)},
    )
    return instance


def _locked(model: type[_Model], pk: Any) -> _Model:
    return model._default_manager.select_for_update().get(pk=pk)


def _municipality_identity(municipality: Municipality) -> dict[str, Any]:
    return {"code": municipality.local_government_code, "name": municipality.name}


def _district_identity(district: District) -> dict[str, Any]:
    return {"code": district.code, "name": district.name}


def _department_identity(department: Department) -> dict[str, Any]:
    return {"code": department.code, "name": department.name}


def municipality_create(
    *, values: Mapping[str, Any], created_by: User | None
) -> Municipality:
    """Create the municipality profile from ``values`` (field → value), audited."""
    with transaction.atomic():
        return _save_audited(
            Municipality(),
            values,
            actor=created_by,
            action="municipality.create",
            identity=_municipality_identity,
        )


def municipality_update(
    *, municipality: Municipality, values: Mapping[str, Any], updated_by: User | None
) -> Municipality:
    """Change the municipality profile's fields in ``values``, audited with the
    names of the fields that changed."""
    with transaction.atomic():
        return _save_audited(
            _locked(Municipality, municipality.pk),
            values,
            actor=updated_by,
            action="municipality.update",
            identity=_municipality_identity,
        )


def district_create(*, values: Mapping[str, Any], created_by: User | None) -> District:
    """Create a district (地区) from ``values``, audited."""
    with transaction.atomic():
        return _save_audited(
            District(),
            values,
            actor=created_by,
            action="district.create",
            identity=_district_identity,
        )


def district_update(
    *, district: District, values: Mapping[str, Any], updated_by: User | None
) -> District:
    """Change a district's fields in ``values``, audited."""
    with transaction.atomic():
        return _save_audited(
            _locked(District, district.pk),
            values,
            actor=updated_by,
            action="district.update",
            identity=_district_identity,
        )


def district_delete(*, district: District, deleted_by: User | None) -> None:
    """Delete a district, audited with the code and name it had."""
    with transaction.atomic():
        locked = _locked(District, district.pk)
        identity = _district_identity(locked)
        target_id = str(locked.pk)
        locked.delete()
        audit_log(
            actor=deleted_by,
            action="district.delete",
            target_type=District._meta.label_lower,
            target_id=target_id,
            data=identity,
        )


def department_create(
    *, values: Mapping[str, Any], created_by: User | None
) -> Department:
    """Create a department (部) or division (課) from ``values``, audited."""
    with transaction.atomic():
        return _save_audited(
            Department(),
            values,
            actor=created_by,
            action="department.create",
            identity=_department_identity,
        )


def department_update(
    *, department: Department, values: Mapping[str, Any], updated_by: User | None
) -> Department:
    """Change a department's fields in ``values`` (renaming, moving it under
    another 部, closing it with ``is_active``), audited."""
    with transaction.atomic():
        return _save_audited(
            _locked(Department, department.pk),
            values,
            actor=updated_by,
            action="department.update",
            identity=_department_identity,
        )
