"""The 納付書 and 領収書 PDFs: their text (amounts, numbers, dates) read back
with pypdf, the Japanese font embedded in them, and the convenience-store
barcode decoded from the bars actually drawn in the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
from django.urls import reverse

from cityhall.core.tests.factories import UserFactory
from cityhall.payments.cvs import cvs_barcode_data, cvs_barcode_parse
from cityhall.payments.documents.fonts import font_path
from cityhall.payments.documents.payment_slip import BAR_HEIGHT, BAR_WIDTH
from cityhall.payments.services.invoices import payment_settings_for
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.tests.factories import invoice_make

pytestmark = pytest.mark.django_db

#: Code 128 bar/space widths of symbol values 0–106 (ISO/IEC 15417 table),
#: written out here so that decoding does not rely on the encoder's own table.
CODE128 = """212222 222122 222221 121223 121322 131222 122213 122312 132212 221213
221312 231212 112232 122132 122231 113222 123122 123221 223211 221132
221231 213212 223112 312131 311222 321122 321221 312212 322112 322211
212123 212321 232121 111323 131123 131321 112313 132113 132311 211313
231113 231311 112133 112331 132131 113123 113321 133121 313121 211331
231131 213113 213311 213131 311123 311321 331121 312113 312311 332111
314111 221411 431111 111224 111422 121124 121421 141122 141221 112214
112412 122114 122411 142112 142211 241211 221114 413111 241112 134111
111242 121142 121241 114212 124112 124211 411212 421112 421211 212141
214121 412121 111143 111341 131141 114113 114311 411113 411311 113141
114131 311141 411131 211412 211214 211232 2331112""".split()  # noqa: SIM905
START_C, FNC1, STOP = 105, 102, 106


@pytest.fixture
def alice():
    return UserFactory()


def _invoice(resident, **extra):
    invoice = invoice_make(resident=resident, **extra)
    settings = payment_settings_for(invoice.municipality)
    settings.payeasy_biller_number = "58021"
    settings.cvs_company_code = "912345"
    settings.save()
    return invoice


def _pdf(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _embedded_fonts(reader: pypdf.PdfReader) -> list[str]:
    """Base names of the fonts whose program is embedded in the file."""
    names = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            names.append(str(font["/BaseFont"]))
    return names


def _barcode_decode(reader: pypdf.PdfReader) -> str:
    """Read the GS1-128 symbol back from the filled rectangles in the page:
    bar widths and the gaps between them, in modules, matched against the
    Code 128 table; checks start code C, FNC1, the check symbol and stop."""
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    rect = re.compile(r"([\d.]+) 0 ([\d.]+) ([\d.]+) re")
    bars = [
        (float(x), float(w))
        for x, w, h in rect.findall(content)
        if abs(float(h) - BAR_HEIGHT) < 0.01
    ]
    assert bars, "no barcode in the PDF"
    widths = []
    for index, (x, w) in enumerate(bars):
        widths.append(round(w / BAR_WIDTH))
        if index + 1 < len(bars):
            widths.append(round((bars[index + 1][0] - x - w) / BAR_WIDTH))
    symbols = []
    while len(widths) > 7:
        pattern = "".join(str(n) for n in widths[:6])
        symbols.append(CODE128.index(pattern))
        widths = widths[6:]
    assert "".join(str(n) for n in widths) == CODE128[STOP]
    assert symbols[:2] == [START_C, FNC1]
    *data, check = symbols
    assert check == (data[0] + sum(i * v for i, v in enumerate(data[1:], 1))) % 103
    return "".join(f"{value:02d}" for value in data[2:])


def test_payment_slip_pdf_has_the_amounts_numbers_and_font(client, alice):
    """The 納付書 carries payer, amount in yen, due date in era and western form,
    期別, the three Pay-easy numbers, with IPAex Gothic embedded."""
    invoice = _invoice(
        alice,
        amount=10_800,
        due_date=dt.date(2026, 5, 31),
        installment=2,
        payer_name="那須 一葉",
    )
    reader = _pdf(client_get(client, alice, "payment_slip_pdf", invoice))
    text = _text(reader)
    assert "那須 一葉" in text
    assert "10,800" in text
    assert "令和8年5月31日" in text and "2026-05-31" in text
    assert "58021" in text
    assert invoice.reference_number in text
    assert invoice.confirmation_number in text
    assert "軽自動車税" in text or "Light motor vehicle tax" in text
    assert any(name.endswith("+IPAexGothic") for name in _embedded_fonts(reader))


def test_payment_slip_barcode_encodes_the_invoice(client, alice):
    """The bars drawn decode to the invoice's 44-digit AI 91 data, which reads
    back as its amount and due date; the digits are printed beneath."""
    invoice = _invoice(alice, amount=23_400, due_date=dt.date(2026, 8, 31))
    reader = _pdf(client_get(client, alice, "payment_slip_pdf", invoice))
    decoded = _barcode_decode(reader)
    assert decoded == cvs_barcode_data(
        company_code="912345",
        reference_number=invoice.reference_number,
        due_date=invoice.due_date,
        amount=23_400,
    )
    parsed = cvs_barcode_parse(decoded)
    assert parsed.amount == 23_400
    assert parsed.due_date == dt.date(2026, 8, 31)
    assert parsed.reference == invoice.reference_number.lstrip("0")
    assert decoded[8:29] in _text(reader).replace(" ", "")


def test_payment_slip_without_convenience_store_has_no_barcode(client, alice):
    """Over 999,999 yen: no barcode, and the slip says stores cannot take it."""
    invoice = _invoice(alice, amount=1_500_000)
    reader = _pdf(client_get(client, alice, "payment_slip_pdf", invoice))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert " re" not in content
    assert "1,500,000" in _text(reader)


def test_payment_slip_of_a_paid_invoice_is_not_found(client, alice):
    """A paid invoice has a receipt, not a slip to pay with."""
    invoice = _invoice(alice, amount=1_000)
    payment_record_received(
        invoice=invoice, channel="counter", amount=1_000, provider_reference="x"
    )
    assert client_get(client, alice, "payment_slip_pdf", invoice).status_code == 404


def test_receipt_pdf_has_the_payment(client, alice):
    """The 領収書: amount, payment and receipt numbers, date paid, font."""
    invoice = _invoice(alice, amount=4_321, payer_name="黒羽 芭蕉")
    payment = payment_record_received(
        invoice=invoice,
        channel="counter",
        amount=4_321,
        provider_reference="receipt:R-0001",
        receipt_number="R-0001",
        paid_at=dt.datetime(2026, 6, 1, 1, 0, tzinfo=dt.UTC),
    )
    reader = _pdf(client_get(client, alice, "receipt_pdf", payment))
    text = _text(reader)
    assert "4,321" in text
    assert "黒羽 芭蕉" in text
    assert "R-0001" in text
    assert invoice.reference_number in text
    assert "令和8年6月1日" in text
    assert any(name.endswith("+IPAexGothic") for name in _embedded_fonts(reader))


def test_other_resident_gets_404_for_each_pdf(client, alice):
    """Bob asks for Alice's slip and receipt: 404 both, as for unknown ids."""
    invoice = _invoice(alice, amount=1_000)
    paid = _invoice(alice, amount=2_000)
    payment = payment_record_received(
        invoice=paid, channel="counter", amount=2_000, provider_reference="y"
    )
    bob = UserFactory()
    assert client_get(client, bob, "payment_slip_pdf", invoice).status_code == 404
    assert client_get(client, bob, "receipt_pdf", payment).status_code == 404
    assert client_get(client, alice, "receipt_pdf", payment).status_code == 200


def test_font_ships_with_the_project():
    """The TTF comes from an installed package, not from the system."""
    path = font_path()
    assert path.is_file()
    assert "site-packages" in str(path) or "dist-packages" in str(path)


def client_get(client, user, name, obj):
    client.force_login(user)
    return client.get(reverse(f"payments:{name}", args=[obj.public_id]))
