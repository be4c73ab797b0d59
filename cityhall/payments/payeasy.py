"""Pay-easy (ペイジー) numbers: 収納機関番号, 納付番号 and 確認番号.

The biller number is assigned by the network; the payment number (納付番号)
and the confirmation number (確認番号) are the municipality's own, printed on
the 納付書 and typed by the payer at an ATM or in internet banking. Their
lengths are set per municipality in :class:`~cityhall.payments.models.PaymentSettings`;
the payment number ends with a modulus-10 check digit (weights 3 and 1 from the
right), which catches every single mistyped digit and most swaps of
neighbours.
"""

from __future__ import annotations

import secrets


def mod10_weight31_check_digit(digits: str) -> str:
    """Modulus 10, weights 3,1,3,1… from the rightmost digit (as in GS1)."""
    if not digits.isdigit():
        raise ValueError("digits only")
    total = 0
    for position, char in enumerate(reversed(digits)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def payment_number_is_valid(number: str, *, digits: int) -> bool:
    """True when ``number`` has ``digits`` digits and a correct check digit."""
    return (
        len(number) == digits
        and number.isdigit()
        and mod10_weight31_check_digit(number[:-1]) == number[-1]
    )


def payment_number_generate(*, digits: int) -> str:
    """A random payment number of ``digits`` digits, check digit last.

    Random rather than sequential so that a number cannot be guessed from a
    neighbour's; the caller retries on the (rare) unique-constraint collision.
    """
    if not 4 <= digits <= 20:
        raise ValueError("a payment number has 4 to 20 digits")
    body = str(secrets.randbelow(10 ** (digits - 1))).zfill(digits - 1)
    return body + mod10_weight31_check_digit(body)


def confirmation_number_generate(*, digits: int) -> str:
    """A random confirmation number (確認番号) of ``digits`` digits."""
    if not 1 <= digits <= 16:
        raise ValueError("a confirmation number has 1 to 16 digits")
    return str(secrets.randbelow(10**digits)).zfill(digits)
