"""Request bodies larger than their address accepts are refused with 413.

The requests go through the whole middleware stack and the real views. Bodies
that claim hundreds of megabytes are produced lazily by ``_LazyBody``, which also
counts how much of them the server read.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from cityhall.common.request_limits import READ_CHUNK_BYTES, request_body_limit
from cityhall.core.tests.factories import StaffFactory, totp_code, totp_device_for

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "----cityhall-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class _LazyBody:
    """A multipart body with one file part of ``file_bytes`` bytes, made up as
    it is read; ``read_bytes`` says how much the server read."""

    def __init__(self, file_bytes: int, *, field: str = "file"):
        head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="email"\r\n\r\n'
            "resident@example.jp\r\n"
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self._head = head
        self._tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(head) + file_bytes + len(self._tail)
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        start = self.read_bytes
        end = self.length if size is None or size < 0 else start + size
        end = min(end, self.length)
        self.read_bytes = end
        tail_start = self.length - len(self._tail)
        out = bytearray(self._head[start:end])
        filler = min(end, tail_start) - max(start, len(self._head))
        out += b"x" * max(filler, 0)
        if end > tail_start:
            out += self._tail[max(start - tail_start, 0) : end - tail_start]
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _post_lazy(client, path, body, *, declare_length=True, **extra):
    meta = {"wsgi.input": body, "CONTENT_TYPE": MULTIPART, **extra}
    if declare_length:
        meta["CONTENT_LENGTH"] = str(body.length)
    else:
        meta["wsgi.input_terminated"] = True
        meta["HTTP_TRANSFER_ENCODING"] = "chunked"
    return client.generic("POST", path, **meta)


def test_huge_anonymous_upload_to_login_is_refused_unread(client):
    """A 300 MB multipart POST with a file part to the sign-in page gets 413 and
    a Japanese page saying so, without one byte of the body being read."""
    body = _LazyBody(300 * MB)
    response = _post_lazy(client, reverse("accounts:login"), body)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "<h1>" in html
    assert body.read_bytes == 0


def test_oversized_ordinary_form_is_refused_in_the_pages_language(client, settings):
    """A sign-up form posted with a file part larger than the default limit is
    refused with a page in the language of the address; no account is made."""
    too_big = settings.CITYHALL_REQUEST_BODY_MAX_BYTES + 1
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "resident@example.jp",
            "attachment": SimpleUploadedFile("scan.pdf", b"%PDF-" + b"x" * too_big),
        },
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "What you sent is too large" in html
    assert "2.0\xa0MB" in html
    assert get_user_model().objects.count() == 0


def test_ordinary_form_below_the_limit_reaches_the_view(client):
    """A normal sign-in post is not affected: the form answers it."""
    response = client.post(
        reverse("accounts:login"),
        {"email": "nobody@example.jp", "password": "wrong-password-1"},
    )
    assert response.status_code == 200
    assert response.context["form"].data["email"] == "nobody@example.jp"


def test_chunked_body_over_the_limit_is_refused_while_reading(client, settings):
    """A chunked body without Content-Length is counted while it is read: at the
    first chunk over the limit reading stops and the answer is 413."""
    limit = settings.CITYHALL_REQUEST_BODY_MAX_BYTES
    body = _LazyBody(300 * MB)
    response = _post_lazy(client, reverse("accounts:login"), body, declare_length=False)
    assert response.status_code == 413
    assert 0 < body.read_bytes <= limit + READ_CHUNK_BYTES


def test_chunked_body_below_the_limit_is_parsed_like_any_other(client):
    """A small chunked multipart sign-in reaches the view with its fields."""
    body = _LazyBody(1000)
    response = _post_lazy(client, reverse("accounts:login"), body, declare_length=False)
    assert response.status_code == 200
    assert response.context["form"].data["email"] == "resident@example.jp"
    assert body.read_bytes == body.length


def test_api_refusal_uses_the_api_error_shape_and_language(client, settings):
    """Under /api/ the 413 is the API's JSON error, in the client's language."""
    body = _LazyBody(300 * MB)
    response = _post_lazy(
        client, "/api/v1/pages/search?q=tax", body, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == "en"
    error = json.loads(response.content)["error"]
    assert error["code"] == "request_too_large"
    assert error["message"].startswith("The request is larger than")
    assert error["details"] == {"max_bytes": settings.CITYHALL_REQUEST_BODY_MAX_BYTES}
    assert body.read_bytes == 0


def test_api_refusal_honours_the_lang_parameter(client):
    """``?lang=`` wins over Accept-Language, as in every API answer."""
    response = _post_lazy(
        client,
        "/api/v1/pages/search?q=tax&lang=ja",
        _LazyBody(300 * MB),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert response["Content-Language"] == "ja"
    assert json.loads(response.content)["error"]["code"] == "request_too_large"


# --- Upload routes -----------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = StaffFactory(is_superuser=True)
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    return client


def test_upload_route_accepts_a_file_above_the_default_limit(admin_client, settings):
    """A document larger than ordinary forms may send, but within the upload
    limit, is stored."""
    size = settings.CITYHALL_REQUEST_BODY_MAX_BYTES + MB
    assert size < settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Hazard map",
            "file": SimpleUploadedFile("map.pdf", b"%PDF-1.7\n" + b"x" * size),
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


def test_upload_route_refuses_a_body_above_its_limit(admin_client, settings):
    """Above the upload route's own limit the answer is 413 and nothing is
    stored."""
    size = settings.CITYHALL_UPLOAD_BODY_MAX_BYTES + 1
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Hazard map",
            "file": SimpleUploadedFile("map.pdf", b"%PDF-1.7\n" + b"x" * size),
        },
    )
    assert response.status_code == 413
    assert get_document_model().objects.count() == 0


def test_image_multiple_upload_route_has_the_upload_limit(admin_client, settings):
    """Wagtail's image uploader (one file per request) is an upload route too:
    a body a little above the default limit is not refused by size."""
    body = _LazyBody(settings.CITYHALL_REQUEST_BODY_MAX_BYTES + 1, field="files[]")
    limit = request_body_limit(
        reverse("wagtailimages:add_multiple"),
        default=settings.CITYHALL_REQUEST_BODY_MAX_BYTES,
        limits=settings.CITYHALL_REQUEST_BODY_LIMITS,
    )
    assert limit == settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
    response = _post_lazy(admin_client, reverse("wagtailimages:add_multiple"), body)
    # Wagtail answers (the file is no image); the size let it through.
    assert response.status_code == 200
    assert body.read_bytes == body.length


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/documents/multiple/add/", 500),
        ("/admin/documents/multiple/add/big/", 900),
        ("/en/forms/upload/", 700),
        ("/forms/upload/", 700),
        ("/forms/other/", 100),
        ("/accounts/login/", 100),
    ],
)
def test_longest_prefix_wins_and_language_prefix_is_ignored(path, expected):
    """Limits are declared by path prefix: the longest match wins, and a route
    under a language prefix matches its unprefixed declaration."""
    limits = {
        "/admin/documents/": 500,
        "/admin/documents/multiple/add/big/": 900,
        "/forms/upload/": 700,
    }
    assert request_body_limit(path, default=100, limits=limits) == expected
