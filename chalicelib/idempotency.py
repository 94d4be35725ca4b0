"""Retried requests give the first answer: one place that checks an Idempotency-Key and
runs a Powertools-idempotent function with it, mapping Powertools' errors to ours (the
same key with a different body is a 422, a retry while the first still runs a 409).

Each caller keeps its own decorated function and persistence layer (Powertools wants one
per function); Powertools is imported only when a key is given (cold start)."""
from __future__ import annotations

from chalicelib.errors import ConflictError, InvalidError, UnprocessableError


def check_key(key: str) -> None:
    if len(key) > 128 or not key.isprintable():
        raise InvalidError("Idempotency-Key must be at most 128 printable characters.", field="Idempotency-Key")


def run_once(runner, caller, request: dict, lambda_context, *, what: str, doing: str) -> dict:
    """`runner()` -> (decorated function, its IdempotencyConfig). `what` names the thing for
    a reused key ("booking"), `doing` says what is still running ("This booking is already
    being made")."""
    check_key(request["key"])
    from aws_lambda_powertools.utilities.idempotency.exceptions import (IdempotencyAlreadyInProgressError,
                                                                        IdempotencyValidationError)

    run, config = runner()
    config.register_lambda_context(lambda_context)  # only sizes the in-progress lease
    try:
        return run(caller, request=request)
    except IdempotencyValidationError:
        raise UnprocessableError(f"This Idempotency-Key was already used for a different {what}.",
                                 field="Idempotency-Key") from None
    except IdempotencyAlreadyInProgressError:
        raise ConflictError(f"{doing}. Wait a moment and reload.", code="in_progress") from None


def runner(name: str, event_key_jmespath: str, work):
    """(decorated function, its IdempotencyConfig) for run_once(): `work(caller, request)`
    made idempotent on the idempotency table for 24 h, the request's "body" validated (the
    same key with another body is a 422). `name` keeps each caller's records apart
    (Powertools prefixes the key with the function's module and name). Call it inside a
    functools.cache'd function: Powertools is imported on first use only."""
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer, IdempotencyConfig,
                                                             idempotent_function)

    from chalicelib.config import table_name

    config = IdempotencyConfig(event_key_jmespath=event_key_jmespath, payload_validation_jmespath="body",
                               expires_after_seconds=24 * 3600)
    persistence = DynamoDBPersistenceLayer(table_name=table_name("idempotency"))

    def run(caller, request: dict) -> dict:
        return work(caller, request)

    run.__qualname__ = run.__name__ = name
    return idempotent_function(data_keyword_argument="request", persistence_store=persistence, config=config)(run), \
        config
