"""Staff mail: requests to act on by reply, confirmations and the inbound router's answers.
It goes to the practice's own staff addresses; still no diagnosis or reason text."""
from __future__ import annotations

from chalicelib.templates import staff
from chalicelib.templates.catalog_appointments import APPOINTMENT, WHEN

REQUEST = APPOINTMENT | {"reference", "visit_type"}

TEMPLATES = {
    # Staff management (issue 14): an admin invites a staff member by email.
    "staff_invitation": staff(
        "Your invitation to the {{ practice_name }} staff console",
        "Hello,\n\n{{ practice_name }} has invited you to its patient portal's staff console as {{ role }}.\n\n"
        "Your activation code: {{ code }}\n\n"
        "You will choose a password and set up two-step sign-in with an authenticator app. The code works "
        "once and expires on {{ expires_on }}.",
        button="Activate your account", variables={"code", "expires_on", "role"}),
    "appointment_request_staff": staff(
        "Visit request {{ reference }}: {{ visit_type }}, " + WHEN,
        "Hello,\n\nA patient asked for a visit (request {{ reference }}): {{ visit_type }} on " + WHEN
        + " ({{ location }}).\n\n"
        "To act on it, reply to this email. On the first line write the word approve, or the word decline "
        "followed by the reason the patient will read.\n\n"
        "This reply address works for you only, once, until {{ expires_on }}.",
        button="Open the request queue", replies_read=True, variables=REQUEST | {"expires_on"}),
    "appointment_request_approved_staff": staff(
        "Approved: visit request {{ reference }}, " + WHEN,
        "Done: the visit on " + WHEN + " (request {{ reference }}) is booked and the patient has been told.",
        button="Open the schedule", variables=REQUEST),
    "appointment_request_declined_staff": staff(
        "Declined: visit request {{ reference }}, " + WHEN,
        "Done: the request for " + WHEN + " (request {{ reference }}) is declined. When they sign in, the "
        "patient reads exactly this:\n\n{{ patient_reads }}",
        button="Open the request queue", variables=REQUEST | {"patient_reads"}),
    # A flagged questionnaire answer (PHQ-9 item 9, issue 17): that it needs a follow-up,
    # nothing more (no patient, no questionnaire, no answer or score); the link opens the chart.
    "questionnaire_followup_staff": staff(
        "A questionnaire answer needs your follow-up",
        "Hello,\n\nA patient's answer to a questionnaire needs a clinician's follow-up today.\n\n"
        "Sign in to the staff console to see it. When you have followed up, mark it “Followed up” in the "
        "chart's Questionnaires section; until then it stays on your Today page.",
        button="Open the chart"),
    # Problems come from a fixed set of PHI-free sentences (chalicelib/inbound/router.py);
    # `read` quotes the sender's own lines back to them.
    "inbound_reply_error": staff(
        "Your reply was not acted on",
        "Hello,\n\nThe portal could not act on your reply: {{ problem }}\n\n"
        "{% if read %}What the portal read:\n{{ read }}\n\n{% endif %}"
        "Nothing was changed.", variables={"problem", "read"}),
    "inbound_reply_unreadable": staff(
        "We could not read your reply",
        "Hello,\n\nThe portal could not read your reply. It has been kept and the portal's administrators were "
        "alerted. Until then, please act in the staff console."),
    "inbound_reply_not_owner": staff(
        "Someone else replied to a portal email sent to you",
        "Hello,\n\nA reply to a portal email that was sent to you came from another address. Nothing was "
        "changed. If you forwarded the email, please act on it yourself."),
}
