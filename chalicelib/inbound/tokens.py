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


def owner(address: str, roles: frozenset[str]):
    """The active staff User (with one of `roles`) this address was signed for, or None.

    The address does not name its owner (64 characters leave no room), so the staff who
    could have been sent it are tried: the Cognito groups list them (no Scan), and an
    HMAC per candidate is cheap. Used only when a reply comes from someone else."""
    from chalicelib.aws import client
    from chalicelib.models.user import User

    token = read(address)
    if token is None:
        return None
    mac = address.strip().lower().rpartition("@")[0].rsplit(".", 1)[1]
    subs: set[str] = set()
    for role in sorted(roles):
        pages = client("cognito-idp").get_paginator("list_users_in_group").paginate(
            UserPoolId=get_settings().user_pool_id, GroupName=role)
        subs |= {a["Value"] for p in pages for u in p["Users"] for a in u["Attributes"] if a["Name"] == "sub"}
    for user_id in sorted(subs):
        if hmac.compare_digest(_mac(token.workflow, token.object_id, token.expires_at, user_id), mac):
            user = next(iter(User.batch_get([user_id])), None)
            return user if user is not None and user.status == "active" else None
    return None
