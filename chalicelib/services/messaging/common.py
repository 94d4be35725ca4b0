"""Shared by the messaging use cases: loading a thread with its access check, the
inbox keys, attachments and `about` references, and the dict shapes returned."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.auth import Caller, authorize_thread, proxy_scope
from chalicelib.errors import InvalidError, NotFoundError, UnprocessableError
from chalicelib.models._base import iso
from chalicelib.models.message import Message
from chalicelib.models.message_thread import MessageThread
from chalicelib.services.messaging import settings

SUBJECT_MAX = 120
BODY_MAX = 4000
MAX_ATTACHMENTS = 5


def load(caller: Caller, patient_id: str, thread_id: str, permission: str) -> tuple[MessageThread, str]:
    """The thread after the caller's access check: (thread, "staff" | "self" | "proxy").

    The patient check runs before the read (another patient's id answers 404 without
    touching the table); the pool and limited-proxy checks need the thread's topic."""
    from chalicelib.auth import authorize_patient

    authorize_patient(caller, patient_id, permission)
    try:
        thread = MessageThread.get(patient_id, thread_id)
    except MessageThread.DoesNotExist:
        raise NotFoundError("Conversation not found.") from None
    pool = settings.pools().get(thread.pool) or {"roles": ["admin"]}
    how = authorize_thread(caller, patient_id, permission, pool["roles"], limited(thread.topic))
    return thread, how


def limited(topic_id: str) -> bool:
    return bool((settings.topic(topic_id) or {}).get("limited"))


def visible_topic(caller: Caller, patient_id: str, topic_id: str) -> bool:
    """Whether a patient-side caller sees threads of this topic (limited proxies: limited topics only)."""
    return proxy_scope(caller, patient_id) != "limited" or limited(topic_id)


def inbox_key(pool: str, state: str) -> str:
    return f"{pool}#{state}"


def sort_key(moment: str, thread_id: str) -> str:
    return f"{moment}#{thread_id}"


def message_key(thread_id: str, seq: int) -> str:
    return f"{thread_id}#{seq:06d}"


def clean_body(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidError(f"{field} is required.", field=field)
    if len(body) > BODY_MAX:
        raise InvalidError(f"{field} must be at most {BODY_MAX} characters.", field=field)
    return body


def check_documents(caller: Caller, patient_id: str, document_ids: list[str]) -> list[str]:
    """Attachments are documents already uploaded and checked through the document flow,
    of this patient, that the caller may read. One BatchGet."""
    from chalicelib.auth import document_permission, may
    from chalicelib.models.document import Document

    ids = list(dict.fromkeys(document_ids or []))
    if len(ids) > MAX_ATTACHMENTS:
        raise InvalidError(f"document_ids can list at most {MAX_ATTACHMENTS} documents.", field="document_ids")
    if not ids:
        return []
    found = {d.document_id: d for d in Document.batch_get([(patient_id, i) for i in ids])}
    for index, document_id in enumerate(ids):
        doc = found.get(document_id)
        if (doc is None or doc.status != "available" or doc.deleted_at
                or not may(caller, patient_id, document_permission(doc.category, "read"))
                or (not caller.is_staff and not doc.shared_with_patient)):
            raise UnprocessableError("This document is not one you uploaded or can see.",
                                     field=f"document_ids.{index}")
    return ids


def check_about(caller: Caller, patient_id: str, about: dict | None) -> dict | None:
    """"Ask about this": an item of this patient that the caller may see (ABOUT says which)."""
    from chalicelib.auth import may

    if not about:
        return None
    kind, item_id = about.get("type"), about.get("id") or ""
    spec = ABOUT.get(kind)
    if spec is None:
        raise InvalidError(f"about.type must be one of: {', '.join(ABOUT_TYPES)}.", field="about.type")
    refused = UnprocessableError("about must name a visit summary, an appointment, a statement or a test result you can see.",
                                 field="about")
    if not may(caller, patient_id, spec.permission):
        raise refused
    module, _, name = spec.model.partition(":")
    model = getattr(importlib.import_module(module), name)
    try:
        item = model.get(patient_id, item_id)
    except model.DoesNotExist:
        raise refused from None
    if not caller.is_staff and not spec.patient_sees(item):
        raise refused
    return {"type": kind, "id": item_id, "label": spec.label(item)}


def _result_visible(item) -> bool:
    from chalicelib.services.results.release import visible

    return visible(item)


@dataclass(frozen=True)
class _About:
    model: str  # "module:Class", imported when used (cold start)
    permission: str
    label: Callable[[Any], str]  # travels with the thread and its staff email: dates, never a test's name
    patient_sees: Callable[[Any], bool] = lambda item: True


ABOUT: dict[str, _About] = {
    "visit-summary": _About("chalicelib.models.visit_summary:VisitSummary", "visit_summaries.read",
                            lambda i: f"Visit summary, {_day(i.visit_date)}", lambda i: i.status == "available"),
    "appointment": _About("chalicelib.models.appointment:Appointment", "appointments.read",
                          lambda i: f"Appointment, {_when(i.start)}"),
    "statement": _About("chalicelib.models.statement:Statement", "billing.read",  # "Ask about this bill"
                        lambda i: f"Statement {i.number}, {_day(i.statement_date)}"),
    "lab-result": _About("chalicelib.models.result_report:ResultReport", "results.read",  # "Ask about this result"
                         lambda i: f"Test result, {_day(i.collected_at or i.received_at)}", _result_visible),
}
ABOUT_TYPES = tuple(ABOUT)


def _day(value: str) -> str:
    """A calendar day, or the practice's day of a timestamp (a sample taken at 9 pm in
    Chicago is that day's, not UTC's tomorrow)."""
    from chalicelib import clock

    return clock.say_date(value)


def _when(value: str) -> str:
    from chalicelib import clock

    local = clock.local(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return local.strftime("%A, %B %-d at %-I:%M %p")


def thread_dict(thread: MessageThread, how: str, now: datetime) -> dict:
    topic = settings.topic(thread.topic) or {"label": thread.topic}
    pool = settings.pools().get(thread.pool) or {"name": thread.pool}
    out = {
        "thread_id": thread.thread_id, "patient_id": thread.patient_id, "ref": thread.ref,
        "topic": thread.topic, "topic_label": topic["label"], "subject": thread.subject,
        "status": thread.status, "about": thread.about.as_dict() if thread.about else None,
        "created_at": thread.created_at, "created_by_name": thread.created_by_name,
        "last_message_at": thread.last_message_at, "closed_at": thread.closed_at,
        "can_reopen": can_reopen(thread, now),
    }
    if how == "staff":
        out.update({"pool": thread.pool, "pool_name": pool["name"], "waiting_since": thread.waiting_since,
                    "due_at": thread.due_at, "overdue": bool(thread.due_at and thread.due_at < iso(now)),
                    "assigned_to": thread.assigned_to, "assigned_name": thread.assigned_name,
                    "escalated_at": thread.escalated_at})
    else:
        out["unread"] = max(0, int(thread.staff_count or 0) - int(thread.patient_seen or 0))
    return out


def message_dict(message: Message, thread: MessageThread, titles: dict[str, dict]) -> dict:
    out = {"seq": int(message.seq), "kind": message.kind, "side": message.side,
           "author_name": message.author_name, "on_behalf_of": message.on_behalf_of,
           "body": message.body, "created_at": message.created_at, "via": message.via,
           "attachments": [titles.get(d, {"document_id": d}) for d in message.document_ids or []]}
    if message.side == "patient":
        out["read_by_care_team"] = int(message.seq) <= int(thread.staff_read_seq or 0)
    return out


REOPEN_DAYS = 7


def can_reopen(thread: MessageThread, now: datetime) -> bool:
    from datetime import timedelta

    return (thread.status == "closed" and int(thread.reopened or 0) == 0 and bool(thread.closed_at)
            and thread.closed_at >= iso(now - timedelta(days=REOPEN_DAYS)))
