"""Staff console forms of the website app."""

from __future__ import annotations

from wagtail.documents.forms import BaseDocumentForm

from cityhall.common.uploads import upload_content_check


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content is not what their
    extension says (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            upload_content_check(name=uploaded.name, file=uploaded)
        return uploaded

    def _post_clean(self):
        # When the form field refused the file, the model still holds its old
        # (for a new document: no) file, and Wagtail's Document.clean() then
        # adds "File extension '' is not allowed" for it. Only the reason the
        # file was refused is true, so the model's extra message is dropped.
        refused = len(self._errors.get("file", []))
        super()._post_clean()
        if refused:
            del self._errors["file"].data[refused:]
