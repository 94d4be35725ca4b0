"""Helpers for the messaging tests: roomy caps, service-level callers, a thread in one call."""
from __future__ import annotations

import contextlib

from chalicelib.auth import Caller


@contextlib.contextmanager
def caps(**values):
    """Practice caps for the duration of a block (then the seeded ones again)."""
    from chalicelib.services.messaging import settings

    before = {k: settings.current()[k] for k in values}
    settings.update(None, values)
    try:
        yield
    finally:
        settings.update(None, before)


def user_caller(email: str) -> Caller:
    from chalicelib.models.user import User

    user = next(iter(User.email_index.query(email, limit=1)))
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()), patient_id=user.patient_id)


def start(api, who: str, pid: str, topic: str = "medication", subject: str = "A question",
          body: str = "Is it fine to take ibuprofen with my blood pressure pills?", **extra):
    res = api.post(f"/patients/{pid}/messages", {"topic": topic, "subject": subject, "body": body, **extra},
                   as_user=who)
    assert res.status == 201, res
    return res.json


def waiting_threads(patient_id: str, count: int, waiting_since, due_at, pool: str = "nurses") -> list:
    """`count` waiting, unassigned conversations written straight to the table, as threads.start
    writes a patient's (the staff lists' flatness tests need more than a page of them)."""
    from chalicelib.ids import sortable_id
    from chalicelib.models._base import iso
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging.common import inbox_key, sort_key

    at, due, threads = iso(waiting_since), iso(due_at), []
    with MessageThread.batch_write() as batch:
        for i in range(count):
            thread_id = sortable_id()
            thread = MessageThread(patient_id, thread_id, ref=f"M-W{i}", topic="medical", pool=pool, subject="Waiting",
                                   status="open", seq=1, created_at=at, created_by=patient_id,
                                   created_by_name="Waiting", last_message_at=at, staff_count=0, waiting_since=at,
                                   due_at=due, inbox=inbox_key(pool, "waiting"), inbox_sort=sort_key(at, thread_id))
            batch.save(thread)
            threads.append(thread)
    return threads


def delete_threads(threads: list) -> None:
    from chalicelib.models.message_thread import MessageThread

    with MessageThread.batch_write() as batch:
        for thread in threads:
            batch.delete(thread)
