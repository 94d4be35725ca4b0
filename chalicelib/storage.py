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
# Registered documents live here; upload forms are only ever issued for patients/<id>/<id>.
CHECKED_PREFIX = "checked/"

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


class ChangedError(Exception):
    """The object under a key changed after it was checked."""


def stored(key: str) -> tuple[int, bytes, str] | None:
    """(size, first bytes, ETag) of the stored object, or None if nothing was uploaded.
    The first bytes are read from the same object the size came from (If-Match)."""
    from botocore.exceptions import ClientError

    try:
        head = _s3().head_object(Bucket=_bucket(), Key=key)
        size, etag = int(head["ContentLength"]), head["ETag"]
        if size == 0:
            return 0, b"", etag
        body = _s3().get_object(Bucket=_bucket(), Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}",
                                IfMatch=etag)["Body"]
        return size, body.read(SNIFF_BYTES), etag
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code in ("404", "NoSuchKey", "NotFound"):
            return None
        if code in ("412", "PreconditionFailed"):
            raise ChangedError(key) from None
        raise


def keep(key: str, etag: str) -> str:
    """Copy the checked upload to a key no upload form can write (only if it is still the
    object that was checked), delete the upload, and return the kept key. The upload
    form stays valid for UPLOAD_SECONDS: whatever it sends later is never served."""
    from botocore.exceptions import ClientError

    kept = f"{CHECKED_PREFIX}{key}"
    try:
        _s3().copy_object(Bucket=_bucket(), Key=kept, CopySource={"Bucket": _bucket(), "Key": key},
                          CopySourceIfMatch=etag, MetadataDirective="COPY")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("412", "PreconditionFailed"):
            raise ChangedError(key) from None
        raise
    # Belt and braces (moto ignores CopySourceIfMatch): a copy has its source's ETag.
    if _s3().head_object(Bucket=_bucket(), Key=kept)["ETag"] != etag:
        delete(kept)
        raise ChangedError(key)
    delete(key)
    return kept


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
