"""Uploaded files must be what their extension says."""

import io

import pytest
from django.core.exceptions import ValidationError

from cityhall.common.uploads import upload_content_check


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.7\n..."),
        ("form.docx", b"PK\x03\x04rest-of-zip"),
        ("shelters.csv", "名称,住所\n黒羽体育館,黒羽向町\n".encode("cp932")),
        ("shelters.csv", "\ufeff名称,住所\n".encode()),
        ("README.TXT", b"plain text"),
    ],
)
def test_matching_content_is_accepted(name, content):
    """PDF, zip-based office files and UTF-8 or Shift_JIS text pass."""
    upload_content_check(name=name, file=io.BytesIO(content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notice.pdf", b"<html><script>alert(1)</script></html>", "content_mismatch"),
        ("form.docx", b"MZ\x90\x00 a Windows program", "content_mismatch"),
        ("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "not_text"),
        ("empty.pdf", b"", "empty_file"),
    ],
)
def test_mismatched_content_is_refused(name, content, code):
    """A file whose bytes contradict its extension is refused with a code."""
    with pytest.raises(ValidationError) as raised:
        upload_content_check(name=name, file=io.BytesIO(content))
    assert raised.value.code == code


def test_text_check_tolerates_a_sample_cut_inside_a_character():
    """Only the first 64 KiB are read: a multi-byte character cut at that
    boundary does not make a valid file look broken."""
    from cityhall.common.uploads import SNIFF_BYTES

    content = ("あ" * SNIFF_BYTES).encode()  # 3 bytes each: the cut falls inside one
    upload_content_check(name="long.txt", file=io.BytesIO(content))


def test_file_position_is_restored():
    """The check leaves the file where it found it, for the storage to read."""
    upload = io.BytesIO(b"%PDF-1.4 body")
    upload.seek(5)
    upload_content_check(name="a.pdf", file=upload)
    assert upload.tell() == 5
