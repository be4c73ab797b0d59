"""File upload questions: checked content, stored with Django's storage,
kept when a page is shown again, downloaded by the department's staff only
(audited)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cityhall.core.models import AuditRecord
from cityhall.core.tests.factories import UserFactory
from cityhall.eforms.models import Draft
from cityhall.eforms.questions import Question, question_type
from cityhall.eforms.services.drafts import draft_start_for_user
from cityhall.eforms.services.submissions import submission_create
from cityhall.eforms.tests.factories import form_make, processing_staff
from cityhall.eforms.tests.test_console import _verified

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"
DEFINITION = {
    "pages": [
        {
            "id": "docs",
            "title": "Documents",
            "questions": [{"id": "proof", "type": "file", "label": "Proof"}],
        }
    ]
}


def _file_clean(upload, previous=None):
    question = Question(id="proof", type="file", label="Proof")
    return question_type("file").clean(question, {"": upload, "_previous": previous})


def test_pdf_is_accepted():
    """A real PDF passes."""
    upload = SimpleUploadedFile("proof.pdf", PDF)
    assert _file_clean(upload) is upload


def test_html_named_pdf_is_refused():
    """A file named .pdf whose content is HTML is refused."""
    with pytest.raises(forms.ValidationError):
        _file_clean(SimpleUploadedFile("proof.pdf", b"<html>hi</html>"))


def test_png_with_wrong_signature_is_refused():
    """A .png that is not a PNG is refused."""
    with pytest.raises(forms.ValidationError):
        _file_clean(SimpleUploadedFile("photo.png", b"GIF89a...."))


def test_extension_outside_the_list_is_refused():
    """An .exe is not among the accepted types."""
    with pytest.raises(forms.ValidationError):
        _file_clean(SimpleUploadedFile("run.exe", b"MZ...."))


def test_previous_file_is_kept_when_none_is_chosen():
    """No new file on a page shown again: the earlier answer stays."""
    previous = {"name": "proof.pdf", "path": "eforms/x/y.pdf", "size": 10}
    assert _file_clean(None, previous) == previous


def test_upload_is_stored_submitted_and_downloaded_by_staff(client):
    """The resident uploads a PDF; it is stored, submitted, and the clerk's
    download is the same bytes and is audited."""
    form = form_make(slug="docs-form", definition=DEFINITION)
    alice = UserFactory()
    draft = draft_start_for_user(form=form, user=alice)
    client.force_login(alice)
    with translation.override("en"):
        url = reverse("eforms:draft_page", args=[draft.public_id, "docs"])
    response = client.post(url, {"proof": SimpleUploadedFile("proof.pdf", PDF)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["proof"]["name"] == "proof.pdf"
    again = client.get(url)
    assert b"proof.pdf" in again.content
    assert b'enctype="multipart/form-data"' in again.content
    submission = submission_create(draft=Draft.objects.get(pk=draft.pk))
    client.logout()
    clerk = _verified(client, processing_staff(form.department))
    download = client.get(
        reverse("eforms_console:file", args=[submission.public_id, "proof"])
    )
    assert b"".join(download.streaming_content) == PDF
    assert AuditRecord.objects.filter(
        action="eforms_submission.file_download", actor=clerk
    ).exists()


def test_other_department_cannot_download(client):
    """A clerk of another department gets 404 for the file."""
    form = form_make(slug="docs-form", definition=DEFINITION)
    draft = draft_start_for_user(form=form, user=UserFactory())
    from cityhall.eforms.services.drafts import draft_page_save

    draft_page_save(
        draft=draft,
        page_id="docs",
        answers={"proof": SimpleUploadedFile("proof.pdf", PDF)},
    )
    submission = submission_create(draft=Draft.objects.get(pk=draft.pk))
    other = form_make(slug="other-form")
    _verified(client, processing_staff(other.department))
    url = reverse("eforms_console:file", args=[submission.public_id, "proof"])
    assert client.get(url).status_code == 404
