"""Scheduled messaging work: overdue escalation, and response-time metrics per pool.

Overdue: a waiting thread whose due_at (waiting since + the practice's target, counted
in business hours) has passed. The job flags each one once (a condition on
escalated_at), then emails each pool's lead one summary with the references and a link
to the inbox's overdue filter. Reads go through the due index (`due_at < now`, a key
range: only the overdue threads are read), one pool at a time."""
from __future__ import annotations

import statistics
from datetime import timedelta

from chalicelib import audit, clock
from chalicelib.auth import Caller, require
from chalicelib.models._base import iso
from chalicelib.models.message_thread import MessageThread
from chalicelib.observability import logger
from chalicelib.services.messaging import settings
from chalicelib.services.messaging.common import inbox_key

MAX_PER_POOL = 500  # an escalation run reads at most this many overdue threads per pool


def escalate(pool_ids: list[str] | None = None) -> dict[str, list[str]]:
    """Flag newly overdue threads and tell each pool's lead (every pool, or `pool_ids`).
    Returns refs per pool."""
    from pynamodb.exceptions import UpdateError

    at = iso(clock.now())
    flagged: dict[str, list[str]] = {}
    for pool in settings.current()["pools"]:
        if pool_ids is not None and pool["id"] not in pool_ids:
            continue
        query = MessageThread.due_index.query(pool["id"], MessageThread.due_at < at,
                                              filter_condition=MessageThread.escalated_at.does_not_exist(),
                                              limit=MAX_PER_POOL)
        for thread in query:
            try:
                thread.update(actions=[MessageThread.escalated_at.set(at)],
                              condition=MessageThread.escalated_at.does_not_exist() & (MessageThread.status == "open"))
            except UpdateError as exc:
                if exc.cause_response_code == "ConditionalCheckFailedException":
                    continue  # another run flagged it, or it was closed meanwhile
                raise
            audit.record(None, thread.patient_id, "update", "message-thread", thread.thread_id)
            flagged.setdefault(pool["id"], []).append(thread.ref)
        if flagged.get(pool["id"]):
            _tell_lead(pool, flagged[pool["id"]])
    logger.info("message escalation", extra={"pools": {k: len(v) for k, v in flagged.items()}})
    return flagged


def _tell_lead(pool: dict, refs: list[str]) -> None:
    from chalicelib import notify
    from chalicelib.services.accounts import find_user

    lead = find_user(pool.get("lead_email") or "") if pool.get("lead_email") else None
    if lead is None or lead.status != "active":
        logger.warning("no lead to escalate to", extra={"pool": pool["id"]})
        return
    notify.send("message_overdue_staff", email=lead.email, user_id=lead.user_id,
                values={"count": str(len(refs)), "pool_name": pool["name"], "refs": ", ".join(refs[:20]),
                        "link": f"/#/staff/inbox?pool={pool['id']}&status=overdue"})


def response_times(caller: Caller, days: int = 30) -> dict:
    """Median and 90th percentile first response per pool, in business hours, for threads
    answered in the last `days` days (the practice dashboard reads this)."""
    require(caller, "messaging.metrics")
    since = iso(clock.now() - timedelta(days=days))
    pools = []
    for pool in settings.current()["pools"]:
        seconds = []
        for state in ("answered", "closed"):
            for thread in MessageThread.inbox_index.query(
                    inbox_key(pool["id"], state), MessageThread.inbox_sort >= since,
                    filter_condition=MessageThread.first_response_at >= since, limit=1000):
                if thread.first_response_seconds is not None:
                    seconds.append(float(thread.first_response_seconds))
        pools.append({"pool": pool["id"], "name": pool["name"], "answered": len(seconds),
                      "median_business_hours": _hours(statistics.median(seconds)) if seconds else None,
                      "p90_business_hours": _hours(_p90(seconds)) if seconds else None})
    return {"days": days, "pools": pools}


def _p90(values: list[float]) -> float:
    """Nearest rank: the smallest value with at least 90% of the values at or below it."""
    import math

    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _hours(seconds: float) -> float:
    return round(seconds / 3600.0, 1)
