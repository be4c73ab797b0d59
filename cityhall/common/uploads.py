"""Checking uploaded files against what their names claim to be.

Wagtail checks a document's extension and size; it does not look inside. A file
named ``.pdf`` that is really an HTML page or a program would then be served from
the city's own domain. ``upload_content_check`` reads the first bytes and refuses
a file whose content does not match its extension.
"""

from __future__ import annotations

import codecs
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Bytes read from the start of a file to decide what it is.
SNIFF_BYTES = 64 * 1024

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "zip": _ZIP_SIGNATURES,
    # Office Open XML and OpenDocument files are zip containers.
    "docx": _ZIP_SIGNATURES,
    "xlsx": _ZIP_SIGNATURES,
    "pptx": _ZIP_SIGNATURES,
    "odt": _ZIP_SIGNATURES,
    "ods": _ZIP_SIGNATURES,
    "odp": _ZIP_SIGNATURES,
}
_TEXT_EXTENSIONS = frozenset({"csv", "txt"})
#: Encodings Japanese offices save text in: UTF-8 (with or without BOM), and
#: Shift_JIS as Windows writes it (CP932).
_TEXT_ENCODINGS = ("utf-8-sig", "cp932")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in _TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # final=False: the sample may end inside a multi-byte character.
            decoder.decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def upload_content_check(*, name: str, file: IO[bytes]) -> None:
    """Raise ValidationError when ``file``'s content does not match ``name``'s
    extension. Extensions without a known signature are left to the caller's
    extension allow-list. The file position is restored."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    position = file.tell()
    try:
        file.seek(0)
        head = file.read(SNIFF_BYTES)
    finally:
        file.seek(position)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if extension in _SIGNATURES:
        if not head.startswith(_SIGNATURES[extension]):
            raise ValidationError(
                _(
                    "The file's content does not match its type (.%(extension)s). "
                    "Please save it again as .%(extension)s and upload it."
                ),
                code="content_mismatch",
                params={"extension": extension},
            )
    elif extension in _TEXT_EXTENSIONS and not _is_text(head):
        raise ValidationError(
            _(
                "The file is not readable text. Please save it as UTF-8 or "
                "Shift_JIS text and upload it again."
            ),
            code="not_text",
        )
