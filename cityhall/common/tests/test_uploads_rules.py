"""Upload content rules, case by case: which signature each extension needs,
what counts as text, and how much of the file is read."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cityhall.common.uploads import SNIFF_BYTES, upload_content_check

ZIP_LOCAL = b"PK\x03\x04" + b"\x14\x00" * 20
ZIP_EMPTY = b"PK\x05\x06" + b"\x00" * 18
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _refusal(name, content):
    """The ValidationError raised for ``content`` uploaded as ``name``."""
    with pytest.raises(ValidationError) as raised:
        upload_content_check(name=name, file=io.BytesIO(content))
    return raised.value


@pytest.mark.parametrize(
    "extension", ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"]
)
@pytest.mark.parametrize("content", [ZIP_LOCAL, ZIP_EMPTY])
def test_zip_based_formats_accept_both_zip_signatures(extension, content):
    """Zip and the office formats built on it accept a local file header and
    an empty archive's end record."""
    upload_content_check(name=f"file.{extension}", file=io.BytesIO(content))


@pytest.mark.parametrize(
    "extension", ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"]
)
def test_zip_based_formats_refuse_a_pdf(extension):
    """A PDF renamed to a zip-based format is refused as a content mismatch,
    naming the extension it claims."""
    error = _refusal(f"file.{extension}", PDF)
    assert error.code == "content_mismatch"
    assert error.params == {"extension": extension}


def test_pdf_refuses_zip_content():
    """A zip renamed to .pdf is refused."""
    error = _refusal("file.pdf", ZIP_LOCAL)
    assert (error.code, error.params) == ("content_mismatch", {"extension": "pdf"})


def test_pdf_signature_must_be_at_the_start():
    """ "%PDF-" somewhere later in the file does not make it a PDF."""
    assert _refusal("file.pdf", b"<html>%PDF-1.7").code == "content_mismatch"


def test_extension_is_case_insensitive():
    """REPORT.PDF is held to the PDF rule, reported in lower case."""
    error = _refusal("REPORT.PDF", b"<html></html>")
    assert (error.code, error.params) == ("content_mismatch", {"extension": "pdf"})
    upload_content_check(name="Sheet.XLSX", file=io.BytesIO(ZIP_LOCAL))


def test_only_the_last_extension_counts():
    """ "notice.pdf.html" is an .html file: not held to the PDF rule here
    (the caller's allow-list decides about .html)."""
    upload_content_check(name="notice.pdf.html", file=io.BytesIO(b"<html></html>"))
    assert _refusal("archive.html.pdf", b"<html></html>").code == "content_mismatch"


def test_unknown_extensions_are_left_to_the_allow_list():
    """Extensions without a rule are not inspected beyond being non-empty."""
    upload_content_check(name="photo.jpg", file=io.BytesIO(b"\x00\x01binary"))
    upload_content_check(name="noextension", file=io.BytesIO(b"\x00\x01binary"))


@pytest.mark.parametrize("name", ["empty.txt", "empty.jpg", "empty.zip", "empty"])
def test_empty_files_are_refused_whatever_the_type(name):
    """An empty file is refused with its own reason, for every type."""
    assert _refusal(name, b"").code == "empty_file"


# --- Text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "名称,住所\n".encode(),
        "\ufeff名称,住所\n".encode(),
        "名称,住所\n".encode("cp932"),
        # Characters only Windows' Shift_JIS (CP932) has: ① and ㈱.
        "①,㈱\n".encode("cp932"),
        b"plain ascii\r\n",
    ],
)
@pytest.mark.parametrize("extension", ["csv", "txt", "CSV"])
def test_text_in_utf8_or_cp932_is_accepted(extension, content):
    """UTF-8 (with or without BOM) and CP932 text pass as .csv and .txt."""
    upload_content_check(name=f"data.{extension}", file=io.BytesIO(content))


@pytest.mark.parametrize("extension", ["csv", "txt"])
def test_text_with_a_nul_byte_is_refused(extension):
    """A NUL byte means binary, even when every byte decodes."""
    assert _refusal(f"data.{extension}", b"abc\x00def").code == "not_text"


def test_bytes_that_are_neither_utf8_nor_cp932_are_refused():
    """Bytes that no accepted encoding can read are not text."""
    # 0x81 starts a two-byte CP932 character but a space cannot end one, and
    # 0x81 cannot start a UTF-8 character.
    error = _refusal("data.csv", b"name\x81 x")
    assert error.code == "not_text"


def test_cp932_text_that_is_not_utf8_is_accepted():
    """A Shift_JIS file (invalid as UTF-8) passes on its second encoding."""
    content = "大田原市,黒羽\n".encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    upload_content_check(name="data.csv", file=io.BytesIO(content))


def test_text_decided_by_the_first_64_kib_only():
    """Binary content after the sniffed bytes is not looked at."""
    content = b"a" * SNIFF_BYTES + b"\x00\xff\xfe binary tail"
    upload_content_check(name="big.txt", file=io.BytesIO(content))


def test_utf8_cut_at_the_sniff_boundary_is_still_text():
    """The sample may end inside a UTF-8 character that CP932 cannot read
    either: it is still text (the rest of the character is beyond the sample)."""
    content = b"a" * (SNIFF_BYTES - 2) + "\ufffd".encode() + b"tail"
    upload_content_check(name="big.csv", file=io.BytesIO(content))


def test_binary_inside_the_first_64_kib_is_found():
    """A NUL just inside the sniffed bytes is found."""
    content = b"a" * (SNIFF_BYTES - 1) + b"\x00" + b"a" * 10
    assert _refusal("big.txt", content).code == "not_text"


def test_sniff_size_is_64_kib():
    """The check reads 64 KiB: enough for a CSV header and first rows."""
    assert SNIFF_BYTES == 64 * 1024


# --- File position ------------------------------------------------------------


class _Upload(io.BytesIO):
    """A file that records how much was read at once."""

    def __init__(self, content):
        super().__init__(content)
        self.reads = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


def test_check_reads_from_the_start_whatever_the_position():
    """A file already read to its end is still checked from its first byte,
    and left at the end for the caller."""
    upload = _Upload(PDF + b"rest")
    upload.seek(0, io.SEEK_END)
    upload_content_check(name="a.pdf", file=upload)
    assert upload.tell() == len(PDF) + 4
    assert upload.reads == [SNIFF_BYTES]


def test_position_is_restored_after_a_refusal():
    """A refused file is also left where it was."""
    upload = io.BytesIO(b"<html></html>")
    upload.seek(3)
    with pytest.raises(ValidationError):
        upload_content_check(name="a.pdf", file=upload)
    assert upload.tell() == 3


# --- Messages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", b""), ("a.pdf", b"<html>"), ("a.csv", b"\x00binary")],
)
def test_every_refusal_has_a_message(name, content):
    """Each refusal carries a readable message for the form (its wording is
    not fixed here; the code says which rule refused the file)."""
    with translation.override("en"):
        messages = _refusal(name, content).messages
    assert len(messages) == 1
    assert isinstance(messages[0], str)
    assert messages[0].strip()


@pytest.mark.parametrize(
    ("name", "content", "essence"),
    [("a.pdf", b"", "empty"), ("a.csv", b"\x00binary", "text")],
)
def test_refusal_message_states_the_reason(name, content, essence):
    """The message says what is wrong (an empty file, a file that is not text)."""
    with translation.override("en"):
        message = _refusal(name, content).messages[0]
    assert essence in message.lower()


def test_mismatch_message_names_the_claimed_type():
    """The content-mismatch message names the extension the file claimed."""
    with translation.override("en"):
        message = _refusal("notice.PDF", b"<html>").messages[0]
    assert ".pdf" in message


@pytest.mark.parametrize(
    ("name", "content", "english", "japanese"),
    [
        ("a.pdf", b"", "The file is empty.", "ファイルが空です。"),
        (
            "a.pdf",
            b"<html>",
            "The file's content does not match its type (.pdf). "
            "Please save it again as .pdf and upload it.",
            "ファイルの中身が形式（.pdf）と一致しません。",
        ),
        (
            "a.csv",
            b"\x00\x01",
            "The file is not readable text. Please save it as UTF-8 or "
            "Shift_JIS text and upload it again.",
            "ファイルを文字として読み取れません。",
        ),
    ],
)
def test_refusal_messages_word_for_word(name, content, english, japanese):
    """What the uploader reads is exactly the reason and what to do, in their
    language (the Japanese text is the catalogue's translation)."""

    def message(language):
        with translation.override(language):
            error = _refusal(name, content)
            return str(error.message) % (error.params or {})

    assert message("en") == english
    assert message("ja").startswith(japanese)
