"""The inbound mail router: SES receipt rule -> raw mail in S3 + SNS -> here.

Order of checks, each refusing before anything is written: SES verdicts (SPF,
DKIM, spam, virus) pass and the From address is the envelope sender; the
sender is an active staff user; the reply address carries a valid, unexpired
token issued to that user; the user's role allows the workflow. Then the
Message-ID is claimed (a replay changes nothing), the workflow runs (it audits),
and the sender gets a confirmation or a clear error email. Forged mail and
unknown senders get no answer (no backscatter, no account probing).
"""
from __future__ import annotations

import importlib
import json
import time

from chalicelib.auth import PATIENT_RULES, STAFF_RULES, Caller
from chalicelib.config import get_settings
from chalicelib.errors import PortalError
from chalicelib.inbound import WORKFLOWS
from chalicelib.observability import logger

VERDICTS = ("spfVerdict", "dkimVerdict", "spamVerdict", "virusVerdict")
KEEP_SECONDS = 90 * 86400  # replays are refused for as long as Message-IDs are kept

# The only sentences an error email may carry (PHI-free by construction).
UNSIGNED = "Replies must go to the reply address of the portal email you are answering."
NOT_YOURS = "This reply address was issued to another staff member, or it is not valid."
EXPIRED = "This reply address has expired."
ROLE = "Your role does not allow this action."
NO_ID = "The reply has no Message-ID header."


class Refused(Exception):
    pass


def handle_notification(message: str) -> str:
    """Act on one SES notification (the SNS message). Returns the outcome, for logs and tests."""
    try:
        notification = json.loads(message)
    except ValueError:
        return _log("ignored: not json")
    if notification.get("notificationType") != "Received":
        return _log("ignored: not a received mail")
    receipt, envelope = notification.get("receipt") or {}, notification.get("mail") or {}
    failed = [v for v in VERDICTS if (receipt.get(v) or {}).get("status") != "PASS"]
    if failed:
        return _log("rejected: verdict", failed=failed)
    action = receipt.get("action") or {}
    if action.get("type") != "S3" or action.get("bucketName") != get_settings().inbound_bucket:
        return _log("rejected: not from the inbound bucket")
    from chalicelib.inbound.mail import parse

    mail = parse(_raw(action["bucketName"], action["objectKey"]))
    if not mail.sender or mail.sender != str(envelope.get("source", "")).strip().lower():
        return _log("rejected: From is not the envelope sender")
    caller = _staff_caller(mail.sender, envelope.get("messageId"))
    if caller is None:
        return _log("rejected: unknown sender")
    try:
        return _act(caller, mail, list(receipt.get("recipients") or []))
    except Refused as refusal:
        _answer_error(caller, str(refusal))
        return _log("refused", reason=str(refusal), user_id=caller.user_id)


def _act(caller: Caller, mail, envelope_recipients: list[str]) -> str:
    from chalicelib.inbound import tokens

    domain = "@" + get_settings().inbound_domain
    addresses = [a for a in list(mail.recipients) + [r.lower() for r in envelope_recipients] if a.endswith(domain)]
    if not addresses or tokens.read(addresses[0]) is None:
        raise Refused(UNSIGNED)
    try:
        token = tokens.verify(addresses[0], caller.user_id, time.time())
    except tokens.TokenError as exc:
        raise Refused(EXPIRED if str(exc) == "expired" else NOT_YOURS) from None
    workflow = WORKFLOWS.get(token.workflow)
    if workflow is None:
        raise Refused(NOT_YOURS)
    allowed = STAFF_RULES.get(workflow.permission) or PATIENT_RULES[workflow.permission].staff
    if not caller.roles & allowed:
        raise Refused(ROLE)
    if not mail.message_id:
        raise Refused(NO_ID)
    claim = _claim(mail.message_id, workflow.name, token.object_id, caller.user_id)
    if claim is None:
        return _log("duplicate", user_id=caller.user_id)  # already answered the first time
    module, function = workflow.handler.split(":")
    try:
        template, values = getattr(importlib.import_module(module), function)(caller, token.object_id, mail.reply)
    except PortalError as exc:
        claim.update(actions=[type(claim).outcome.set("refused")])
        _answer_error(caller, exc.message)
        return _log("refused", reason=exc.code, user_id=caller.user_id)
    except Exception:
        claim.delete()  # let the SNS retry try again
        raise
    claim.update(actions=[type(claim).outcome.set("done")])
    from chalicelib import notify

    notify.send(template, email=caller.email, user_id=caller.user_id, values=values)
    return _log("done", workflow=workflow.name, user_id=caller.user_id)


def _raw(bucket: str, key: str) -> bytes:
    from chalicelib.aws import client

    return client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()


def _staff_caller(address: str, ses_message_id: str | None) -> Caller | None:
    from chalicelib.services.accounts import find_user

    user = find_user(address)
    if user is None or user.status != "active" or not set(user.roles or ()) - {"patient"}:
        return None
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()), request_id=ses_message_id, source_ip="email")


def _claim(message_id: str, workflow: str, object_id: str, user_id: str):
    """Record the Message-ID as acted on; None if it already was (a replay)."""
    from datetime import timedelta

    from pynamodb.exceptions import PutError

    from chalicelib.models._base import iso_now
    from chalicelib.models.inbound import InboundMessage

    item = InboundMessage(message_id[:512], received_at=iso_now(), workflow=workflow, object_id=object_id,
                          user_id=user_id, purge_at=timedelta(seconds=KEEP_SECONDS))
    try:
        item.save(condition=InboundMessage.message_id.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return item


def _answer_error(caller: Caller, problem: str) -> None:
    from chalicelib import notify

    notify.send("inbound_reply_error", email=caller.email, user_id=caller.user_id, values={"problem": problem})


def _log(outcome: str, **ids) -> str:
    logger.info("inbound mail", extra={"outcome": outcome, **ids})
    return outcome
