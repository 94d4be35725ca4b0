"""GET /me: who is signed in, their roles, and the patients they may act for."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import caller, route
from chalicelib.services import me

bp = Blueprint(__name__)


@route(bp, "/me", summary="The signed-in user, roles and the patients they may act for", tag="me")
def get_me():
    return me.describe(caller(bp))
