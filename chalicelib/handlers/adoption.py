"""/staff/adoption: the adoption dashboard (issue 15), for the admin and providers."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import caller, route

bp = Blueprint(__name__)


@route(bp, "/staff/adoption", tag="staff",
       summary="Portal adoption: twelve practice weeks of invitations, activity, bookings, messages, results "
               "and payments, counts only (admin, provider)")
def adoption_dashboard():
    from chalicelib.services.adoption import dashboard

    return dashboard.get(caller(bp))
