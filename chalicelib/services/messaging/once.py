"""Retries never double-act: starting a conversation or replying with an Idempotency-Key
(a browser retry, a flaky connection) gives the first answer again instead of a second
message. Same approach as booking (Powertools idempotency on the idempotency table);
the same key with a different body is a 422, a retry while the first runs a 409."""
from __future__ import annotations

import functools

from chalicelib.auth import Caller


def start_once(caller: Caller, patient_id: str, data: dict, key: str | None, lambda_context=None) -> dict:
    from chalicelib.services.messaging import threads

    if not key:
        return threads.start(caller, patient_id, data)
    return _once(caller, "start", patient_id, None, data, key, lambda_context)


def reply_once(caller: Caller, patient_id: str, thread_id: str, data: dict, key: str | None,
               lambda_context=None) -> dict:
    from chalicelib.services.messaging import replies

    if not key:
        return replies.reply(caller, patient_id, thread_id, data["body"], data.get("document_ids"),
                             internal=bool(data.get("internal")))
    return _once(caller, "reply", patient_id, thread_id, data, key, lambda_context)


def _once(caller, action, patient_id, thread_id, data, key, lambda_context) -> dict:
    from chalicelib.idempotency import run_once

    request = {"action": action, "user": caller.user_id, "patient_id": patient_id, "thread_id": thread_id,
               "key": key, "body": data}
    return run_once(_runner, caller, request, lambda_context,
                    what="message", doing="This message is already being sent")


@functools.cache
def _runner():
    """Built on first use (Powertools idempotency is heavy for the cold start); its own
    persistence layer, as Powertools wants one per decorated function."""
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer, IdempotencyConfig,
                                                             idempotent_function)

    from chalicelib.config import table_name

    config = IdempotencyConfig(event_key_jmespath="[action, user, patient_id, thread_id, key]",
                               payload_validation_jmespath="body", expires_after_seconds=24 * 3600)
    persistence = DynamoDBPersistenceLayer(table_name=table_name("idempotency"))

    @idempotent_function(data_keyword_argument="request", persistence_store=persistence, config=config)
    def run(caller: Caller, request: dict) -> dict:
        from chalicelib.services.messaging import replies, threads

        data = request["body"]
        if request["action"] == "start":
            return threads.start(caller, request["patient_id"], data)
        return replies.reply(caller, request["patient_id"], request["thread_id"], data["body"],
                             data.get("document_ids"), internal=bool(data.get("internal")))

    return run, config
