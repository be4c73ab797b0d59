"""Console forms: dataset metadata, a new resource, an upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import Department
from cityhall.opendata.models import Group, License, ResourceFormat, UpdateFrequency
from cityhall.opendata.table_schemas import table_schema_list


def _schema_choices() -> list[tuple[str, str]]:
    return [("", _("(none)"))] + [
        (schema.key, schema.title) for schema in table_schema_list()
    ]


class DatasetForm(forms.Form):
    name = forms.SlugField(
        label=_("URL name"),
        max_length=100,
        help_text=_("Lower-case letters, digits, - and _; used in URLs and the API."),
    )
    title = forms.CharField(label=_("Title (Japanese)"), max_length=300)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=300, required=False
    )
    notes = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible division"), queryset=Department.objects.none()
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas."),
        max_length=500,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    license_id = forms.ChoiceField(
        label=_("Licence"), choices=License.choices, initial=License.CC_BY_4_0
    )
    update_frequency = forms.ChoiceField(
        label=_("Update frequency"),
        choices=UpdateFrequency.choices,
        initial=UpdateFrequency.IRREGULAR,
    )
    schema_key = forms.ChoiceField(label=_("Standard dataset"), required=False)
    contact_name = forms.CharField(
        label=_("Contact name"), required=False, max_length=200
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"), required=False, max_length=20
    )
    spatial = forms.CharField(label=_("Area covered"), required=False, max_length=200)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("sort_order", "code")
        self.fields["groups"].queryset = Group.objects.all()  # type: ignore[attr-defined]
        self.fields["schema_key"].choices = _schema_choices()  # type: ignore[attr-defined]
        if editing:
            # The URL name is the CKAN name: harvesters key on it, so it stays.
            self.fields["name"].disabled = True
            self.fields["name"].required = False

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the dataset services take it."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "title_translations": {"en": data["title_en"]} if data["title_en"] else {},
            "notes": data["notes"],
            "organisation": data["organisation"],
            "tags": [t.strip() for t in data["tags"].split(",") if t.strip()],
            "groups": list(data["groups"]),
            "license_id": data["license_id"],
            "update_frequency": data["update_frequency"],
            "schema_key": data["schema_key"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "spatial": data["spatial"],
        }


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    format = forms.ChoiceField(label=_("Format"), choices=ResourceFormat.choices)
    schema_key = forms.ChoiceField(
        label=_("Table schema"),
        required=False,
        help_text=_("Tables that follow a standard dataset are checked against it."),
    )
    url = forms.URLField(
        label=_("External URL"),
        required=False,
        help_text=_("Only for a link resource."),
        assume_scheme="https",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schema_key"].choices = _schema_choices()  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, UTF-8 with BOM or Shift_JIS) or Excel for tables; the "
            "file is checked before it goes live."
        ),
    )
