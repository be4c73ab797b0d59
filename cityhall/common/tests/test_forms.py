"""add_application_error: application errors shown on forms."""

from __future__ import annotations

from django import forms

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error


class _Form(forms.Form):
    email = forms.CharField(required=False)
    code = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form(data={"email": "a@example.jp", "code": "1"})
    assert form.is_valid()
    return form


def test_plain_error_goes_above_the_form():
    """Without a field, the message is a non-field error."""
    form = _bound()
    add_application_error(form, ApplicationError("Not allowed."))
    assert form.non_field_errors() == ["Not allowed."]
    assert not form.is_valid()


def test_plain_error_goes_on_the_named_field():
    """With ``field``, the message is that field's error."""
    form = _bound()
    add_application_error(form, ApplicationError("Wrong code."), field="code")
    assert form.errors["code"] == ["Wrong code."]
    assert form.non_field_errors() == []


def test_field_errors_from_the_service_go_on_their_fields():
    """``extra["fields"]`` messages go on their fields; unknown names above."""
    form = _bound()
    error = ApplicationError(
        "Some details are not valid.",
        extra={"fields": {"email": ["Bad address."], "postal_code": ["Bad code."]}},
    )
    add_application_error(form, error)
    assert form.errors["email"] == ["Bad address."]
    assert form.non_field_errors() == ["Bad code."]
