"""/staff...: the admin's staff management (invite, roles, deactivate, reactivate, activity)
and the invitee's activation (/auth/staff-activate, public: the code is the credential)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import EMAIL, PASSWORD, body, caller, obj, query_param, route, source_ip, text
from chalicelib.pagination import parse_limit
from chalicelib.services import staff

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}
ROLES = {"type": "array", "minItems": 1, "maxItems": 5, "uniqueItems": True, "title": "the roles",
         "items": {"type": "string", "enum": ["provider", "nurse", "front_desk", "billing", "admin"]}}
INVITE = obj({"email": EMAIL, "display_name": text(120, title="the name"), "roles": ROLES,
              "npi": text(10, 10, pattern="^[0-9]{10}$", title="the NPI",
                      **{"x-message": "An NPI has 10 digits."})}, ("email", "display_name", "roles"))
CHANGE = obj({"roles": ROLES}, ("roles",))
ACTIVATE = obj({"code": text(16, title="the activation code"), "password": {**PASSWORD, "title": "a new password"}},
               ("code", "password"))
EMPTY = obj({})
ONE = "/staff/{user_id}"


@route(bp, "/staff", tag="staff", query=PAGE,
       summary="Staff accounts by email: roles, status, two-step sign-in, last sign-in (admin)")
def list_staff():
    return staff.list_staff(caller(bp), parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/staff/activity", tag="staff", query=PAGE, summary="Staff account changes, newest first (admin)")
def activity():
    return staff.activity(caller(bp), parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/staff/invitations", "POST", body=INVITE, tag="staff",
       summary="Invite a staff member by email with their roles (admin); they activate with the emailed code")
def invite():
    return Response(status_code=201, body=staff.invite(caller(bp), body(bp, INVITE)))


@route(bp, ONE + "/invitation", "POST", body=EMPTY, tag="staff",
       summary="Send a new invitation code (the earlier one stops working) (admin)")
def resend(user_id):
    body(bp, EMPTY)
    return staff.resend(caller(bp), user_id)


@route(bp, ONE + "/roles", "PUT", body=CHANGE, tag="staff", summary="Change a staff member's roles (admin)")
def change_roles(user_id):
    return staff.change_roles(caller(bp), user_id, body(bp, CHANGE)["roles"])


@route(bp, ONE + "/deactivate", "POST", body=EMPTY, tag="staff",
       summary="Deactivate: signed out at once everywhere; sign-in and emailed reply addresses stop working (admin)")
def deactivate(user_id):
    body(bp, EMPTY)
    return staff.deactivate(caller(bp), user_id)


@route(bp, ONE + "/reactivate", "POST", body=EMPTY, tag="staff", summary="Let a deactivated account sign in again (admin)")
def reactivate(user_id):
    body(bp, EMPTY)
    return staff.reactivate(caller(bp), user_id)


@route(bp, "/auth/staff-activate", "POST", public=True, body=ACTIVATE, tag="auth",
       summary="Activate a staff invitation with the emailed code and a password; returns tokens (MFA setup next)")
def activate():
    data = body(bp, ACTIVATE)
    return staff.activate(data["code"], data["password"], source_ip(bp))
