"""Signed, expiring reply addresses: <workflow>.<object id>.<expiry>.<mac>@<inbound domain>.

The MAC covers the workflow, the object, the expiry and the staff user the
address was issued to; the user id is not in the address: the router supplies
the id of the user the From address belongs to, so an address forwarded to a
colleague does not verify. Lower case only (mail systems may fold case) and
at most 64 characters (RFC 5321 local-part limit).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from chalicelib.config import get_settings

LOCAL_PART = re.compile(r"^([a-z]{1,8})\.([a-z0-9-]{1,40})\.([0-9a-z]{1,8})\.([a-z2-7]{16})$")


class TokenError(Exception):
    """The address is not one the portal issued to this user, or it has expired."""


@dataclass(frozen=True)
class ReplyToken:
    workflow: str
    object_id: str
    expires_at: int  # epoch seconds


def _mac(workflow: str, object_id: str, expires_at: int, user_id: str) -> str:
    key = get_settings().signing_secret.encode()
    message = f"inbound-reply|{workflow}|{object_id}|{expires_at}|{user_id}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


def reply_address(workflow: str, object_id: str, user_id: str, expires_at: int) -> str:
    local = f"{workflow}.{object_id}.{_base36(expires_at)}.{_mac(workflow, object_id, expires_at, user_id)}"
    if not LOCAL_PART.match(local) or len(local) > 64:
        raise ValueError("workflow names are 1-8 letters; object ids 1-40 of [a-z0-9-]")
    return f"{local}@{get_settings().inbound_domain}"


def read(address: str) -> ReplyToken | None:
    """The token in an address on our inbound domain, unverified; None if there is none."""
    local, _, domain = address.strip().lower().rpartition("@")
    match = LOCAL_PART.match(local)
    if domain != get_settings().inbound_domain or not match:
        return None
    return ReplyToken(match.group(1), match.group(2), int(match.group(3), 36))


def verify(address: str, user_id: str, now: float) -> ReplyToken:
    token = read(address)
    if token is None:
        raise TokenError("unsigned")
    expected = _mac(token.workflow, token.object_id, token.expires_at, user_id)
    if not hmac.compare_digest(expected, address.strip().lower().rpartition("@")[0].rsplit(".", 1)[1]):
        raise TokenError("bad signature")
    if now > token.expires_at:
        raise TokenError("expired")
    return token
