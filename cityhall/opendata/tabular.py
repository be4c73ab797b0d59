"""Reading uploaded tables: text encoding detection and CSV/XLSX parsing.

Japanese offices save CSV as UTF-8, UTF-8 with a byte-order mark, or Shift_JIS
as Windows writes it (CP932). Detection is deterministic for these three (a BOM,
then strict UTF-8, then strict CP932: CP932 text is almost never valid UTF-8)
and falls back to charset-normalizer for anything else (EUC-JP, UTF-16 …).
The encoding found is reported with the upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from cityhall.opendata.errors import OpenDataError

#: Encoding names as reported to staff and stored on the version.
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "cp932": "Shift_JIS (CP932)",
}


@dataclass
class RawTable:
    """A table as read: header row, data rows (strings, read lazily so that a
    million-row file is streamed), the encoding found."""

    headers: list[str]
    rows: Iterator[list[str]]
    encoding: str  # a Python codec name, "" for XLSX


def text_decode(data: bytes) -> tuple[str, str]:
    """``data`` as text and the Python codec it was written in.

    Raises :class:`OpenDataError` (``invalid_upload``) when no encoding fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(data[: 1024 * 1024]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise OpenDataError(
        _(
            "The file's text encoding could not be recognised. "
            "Save it as UTF-8 or Shift_JIS."
        ),
        code="invalid_upload",
    )


def encoding_label(encoding: str) -> str:
    """How an encoding is named to staff (``Shift_JIS (CP932)``)."""
    return ENCODING_LABELS.get(encoding, encoding.upper() if encoding else "XLSX")


def csv_read(data: bytes) -> RawTable:
    """Parse CSV bytes in any of the supported encodings."""
    text, encoding = text_decode(data)
    if "\x00" in text:
        raise OpenDataError(
            _("The file is not a CSV text file."), code="invalid_upload"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_row = next(reader, None)
    except csv.Error as error:
        raise _csv_error(error) from error
    if header_row is None:
        raise OpenDataError(_("The file is empty."), code="invalid_upload")
    headers = [cell.strip() for cell in header_row]

    def rows() -> Iterator[list[str]]:
        try:
            for row in reader:
                # Blank lines (spreadsheets add them at the end) are not rows.
                if any(cell.strip() for cell in row):
                    yield row
        except csv.Error as error:
            raise _csv_error(error) from error

    return RawTable(headers=headers, rows=rows(), encoding=encoding)


def _csv_error(error: csv.Error) -> OpenDataError:
    return OpenDataError(
        _("The CSV file cannot be read: %(error)s") % {"error": error},
        code="invalid_upload",
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_read(data: bytes) -> RawTable:
    """Parse the first worksheet of an XLSX workbook (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken zip
        raise OpenDataError(
            _("The file is not a readable XLSX workbook."), code="invalid_upload"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [
            [_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise OpenDataError(_("The file is empty."), code="invalid_upload")
    headers = [cell.strip() for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    return RawTable(
        headers=headers, rows=iter([row[:width] for row in rows[1:]]), encoding=""
    )
