"""Email-triggered staff workflows: a staff member acts by replying to an email.

The router (router.py) authenticates the mail (gate.py), verifies the signed
reply address (tokens.py), checks the role, claims the Message-ID, reads the
new text (mail.py, html.py, clean.py) and the command (grammar.py), and only
then calls the workflow's handler with a `Reply`. A workflow adds a handler,
not a parser: see docs/email.md.

    Workflow("msg", "messages.write", "chalicelib.services.messaging.email_reply:handle_email_reply")

    def handle_email_reply(reply: Reply) -> tuple[str, dict]:
        # reply.caller: the authenticated staff Caller; reply.subject_id: the token's object id;
        # reply.text: the cleaned text a patient may read; reply.command: the verb (verb workflows)
        ...
        return "message_reply_sent_staff", {"patient_reads": reply.text}

Raise a chalicelib.errors error to refuse: its message (no PHI) goes back to the sender,
with the lines that were read quoted.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.auth import Caller
from chalicelib.inbound.grammar import Command


@dataclass(frozen=True)
class Workflow:
    name: str  # 1-8 lower-case letters; the reply address starts with it
    permission: str  # a key of auth.STAFF_RULES or auth.PATIENT_RULES (its staff roles may act)
    handler: str  # "module:function", imported only when a reply arrives
    # The verbs it takes (grammar.WORDS values), read from the first line; () = free text
    # (the whole cleaned reply is the text, e.g. an answer to a patient's message).
    verbs: tuple[str, ...] = ()
    # Told to the sender when the reply is unclear; say exactly what to write.
    example: str = "Reply again with your answer above the quoted email."
    valid_days: int = 7  # how long a reply address works


@dataclass(frozen=True)
class Reply:
    """One authenticated staff reply, ready to act on."""

    caller: Caller  # the staff member (source_ip "email"); services authorize and audit with it
    workflow: str
    subject_id: str  # the object the reply address was signed for
    command: Command | None  # the verb and its text, for workflows with verbs
    text: str  # the cleaned text a patient may read (the command's text, or the whole reply)
    message_id: str


# The registry. Adding a workflow: one line here, one handler, one reply_address() call
# where its email is sent.
WORKFLOWS: dict[str, Workflow] = {w.name: w for w in (
    Workflow("appt", "appointments.approve", "chalicelib.services.appointment_requests:handle_email_reply",
             verbs=("approve", "decline"),
             example="Write approve, or decline and the reason the patient will see, on the first line."),
    # Messaging (issue 11): free text, the whole cleaned reply is the answer the patient reads.
    Workflow("msg", "messages.write", "chalicelib.services.messaging.email_reply:handle_email_reply",
             example="Write your answer to the patient above the quoted email."),
    # Test results (issue 12): "3 results to review (ref R-2291)".
    Workflow("results", "results.review", "chalicelib.services.results.email_review:handle_email_reply",
             verbs=("reviewed", "comment"),
             example="Write reviewed, or comment and the note the patient will read, on the first line."),
)}


def reply_address(workflow: str, object_id: str, user_id: str, now: float | None = None) -> tuple[str, int]:
    """A signed reply address for `user_id` acting on `object_id`, and its expiry (epoch)."""
    from chalicelib import clock
    from chalicelib.inbound.tokens import reply_address as address

    expires_at = int((now or clock.epoch()) + WORKFLOWS[workflow].valid_days * 86400)
    return address(workflow, object_id, user_id, expires_at), expires_at
