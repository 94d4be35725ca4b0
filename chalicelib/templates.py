"""Notification templates. No PHI, ever.

A template may only use the variables it declares, and none of them can carry
clinical content or names: the practice name, links, one-time codes, and (for
appointments, later) date, time and place. render() refuses anything else.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from string import Template


@dataclass(frozen=True)
class MessageTemplate:
    subject: str
    text: str
    sms: str | None
    variables: frozenset[str]


COMMON = frozenset({"practice_name", "portal_url", "practice_phone"})

FOOTER = (
    "\n\nThis message was sent by $practice_name through its patient portal. "
    "Do not reply with health questions; sign in to send a secure message. "
    "For emergencies call 911."
)

TEMPLATES: dict[str, MessageTemplate] = {
    "invitation": MessageTemplate(
        subject="Your invitation to the $practice_name patient portal",
        text=(
            "Hello,\n\n$practice_name has invited you to its patient portal, where you can see "
            "your health information and reach the practice at any hour.\n\n"
            "Your activation code: $code\n"
            "Activate your account: $activation_url\n\n"
            "You will be asked for this code and your date of birth. "
            "The code works once and expires on $expires_on." + FOOTER
        ),
        sms=None,
        variables=COMMON | {"code", "activation_url", "expires_on"},
    ),
    "password_reset": MessageTemplate(
        subject="Reset your $practice_name portal password",
        text=(
            "Hello,\n\nSomeone asked to reset the password of your $practice_name patient portal "
            "account. Your reset code: $code\n\nReset your password: $reset_url\n\n"
            "The code expires in $minutes minutes. If you did not ask for this, you can ignore "
            "this message; your password has not changed." + FOOTER
        ),
        sms=None,
        variables=COMMON | {"code", "reset_url", "minutes"},
    ),
    "password_changed": MessageTemplate(
        subject="Your $practice_name portal password was changed",
        text=(
            "Hello,\n\nThe password of your $practice_name patient portal account was just "
            "changed. If this was not you, call the practice at $practice_phone." + FOOTER
        ),
        sms=None,
        variables=COMMON,
    ),
    "new_item": MessageTemplate(
        subject="Something new is waiting in your $practice_name portal",
        text=(
            "Hello,\n\nYou have something new from $practice_name in your patient portal.\n\n"
            "Sign in to see it: $portal_url" + FOOTER
        ),
        sms="$practice_name: something new is waiting in your patient portal. Sign in: $portal_url",
        variables=COMMON,
    ),
    # Health record (issue 3): a correction or refill request was decided. Which one,
    # and the answer, are only in the portal.
    "request_decided": MessageTemplate(
        subject="Your request to $practice_name has an answer",
        text=(
            "Hello,\n\n$practice_name has answered a request you sent through the patient portal.\n\n"
            "Sign in to see it: $portal_url" + FOOTER
        ),
        sms="$practice_name has answered your portal request. Sign in: $portal_url",
        variables=COMMON,
    ),
}


# ---- appointments (issue 5) ----
# Date, time and place only: never the visit type, the reason or the patient's name.
APPOINTMENT = frozenset({"appointment_date", "appointment_time", "location"})
WHEN = "$appointment_date at $appointment_time"
STAFF_FOOTER = "\n\nSent by the $practice_name patient portal. Patient details are in the staff console only."


def _patient_notice(subject: str, lead: str, sms: str | None) -> MessageTemplate:
    return MessageTemplate(
        subject=subject,
        text=f"Hello,\n\n{lead}\n\nPlace: $location\n\nSee the details, cancel or reschedule: $portal_url" + FOOTER,
        sms=sms, variables=COMMON | APPOINTMENT)


TEMPLATES.update({
    "appointment_booked": _patient_notice(
        "Your visit with $practice_name is booked",
        f"Your visit is booked for {WHEN}. The attached calendar file adds it to your calendar.",
        f"$practice_name: your visit is booked for {WHEN}. Details: $portal_url"),
    "appointment_requested": _patient_notice(
        "We received your visit request",
        f"We received your request for a visit on {WHEN}. The practice will confirm it soon; "
        "you will get another message when it does.", None),
    "appointment_changed": _patient_notice(
        "Your visit with $practice_name has moved",
        f"Your visit is now on {WHEN}. The attached calendar file replaces the earlier one.",
        f"$practice_name: your visit moved to {WHEN}. Details: $portal_url"),
    "appointment_cancelled": _patient_notice(
        "Your visit with $practice_name is cancelled",
        f"Your visit on {WHEN} is cancelled. Sign in to book another time.",
        f"$practice_name: your visit on {WHEN} is cancelled. $portal_url"),
    "appointment_request_declined": _patient_notice(
        "About your visit request",
        f"The practice could not confirm your visit request for {WHEN}. Sign in to see why and "
        "choose another time, or call $practice_phone.", None),
    "appointment_reminder": _patient_notice(
        "Reminder: your visit with $practice_name", f"A reminder of your visit on {WHEN}.", None),
    "appointment_reminder_sms": MessageTemplate(
        subject="Visit reminder", text=f"Reminder: your visit on {WHEN}, $location.",
        sms=f"$practice_name reminder: your visit on {WHEN}, $location. $portal_url",
        variables=COMMON | APPOINTMENT),
    "appointment_request_staff": MessageTemplate(
        subject=f"Visit request for {WHEN}",
        text=(f"Hello,\n\nA patient asked for a visit on {WHEN} ($location).\n\n"
              "Reply to this email to act on it. Write one line above the quoted text:\n"
              "    approve\n    decline <the reason the patient will see>\n\n"
              "Or open the request queue: $queue_url\n\n"
              "This reply address works for you only, once, until $expires_on." + STAFF_FOOTER),
        sms=None, variables=COMMON | APPOINTMENT | {"queue_url", "expires_on"}),
    "appointment_request_approved_staff": MessageTemplate(
        subject=f"Approved: visit on {WHEN}",
        text=f"Done: the visit on {WHEN} is booked and the patient has been told." + STAFF_FOOTER,
        sms=None, variables=COMMON | APPOINTMENT),
    "appointment_request_declined_staff": MessageTemplate(
        subject=f"Declined: visit request for {WHEN}",
        text=(f"Done: the request for {WHEN} is declined. The patient reads this reason when they "
              "sign in:\n\n$patient_reads" + STAFF_FOOTER),
        sms=None, variables=COMMON | APPOINTMENT | {"patient_reads"}),
    # Errors come from a fixed set of PHI-free sentences (chalicelib/inbound/router.py).
    "inbound_reply_error": MessageTemplate(
        subject="Your reply was not acted on",
        text=("Hello,\n\nThe portal could not act on your reply: $problem\n\n"
              "What the portal read:\n$read\n\n"
              "Nothing was changed. You can act in the staff console: $portal_url" + STAFF_FOOTER),
        sms=None, variables=COMMON | {"problem", "read"}),
    "inbound_reply_unreadable": MessageTemplate(
        subject="We could not read your reply",
        text=("Hello,\n\nThe portal could not read your reply. It has been kept and the portal's "
              "administrators were alerted. Until then, please act in the staff console: $portal_url"
              + STAFF_FOOTER),
        sms=None, variables=COMMON),
    "inbound_reply_not_owner": MessageTemplate(
        subject="Someone else replied to a portal email sent to you",
        text=("Hello,\n\nA reply to a portal email that was sent to you came from another address. "
              "Nothing was changed. If you forwarded the email, act on it yourself in the staff console: "
              "$portal_url" + STAFF_FOOTER),
        sms=None, variables=COMMON),
})

# ---- statements and payments (issue 13) ----
# No amounts, services or names: that a statement exists, and where to see it.
TEMPLATES.update({
    "statement_ready": MessageTemplate(
        subject="Your statement from $practice_name is ready",
        text=("Hello,\n\nYou have a new billing statement from $practice_name in your patient portal. "
              "You can read it and pay online.\n\nSign in to see it: $portal_url" + FOOTER),
        sms="$practice_name: a new statement is waiting in your patient portal. Sign in: $portal_url",
        variables=COMMON),
    "payment_received": MessageTemplate(
        subject="Payment received by $practice_name",
        text=("Hello,\n\n$practice_name received a payment. Thank you.\n\nReceipt number: $receipt_number\n"
              "Your receipt is in the patient portal: $portal_url" + FOOTER),
        sms=None, variables=COMMON | {"receipt_number"}),
    "statement_reminder": MessageTemplate(
        subject="A reminder from $practice_name about your statement",
        text=("Hello,\n\nA statement from $practice_name is still open in your patient portal. "
              "You can pay it online in a few taps.\n\nSign in to see it: $portal_url" + FOOTER),
        sms="$practice_name: a statement is still open in your patient portal. Sign in: $portal_url",
        variables=COMMON),
})

# ---- test results (issue 12) ----
# Never the test's name, its value or the patient's name: only that a result is waiting.
TEMPLATES.update({
    "new_result": MessageTemplate(
        subject="You have a new test result from $practice_name",
        text=("Hello,\n\nYou have a new test result from $practice_name in your patient portal.\n\n"
              "Sign in to see it: $result_url" + FOOTER),
        sms="$practice_name: you have a new test result in your patient portal. Sign in: $result_url",
        variables=COMMON | {"result_url"}),
    "result_comment": MessageTemplate(
        subject="Your clinician commented on a test result",
        text=("Hello,\n\nYour clinician at $practice_name added a note to one of your test results.\n\n"
              "Sign in to read it: $result_url" + FOOTER),
        sms="$practice_name: your clinician added a note to a test result. Sign in: $result_url",
        variables=COMMON | {"result_url"}),
    "critical_result_staff": MessageTemplate(
        subject="A critical result needs your attention (ref $reference)",
        text=("Hello,\n\nA lab result you ordered has a critical value and needs your attention now.\n\n"
              "Open it in the staff console: $inbox_url" + STAFF_FOOTER),
        sms=None, variables=COMMON | {"reference", "inbox_url"}),
})


class TemplateVariableError(ValueError):
    pass


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str | None


def render(name: str, values: dict[str, str]) -> Rendered:
    template = TEMPLATES[name]
    unknown = set(values) - template.variables
    if unknown:
        raise TemplateVariableError(f"template {name} does not take {sorted(unknown)}")
    missing = {v for v in template.variables - COMMON if v not in values}
    if missing:
        raise TemplateVariableError(f"template {name} needs {sorted(missing)}")
    text = Template(template.text).substitute(values)
    html_values = {k: escape(str(v)) for k, v in values.items()}
    body = Template(escape(template.text, quote=False)).substitute(html_values)
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
    html = (
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;"
        f"max-width:36rem;line-height:1.5;color:#1d2733\">{paragraphs}</body></html>"
    )
    return Rendered(
        subject=Template(template.subject).substitute(values),
        text=text,
        html=html,
        sms=Template(template.sms).substitute(values) if template.sms else None,
    )
