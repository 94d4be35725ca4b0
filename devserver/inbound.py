"""Local stand-in for SES inbound: a reply is written to the inbound bucket and the
app's @on_sns_message handler is invoked with the SNS event SES would publish.

Also the reply builders (Gmail, Outlook, Apple Mail styles) the mailbox and the
tests use, so both drive the production path with realistic mail.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from chalicelib import clock

PASS = {"spf": "PASS", "dkim": "PASS", "spam": "PASS", "virus": "PASS", "dmarc": "PASS"}


def _quoted(original_text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in original_text.splitlines())


def reply_mime(style: str, *, sender: str, to: str, subject: str, text: str, original_from: str,
               original_text: str, message_id: str | None = None, in_reply_to: str | None = None) -> bytes:
    """A reply as Gmail, Outlook or Apple Mail writes it: new text above the quoted original."""
    sent = datetime(2026, 11, 27, 9, 12, tzinfo=timezone.utc)
    if style == "gmail":
        body = (f"{text}\n\nOn Fri, Nov 27, 2026 at 9:12 AM {original_from} wrote:\n\n"
                f"{_quoted(original_text)}\n")
        html = (f'<div dir="ltr">{text}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                f"On Fri, Nov 27, 2026 at 9:12 AM {original_from} wrote:<br></div>"
                f'<blockquote class="gmail_quote">{original_text}</blockquote></div>')
    elif style == "outlook":
        body = (f"{text}\n\nFrank Ortiz\nFront desk\n\n________________________________\n"
                f"From: {original_from}\nSent: Friday, November 27, 2026 9:12 AM\nTo: {sender}\n"
                f"Subject: {subject.removeprefix('Re: ')}\n\n{original_text}\n")
        html = None
    elif style == "apple":
        body = (f"{text}\n\nSent from my iPhone\n\n> On Nov 27, 2026, at 9:12 AM, {original_from} wrote:\n>\n"
                f"{_quoted(original_text)}\n")
        html = None
    else:
        raise ValueError(style)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2] or "local")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


def ses_notification(raw: bytes, bucket: str, key: str, *, source: str, recipients: list[str],
                     verdicts: dict[str, str] | None = None, topic_arn: str = "") -> dict:
    """The JSON SES publishes for a receipt rule with an S3 action (the production shape)."""
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(raw)
    verdicts = {**PASS, **(verdicts or {})}
    now = clock.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "notificationType": "Received",
        "mail": {
            "timestamp": now, "source": source, "messageId": uuid.uuid4().hex, "destination": recipients,
            "headersTruncated": False,
            "headers": [{"name": k, "value": str(v)} for k, v in message.items()],
            "commonHeaders": {"returnPath": source, "from": [str(message["From"])], "date": str(message["Date"]),
                              "to": [str(message["To"])], "messageId": str(message["Message-ID"]),
                              "subject": str(message["Subject"])},
        },
        "receipt": {
            "timestamp": now, "processingTimeMillis": 412, "recipients": recipients,
            **{f"{name}Verdict": {"status": status} for name, status in verdicts.items()},
            "action": {"type": "S3", "topicArn": topic_arn, "bucketName": bucket,
                       "objectKeyPrefix": "inbound/", "objectKey": key},
        },
    }


def sns_event(notification: dict, topic_arn: str) -> dict:
    return {"Records": [{
        "EventSource": "aws:sns", "EventVersion": "1.0",
        "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
        "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": topic_arn,
                "Subject": "Amazon SES Email Receipt Notification", "Message": json.dumps(notification),
                "Timestamp": notification["receipt"]["timestamp"], "SignatureVersion": "1",
                "MessageAttributes": {}},
    }]}


def deliver(raw: bytes, *, source: str | None = None, recipients: list[str] | None = None,
            verdicts: dict[str, str] | None = None) -> str:
    """Store `raw` in the inbound bucket and run the app's inbound handler on it, as SES
    would. Returns the router's outcome ("done", "refused", "rejected: ...")."""
    from email import policy
    from email.parser import BytesParser
    from email.utils import getaddresses

    from chalicelib.aws import client
    from chalicelib.config import get_settings, inbound_topic_name
    from chalicelib.handlers.jobs import inbound_mail

    message = BytesParser(policy=policy.default).parsebytes(raw)
    settings = get_settings()
    key = f"inbound/{uuid.uuid4().hex}"
    client("s3").put_object(Bucket=settings.inbound_bucket, Key=key, Body=raw)
    if recipients is None:
        recipients = [a for _, a in getaddresses([str(message.get("To", ""))]) if a]
    if source is None:
        source = getaddresses([str(message.get("From", ""))])[0][1]
    topic_arn = f"arn:aws:sns:{settings.region}:123456789012:{inbound_topic_name()}"
    notification = ses_notification(raw, settings.inbound_bucket, key, source=source, recipients=recipients,
                                    verdicts=verdicts, topic_arn=topic_arn)
    return inbound_mail(sns_event(notification, topic_arn), None)
