"""The answers produced before a view runs, in the portal's one error shape
`{"error": {"code", "message", "field"}}`.

API Gateway answers some requests itself (no or bad token, unknown path, throttled,
too large); Chalice answers others (method not allowed, unsupported media type).
infra/api.py turns RESPONSES into the REST API's gateway responses; locally
devserver/gateway.py gives Chalice's LocalGateway the same answers; app.py reshapes
Chalice's own.
"""
from __future__ import annotations

import json

# API Gateway response type -> (status, code, message). Status None keeps API Gateway's.
RESPONSES: dict[str, tuple[int | None, str, str]] = {
    # No Authorization header at all.
    "UNAUTHORIZED": (401, "unauthenticated", "Sign in to continue."),
    # Our authorizer refused the token (forged, expired, signed out): the web app
    # refreshes or signs in again on a 401, so say 401, not API Gateway's 403.
    "ACCESS_DENIED": (401, "unauthenticated", "Your session has ended. Sign in again."),
    # API Gateway's answer to a path (or a method on it) it does not have.
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found", "There is nothing at this address."),
    "RESOURCE_NOT_FOUND": (404, "not_found", "There is nothing at this address."),
    "UNSUPPORTED_MEDIA_TYPE": (415, "unsupported_media_type", "Send the body as application/json."),
    "REQUEST_TOO_LARGE": (413, "payload_too_large", "The request body is too large."),
    "THROTTLED": (429, "too_many_requests", "Too many requests. Try again in a minute."),
    "QUOTA_EXCEEDED": (429, "too_many_requests", "Too many requests. Try again in a minute."),
    "DEFAULT_4XX": (None, "refused", "The request was refused."),
    "DEFAULT_5XX": (None, "internal", "Something went wrong. Try again."),
}
# Seconds a throttled client should wait (Retry-After on THROTTLED).
THROTTLED_RETRY_AFTER = 60

# Chalice's own pre-view errors ({"Code": ..., "Message": ...}) -> code, message.
CHALICE = {
    405: ("method_not_allowed", "This address does not accept that method."),
    415: ("unsupported_media_type", "Send the body as application/json."),
    400: ("invalid", "The request is not valid."),
}


def body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message, "field": None}})
