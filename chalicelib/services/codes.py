"""Single-use codes for invitations and password resets.

Codes are 8 characters from Crockford's alphabet (no I, L, O, U), shown as
XXXX-XXXX; only a keyed hash is stored, so a table leak reveals no code.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.errors import TooManyRequestsError, UnprocessableError
from chalicelib.models.one_time_code import OneTimeCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_ATTEMPTS = 5


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{cleaned[:4]}-{cleaned[4:]}"


def code_hash(code: str) -> str:
    key = get_settings().signing_secret.encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def build(purpose: str, email: str, ttl_seconds: int, **fields) -> tuple[str, OneTimeCode]:
    """A fresh code and its unsaved item (callers save it, often in a transaction)."""
    code = new_code()
    expires = int(clock.epoch()) + ttl_seconds
    item = OneTimeCode(code_hash(code), purpose=purpose, email=email, expires_at=expires,
                       purge_at=timedelta(seconds=ttl_seconds, days=30), **fields)
    return code, item


def redeemable(code: str, purpose: str, field: str = "code") -> OneTimeCode:
    """The unused, unexpired code item, or a clear 422 naming `field`."""
    invalid = UnprocessableError("This code is not valid or has expired.", field=field)
    try:
        item = OneTimeCode.get(code_hash(code))
    except OneTimeCode.DoesNotExist:
        raise invalid from None
    if item.purpose != purpose or item.used_at or item.expires_at < clock.epoch():
        raise invalid
    if item.failed_attempts >= MAX_ATTEMPTS:
        raise TooManyRequestsError("Too many wrong attempts with this code. Ask for a new one.",
                                   field=field)
    return item


def count_failure(item: OneTimeCode) -> None:
    item.update(actions=[OneTimeCode.failed_attempts.add(1)])
