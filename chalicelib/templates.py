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
