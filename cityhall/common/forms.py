"""Turning an application error into form errors: the one way HTML views do it.

Services raise :class:`~cityhall.common.errors.ApplicationError`; the API turns
it into its JSON error shape, and HTML views call :func:`add_application_error`
so that the message appears on the form in the user's language.
"""

from __future__ import annotations

from django import forms

from cityhall.common.errors import ApplicationError


def add_application_error(
    form: forms.BaseForm, error: ApplicationError, *, field: str | None = None
) -> None:
    """Show ``error`` on ``form``.

    When the error names fields (``error.extra["fields"]`` maps a field name to
    its messages, as validation errors from services do), each message goes on
    its field, or above the form when the form has no such field. Otherwise the
    error's message goes on ``field``, or above the form when ``field`` is None.
    """
    fields = error.extra.get("fields") if error.extra else None
    if fields:
        for name, messages in fields.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, str(message))
        return
    form.add_error(field if field in form.fields else None, str(error.message))
