"""Amounts of money as integers in the minor unit of an ISO 4217 currency, and their display.

How many digits a currency has after the point (2 for USD, 0 for JPY, 3 for KWD) and how an
amount is written come from Babel's copy of the Unicode CLDR, not from a table of our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.core import Locale
from babel.numbers import format_currency, get_currency_precision, list_currencies

# ISO 4217 codes that are money (not funds, metals or testing codes), as CLDR lists them.
CURRENCIES = frozenset(
    code
    for code in list_currencies()
    if len(code) == 3 and code.isalpha() and code.isupper() and not code.startswith("X")
)
DISPLAY_LOCALE = Locale.parse("en_US")


class UnknownCurrency(ValueError):
    pass


def check_currency(code: str) -> str:
    """The code in upper case if it is a known ISO 4217 currency, else UnknownCurrency."""
    upper = (code or "").strip().upper()
    if upper not in CURRENCIES:
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency code")
    return upper


def digits(currency: str) -> int:
    """Digits after the point in the currency's minor unit (USD 2, JPY 0, KWD 3)."""
    return get_currency_precision(check_currency(currency))


def to_minor(major: Decimal | str | int, currency: str) -> int:
    """A major-unit amount (Decimal("80.00") USD) as an integer of minor units (8000),
    rounding half up to the currency's minor unit."""
    scale = Decimal(10) ** digits(currency)
    return int((Decimal(major) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major(amount: int, currency: str) -> Decimal:
    """Minor units back to an exact Decimal in the major unit (8000 USD -> 80.00)."""
    places = digits(currency)
    return (Decimal(amount) / (Decimal(10) ** places)).quantize(Decimal(1).scaleb(-places))


def display(amount: int, currency: str) -> str:
    """The amount as people read it: "$80.00", "¥1,500", "KWD 1.250"."""
    return format_currency(to_major(amount, currency), currency, locale=DISPLAY_LOCALE)


def share(amount: int, basis_points: int) -> int:
    """`basis_points` / 10000 of an amount (2500 = 25 %), rounded half up to a minor unit."""
    return int(
        (Decimal(amount) * basis_points / Decimal(10_000)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )


def included_tax(amount: int, rate_bps: int) -> int:
    """The tax inside a tax-inclusive amount at `rate_bps` (1000 = 10 %): amount * r / (1 + r),
    rounded half up to a minor unit."""
    if rate_bps <= 0:
        return 0
    return int(
        (Decimal(amount) * rate_bps / Decimal(10_000 + rate_bps)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str

    def display(self) -> str:
        return display(self.amount, self.currency)
