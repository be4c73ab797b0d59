"""A file the resident attaches (添付書類).

The file is checked here (extension allow-list, size, and that its content
matches its extension, through :mod:`cityhall.common.uploads` and the image
signatures below); the draft service stores it with Django's storage under an
unguessable name and keeps ``{"name", "path", "size"}`` as the answer. A page
shown again keeps the file already sent unless another one is chosen.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.uploads import upload_content_check
from cityhall.eforms.questions.base import Question, QuestionType, required_message

ALLOWED_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
DEFAULT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
_IMAGE_SIGNATURES = {
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}


def _extensions(question: Question) -> tuple[str, ...]:
    return tuple(question.options.get("extensions") or DEFAULT_EXTENSIONS)


def max_bytes() -> int:
    """The largest file accepted (CITYHALL_MAX_UPLOAD_MB): the upload body
    limit less the room kept for the form's other fields."""
    return int(
        settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
        - settings.CITYHALL_REQUEST_BODY_MAX_BYTES
    )


class FileUpload(QuestionType):
    key = "file"
    label = _("File upload")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        extensions = options.get("extensions", list(DEFAULT_EXTENSIONS))
        if not isinstance(extensions, list) or not set(extensions) <= set(
            ALLOWED_EXTENSIONS
        ):
            return [
                gettext("Files may only be of these types: %(types)s.")
                % {"types": ", ".join(ALLOWED_EXTENSIONS)}
            ]
        return []

    def fields(self, question: Question) -> dict[str, forms.Field]:
        accept = ",".join(f".{extension}" for extension in _extensions(question))
        return {
            "": forms.FileField(
                required=False, widget=forms.FileInput(attrs={"accept": accept})
            )
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        upload: UploadedFile | None = parts.get("")
        if upload is None:
            previous = parts.get("_previous")
            if previous:
                return previous
            if question.required:
                raise forms.ValidationError(required_message(question))
            return None
        extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
        if extension not in _extensions(question):
            raise forms.ValidationError(
                gettext("Choose a file of one of these types: %(types)s.")
                % {"types": ", ".join(_extensions(question))}
            )
        if (upload.size or 0) > max_bytes():
            raise forms.ValidationError(
                gettext("The file must be smaller than %(size)s.")
                % {"size": filesizeformat(max_bytes())}
            )
        upload_content_check(name=upload.name or "", file=upload)
        signature = _IMAGE_SIGNATURES.get(extension)
        if signature is not None:
            upload.seek(0)
            head = upload.read(len(signature))
            upload.seek(0)
            if head != signature:
                raise forms.ValidationError(
                    gettext("The file's content does not match its type.")
                )
        return upload

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        return {}

    def display(self, question: Question, value: Any) -> str:
        if not value:
            return ""
        return f"{value['name']} ({filesizeformat(value['size'])})"

    def csv_value(self, question: Question, value: Any) -> str:
        return value["name"] if value else ""
