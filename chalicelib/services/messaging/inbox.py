"""The staff inbox: one pool, one state, oldest waiting first; one index Query per page
(`limit` threads read: the assigned views filter that page, so they may answer a short page
with a cursor; overdue is a key range of the due index, read exactly, most overdue first)
(plus one BatchGet for patient names and one batch write for the audit)."""
from __future__ import annotations

from chalicelib import audit, clock
from chalicelib.auth import Caller, require
from chalicelib.errors import ForbiddenError, InvalidError
from chalicelib.models._base import iso
from chalicelib.models.message_thread import MessageThread
from chalicelib.pagination import decode_cursor, encode_cursor, one_page
from chalicelib.services.messaging import common, settings

STATUSES = ("waiting", "overdue", "answered", "closed")
ASSIGNED = ("any", "me", "unassigned")


def inbox(caller: Caller, pool: str | None, status: str | None, assigned: str | None, limit: int,
          cursor: str | None) -> dict:
    require(caller, "inbox.read")
    mine = settings.pools_for(caller)
    pool = pool or (mine[0] if mine else None)
    if pool not in settings.pools():
        raise InvalidError("pool must be one of the practice's message pools.", field="pool")
    if pool not in mine:
        raise ForbiddenError("Your role does not work this inbox.", field="pool")
    status = status or "waiting"
    if status not in STATUSES:
        raise InvalidError(f"status must be one of: {', '.join(STATUSES)}.", field="status")
    assigned = assigned or "any"
    if assigned not in ASSIGNED:
        raise InvalidError(f"assigned must be one of: {', '.join(ASSIGNED)}.", field="assigned")
    now = clock.now()
    condition = {"me": MessageThread.assigned_to == caller.user_id,
                 "unassigned": MessageThread.assigned_to.does_not_exist()}.get(assigned)
    # overdue pages the due index: its cursors (and those from before it) do not fit the inbox index's
    index = "due" if status == "overdue" else "inbox"
    scope = f"{index}:{pool}:{status}:{assigned}:{caller.user_id}"
    page = {"filter_condition": condition, "limit": limit, "page_size": limit,
            "last_evaluated_key": decode_cursor(cursor, scope)}
    if status == "overdue":  # waiting and due before now: a key range, grows with time without a write
        result = MessageThread.due_index.query(pool, MessageThread.due_at < iso(now), **page)
    else:  # waiting and answered: oldest first; closed: newest
        result = MessageThread.inbox_index.query(common.inbox_key(pool, status),
                                                 scan_index_forward=status != "closed", **page)
    # One Query: `limit` threads read, those the assigned filter keeps returned: a page may be
    # short with a cursor, never a read through the whole pool.
    threads, last_key = one_page(result, MessageThread)
    audit.record_many(caller, [(t.patient_id, "read", "message-thread", t.thread_id) for t in threads])
    names = _names({t.patient_id for t in threads})
    pools = settings.pools()
    return {
        "pool": pool, "status": status, "assigned": assigned,
        "pools": [{"id": p, "name": pools[p]["name"]} for p in mine],
        "items": [{**common.thread_dict(t, "staff", now), "patient_name": names.get(t.patient_id, "")}
                  for t in threads],
        "cursor": encode_cursor(last_key, scope),
    }


def _names(patient_ids: set[str]) -> dict[str, str]:
    from chalicelib.models.patient import Patient

    if not patient_ids:
        return {}
    return {p.patient_id: f"{p.given_name} {p.family_name}"
            for p in Patient.batch_get(list(patient_ids), attributes_to_get=["patient_id", "given_name",
                                                                              "family_name"])}


def colleagues(caller: Caller, pool: str) -> dict:
    """Who works a pool (to assign a conversation to): active staff of its roles. The
    Cognito groups list them (no Scan); one BatchGet of User confirms."""
    from chalicelib.auth import authorize_pool
    from chalicelib.services.messaging.notices import users_in_roles

    require(caller, "inbox.read")
    found = settings.pools().get(pool)
    if found is None:
        raise InvalidError("pool must be one of the practice's message pools.", field="pool")
    authorize_pool(caller, found["roles"])
    people = users_in_roles(found["roles"])
    return {"pool": pool, "items": sorted(({"user_id": u.user_id, "name": u.display_name} for u in people),
                                          key=lambda p: p["name"])}
