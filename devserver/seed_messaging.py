"""Demo messaging (issue 11): pool leads, quick replies, and a few realistic conversations."""
from __future__ import annotations

from datetime import timedelta

QUICK_REPLIES = [
    ("Refill sent", "Hi {first_name}, your refill has been sent to your pharmacy. It is usually ready "
                    "within a day. Call us at {practice_phone} if it is not."),
    ("Normal result", "Hi {first_name}, your result is normal and needs nothing more from you. "
                      "You can see it in the portal at any time."),
    ("Please book a visit", "Hi {first_name}, this is best looked at in person. Please book a visit in "
                            "the portal or call us at {practice_phone}."),
    ("Received, working on it", "Hi {first_name}, thank you, we have your message and are working on it. "
                                "We will write again within one business day."),
]


def seed_messaging(ids: dict) -> dict:
    from chalicelib.services.messaging import quick_replies, settings

    config = settings.current()
    leads = {"nurses": "nina.patel@example.org", "providers": "dr.chen@example.org",
             "front-desk": "frank.ortiz@example.org", "billing": "bea.king@example.org"}
    pools = [{**pool, "lead_email": leads.get(pool["id"], "")} for pool in config["pools"]]
    settings.update(None, {"pools": pools})
    for title, text in QUICK_REPLIES:
        quick_replies.create(None, title, text)
    return _threads(ids)


def _threads(ids: dict) -> dict:
    """Conversations written through the services, as the people would have."""
    from chalicelib.services.messaging import replies, threads

    alex, priya, jordan = _patient("alex"), _patient("priya"), _patient("jordan")
    nurse, billing = _staff("nina.patel@example.org", ids), _staff("bea.king@example.org", ids)
    answered = threads.start(alex, ids["alex"], {
        "topic": "medical", "subject": "Sore throat for a week",
        "body": "My throat has been sore for about a week, no fever. Should I come in?"})
    replies.reply(nurse, ids["alex"], answered["thread_id"],
                  "Hi Alex, a week is long enough that Dr. Chen would like to see you. Please book a "
                  "visit this week in the portal, or call us at (312) 555-0100.")
    # Written five days ago and still unanswered: overdue, so the escalation job (on the
    # local timer) flags it and emails the nurses' lead, and the inbox shows it overdue.
    import time_machine  # dev-only (requirements-dev.txt); the seed never ships

    from chalicelib import clock

    with time_machine.travel(clock.now() - timedelta(days=5), tick=False):
        waiting = threads.start(priya, ids["priya"], {
            "topic": "medication", "subject": "Lisinopril and a cough",
            "body": "Since starting lisinopril I have a dry cough at night. Is that the medicine?"})
    for_sam = threads.start(jordan, ids["sam"], {
        "topic": "billing", "subject": "Statement for the September visit",
        "body": "We received a statement for Sam's visit in September. Was insurance billed?"})
    replies.assign(billing, ids["sam"], for_sam["thread_id"], "me")
    return {"thread_answered": answered["thread_id"], "thread_waiting": waiting["thread_id"],
            "thread_billing": for_sam["thread_id"]}


def _patient(key: str):
    from chalicelib.auth import Caller
    from chalicelib.models.user import User

    email = {"alex": "alex.morgan@example.org", "priya": "priya.shah@example.org",
             "jordan": "jordan.morgan@example.org"}[key]
    user = next(iter(User.email_index.query(email, limit=1)))
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()), patient_id=user.patient_id)


def _staff(email: str, ids: dict):
    from chalicelib.auth import Caller
    from chalicelib.models.user import User

    user = User.get(ids[email])
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()))
