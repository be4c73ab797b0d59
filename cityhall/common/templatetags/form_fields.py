"""Template filters for rendering form fields."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def without_autofocus(field: BoundField) -> SafeString:
    """The field's widget without its ``autofocus`` attribute.

    A form with errors shows an error summary that takes the focus on load; a
    second ``autofocus`` on a field is invalid HTML and leaves the browser to
    pick one of them.
    """
    return field.as_widget(attrs={"autofocus": False})
