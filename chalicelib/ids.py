"""Identifiers: random, URL safe, valid FHIR ids; the sortable ones start with the time.

Never derived from names or content, so an id (or an S3 key built from one)
says nothing about the patient.
"""
from __future__ import annotations

import re
import secrets
import time

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{7,63}$")


def sortable_id() -> str:
    """12 hex digits of milliseconds, then 80 random bits: newest sorts last."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def random_id(prefix: str = "") -> str:
    return f"{prefix}{secrets.token_hex(16)}"


def looks_like_id(value: str | None) -> bool:
    return bool(value) and bool(ID_PATTERN.match(value))
