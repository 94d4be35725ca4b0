"""Opaque, signed list cursors.

A cursor is DynamoDB's LastEvaluatedKey, signed together with the list it
belongs to (for example "audit:<patient id>"), so a client cannot edit it to
walk into another partition or another list.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

from chalicelib.config import get_settings
from chalicelib.errors import InvalidError

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def _sign(scope: str, payload: bytes) -> str:
    key = get_settings().signing_secret.encode()
    return hmac.new(key, scope.encode() + b"\0" + payload, hashlib.sha256).hexdigest()[:32]


def encode_cursor(last_key: dict | None, scope: str) -> str | None:
    if not last_key:
        return None
    payload = json.dumps(last_key, sort_keys=True, separators=(",", ":")).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{token}.{_sign(scope, payload)}"


def decode_cursor(cursor: str | None, scope: str) -> dict | None:
    if not cursor:
        return None
    try:
        token, signature = cursor.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        valid = hmac.compare_digest(signature, _sign(scope, payload))
        key = json.loads(payload) if valid else None
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, dict):
        raise InvalidError("The cursor is not valid for this list.", field="cursor")
    return key


def parse_limit(raw: str | None) -> int:
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise InvalidError("limit must be a whole number.", field="limit") from None
    if not 1 <= value <= MAX_LIMIT:
        raise InvalidError(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
    return value


def one_page(result, model) -> tuple[list, dict | None]:
    """Exactly one Query call of a PynamoDB query `result` (made with `page_size` = its
    limit): the items that passed its filter and the key to go on from. With a filter,
    PynamoDB's iterator would read on until `limit` items passed, so the items read grew
    with everything the filter drops; one page may come back short (even empty) with a
    cursor, and the next page goes on from it (issue 16)."""
    try:
        page = next(result.page_iter)
    except StopIteration:
        return [], None
    return [model.from_raw_data(raw) for raw in page.get("Items", [])], result.page_iter.last_evaluated_key


def count_up_to(index, hash_key, cap: int, **kw) -> tuple[int, bool]:
    """How many items a partition holds, up to `cap`, and whether there are more: one Query
    of at most `cap` + 1 items. Not PynamoDB's `count(limit=n)`: with Select COUNT no items
    come back, so its iterator's limit never runs out and it pages `n` at a time through the
    whole partition (issue 16: the invitation status read every waiting patient)."""
    result = index.query(hash_key, limit=cap + 1, page_size=cap + 1, **kw)
    try:
        found = len(next(result.page_iter).get("Items", []))
    except StopIteration:
        found = 0
    return min(found, cap), found > cap
