"""Shared bits for models: on-demand billing and UTC timestamps as ISO strings."""
from __future__ import annotations

import functools
from datetime import datetime, timezone

from pynamodb.models import Model


class BaseModel(Model):
    class Meta:
        abstract = True
        billing_mode = "PAY_PER_REQUEST"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
    import os

    from pynamodb.transactions import TransactWrite

    from chalicelib.config import get_settings

    return TransactWrite(connection=_connection(get_settings().region, os.environ.get("AWS_ENDPOINT_URL")))


@functools.cache
def _connection(region: str, endpoint: str | None):
    """One Connection per region (and local endpoint): a new one builds a botocore
    client, ~200 ms, on every transaction otherwise."""
    from pynamodb.connection import Connection

    return Connection(region=region)
