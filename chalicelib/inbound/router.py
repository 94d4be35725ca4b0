"""The inbound mail router: SES receipt rule -> raw mail in S3 + SNS -> here.

Cheap first, stop at the first refusal, write nothing before it:
1. the notification itself: a received mail, not an automatic one (null return path,
   auto-reply headers in SES's header list), clean (spam, virus);
2. the raw mail's headers only (at most MAX_RAW bytes are read): auto-reply headers
   again (SES truncates long header lists), then the one authentication rule (gate.py);
3. the From address is an active staff member (or a configured alias of one);
4. the reply address carries a token signed for that member (a token signed for
   someone else is refused, and its owner is told), unexpired; the role may act;
5. the Message-ID is claimed (a replay changes nothing);
6. only then is the body read (bounded, any charset), the command parsed (grammar.py)
   and the workflow's handler called; the sender gets its confirmation, or a refusal
   that quotes what was read.
Forged mail, auto-replies and unknown senders get no answer (no loops, no probing).
Never lose a reply: after step 5, an unexpected failure answers the sender once
("we could not read your reply"), keeps the raw mail under kept/, marks the claim
failed (so a redrive may claim it again) and raises, so Lambda retries and then
parks the event in the dead-letter queue, which alarms (docs/email.md: redrive).
"""
from __future__ import annotations

import importlib
import json

from chalicelib.auth import PATIENT_RULES, STAFF_RULES, Caller
from chalicelib.config import get_settings
from chalicelib.errors import PortalError
from chalicelib.inbound import WORKFLOWS, Reply, Workflow
from chalicelib.observability import logger

KEEP_SECONDS = 90 * 86400  # replays are refused for as long as Message-IDs are kept
KEPT_PREFIX = "kept/"  # raw mail we failed on: kept past the inbound/ expiry for a redrive

# The only sentences an error email may carry (PHI-free by construction).
UNSIGNED = "Replies must go to the reply address of the portal email you are answering."
NOT_YOURS = "This reply address was issued to another staff member, or it is not valid."
EXPIRED = "This reply address has expired."
ROLE = "Your role does not allow this action."
NO_ID = "The reply has no Message-ID header."


class Refused(Exception):
    def __init__(self, problem: str, read: str = ""):
        super().__init__(problem)
        self.problem, self.read = problem, read


def handle_notification(message: str) -> str:
    """Act on one SES notification (the SNS message). Returns the outcome, for logs and tests."""
    from chalicelib.inbound import gate, mail

    try:
        notification = json.loads(message)
    except ValueError:
        return _log("ignored: not json")
    if not isinstance(notification, dict) or notification.get("notificationType") != "Received":
        return _log("ignored: not a received mail")
    receipt, envelope = notification.get("receipt") or {}, notification.get("mail") or {}
    source = str(envelope.get("source", "")).strip().lower()
    if source in ("", "<>") or _auto_in_ses_headers(envelope.get("headers") or []):
        return _log("ignored: auto-reply")
    from chalicelib import throttle

    if throttle.hit(throttle.INBOUND_SENDER, source)[0] > throttle.INBOUND_SENDER.hits:
        return _log("ignored: throttled")  # a flood from one address: nothing read, written or sent
    try:
        gate.check_clean(receipt)
    except gate.NotAuthentic:
        return _log("rejected: verdict")
    action = receipt.get("action") or {}
    if action.get("type") != "S3" or action.get("bucketName") != get_settings().inbound_bucket:
        return _log("rejected: not from the inbound bucket")
    message = mail.parse(_raw(action["bucketName"], action["objectKey"]))
    head = mail.headers(message)
    if head.auto_reply:
        return _log("ignored: auto-reply", header=head.auto_reply)
    try:
        gate.check_from(receipt, head.sender, source, head.dkim_domains)
    except gate.NotAuthentic as why:
        return _log("rejected: not authenticated", why=str(why))
    recipients = list(head.recipients) + [str(r).lower() for r in receipt.get("recipients") or []]
    caller = gate.staff_member(head.sender, envelope.get("messageId"))
    if caller is None:
        _tell_owner(recipients, head.sender)
        return _log("rejected: unknown sender")
    try:
        return _act(caller, head, message, recipients, action["objectKey"])
    except Refused as refusal:
        _answer(caller, "inbound_reply_error", problem=refusal.problem, read=refusal.read)
        return _log("refused", reason=refusal.problem, user_id=caller.user_id)


def _act(caller: Caller, head, message, recipients: list[str], object_key: str) -> str:
    from chalicelib import clock
    from chalicelib.inbound import tokens

    address = _token_address(recipients)
    if address is None:
        raise Refused(UNSIGNED)
    try:
        token = tokens.verify(address, caller.user_id, clock.epoch())
    except tokens.TokenError as exc:
        if str(exc) == "expired":
            raise Refused(EXPIRED) from None
        _tell_owner(recipients, caller.email)
        raise Refused(NOT_YOURS) from None
    workflow = WORKFLOWS.get(token.workflow)
    if workflow is None:
        raise Refused(NOT_YOURS)
    if not caller.roles & _roles(workflow):
        raise Refused(ROLE)
    if not head.message_id:
        raise Refused(NO_ID)
    claim = _claim(head.message_id, workflow.name, token.object_id, caller.user_id)
    if claim is None:
        return _log("duplicate", user_id=caller.user_id)  # already answered the first time
    try:
        return _run(workflow, caller, token.object_id, head.message_id, message, claim)
    except Refused:
        claim.update(actions=[type(claim).outcome.set("refused")])
        raise
    except Exception:
        first = claim.outcome != "failed"
        claim.update(actions=[type(claim).outcome.set("failed")])
        _keep(object_key)
        if first:  # Lambda retries the event; the sender hears once
            _answer(caller, "inbound_reply_unreadable")
        logger.exception("inbound reply failed", extra={"workflow": workflow.name, "user_id": caller.user_id})
        raise


def _run(workflow: Workflow, caller: Caller, subject_id: str, message_id: str, message, claim) -> str:
    from chalicelib.inbound import clean, grammar, mail

    new = clean.new_text(mail.body_text(message))
    read = _quote(new)
    command = None
    if workflow.verbs:
        try:
            command = grammar.read_command(new, workflow.verbs, workflow.example, caller.display_name)
        except grammar.Unclear as unclear:
            raise Refused(unclear.message, read) from None
        text = command.text
    else:
        text = clean.for_patient(new, caller.display_name)
        if not text:
            raise Refused(f"The reply had no text above the quoted email. {workflow.example}", read)
    reply = Reply(caller=caller, workflow=workflow.name, subject_id=subject_id, command=command, text=text,
                  message_id=message_id)
    module, function = workflow.handler.split(":")
    try:
        template, values = getattr(importlib.import_module(module), function)(reply)
    except PortalError as exc:
        raise Refused(exc.message, read) from None
    claim.update(actions=[type(claim).outcome.set("done")])
    _answer(caller, template, **values)
    return _log("done", workflow=workflow.name, user_id=caller.user_id)


def _roles(workflow: Workflow) -> frozenset[str]:
    return STAFF_RULES.get(workflow.permission) or PATIENT_RULES[workflow.permission].staff


def _token_address(recipients: list[str]) -> str | None:
    from chalicelib.inbound import tokens

    return next((a for a in recipients if tokens.read(a) is not None), None)


def _tell_owner(recipients: list[str], sender: str) -> None:
    """A valid reply address used by someone else: its owner hears (nothing was done)."""
    address = _token_address(recipients)
    if address is None:
        return
    workflow = WORKFLOWS.get(address.split(".", 1)[0])
    if workflow is None:
        return
    from chalicelib.inbound.tokens import owner

    user = owner(address, _roles(workflow))
    if user is not None and user.email != sender:
        from chalicelib import notify

        notify.send("inbound_reply_not_owner", email=user.email, user_id=user.user_id)
        _log("owner told", user_id=user.user_id)


def _quote(new_text: str) -> str:
    """The first lines that were read, as the sender wrote them (for a refusal)."""
    lines = [ln for ln in new_text.split("\n") if ln.strip()][:3]
    return "\n".join(ln[:200] for ln in lines)


def _raw(bucket: str, key: str) -> bytes:
    from chalicelib.aws import client
    from chalicelib.inbound.mail import MAX_RAW

    return client("s3").get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{MAX_RAW - 1}")["Body"].read()


def _keep(object_key: str) -> None:
    """Copy the raw mail under kept/ (the inbound/ prefix expires); never raise over it."""
    from chalicelib.aws import client

    bucket = get_settings().inbound_bucket
    try:
        client("s3").copy_object(Bucket=bucket, Key=KEPT_PREFIX + object_key.rpartition("/")[2],
                                 CopySource={"Bucket": bucket, "Key": object_key})
    except Exception:
        logger.exception("could not keep the raw mail", extra={"object_key": object_key})


def _auto_in_ses_headers(ses_headers: list) -> bool:
    from email.message import Message

    from chalicelib.inbound.mail import auto_reply

    probe = Message()
    for item in ses_headers[:200]:
        if isinstance(item, dict) and item.get("name") and item.get("name", "").lower() != "return-path":
            probe[str(item["name"])] = str(item.get("value", ""))[:1000]
    return auto_reply(probe) is not None


def _claim(message_id: str, workflow: str, object_id: str, user_id: str):
    """Record the Message-ID as being acted on; None if it already was (a replay).
    A claim whose run failed may be claimed again (a retry or a redrive)."""
    from datetime import timedelta

    from pynamodb.exceptions import PutError

    from chalicelib.models._base import iso_now
    from chalicelib.models.inbound import InboundMessage

    previous = None
    try:
        previous = InboundMessage.get(message_id, consistent_read=True)
    except InboundMessage.DoesNotExist:
        pass
    item = InboundMessage(message_id, received_at=iso_now(), workflow=workflow, object_id=object_id,
                          user_id=user_id, purge_at=timedelta(seconds=KEEP_SECONDS),
                          outcome="failed" if previous is not None else "processing")
    condition = (InboundMessage.message_id.does_not_exist() if previous is None
                 else InboundMessage.outcome == "failed")
    try:
        item.save(condition=condition)
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return item


def _answer(caller: Caller, template: str, **values) -> None:
    from chalicelib import notify

    notify.send(template, email=caller.email, user_id=caller.user_id, values=values)


def _log(outcome: str, **ids) -> str:
    logger.info("inbound mail", extra={"outcome": outcome, **ids})
    return outcome
