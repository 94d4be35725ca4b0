"""Reply by email (the "msg" workflow of chalicelib/inbound): a staff member answers a
conversation from the email that told them about it. The router has authenticated the
sender, verified the reply address signed for them and this thread, claimed the
Message-ID and cleaned the text (no quotes, signature, sign-off or disclaimer); this
posts exactly that text as the staff member's reply, through the same service as the
console (pool check, audit, the patient's notification)."""
from __future__ import annotations

from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.models.message_thread import MessageThread

EXAMPLE = "Write your answer to the patient above the quoted email."


def handle_email_reply(reply) -> tuple[str, dict]:
    from chalicelib.services.messaging import replies
    from chalicelib.services.messaging.notices import staff_link

    found = list(MessageThread.thread_id_index.query(reply.subject_id, limit=1))
    if not found:
        raise NotFoundError("This conversation no longer exists.")
    text = (reply.text or "").strip()
    if not text:
        raise InvalidError(f"The reply had no answer in it. {EXAMPLE}")
    thread = MessageThread.get(found[0].patient_id, reply.subject_id)
    posted = replies.reply(reply.caller, thread.patient_id, thread.thread_id, text, via="email")
    return "message_reply_sent_staff", {"reference": thread.ref, "patient_reads": posted["body"],
                                        "link": staff_link(thread)}
