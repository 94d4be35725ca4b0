"""Adding to a conversation: replies from either side, internal notes, closing and the
one reopening a patient gets within 7 days.

Order without loss: each message takes the next number from the thread's counter
(UpdateItem ADD, atomic, with the state change in the same call), then is written
under that number. A hundred concurrent replies get a hundred distinct, gap-free
numbers, and the thread page lists them in that order."""
from __future__ import annotations

import functools

from chalicelib import audit, clock
from chalicelib.auth import Caller, authorize_pool
from chalicelib.errors import ConflictError
from chalicelib.models._base import iso
from chalicelib.models.message_thread import MessageThread
from chalicelib.services.messaging import caps, common, hours, settings
from chalicelib.services.messaging.common import inbox_key, sort_key
from chalicelib.services.messaging.threads import after_hours_answer, new_message

CLOSED = "This conversation is closed. Start a new one, and mention this one if it helps."


def reply(caller: Caller, patient_id: str, thread_id: str, body: str, document_ids: list[str] | None = None,
          *, internal: bool = False, via: str = "portal") -> dict:
    permission = "messages.manage" if internal else "messages.write"
    thread, how = common.load(caller, patient_id, thread_id, permission)
    body = common.clean_body(body)
    documents = [] if internal else common.check_documents(caller, patient_id, document_ids or [])
    now = clock.now()
    open_hours = functools.cache(hours.load)  # one Query for the due time and the after-hours answer
    taken = []
    if how != "staff":
        taken.append(caps.take_day(patient_id))
    try:
        if thread.status != "open":
            _reopen(thread, how, now)
        message = _append(caller, how, thread, body, documents, internal, now, via, open_hours)
    except Exception:
        for name in taken:
            caps.give_back(name)
        raise
    audit.record(caller, patient_id, "create", "message", message.message_key)
    from chalicelib.services.messaging import notices

    if internal:
        pass
    elif how == "staff":
        notices.tell_patient(thread, caller.display_name)
    else:
        notices.tell_pool(thread, body)
        _after_hours(thread, now, open_hours())
    return common.message_dict(message, thread, {})


def _append(caller: Caller, how: str, thread: MessageThread, body: str, documents: list[str], internal: bool,
            now, via: str, open_hours):
    """Take the next number and change the thread's state in one conditional update."""
    from pynamodb.exceptions import UpdateError

    at = iso(now)
    actions = [MessageThread.seq.add(1)]
    if internal:
        pass
    elif how == "staff":
        actions += [MessageThread.last_message_at.set(at), MessageThread.staff_count.add(1),
                    MessageThread.waiting_since.remove(), MessageThread.due_at.remove(),
                    MessageThread.escalated_at.remove(),
                    MessageThread.staff_read_seq.set(int(thread.seq)),
                    MessageThread.inbox.set(inbox_key(thread.pool, "answered")),
                    MessageThread.inbox_sort.set(sort_key(at, thread.thread_id))]
        if not thread.first_response_at and thread.waiting_since:
            seconds = open_hours().business_seconds(_parse(thread.created_at), now)
            actions += [MessageThread.first_response_at.set(MessageThread.first_response_at | at),
                        MessageThread.first_response_seconds.set(
                            MessageThread.first_response_seconds | int(seconds))]
    else:
        actions.append(MessageThread.last_message_at.set(at))
        if not thread.waiting_since:
            target = float(settings.current()["target_business_hours"])
            due = iso(open_hours().add_business_hours(now, target))
            actions += [MessageThread.waiting_since.set(MessageThread.waiting_since | at),
                        MessageThread.due_at.set(MessageThread.due_at | due),
                        MessageThread.inbox.set(inbox_key(thread.pool, "waiting")),
                        MessageThread.inbox_sort.set(sort_key(at, thread.thread_id))]
    try:
        thread.update(actions=actions, condition=MessageThread.status == "open")
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError(CLOSED, code="closed") from None
        raise
    if how == "staff" and not internal and thread.first_response_at == at:  # this answer was the first
        from chalicelib.services.adoption import events

        events.first_response(thread.pool, float(thread.first_response_seconds or 0))
    message = new_message(caller, how, thread, int(thread.seq), "note" if internal else "message", body,
                          documents, at, via)
    message.save()
    return message


def _reopen(thread: MessageThread, how: str, now) -> None:
    """A closed thread reopens once, from the patient side, within 7 days of closing."""
    from pynamodb.exceptions import UpdateError

    if how == "staff" or not common.can_reopen(thread, now):
        raise ConflictError(CLOSED, code="closed")
    name = caps.take_open(thread.patient_id)
    try:
        thread.update(actions=[MessageThread.status.set("open"), MessageThread.reopened.add(1),
                               MessageThread.closed_at.remove()],
                      condition=(MessageThread.status == "closed") & (MessageThread.reopened == 0))
    except UpdateError as exc:
        caps.give_back(name)
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError(CLOSED, code="closed") from None
        raise


def _after_hours(thread: MessageThread, now, open_hours) -> None:
    """The closed-now answer to a patient reply, once per closure (a condition on the thread)."""
    from pynamodb.exceptions import UpdateError

    probe = MessageThread(thread.patient_id, thread.thread_id, seq=thread.seq,
                          after_hours_for=thread.after_hours_for)
    answer = after_hours_answer(open_hours, now, probe)
    if answer is None:
        return
    previous = thread.after_hours_for
    condition = (MessageThread.after_hours_for.does_not_exist() if previous is None
                 else MessageThread.after_hours_for == previous)
    try:
        thread.update(actions=[MessageThread.seq.add(1),
                               MessageThread.after_hours_for.set(probe.after_hours_for)], condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return  # another reply of the same closure answered already
        raise
    answer.seq = int(thread.seq)
    answer.message_key = common.message_key(thread.thread_id, int(thread.seq))
    answer.save()


def close(caller: Caller, patient_id: str, thread_id: str, body: str | None = None) -> dict:
    """Close, with or without a final reply (staff), or from the patient side ("my question
    is answered")."""
    from pynamodb.exceptions import UpdateError

    thread, how = common.load(caller, patient_id, thread_id, "messages.write")
    if body and body.strip():
        reply(caller, patient_id, thread_id, body)
        thread, how = common.load(caller, patient_id, thread_id, "messages.write")
    at = iso(clock.now())
    try:
        thread.update(actions=[MessageThread.status.set("closed"), MessageThread.closed_at.set(at),
                               MessageThread.waiting_since.remove(), MessageThread.due_at.remove(),
                               MessageThread.inbox.set(inbox_key(thread.pool, "closed")),
                               MessageThread.inbox_sort.set(sort_key(at, thread.thread_id))],
                      condition=MessageThread.status == "open")
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise ConflictError("This conversation is already closed.", code="already_closed") from None
        raise
    caps.closed(patient_id)
    audit.record(caller, patient_id, "update", "message-thread", thread_id)
    return common.thread_dict(thread, how, clock.now())


def assign(caller: Caller, patient_id: str, thread_id: str, user_id: str | None) -> dict:
    """Assign to oneself ("me"), a colleague who works the thread's pool, or nobody (None)."""
    from chalicelib.errors import UnprocessableError
    from chalicelib.models.user import User

    thread, how = common.load(caller, patient_id, thread_id, "messages.manage")
    pool = settings.pools().get(thread.pool) or {"roles": []}
    if user_id is None:
        actions = [MessageThread.assigned_to.remove(), MessageThread.assigned_name.remove()]
    else:
        target = caller.user_id if user_id == "me" else user_id
        try:
            user = User.get(target)
        except User.DoesNotExist:
            user = None
        if user is None or user.status != "active" or not set(user.roles or ()) & set(pool["roles"]):
            raise UnprocessableError("Assign to a colleague who works this inbox.", field="user_id")
        actions = [MessageThread.assigned_to.set(user.user_id), MessageThread.assigned_name.set(user.display_name)]
    authorize_pool(caller, pool["roles"])
    thread.update(actions=actions)
    audit.record(caller, patient_id, "update", "message-thread", thread_id)
    return common.thread_dict(thread, how, clock.now())


def _parse(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00"))
