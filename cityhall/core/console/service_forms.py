"""Console create/edit views that save through a service.

Wagtail's generic views save the form's instance themselves; ours hand the
cleaned form data to the service that owns the write (validation, audit) and
show its :class:`~cityhall.common.errors.ApplicationError` on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error


class ServiceErrorsAsFormErrorsMixin:
    """Show an ApplicationError raised while saving as a form error."""

    def form_valid(self, form: forms.Form) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ApplicationError as error:
            add_application_error(form, error)
            # Wagtail shows this in its error banner as well as on the form.
            self.produced_error_message = str(error.message)
            return self.form_invalid(form)  # type: ignore[attr-defined]


def form_values(form: forms.ModelForm) -> dict[str, Any]:
    """The cleaned values of the model fields the form edits."""
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields or ()
        if name in form.cleaned_data
    }
