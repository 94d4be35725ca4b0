"""Cached boto3 clients. Imported lazily by callers so cold starts stay cheap."""
from __future__ import annotations

import functools
from typing import Any


@functools.cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    from chalicelib.config import get_settings

    cfg = Config(signature_version="s3v4") if service == "s3" else None
    return boto3.client(service, region_name=get_settings().region, config=cfg)


def reset_clients() -> None:
    """Forget cached clients (tests and the devserver after re-provisioning)."""
    client.cache_clear()
