"""The one send path for email (SES) and SMS (SNS).

Everything the portal sends goes through `send`: it renders a PHI-free
template, honours the patient's channel preferences, sends, and records the
send (ids only) for the adoption numbers. A failed send is recorded and
logged, never raised into the user's request.
"""
from __future__ import annotations

import uuid

from chalicelib.config import get_settings
from chalicelib.models._base import iso_now
from chalicelib.models.notification import NotificationLog
from chalicelib.observability import logger
from chalicelib.templates import render

# Account mail (invitations, resets) goes out whatever the preferences say:
# the patient asked for it, and it is the only way in.
TRANSACTIONAL = frozenset({"invitation", "password_reset", "password_changed"})


def practice_values() -> dict[str, str]:
    from chalicelib.services.practice import current_settings

    settings = current_settings()
    return {
        "practice_name": settings.get("name", "Your practice"),
        "practice_phone": settings.get("phone", ""),
        "portal_url": get_settings().portal_url + "/",
    }


def send(
    template: str,
    *,
    email: str | None = None,
    phone: str | None = None,
    preferences: dict | None = None,
    values: dict[str, str] | None = None,
    patient_id: str | None = None,
    user_id: str | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    reply_to: str | None = None,
) -> list[str]:
    """Send `template` by every channel the recipient allows. Returns the channels used.

    attachments: (filename, content type, bytes), e.g. an .ics; reply_to: where a
    reply goes (a signed inbound address for email-triggered workflows). Either
    one sends the email as raw MIME."""
    rendered = render(template, {**practice_values(), **(values or {})})
    prefs = {"email": True, "sms": False, **(preferences or {})}
    used = []
    if email and (template in TRANSACTIONAL or prefs.get("email")):
        if attachments or reply_to:
            _deliver("email", template, patient_id, user_id,
                     lambda: _send_raw_email(email, rendered, attachments or [], reply_to))
        else:
            _deliver("email", template, patient_id, user_id, lambda: _send_email(email, rendered))
        used.append("email")
    if phone and rendered.sms and template not in TRANSACTIONAL and prefs.get("sms"):
        _deliver("sms", template, patient_id, user_id, lambda: _send_sms(phone, rendered.sms))
        used.append("sms")
    return used


def notify_patient(patient, template: str, values: dict[str, str] | None = None,
                   attachments: list[tuple[str, str, bytes]] | None = None) -> list[str]:
    """Tell a patient something new is waiting, through the channels they chose."""
    return send(
        template,
        email=patient.email,
        phone=patient.phone,
        preferences=patient.preferences.as_dict() if patient.preferences else None,
        values=values,
        patient_id=patient.patient_id,
        user_id=patient.user_id,
        attachments=attachments,
    )


def _deliver(channel: str, template: str, patient_id, user_id, do_send) -> None:
    status, message_id = "sent", None
    try:
        message_id = do_send()
    except Exception:  # a failed send must not fail the user's request
        status = "failed"
        logger.exception("notification send failed", extra={"template": template, "channel": channel,
                                                               "patient_id": patient_id})
    at = iso_now()
    NotificationLog(
        at[:10],
        f"{at}#{uuid.uuid4().hex}",
        template=template,
        channel=channel,
        status=status,
        patient_id=patient_id,
        user_id=user_id,
        provider_message_id=message_id,
    ).save()
    logger.info("notification", extra={"template": template, "channel": channel, "status": status,
                                       "patient_id": patient_id})


def _send_email(to_address: str, rendered) -> str:
    from chalicelib.aws import client

    response = client("ses").send_email(
        Source=get_settings().mail_from,
        Destination={"ToAddresses": [to_address]},
        Message={
            "Subject": {"Data": rendered.subject, "Charset": "UTF-8"},
            "Body": {
                "Text": {"Data": rendered.text, "Charset": "UTF-8"},
                "Html": {"Data": rendered.html, "Charset": "UTF-8"},
            },
        },
    )
    return response["MessageId"]


def _send_raw_email(to_address: str, rendered, attachments: list[tuple[str, str, bytes]],
                    reply_to: str | None) -> str:
    from email.message import EmailMessage

    from chalicelib.aws import client

    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = get_settings().mail_from
    message["To"] = to_address
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    response = client("ses").send_raw_email(
        Source=get_settings().mail_from, Destinations=[to_address],
        RawMessage={"Data": message.as_bytes()})
    return response["MessageId"]


def _send_sms(phone: str, text: str) -> str:
    from chalicelib.aws import client

    response = client("sns").publish(
        PhoneNumber=phone,
        Message=text,
        MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        },
    )
    return response["MessageId"]
