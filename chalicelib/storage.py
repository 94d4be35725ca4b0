"""The documents bucket: presigned uploads and downloads, and what a stored object really is.

Browsers upload straight to S3 with a presigned POST whose conditions pin the key,
the Content-Type and the size range. S3 enforces those in production, but we do
not rely on it (moto does not enforce them at all): registration checks the
stored object's real size and its first bytes.
"""
from __future__ import annotations

import re
from urllib.parse import quote

MAX_BYTES = 10 * 1024 * 1024
UPLOAD_SECONDS = 15 * 60
DOWNLOAD_SECONDS = 60
SNIFF_BYTES = 32

# Declared type -> the family its bytes must belong to.
CONTENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
}
HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def _s3():
    from chalicelib.aws import client

    return client("s3")


def _bucket() -> str:
    from chalicelib.config import get_settings

    return get_settings().documents_bucket


def sniff(head: bytes) -> str | None:
    """The file family from its magic numbers, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return "heic"
    return None


def presigned_post(key: str, content_type: str) -> dict:
    return _s3().generate_presigned_post(
        Bucket=_bucket(), Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]],
        ExpiresIn=UPLOAD_SECONDS,
    )


def stored(key: str) -> tuple[int, bytes] | None:
    """(size, first bytes) of the stored object, or None if nothing was uploaded."""
    from botocore.exceptions import ClientError

    try:
        size = int(_s3().head_object(Bucket=_bucket(), Key=key)["ContentLength"])
        if size == 0:
            return 0, b""
        body = _s3().get_object(Bucket=_bucket(), Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}")["Body"]
        return size, body.read(SNIFF_BYTES)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def delete(key: str) -> None:
    _s3().delete_object(Bucket=_bucket(), Key=key)


def put(key: str, body: bytes, content_type: str) -> None:
    _s3().put_object(Bucket=_bucket(), Key=key, Body=body, ContentType=content_type)


def presigned_get(key: str, filename: str, content_type: str, seconds: int = DOWNLOAD_SECONDS) -> str:
    return _s3().generate_presigned_url(
        "get_object",
        Params={"Bucket": _bucket(), "Key": key, "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition(filename)},
        ExpiresIn=seconds,
    )


def content_disposition(filename: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", filename)[:100] or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename[:100])}"
