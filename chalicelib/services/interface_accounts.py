"""Interface accounts: machine credentials an admin creates, rotates and disables.

One account per connected system (a lab's interface engine, later a billing
system), scoped to one route family. The secret is shown once, at creation and
at each rotation; after a rotation the previous secret keeps working for a grace
period so the other side can switch without a gap. Verification is auth.interface_caller.
"""
from __future__ import annotations

import secrets

from chalicelib import clock
from chalicelib.auth import Caller, require, secret_hash
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now
from chalicelib.models.interface_account import InterfaceAccount
from chalicelib.observability import logger

SCOPES = {"results": "POST /results/hl7 (lab results)",
          "billing": "POST /statements/feed (statements from the billing system)"}  # issue 13
GRACE_HOURS = 24


def create(caller: Caller | None, name: str, scope: str) -> dict:
    """caller None = the demo seed."""
    if caller is not None:
        require(caller, "interface_accounts.manage")
    _scope(scope)
    secret = secrets.token_urlsafe(32)
    account = InterfaceAccount(scope, f"{scope}-{random_id()[:20]}", name=name.strip(),
                               secret_hash=secret_hash(secret), created_at=iso_now(),
                               created_by=caller.user_id if caller else "system")
    account.save(condition=InterfaceAccount.account_id.does_not_exist())
    _log(caller, "create", account)
    return {**to_dict(account), "credential": f"{account.account_id}.{secret}"}


def list_accounts(caller: Caller, scope: str) -> dict:
    require(caller, "interface_accounts.manage")
    _scope(scope)
    return {"items": [to_dict(a) for a in InterfaceAccount.query(scope, limit=100)]}


def rotate(caller: Caller, account_id: str) -> dict:
    """A new secret; the old one works for GRACE_HOURS more (shown in the response)."""
    require(caller, "interface_accounts.manage")
    account = _load(account_id)
    secret = secrets.token_urlsafe(32)
    until = clock.epoch() + GRACE_HOURS * 3600
    account.update(actions=[InterfaceAccount.previous_hash.set(account.secret_hash),
                            InterfaceAccount.previous_valid_until.set(int(until)),
                            InterfaceAccount.secret_hash.set(secret_hash(secret)),
                            InterfaceAccount.rotated_at.set(iso_now())],
                   condition=InterfaceAccount.secret_hash == account.secret_hash)
    _log(caller, "rotate", account)
    return {**to_dict(account), "credential": f"{account.account_id}.{secret}",
            "previous_secret_valid_hours": GRACE_HOURS}


def set_status(caller: Caller, account_id: str, status: str) -> dict:
    """Disabling also ends the previous secret's grace period at once."""
    require(caller, "interface_accounts.manage")
    account = _load(account_id)
    actions = [InterfaceAccount.status.set(status)]
    if status == "disabled":
        actions.append(InterfaceAccount.previous_valid_until.set(0))
    account.update(actions=actions)
    _log(caller, status, account)
    return to_dict(account)


def to_dict(account: InterfaceAccount) -> dict:
    return {"account_id": account.account_id, "name": account.name, "scope": account.scope,
            "route": SCOPES.get(account.scope), "status": account.status, "created_at": account.created_at,
            "rotated_at": account.rotated_at}


def _load(account_id: str) -> InterfaceAccount:
    scope = (account_id or "").partition("-")[0]
    try:
        return InterfaceAccount.get(scope, account_id) if scope in SCOPES else _missing()
    except InterfaceAccount.DoesNotExist:
        return _missing()


def _missing():
    raise NotFoundError("Interface account not found.")


def _scope(scope: str) -> None:
    if scope not in SCOPES:
        raise InvalidError(f"scope must be one of: {', '.join(SCOPES)}.", field="scope")


def _log(caller: Caller | None, action: str, account: InterfaceAccount) -> None:
    # Not patient data, so not the patient audit trail: the admin's action is logged by ids.
    logger.info("interface account", extra={"action": action, "account_id": account.account_id,
                                            "by": caller.user_id if caller else "system"})
