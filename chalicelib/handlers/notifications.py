"""/notifications/unsubscribe: the one-click List-Unsubscribe target (no sign-in)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import obj, route

EMPTY = obj({})

bp = Blueprint(__name__)


# The body is RFC 8058's form "List-Unsubscribe=One-Click" (not read: the token says it all).
@route(bp, "/notifications/unsubscribe", "POST", public=True, tag="notifications", body=EMPTY,
       query={"token": "the signed token from the List-Unsubscribe header"},
       content_types=["application/x-www-form-urlencoded", "application/json", "multipart/form-data"],
       summary="One-click unsubscribe from patient notices (RFC 8058); account mail still goes out")
def unsubscribe():
    from chalicelib.services.unsubscribe import unsubscribe as turn_off

    return turn_off((bp.current_request.query_params or {}).get("token", ""))
