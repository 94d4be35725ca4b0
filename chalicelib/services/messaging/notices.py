"""Who hears about a message, and how, without PHI: the patient is told a message is
waiting (with a deep link); the pool (or the assignee) gets the topic and reference,
and a signed reply address so they can answer from their mail client."""
from __future__ import annotations

from chalicelib.config import get_settings
from chalicelib.models.message_thread import MessageThread
from chalicelib.observability import logger
from chalicelib.services.messaging import settings


def staff_link(thread: MessageThread) -> str:
    """The portal path of the conversation in the staff console (a deep link, no PHI)."""
    return f"/#/staff/inbox/{thread.patient_id}/{thread.thread_id}"


def tell_patient(thread: MessageThread, author_name: str | None = None) -> None:
    """"You have a new message from <practice>" + deep link, through the patient's channels;
    on the home, who it is from ("Message from Nina Patel, RN"), no subject or text."""
    from chalicelib import notify
    from chalicelib.services.home import notice
    from chalicelib.services.patients import load

    notice(thread.patient_id, home_kind(thread), thread.thread_id,
           title=f"Message from {author_name}" if author_name else None)
    try:
        limited = bool((settings.topic(thread.topic) or {}).get("limited"))
        notify.notify_patient(load(thread.patient_id), "message_new_limited" if limited else "message_new",
                              {"link": f"/#/messages/{thread.thread_id}"})
    except Exception:  # the message stands; the home and the thread list show it
        logger.exception("patient message notice failed", extra={"thread_id": thread.thread_id})


def home_kind(thread: MessageThread) -> str:
    """The home card's kind: a limited proxy sees cards of the topics they may read only."""
    return "message" if (settings.topic(thread.topic) or {}).get("limited") else "message-care"


def tell_pool(thread: MessageThread, patient_text: str) -> None:
    """Email the assignee, or the people of the pool's first role (nurses for the nurse pool)."""
    from chalicelib import notify

    config = settings.current()
    pool = settings.pools().get(thread.pool) or {}
    topic = settings.topic(thread.topic) or {"plural": thread.topic}
    # The patient's words only where the practice has said its staff mailboxes are covered
    # (BAA, TLS), and only if the deployment has the TLS-required SES configuration set.
    with_text = bool(config.get("staff_email_includes_text")) and bool(get_settings().tls_configuration_set)
    template = "message_staff_with_text" if with_text else "message_staff"
    try:
        for user in recipients(thread, pool):
            reply_to = _reply_address(thread, user.user_id)
            values = {"topic_name": topic.get("plural") or topic.get("label"), "reference": thread.ref,
                      "link": staff_link(thread)}
            if template == "message_staff_with_text":
                values["patient_text"] = patient_text
            notify.send(template, email=user.email, user_id=user.user_id, values=values, reply_to=reply_to,
                        tls_required=with_text)
    except Exception:
        logger.exception("pool message notice failed", extra={"thread_id": thread.thread_id})


def recipients(thread: MessageThread, pool: dict) -> list:
    from chalicelib.models.user import User

    if thread.assigned_to:
        try:
            user = User.get(thread.assigned_to)
            return [user] if user.status == "active" else []
        except User.DoesNotExist:
            return []
    roles = pool.get("roles") or []
    return users_in_role(roles[0]) if roles else []


def users_in_role(role: str) -> list:
    return users_in_roles([role])


def users_in_roles(roles: list[str]) -> list:
    """Active users of any of these roles: the Cognito groups list them (no Scan), one
    BatchGet of the User table confirms."""
    from chalicelib.aws import client
    from chalicelib.models.user import User

    subs: set[str] = set()
    for role in roles:
        pages = client("cognito-idp").get_paginator("list_users_in_group").paginate(
            UserPoolId=get_settings().user_pool_id, GroupName=role)
        subs |= {next(a["Value"] for a in u["Attributes"] if a["Name"] == "sub") for p in pages for u in p["Users"]}
    users = list(User.batch_get(list(subs))) if subs else []
    return [u for u in users if u.status == "active" and set(u.roles or ()) & set(roles)]


def _reply_address(thread: MessageThread, user_id: str) -> str | None:
    """A signed reply address when the "msg" email workflow is registered (reply by email)."""
    from chalicelib.inbound import WORKFLOWS, reply_address

    if "msg" not in WORKFLOWS:
        return None
    return reply_address("msg", thread.thread_id, user_id)[0]
