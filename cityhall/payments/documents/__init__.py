"""Printed documents of the payments app (reportlab, embedded Japanese font):
the 納付書 with its Pay-easy numbers and convenience-store barcode
(``payment_slip``), and the 領収書 for a successful payment (``receipt``)."""
