"""Secure messaging (issue 11). The patient learns only that a message is waiting (the
link opens the conversation after sign-in). Staff learn the topic and the reference;
the patient's words only where the practice switched on "staff_email_includes_text"
(its staff mailboxes are covered by a BAA and TLS is enforced), through the one
template that takes them."""
from __future__ import annotations

from chalicelib.templates import notice, staff

ANSWER_BY_REPLY = ("To answer, reply to this email: write your answer above the quoted text. It is posted to "
                   "the patient as you wrote it, without the quoted text or your signature, and you get a copy "
                   "of what the patient reads. This reply address works for you only.")

def _new_message(proxies: str):
    return notice(
        "You have a new message from {{ practice_name }}",
        "Hello,\n\nYou have a new message from {{ practice_name }} in your patient portal.",
        button="Read the message",
        sms="{{ practice_name }}: you have a new message in your patient portal. {{ link }}", proxies=proxies)


TEMPLATES = {
    # Full proxies hear of every message; any proxy of one about appointments or billing
    # (the topics a limited proxy may read).
    "message_new": _new_message("full"),
    "message_new_limited": _new_message("any"),
    "message_staff": staff(
        "New message in {{ topic_name }} (ref {{ reference }})",
        "Hello,\n\nA patient wrote in {{ topic_name }} (ref {{ reference }}).\n\n" + ANSWER_BY_REPLY,
        button="Open the conversation", replies_read=True, variables={"topic_name", "reference"}),
    "message_staff_with_text": staff(
        "New message in {{ topic_name }} (ref {{ reference }})",
        "Hello,\n\nA patient wrote in {{ topic_name }} (ref {{ reference }}):\n\n{{ patient_text }}\n\n"
        + ANSWER_BY_REPLY,
        button="Open the conversation", replies_read=True, variables={"topic_name", "reference", "patient_text"}),
    "message_reply_sent_staff": staff(
        "Posted: your answer in {{ reference }}",
        "Done: your answer was posted to the conversation {{ reference }} and the patient has been told. "
        "When they sign in, the patient reads exactly this:\n\n{{ patient_reads }}",
        button="Open the conversation", variables={"reference", "patient_reads"}),
    "message_overdue_staff": staff(
        "Overdue: {{ count }} unanswered in {{ pool_name }}",
        "Hello,\n\n{{ count }} conversation(s) in {{ pool_name }} have waited past the practice's response "
        "target ({{ refs }}).",
        button="Open the inbox", variables={"count", "pool_name", "refs"}),
}
