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
