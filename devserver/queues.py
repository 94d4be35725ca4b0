"""The app's SQS event functions, run in process as Lambda's event source mapping would
(issue 16: the export worker). Messages go to the embedded moto SQS exactly as in
production; this reads them, calls the same @on_sqs_message handler with the event SQS
sends Lambda, and deletes what the handler finished (a failure becomes visible again).

moto's server is single threaded: short polls on a timer, never a long poll that would
hold every other AWS call of the stack."""
from __future__ import annotations

import threading

_lock = threading.Lock()  # the timer and a test never deliver the same message twice at once


def sqs_functions(chalice_app) -> list[tuple[str, int, object]]:
    """(queue name, batch size, handler) of every @on_sqs_message function."""
    import importlib

    found = []
    for source in getattr(chalice_app, "event_sources", []):
        if type(source).__name__ != "SQSEventConfig":
            continue
        module, attr = source.handler_string.rsplit(".", 1)
        found.append((source.queue, source.batch_size, getattr(importlib.import_module(module), attr)))
    return found


def _event(messages: list[dict], arn: str, region: str) -> dict:
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": m.get("Attributes", {}), "messageAttributes": {}, "md5OfBody": m.get("MD5OfBody", ""),
        "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": region} for m in messages]}


def deliver_pending(chalice_app, rounds: int = 20) -> int:
    """Deliver what is waiting on the app's queues now; returns how many messages were handled."""
    import boto3

    from chalicelib.observability import logger
    from devserver.stack import REGION

    sqs = boto3.session.Session(region_name=REGION).client("sqs")
    handled = 0
    with _lock:
        for queue, batch_size, handler in sqs_functions(chalice_app):
            url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
            arn = f"arn:aws:sqs:{REGION}:123456789012:{queue}"
            for _ in range(rounds):
                messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(batch_size, 10),
                                               AttributeNames=["All"], WaitTimeSeconds=0).get("Messages", [])
                if not messages:
                    break
                try:
                    handler(_event(messages, arn, REGION), None)
                except Exception:
                    logger.exception("queue function failed", extra={"queue": queue})
                    continue
                for m in messages:
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                handled += len(messages)
    return handled


def run_forever(chalice_app, interval_seconds: float, stop: threading.Event) -> None:
    """Poll on a timer, as the event source mapping does in production."""
    from chalicelib.observability import logger

    while not stop.wait(interval_seconds):
        try:
            deliver_pending(chalice_app)
        except Exception:
            logger.exception("queue delivery failed")
