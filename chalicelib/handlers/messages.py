"""Secure messaging: topics, a patient's conversations, one conversation, the staff inbox
and quick replies (services/messaging/)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.handlers._http import body, caller, idempotency_key, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services.messaging import convert, inbox, once, quick_replies, replies, settings, threads
from chalicelib.services.messaging.common import BODY_MAX, MAX_ATTACHMENTS, SUBJECT_MAX

bp = Blueprint(__name__)

BASE = "/patients/{patient_id}/messages"
ONE = BASE + "/{thread_id}"
ID = text(64)
DOCUMENTS = {"type": "array", "items": ID, "maxItems": MAX_ATTACHMENTS}
START = obj({"topic": text(40), "subject": text(SUBJECT_MAX), "body": text(BODY_MAX),
             "document_ids": DOCUMENTS,
             "about": obj({"type": text(40), "id": ID}, ("type", "id"))},
            ("topic", "subject", "body"))
REPLY = obj({"body": text(BODY_MAX), "document_ids": DOCUMENTS, "internal": {"type": "boolean"}}, ("body",))
CLOSE = obj({"body": text(BODY_MAX, 0)})
ASSIGN = obj({"user_id": {"type": ["string", "null"], "maxLength": 64}}, ("user_id",))
CONVERT = obj({"to": {"type": "string", "enum": ["refill", "appointment"]}, "entry_id": text(64),
               "visit_type_id": text(64), "provider_id": text(64), "start": text(40)}, ("to",))
TOPIC = obj({"id": {"type": "string", "pattern": "^[a-z0-9-]{1,40}$"}, "label": text(60), "plural": text(60),
             "pool": text(40), "limited": {"type": "boolean"}}, ("id", "label", "pool"))
POOL = obj({"id": {"type": "string", "pattern": "^[a-z0-9-]{1,40}$"}, "name": text(60),
            "roles": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": [
                "provider", "nurse", "front_desk", "billing", "admin"]}},
            "lead_email": {"type": "string", "maxLength": 254}}, ("id", "name", "roles"))
SETTINGS = obj({"topics": {"type": "array", "minItems": 1, "maxItems": 30, "items": TOPIC},
                "pools": {"type": "array", "minItems": 1, "maxItems": 20, "items": POOL},
                "target_business_hours": {"type": "number", "minimum": 1, "maximum": 80},
                "max_open_threads": {"type": "integer", "minimum": 1, "maximum": 100},
                "max_messages_per_day": {"type": "integer", "minimum": 1, "maximum": 500},
                "staff_email_includes_text": {"type": "boolean"}})
QUICK = obj({"title": text(80), "text": text(2000),
             "scope": {"type": "string", "enum": ["mine", "practice"]}}, ("title", "text"))


@route(bp, "/message-topics", tag="messages",
       summary="Message topics in plain words, what to expect, and the after-hours notice when closed")
def topics():
    return threads.list_topics(caller(bp))


@route(bp, BASE, tag="messages", summary="A patient's conversations, newest first, with unread counts",
       query={"limit": "1-100, default 25", "cursor": "from the previous page"})
def list_threads(patient_id):
    return threads.list_threads(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                query_param(bp, "cursor"))


@route(bp, BASE, "POST", body=START, tag="messages",
       summary="Start a conversation: topic, subject, text, optional documents and what it is about. "
               "Send an Idempotency-Key header to make retries safe")
def start(patient_id):
    result = once.start_once(caller(bp), patient_id, body(bp, START), idempotency_key(bp), bp.lambda_context)
    return Response(status_code=201, body=result)


@route(bp, ONE, tag="messages", summary="One conversation, oldest message first; opening it marks it read",
       query={"cursor": "the next page of messages"})
def get_thread(patient_id, thread_id):
    return threads.get_thread(caller(bp), patient_id, thread_id, query_param(bp, "cursor"))


@route(bp, ONE + "/replies", "POST", body=REPLY, tag="messages",
       summary="Reply (either side); internal true: a note the patient never sees (staff). "
               "Send an Idempotency-Key header to make retries safe")
def reply(patient_id, thread_id):
    result = once.reply_once(caller(bp), patient_id, thread_id, body(bp, REPLY), idempotency_key(bp), bp.lambda_context)
    return Response(status_code=201, body=result)




@route(bp, ONE + "/close", "POST", body=CLOSE, tag="messages",
       summary="Close, with an optional final reply; the patient may reopen once within 7 days by replying")
def close(patient_id, thread_id):
    return replies.close(caller(bp), patient_id, thread_id, body(bp, CLOSE).get("body"))


@route(bp, ONE + "/assign", "POST", body=ASSIGN, tag="messages",
       summary='Assign to "me", a colleague\'s user id, or null for nobody (staff of the pool)')
def assign(patient_id, thread_id):
    return replies.assign(caller(bp), patient_id, thread_id, body(bp, ASSIGN)["user_id"])


@route(bp, ONE + "/convert", "POST", body=CONVERT, tag="messages",
       summary="Turn the message into a refill request (entry_id) or a booked visit (visit_type_id, provider_id, "
               "start), and tell the patient in the conversation (clinical staff of the pool)")
def convert_thread(patient_id, thread_id):
    return Response(status_code=201, body=convert.convert(caller(bp), patient_id, thread_id, body(bp, CONVERT)))


@route(bp, "/inbox", tag="messages", summary="Staff inbox of one pool, oldest waiting first",
       query={"pool": "a pool id (default: the caller's first)", "status": "waiting | overdue | answered | closed",
              "assigned": "any | me | unassigned", "limit": "1-100, default 25", "cursor": "from the previous page"})
def staff_inbox():
    return inbox.inbox(caller(bp), query_param(bp, "pool"), query_param(bp, "status"),
                       query_param(bp, "assigned"), parse_limit(query_param(bp, "limit")),
                       query_param(bp, "cursor"))


@route(bp, "/inbox/colleagues", tag="messages", summary="Who works a pool (to assign a conversation to)",
       query={"pool": "a pool id"})
def pool_colleagues():
    return inbox.colleagues(caller(bp), query_param(bp, "pool") or "")


@route(bp, "/quick-replies", tag="messages", summary="Practice-wide and my own quick replies, with placeholder values")
def list_quick_replies():
    return quick_replies.list_replies(caller(bp))


@route(bp, "/quick-replies", "POST", body=QUICK, tag="messages", summary="Add a quick reply (mine or practice-wide)")
def add_quick_reply():
    data = body(bp, QUICK)
    return Response(status_code=201, body=quick_replies.create(caller(bp), data["title"], data["text"],
                                                                data.get("scope", "mine")))


@route(bp, "/practice/messaging", tag="messages", summary="Messaging settings: topics, pools, target, caps (admin)")
def get_settings():
    return settings.for_admin(caller(bp))


@route(bp, "/practice/messaging", "PATCH", body=SETTINGS, tag="messages",
       summary="Change messaging settings; staff_email_includes_text only where staff mailboxes are "
               "covered by a BAA and TLS is enforced (admin)")
def update_settings():
    return settings.update(caller(bp), body(bp, SETTINGS))


@route(bp, "/reports/messaging-response-times", tag="messages",
       summary="First-response time per pool (median, 90th percentile, business hours) (admin)",
       query={"days": "1-365, default 30"})
def response_times():
    from chalicelib.errors import InvalidError
    from chalicelib.services.messaging import jobs

    raw = query_param(bp, "days") or "30"
    if not raw.isdigit() or not 1 <= int(raw) <= 365:
        raise InvalidError("days must be a whole number from 1 to 365.", field="days")
    return jobs.response_times(caller(bp), int(raw))
