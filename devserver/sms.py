"""Local stand-in for two-way SMS: a reply to a portal text message is published as the
SNS event AWS would deliver, and the app's "sms-replies" handler runs on it."""
from __future__ import annotations

import json
import uuid


def reply(from_number: str, text: str) -> str:
    """A patient answers a text (STOP, START, HELP...). Returns the handler's outcome.

    SNS itself puts a number that texts STOP on its account opt-out list (and refuses to
    text it until opted in again); moto does not, so this does it in moto's backend first."""
    from chalicelib.config import get_settings, sms_replies_topic_name
    from chalicelib.handlers.jobs import sms_replies
    from chalicelib.services.sms_replies import keyword

    if keyword(text) == "stop":
        numbers = opted_out()
        if from_number not in numbers:
            numbers.append(from_number)

    topic_arn = f"arn:aws:sns:{get_settings().region}:123456789012:{sms_replies_topic_name()}"
    message = {"originationNumber": from_number, "destinationNumber": "+18885550100",
               "messageKeyword": "KEYWORD_123456789012", "messageBody": text,
               "inboundMessageId": str(uuid.uuid4()), "previousPublishedMessageId": str(uuid.uuid4())}
    event = {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                          "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                          "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": topic_arn,
                                  "Subject": None, "Message": json.dumps(message),
                                  "Timestamp": "2026-12-01T12:00:00.000Z", "SignatureVersion": "1",
                                  "MessageAttributes": {}}}]}
    return sms_replies(event, None)


def opted_out() -> list[str]:
    """moto's account opt-out list (the one SNS keeps; START's opt_in_phone_number edits it)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    from devserver.stack import REGION

    return sns_backends[DEFAULT_ACCOUNT_ID][REGION].opt_out_numbers
