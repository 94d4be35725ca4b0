"""/staff/today: the staff landing page, answered for the caller's role(s)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import caller, route

bp = Blueprint(__name__)


@route(bp, "/staff/today", tag="staff",
       summary="Today for the caller's role: counts and short lists, each linking to the work (staff)")
def today():
    from chalicelib.services.today import today as build

    return build(caller(bp))
