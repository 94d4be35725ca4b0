"""Email-triggered staff workflows: a staff member acts by replying to an email.

A workflow is a name (the first part of its signed reply address), the
permission its action needs, and a handler "module:function" taking
(caller, object_id, reply_text) and returning (confirmation template, values).
The handler raises chalicelib.errors for a refusal; the router answers the
sender either way. Adding a workflow: one line here, one handler, one
reply_address() call where the email is sent (docs/appointments.md).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Workflow:
    name: str  # 1-8 lower-case letters; the reply address starts with it
    permission: str  # a key of auth.STAFF_RULES or auth.PATIENT_RULES (its staff roles)
    handler: str  # "module:function", imported only when a reply arrives
    valid_days: int = 7  # how long a reply address works


WORKFLOWS: dict[str, Workflow] = {w.name: w for w in (
    Workflow("appt", "appointments.approve", "chalicelib.services.appointment_requests:handle_email_reply"),
)}


def reply_address(workflow: str, object_id: str, user_id: str, now: float | None = None) -> tuple[str, int]:
    """A signed reply address for `user_id` acting on `object_id`, and its expiry (epoch)."""
    import time

    from chalicelib.inbound.tokens import reply_address as address

    expires_at = int((now or time.time()) + WORKFLOWS[workflow].valid_days * 86400)
    return address(workflow, object_id, user_id, expires_at), expires_at
