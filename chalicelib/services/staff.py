"""Staff management: the practice admin invites staff by email, changes their roles,
deactivates and reactivates them, and sees each account's two-step state and last sign-in.

An invitation creates the Cognito user (no password yet) and the portal account with
status "invited"; the invitee activates with the emailed single-use code and a password,
then sets up two-step sign-in like any staff member (the MFA setup flow). Deactivation
ends every session at once (Cognito global sign-out plus the portal's own revocation,
services/sessions.py), disables the Cognito user, and, because the portal only answers
active accounts, the reply addresses in emails already sent stop working for them too
(chalicelib/inbound/gate.py and tokens.py check the status).

Every change is audited in the practice's staff partition of the audit trail
(STAFF_AUDIT), which GET /staff/activity reads.
"""
from __future__ import annotations

from datetime import timedelta

from chalicelib import audit, clock, cognito
from chalicelib.auth import Caller, require
from chalicelib.config import STAFF_ROLES, get_settings
from chalicelib.errors import ConflictError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.one_time_code import OneTimeCode
from chalicelib.models.user import User
from chalicelib.observability import count, logger
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services import codes, sessions

STAFF_AUDIT = "staff-accounts"  # the audit partition of staff account changes
ROLE_WORDS = {"provider": "a provider", "nurse": "a nurse", "front_desk": "front desk staff",
              "billing": "billing staff", "admin": "the practice administrator"}


def list_staff(caller: Caller, limit: int, cursor: str | None) -> dict:
    """Every staff account by email (one Query of the sparse staff index)."""
    require(caller, "staff.manage")
    result = User.staff_index.query("staff", limit=limit, last_evaluated_key=decode_cursor(cursor, "staff"))
    return {"items": [to_dict(u) for u in result], "cursor": encode_cursor(result.last_evaluated_key, "staff")}


def activity(caller: Caller, limit: int, cursor: str | None) -> dict:
    require(caller, "staff.manage")
    events, next_cursor = audit.query(STAFF_AUDIT, limit=limit, cursor=cursor)
    return {"items": [{"at": e.at, "actor": e.actor_name, "action": e.action, "user_id": e.resource_id}
                      for e in events], "cursor": next_cursor}


def invite(caller: Caller, data: dict) -> dict:
    require(caller, "staff.manage")
    from chalicelib.services.accounts import find_user

    email = data["email"].strip().lower()
    roles = _roles(data["roles"])
    if find_user(email):
        raise ConflictError("An account with this email already exists.", field="email")
    sub = cognito.create_invited_user(email, sorted(roles))
    days = get_settings().invitation_days
    code, item = codes.build("staff_invitation", email, days * 86400, user_id=sub, created_by=caller.user_id)
    user = User(sub, email=email, display_name=data["display_name"].strip(), roles=roles, status="invited",
                staff_list="staff", invitation_code_hash=item.code_hash, invited_by_name=caller.display_name,
                created_at=iso_now(), npi=(data.get("npi") or None) if "provider" in roles else None)
    try:
        with transact_write() as tx:
            tx.save(item, condition=OneTimeCode.code_hash.does_not_exist())
            tx.save(user, condition=User.user_id.does_not_exist())
    except Exception:
        cognito.delete_user(email)  # nothing half written
        raise
    expires_on = (clock.today() + timedelta(days=days)).isoformat()
    _send_invitation(user, code, expires_on)
    audit.record(caller, STAFF_AUDIT, "invite", "staff-account", sub)
    count("StaffInvited")
    return {**to_dict(user), "expires_on": expires_on}


def resend(caller: Caller, user_id: str) -> dict:
    """A new code for an invitee who has not activated yet; the earlier code stops working."""
    require(caller, "staff.manage")
    user = _load(user_id)
    if user.status != "invited":
        raise ConflictError("This account is already activated.")
    days = get_settings().invitation_days
    code, item = codes.build("staff_invitation", user.email, days * 86400, user_id=user.user_id,
                             created_by=caller.user_id)
    with transact_write() as tx:
        tx.save(item, condition=OneTimeCode.code_hash.does_not_exist())
        tx.update(user, actions=[User.invitation_code_hash.set(item.code_hash)], condition=User.status == "invited")
    expires_on = (clock.today() + timedelta(days=days)).isoformat()
    _send_invitation(user, code, expires_on)
    audit.record(caller, STAFF_AUDIT, "invite", "staff-account", user.user_id)
    return {**to_dict(user), "expires_on": expires_on}


def _send_invitation(user: User, code: str, expires_on: str) -> None:
    from urllib.parse import quote

    from chalicelib import notify

    role = " and ".join(ROLE_WORDS[r] for r in sorted(user.roles))
    notify.send("staff_invitation", email=user.email, user_id=user.user_id,
                values={"code": code, "role": role, "link": f"/#/staff-activate?code={quote(code)}",
                        "expires_on": clock.say_date(expires_on, weekday=False)})


def activate(code: str, password: str, source_ip: str | None = None) -> dict:
    """The invitee chooses a password; returns sign-in tokens (with mfa_setup_required, so
    the front end goes on to the two-step setup)."""
    from chalicelib import throttle

    throttle.check(throttle.ACTIVATE_ADDRESS, source_ip, "Too many activation attempts from this address.")
    item = codes.redeemable(code, "staff_invitation")
    try:
        user = User.get(item.user_id)
    except User.DoesNotExist:
        raise UnprocessableError("This code is not valid or has expired.", field="code") from None
    if user.status != "invited" or user.invitation_code_hash != item.code_hash:
        raise UnprocessableError("This code is not valid or has expired.", field="code")
    cognito.set_password(user.email, password)
    now = iso_now()
    try:
        with transact_write() as tx:
            tx.update(item, actions=[OneTimeCode.used_at.set(now)], condition=OneTimeCode.used_at.does_not_exist())
            tx.update(user, actions=[User.status.set("active"), User.invitation_code_hash.remove()],
                      condition=(User.status == "invited") & (User.invitation_code_hash == item.code_hash))
    except Exception:
        logger.exception("staff activation transaction failed", extra={"user_id": user.user_id})
        raise ConflictError("This invitation was just used or replaced. Ask the practice for a new one.",
                            field="code") from None
    from chalicelib.services.scheduling import CLINICIAN_ROLES, register_clinician

    if CLINICIAN_ROLES & set(user.roles):
        register_clinician(user.user_id, user.display_name)
    audit.record(_as(user), STAFF_AUDIT, "activate", "staff-account", user.user_id)
    count("StaffActivated")
    from chalicelib.services.accounts import sign_in

    return sign_in(user.email, password, source_ip)


def change_roles(caller: Caller, user_id: str, roles: list[str]) -> dict:
    """Roles take effect on the account's next request (the authorizer reads them each time)."""
    require(caller, "staff.manage")
    user = _load(user_id)
    new = _roles(roles)
    if user_id == caller.user_id and "admin" not in new:
        raise ConflictError("You cannot remove your own administrator role; ask another administrator.",
                            field="roles")
    old = set(user.roles)
    if new == old:
        return to_dict(user)
    cognito.set_groups(user.email, add=sorted(new - old), remove=sorted(old - new))
    user.update(actions=[User.roles.set(new)], condition=User.user_id.exists())
    from chalicelib.services.scheduling import CLINICIAN_ROLES, register_clinician, retire_clinician

    if CLINICIAN_ROLES & new and user.status == "active":
        register_clinician(user.user_id, user.display_name)
    elif CLINICIAN_ROLES & old and not CLINICIAN_ROLES & new:
        retire_clinician(user.user_id)  # no longer bookable; hours kept
    audit.record(caller, STAFF_AUDIT, "change-roles", "staff-account", user_id)
    logger.info("staff roles changed", extra={"user_id": user_id, "roles": sorted(new)})
    return to_dict(user)


def deactivate(caller: Caller, user_id: str) -> dict:
    """Signed out everywhere at once; sign-in, every open session and every reply address
    already emailed to them stop working. An open invitation is cancelled."""
    require(caller, "staff.manage")
    if user_id == caller.user_id:
        raise ConflictError("You cannot deactivate your own account.")
    user = _load(user_id)
    if user.status == "disabled":
        return to_dict(user)
    from pynamodb.exceptions import UpdateError

    try:
        user.update(actions=[User.status.set("disabled"), User.deactivated_at.set(iso_now()),
                             User.deactivated_by_name.set(caller.display_name), User.invitation_code_hash.remove()],
                    condition=User.status != "disabled")
    except UpdateError:
        return to_dict(User.get(user_id))
    cognito.disable_user(user.email)
    sessions.end_everywhere(user.user_id, user.email)
    from chalicelib.services.scheduling import retire_clinician

    retire_clinician(user.user_id)  # a clinician who left offers no more time (hours kept)
    audit.record(caller, STAFF_AUDIT, "deactivate", "staff-account", user_id)
    logger.info("staff deactivated", extra={"user_id": user_id})
    return to_dict(user)


def reactivate(caller: Caller, user_id: str) -> dict:
    """The account works again with its password and authenticator (nothing else changed)."""
    require(caller, "staff.manage")
    user = _load(user_id)
    if user.status != "disabled":
        raise ConflictError("This account is not deactivated.")
    cognito.enable_user(user.email)
    user.update(actions=[User.status.set("active"), User.deactivated_at.remove(), User.deactivated_by_name.remove()],
                condition=User.status == "disabled")
    from chalicelib.services.scheduling import CLINICIAN_ROLES, register_clinician

    if CLINICIAN_ROLES & set(user.roles or ()):
        register_clinician(user.user_id, user.display_name)  # bookable again in the hours they had
    audit.record(caller, STAFF_AUDIT, "reactivate", "staff-account", user_id)
    return to_dict(user)


def _roles(roles) -> set[str]:
    chosen = set(roles or ())
    unknown = chosen - set(STAFF_ROLES)
    if not chosen or unknown:
        raise UnprocessableError(f"Choose one or more roles of: {', '.join(STAFF_ROLES)}.", field="roles")
    return chosen


def _load(user_id: str) -> User:
    """A staff account (a patient's account, or none, is not found here)."""
    try:
        if looks_like_id(user_id):
            user = User.get(user_id)
            if user.staff_list == "staff":
                return user
    except User.DoesNotExist:
        pass
    raise NotFoundError("Staff account not found.")


def _as(user: User) -> Caller:
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()))


def to_dict(user: User) -> dict:
    return {"user_id": user.user_id, "email": user.email, "display_name": user.display_name,
            "roles": sorted(user.roles or ()), "status": user.status, "mfa_enabled": user.mfa_enabled == "true",
            "last_sign_in_at": user.last_sign_in_at, "created_at": user.created_at,
            "invited_by_name": user.invited_by_name, "deactivated_at": user.deactivated_at,
            "deactivated_by_name": user.deactivated_by_name, "npi": user.npi}
