"""Staff document uploads are checked before anything is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from cityhall.core.tests.factories import StaffFactory, totp_code, totp_device_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = StaffFactory(is_superuser=True)
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    return client


def _upload(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Evacuation map", "file": SimpleUploadedFile(name, content)},
    )


def test_forged_pdf_is_refused_and_nothing_is_stored(admin_client):
    """An HTML page named .pdf gets a form error; no document row is created."""
    response = _upload(admin_client, "map.pdf", b"<html><body>not a pdf</body></html>")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert get_document_model().objects.count() == 0


def test_refused_upload_shows_only_the_real_reason(admin_client):
    """The form error is the content mismatch alone: Wagtail's own extension
    check of the (still empty) stored file adds no second, false message."""
    response = _upload(admin_client, "map.pdf", b"<html>not a pdf</html>")
    errors = response.context["form"].errors.as_data()["file"]
    assert [error.code for error in errors] == ["content_mismatch"]
    assert ".pdf" in errors[0].messages[0]
    # Wagtail's extension message lists the allowed extensions.
    assert "csv, docx" not in response.content.decode()


def test_refused_file_in_the_multiple_uploader_shows_only_the_reason(admin_client):
    """Wagtail's multiple uploader (the usual way in) answers with the same
    single reason."""
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("map.pdf", b"<html>not a pdf</html>")},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert ".pdf" in body["error_message"]
    assert "csv, docx" not in body["error_message"]
    assert get_document_model().objects.count() == 0


def test_real_pdf_is_stored(admin_client):
    """A PDF whose bytes say so is accepted."""
    response = _upload(admin_client, "map.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1
