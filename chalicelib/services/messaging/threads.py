"""The patient side of messaging and one conversation: topics, start, list, read.

A thread and its first message are written in one transaction; the after-hours
answer, when the practice is closed, is part of the same write."""
from __future__ import annotations

from datetime import datetime

from chalicelib import audit, clock
from chalicelib.auth import Caller, authorize_patient, proxy_scope
from chalicelib.errors import ForbiddenError, InvalidError
from chalicelib.ids import sortable_id
from chalicelib.models._base import iso, transact_write
from chalicelib.models.message import Message
from chalicelib.models.message_thread import MessageThread
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.messaging import caps, common, hours, settings
from chalicelib.services.messaging.common import inbox_key, message_key, sort_key

PAGE = 100  # messages per thread page


def list_topics(caller: Caller) -> dict:
    """Topics in the patient's words, and what to expect (response time, emergencies, hours now)."""
    config = settings.current()
    found = hours.load()
    now = clock.now()
    opening = None if found.is_open(now) else found.next_opening(now)
    phone = _phone(_practice()["phone"])
    return {
        "topics": [{"id": t["id"], "label": t["label"], "limited": bool(t.get("limited"))}
                   for t in config["topics"]],
        "expectations": f"Messages are answered within one business day. Not for emergencies: call 911"
                        f"{' or ' + phone if phone else ''}.",
        "after_hours": (f"We are closed now; we will answer from {hours.in_words(opening)}."
                        if opening else None),
        "limits": {"subject": common.SUBJECT_MAX, "body": common.BODY_MAX,
                   "attachments": common.MAX_ATTACHMENTS},
    }


def start(caller: Caller, patient_id: str, data: dict) -> dict:
    how = authorize_patient(caller, patient_id, "messages.write")
    topic = settings.topic(data.get("topic") or "")
    if topic is None:
        raise InvalidError("topic must be one of the practice's message topics.", field="topic")
    if how == "proxy" and proxy_scope(caller, patient_id) == "limited" and not topic.get("limited"):
        raise ForbiddenError("Your proxy access covers appointment and billing questions only.", field="topic")
    pool = settings.pools()[topic["pool"]]
    if how == "staff":
        from chalicelib.auth import authorize_pool

        authorize_pool(caller, pool["roles"])
    subject = " ".join((data.get("subject") or "").split())
    if not subject:
        raise InvalidError("subject is required.", field="subject")
    body = common.clean_body(data.get("body"))
    documents = common.check_documents(caller, patient_id, data.get("document_ids") or [])
    about = common.check_about(caller, patient_id, data.get("about"))
    taken: list[str] = []
    try:
        if how != "staff":
            taken.append(caps.take_open(patient_id))
            taken.append(caps.take_day(patient_id))
        thread = _write_new(caller, how, patient_id, topic, subject[:common.SUBJECT_MAX], body, documents, about)
    except Exception:
        for name in taken:
            caps.give_back(name)
        raise
    if how == "staff":
        caps.opened(patient_id)
    audit.record(caller, patient_id, "create", "message-thread", thread.thread_id)
    from chalicelib.services.messaging import notices

    if how == "staff":
        notices.tell_patient(thread, caller.display_name)
    else:
        notices.tell_pool(thread, body)
    return common.thread_dict(thread, how, clock.now())


def _write_new(caller: Caller, how: str, patient_id: str, topic: dict, subject: str, body: str,
               documents: list[str], about: dict | None) -> MessageThread:
    from chalicelib.models.counter import next_value

    now = clock.now()
    at = iso(now)
    thread_id = sortable_id()
    patient_side = how != "staff"
    open_hours = hours.load()
    target = float(settings.current()["target_business_hours"])
    thread = MessageThread(
        patient_id, thread_id, ref=f"M-{1000 + next_value('message-ref')}", topic=topic["id"],
        pool=topic["pool"], subject=subject, about=about, status="open", seq=1, created_at=at,
        created_by=caller.user_id, created_by_name=caller.display_name, last_message_at=at,
        staff_count=0 if patient_side else 1,
        waiting_since=at if patient_side else None,
        due_at=iso(open_hours.add_business_hours(now, target)) if patient_side else None,
        inbox=inbox_key(topic["pool"], "waiting" if patient_side else "answered"),
        inbox_sort=sort_key(at, thread_id))
    messages = [new_message(caller, how, thread, 1, "message", body, documents, at)]
    if patient_side:
        auto = after_hours_answer(open_hours, now, thread)
        if auto:
            messages.append(auto)
    with transact_write() as transaction:
        transaction.save(thread, condition=MessageThread.thread_id.does_not_exist())
        for message in messages:
            transaction.save(message)
    return thread


def new_message(caller: Caller | None, how: str, thread: MessageThread, seq: int, kind: str, body: str,
                documents: list[str], at: str, via: str = "portal") -> Message:
    on_behalf = None
    if how == "proxy":
        from chalicelib.services.patients import load

        on_behalf = load(thread.patient_id).given_name
    side = "system" if caller is None else ("staff" if how == "staff" else "patient")
    if side == "patient" and kind == "message":
        from chalicelib.services.adoption import events

        events.patient_message()
    return Message(thread.patient_id, message_key(thread.thread_id, seq), thread_id=thread.thread_id, seq=seq,
                   kind=kind, side=side, author_id=caller.user_id if caller else "system",
                   author_name=caller.display_name if caller else _practice()["name"],
                   on_behalf_of=on_behalf, body=body, document_ids=documents, via=via, created_at=at)


def after_hours_answer(open_hours, now: datetime, thread: MessageThread) -> Message | None:
    """The practice's closed-now answer, once per thread per closure: the closure is named
    by the opening that ends it, kept on the thread (`after_hours_for`)."""
    if open_hours.is_open(now):
        return None
    opening = open_hours.next_opening(now)
    if opening is None or thread.after_hours_for == iso(opening):
        return None
    thread.after_hours_for = iso(opening)
    thread.seq = int(thread.seq or 0) + 1
    phone = _phone(_practice()["phone"])
    text = (f"Thank you for your message. We are closed now; we will answer from {hours.in_words(opening)}. "
            f"If this cannot wait, call 911{' or ' + phone if phone else ''}.")
    return new_message(None, "system", thread, int(thread.seq), "auto", text, [], iso(now))


def list_threads(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    """Newest first, with unread counts for the patient side."""
    how = authorize_patient(caller, patient_id, "messages.read")
    scope = f"message-threads:{patient_id}"
    result = MessageThread.query(patient_id, scan_index_forward=False, limit=limit,
                                 last_evaluated_key=decode_cursor(cursor, scope))
    now = clock.now()
    items = [common.thread_dict(t, how, now) for t in result
             if (how != "staff" and common.visible_topic(caller, patient_id, t.topic))
             or (how == "staff" and caller.roles & set((settings.pools().get(t.pool) or {}).get("roles", [])))]
    audit.record(caller, patient_id, "read", "message-thread")
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope),
            "unread": sum(i.get("unread", 0) for i in items)}


def get_thread(caller: Caller, patient_id: str, thread_id: str, cursor: str | None = None) -> dict:
    """One conversation, oldest message first. Opening it marks it read for the side
    that opened it: the patient's unread count, or "Read by the care team"."""
    thread, how = common.load(caller, patient_id, thread_id, "messages.read")
    scope = f"messages:{patient_id}:{thread_id}"
    condition = None if how == "staff" else Message.kind != "note"
    result = Message.query(patient_id, Message.message_key.startswith(f"{thread_id}#"), filter_condition=condition,
                           limit=PAGE, last_evaluated_key=decode_cursor(cursor, scope))
    messages = list(result)
    _mark_read(thread, how)
    audit.record(caller, patient_id, "read", "message-thread", thread_id)
    titles = _titles(patient_id, {d for m in messages for d in m.document_ids or []})
    out = common.thread_dict(thread, how, clock.now())
    out["messages"] = [common.message_dict(m, thread, titles) for m in messages]
    out["cursor"] = encode_cursor(result.last_evaluated_key, scope)
    if how == "staff":
        from chalicelib.services.patients import load

        patient = load(patient_id)
        out["patient"] = {"name": f"{patient.given_name} {patient.family_name}", "first_name": patient.given_name}
    return out


def _mark_read(thread: MessageThread, how: str) -> None:
    from chalicelib.services.home import clear

    if how == "staff":
        if int(thread.staff_read_seq or 0) < int(thread.seq):
            thread.update(actions=[MessageThread.staff_read_seq.set(int(thread.seq))])
    else:
        if int(thread.patient_seen or 0) < int(thread.staff_count or 0):
            thread.update(actions=[MessageThread.patient_seen.set(int(thread.staff_count))])
        from chalicelib.services.messaging.notices import home_kind

        clear(thread.patient_id, home_kind(thread), thread.thread_id)


def _titles(patient_id: str, document_ids: set[str]) -> dict[str, dict]:
    from chalicelib.models.document import Document

    if not document_ids:
        return {}
    return {d.document_id: {"document_id": d.document_id, "title": d.title, "content_type": d.content_type}
            for d in Document.batch_get([(patient_id, i) for i in document_ids])}


def _practice() -> dict:
    from chalicelib.services.practice import current_settings

    return current_settings()


def _phone(value: str) -> str:
    """+13125550100 -> (312) 555-0100; other numbers as stored."""
    digits = "".join(c for c in value or "" if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        return f"({digits[1:4]}) {digits[4:7]}-{digits[7:]}"
    return value or ""
