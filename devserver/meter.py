"""What one request costs in DynamoDB: calls, items read and items written, counted
from the responses botocore parses (the same entry point tests/iam.py hooks), plus
the CPU time of the calling thread while it ran (the app, its authorizer and botocore;
not the embedded AWS, which answers from its own thread).

Items read are what DynamoDB examined (ScannedCount for a Query, one per item a
GetItem/BatchGetItem/TransactGetItems returned): a filter that drops items still
reads them, which is the cost the scale benchmark and the flatness tests bound.
Used by `make bench-scale` (devserver/bench_scale.py) and tests/test_flat_lists.py.
"""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

_state = threading.local()
_installed = False


@dataclass
class Meter:
    calls: list[str] = field(default_factory=list)
    items_read: int = 0
    items_written: int = 0
    cpu_ms: float = 0.0

    @property
    def queries(self) -> int:
        return self.calls.count("Query")

    def add(self, operation: str, params: dict, response: dict) -> None:
        self.calls.append(operation)
        if operation in ("Query", "Scan"):
            self.items_read += int(response.get("ScannedCount", response.get("Count", 0)))
        elif operation == "GetItem":
            self.items_read += 1 if response.get("Item") else 0
        elif operation == "BatchGetItem":
            self.items_read += sum(len(v) for v in response.get("Responses", {}).values())
        elif operation == "TransactGetItems":
            self.items_read += len(response.get("Responses", []))
        elif operation in ("PutItem", "UpdateItem", "DeleteItem"):
            self.items_written += 1
        elif operation == "TransactWriteItems":
            self.items_written += len(params.get("TransactItems", []))
        elif operation == "BatchWriteItem":
            self.items_written += sum(len(v) for v in params.get("RequestItems", {}).values())


def install() -> None:
    """Hook botocore once per process (idempotent); counts only inside measure()."""
    global _installed
    if _installed:
        return
    import botocore.client

    original = botocore.client.BaseClient._make_api_call

    def _make_api_call(self, operation_name, api_params):
        response = original(self, operation_name, api_params)
        meter = getattr(_state, "meter", None)
        if meter is not None and self.meta.service_model.service_name == "dynamodb":
            meter.add(operation_name, api_params, response)
        return response

    botocore.client.BaseClient._make_api_call = _make_api_call
    _installed = True


@contextlib.contextmanager
def measure():
    """`with measure() as m:` counts this thread's DynamoDB calls (the test client and
    the chalice app run in the caller's thread)."""
    install()
    meter = Meter()
    _state.meter = meter
    started = time.thread_time()
    try:
        yield meter
    finally:
        meter.cpu_ms = (time.thread_time() - started) * 1000
        _state.meter = None
