"""The one send path for email (SES) and SMS (SNS).

Everything the portal sends goes through `send`: it renders a PHI-free
template (chalicelib/templates), honours the patient's channel preferences,
sends, and records the send (ids only) for the adoption numbers. Every email is
raw MIME from "<practice name> <no-reply address>" with Auto-Submitted and
X-Auto-Response-Suppress (no auto-reply loops), a Reply-To only where replies are
read, and a one-click List-Unsubscribe on patient notices (not account mail). A failed send is recorded and
logged, never raised into the user's request.
"""
from __future__ import annotations

import uuid

from chalicelib.config import get_settings
from chalicelib.models._base import iso_now
from chalicelib.models.notification import NotificationLog
from chalicelib.observability import logger
from chalicelib.templates import render



def practice_values() -> dict[str, str]:
    from chalicelib.services.practice import current_settings

    settings = current_settings()
    return {
        "practice_name": settings.get("name", "Your practice"),
        "practice_phone": phone_for_people(settings.get("phone", "")),
        "portal_url": get_settings().portal_url + "/",
    }


def phone_for_people(number: str | None) -> str:
    """"+13125550100" as people write it: "(312) 555-0100" (phonenumbers; as given if unparsable)."""
    if not number:
        return ""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    style = phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 1 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, style)


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
    tls_required: bool = False,
    list_unsubscribe: bool = True,
) -> list[str]:
    """Send `template` by every channel the recipient allows. Returns the channels used.

    values may carry "link", the portal path of the exact page ("/#/visits/<id>"): the
    button and the SMS open it (sign-in first). attachments: (filename, content type,
    bytes), e.g. an .ics; reply_to: a signed inbound address, only for templates whose
    replies are read (replies_read); tls_required: through the SES configuration set that
    requires TLS (staff email carrying a patient's words, where the practice allows it)."""
    from chalicelib.templates import TEMPLATES

    meta = TEMPLATES[template]
    # One-click unsubscribe only for patient notices, never account or staff mail.
    unsubscribe = unsubscribe_url(patient_id, email) if (
        patient_id and email and list_unsubscribe and not meta.transactional and meta.audience == "patient") else None
    rendered = render(template, {**practice_values(), **(values or {})})
    if reply_to and not meta.replies_read:
        raise ValueError(f"template {template} is not one whose replies are read")
    prefs = {"email": True, "sms": False, **(preferences or {})}
    used = []
    if email and (meta.transactional or prefs.get("email")):
        _deliver("email", template, patient_id, user_id,
                 lambda: _send_email(email, rendered, attachments or [], reply_to, unsubscribe, tls_required))
        used.append("email")
    if phone and rendered.sms and prefs.get("sms") and meta.audience != "staff":
        _deliver("sms", template, patient_id, user_id, lambda: _send_sms(phone, rendered.sms))
        used.append("sms")
    return used


def unsubscribe_url(patient_id: str, email: str) -> str:
    """The one-click List-Unsubscribe URL (RFC 8058): a signed, PHI-free token for this address."""
    from chalicelib.services.unsubscribe import token

    return f"{get_settings().portal_url}/api/notifications/unsubscribe?token={token(patient_id, email)}"


def notify_patient(patient, template: str, values: dict[str, str] | None = None,
                   attachments: list[tuple[str, str, bytes]] | None = None) -> list[str]:
    """Tell a patient something new is waiting, through the channels they chose, and the
    proxies who act for them (a visit booked for Sam tells Jordan) by email."""
    prefs = patient.preferences.as_dict() if patient.preferences else None
    used = send(template, email=patient.email, phone=patient.phone, preferences=prefs, values=values,
                patient_id=patient.patient_id, user_id=patient.user_id, attachments=attachments)
    for proxy in _proxies(patient.patient_id, template):
        if proxy.email and proxy.email != patient.email:
            # The proxy's own address: no one-click unsubscribe of the patient's notices.
            send(template, email=proxy.email, values=values, patient_id=patient.patient_id,
                 user_id=proxy.user_id, attachments=attachments, list_unsubscribe=False)
            used.append("proxy")
    return used


def _proxies(patient_id: str, template: str) -> list:
    """Active grantees whose grant scope the template allows (one Query, one BatchGet)."""
    from chalicelib.templates import TEMPLATES

    wanted = TEMPLATES[template].proxies
    if wanted is None:
        return []
    try:
        from chalicelib import clock
        from chalicelib.auth import grant_scope
        from chalicelib.models.proxy_grant import ProxyGrant
        from chalicelib.models.user import User

        today = clock.today()
        grants = [g for g in ProxyGrant.patient_grants_index.query(patient_id, limit=100)
                  if (scope := grant_scope(g, today)) and (wanted == "any" or scope == "full")]
        users = list(User.batch_get([g.grantee_id for g in grants])) if grants else []
        return [u for u in users if u.status == "active"]
    except Exception:  # a proxy copy must never cost the patient theirs
        logger.exception("proxy notice lookup failed", extra={"patient_id": patient_id, "template": template})
        return []


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


def _send_email(to_address: str, rendered, attachments: list[tuple[str, str, bytes]],
                reply_to: str | None, unsubscribe: str | None, tls_required: bool = False) -> str:
    from email.message import EmailMessage
    from email.utils import formataddr, make_msgid

    from chalicelib.aws import client

    settings = get_settings()
    message = EmailMessage()
    message["Subject"] = rendered.subject
    # People see the practice's name; the address is the verified no-reply sender.
    message["From"] = formataddr((practice_values()["practice_name"], settings.mail_from))
    message["To"] = to_address
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or None)
    if reply_to:
        message["Reply-To"] = reply_to
    # Out-of-office and other robots must not answer (RFC 3834; Exchange's own header).
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    extra = {}
    if tls_required:  # SES delivers only over TLS through this set, or not at all
        if not settings.tls_configuration_set:
            raise RuntimeError("tls_required without SES_TLS_CONFIGURATION_SET")
        extra["ConfigurationSetName"] = settings.tls_configuration_set
    response = client("ses").send_raw_email(
        Source=settings.mail_from, Destinations=[to_address], RawMessage={"Data": message.as_bytes()}, **extra)
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
