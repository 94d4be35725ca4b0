"""Throttles that work on Lambda without servers: counters in DynamoDB, one UpdateItem
per attempt, windows that start at the first attempt and vanish by TTL.

Subjects are an account (the email as typed, known or not: the same answer for both)
and an address (the caller's IP). Keys hold a keyed hash, never the email or address.
API Gateway's stage throttle (infra/api.py) caps the whole API; these cap one account
or one address on the routes that guess or send: sign-in, MFA, activation codes,
password resets, inbound email.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from chalicelib import clock
from chalicelib.errors import TooManyRequestsError


@dataclass(frozen=True)
class Limit:
    action: str
    hits: int  # allowed per window
    seconds: int  # window length


# per account | per address
SIGN_IN_ADDRESS = Limit("sign-in", 30, 15 * 60)
MFA_ADDRESS = Limit("mfa", 30, 15 * 60)
RESET_ACCOUNT = Limit("reset", 3, 60 * 60)
RESET_ADDRESS = Limit("reset-address", 10, 60 * 60)
ACTIVATE_ADDRESS = Limit("activate", 10, 15 * 60)
INBOUND_SENDER = Limit("inbound", 60, 60 * 60)


def _loopback(subject: str) -> bool:
    """Chalice's local gateway reports every caller as 127.0.0.1 (the devserver, tests):
    one shared address is no one's address. API Gateway always gives the client's."""
    import ipaddress

    try:
        return ipaddress.ip_address(subject).is_loopback
    except ValueError:
        return False


def sign_in_failures() -> Limit:
    """The lockout (wrong passwords and MFA codes), for known and unknown emails alike."""
    from chalicelib.config import get_settings

    settings = get_settings()
    return Limit("sign-in-failed", settings.max_failed_sign_ins, settings.lockout_minutes * 60)


def _key(limit: Limit, subject: str) -> str:
    from chalicelib.config import get_settings

    digest = hmac.new(get_settings().signing_secret.encode(), subject.strip().lower().encode(),
                      hashlib.sha256).hexdigest()[:32]
    return f"{limit.action}:{digest}"


def hit(limit: Limit, subject: str | None) -> tuple[int, int]:
    """Count one attempt; returns (attempts in this window, when the window ends)."""
    from datetime import datetime, timezone

    from pynamodb.exceptions import UpdateError

    from chalicelib.models.throttle import Throttle

    if not subject or _loopback(subject):
        return 0, 0
    now = int(clock.epoch())
    item = Throttle(_key(limit, subject))
    try:
        item.update(actions=[Throttle.count.add(1)],
                    condition=Throttle.expires > datetime.fromtimestamp(now, timezone.utc))
    except UpdateError:  # no window yet, or an ended one TTL has not deleted yet: start one
        ends = datetime.fromtimestamp(now + limit.seconds, timezone.utc)
        item.update(actions=[Throttle.count.set(1), Throttle.expires.set(ends)])
    return int(item.count), int(item.expires.timestamp())


def over(limit: Limit, subject: str | None) -> int | None:
    """Seconds until `subject` may try again, if its window is used up (a read, no count)."""
    from chalicelib.models.throttle import Throttle

    if not subject:
        return None
    now = int(clock.epoch())
    try:
        item = Throttle.get(_key(limit, subject))
    except Throttle.DoesNotExist:
        return None
    ends = int(item.expires.timestamp())
    if ends > now and item.count >= limit.hits:
        return ends - now
    return None


def forget(limit: Limit, subject: str) -> None:
    """Clear a subject's window (staff unlock an account)."""
    from chalicelib.models.throttle import Throttle

    Throttle(_key(limit, subject)).delete()


def check(limit: Limit, subject: str | None, what: str = "Too many attempts.") -> None:
    """Count an attempt and refuse it (429, Retry-After, when in words) past the limit."""
    attempts, ends = hit(limit, subject)
    if attempts > limit.hits:
        refuse(ends - int(clock.epoch()), what)


def refuse(seconds: int, what: str = "Too many attempts.", code: str = "too_many_requests") -> None:
    from datetime import timedelta

    seconds = max(1, seconds)
    at = clock.local(clock.now() + timedelta(seconds=seconds))
    when = at.strftime("%-I:%M %p")
    minutes = -(-seconds // 60)
    raise TooManyRequestsError(f"{what} Try again in {minutes} minute{'s' if minutes != 1 else ''} "
                               f"(at {when}).", code=code, retry_after=seconds)
