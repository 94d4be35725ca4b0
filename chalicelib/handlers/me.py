"""GET /me: who is signed in, their roles, and the patients they may act for."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import caller, route
from chalicelib.services import me

bp = Blueprint(__name__)


@route(bp, "/me", summary="The signed-in user, roles, MFA status and the patients they may act for", tag="me")
def get_me():
    described = me.describe(caller(bp))
    # The authorizer already read the User row: the account page shows MFA on/off from it.
    authorizer = (bp.current_request.context or {}).get("authorizer") or {}
    return {**described, "mfa_enabled": authorizer.get("mfa_enabled") == "true"}
