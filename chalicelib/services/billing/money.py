"""Amounts: integer cents inside the portal, "12.34" strings at its edges."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^-?\d{1,7}(\.\d{1,2})?$")


def parse_cents(text: str) -> int:
    """'125', '125.5', '125.50', '$1,250.00' -> cents. ValueError when it is not an amount."""
    cleaned = (text or "").strip().replace("$", "").replace(",", "")
    if not _AMOUNT.match(cleaned):
        raise ValueError(text)
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:
        raise ValueError(text) from None


def dollars(cents: int) -> str:
    """1234 -> '$12.34'; -500 -> '-$5.00'."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"
