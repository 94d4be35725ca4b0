"""Shared bits for models: on-demand billing and UTC timestamps as ISO strings."""
from __future__ import annotations

import functools
import threading
from datetime import datetime, timezone

import pynamodb.connection.base as _pynamodb_connection
from pynamodb.models import Model

_thread_sessions = threading.local()


def _shared_botocore_session():
    """One botocore session per thread for every PynamoDB model.

    PynamoDB opens a new botocore session for each model's connection, and each
    loads the DynamoDB service description again: measured ~50-150 ms per table
    on first use, paid on every cold start. Sessions stay per thread because
    botocore client creation is not thread safe (why PynamoDB keeps them apart).
    """
    session = getattr(_thread_sessions, "session", None)
    if session is None:
        import botocore.session

        session = _thread_sessions.session = botocore.session.get_session()
    return session


_pynamodb_connection.get_session = _shared_botocore_session


class BaseModel(Model):
    class Meta:
        abstract = True
        billing_mode = "PAY_PER_REQUEST"


def sparse_key_actions(item: Model, keys: dict) -> list:
    """Set (or, for None, remove) each sparse index key on `item`; the matching update
    actions, to write in the same update as the change they follow (issue 16)."""
    actions = []
    for name, value in keys.items():
        setattr(item, name, value)
        attr = getattr(type(item), name)
        actions.append(attr.set(value) if value else attr.remove())
    return actions


def utcnow() -> datetime:
    from chalicelib import clock  # the one clock (tests and the local stack move it)

    return clock.now()


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and Z: sorts correctly as a string."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_now() -> str:
    return iso(utcnow())


def transact_write():
    """A PynamoDB TransactWrite on a connection for this region (it needs one explicitly).

    Real DynamoDB may answer TransactionCanceled with a TransactionConflict
    reason as well as ConditionalCheckFailed: callers treat both as "taken".
    """
    from pynamodb.transactions import TransactWrite

    from chalicelib.config import get_settings

    settings = get_settings()
    return TransactWrite(connection=_connection(settings.region, settings.aws_endpoint_url))


@functools.cache
def _connection(region: str, endpoint: str | None):
    """One Connection per region (and local endpoint): a new one builds a botocore
    client, ~200 ms, on every transaction otherwise."""
    from pynamodb.connection import Connection

    return Connection(region=region)
