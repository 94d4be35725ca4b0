"""Exports through the async path (issue 16), as the page does: start the job, let the
export worker run (devserver/queues.py delivers the queued message to the same handler
Lambda would), read the status and download the file from its link."""
from __future__ import annotations

import io
import json

import requests


def run_worker() -> int:
    """Deliver the queued export jobs to the export worker, in process."""
    import app as portal
    from devserver.queues import deliver_pending

    return deliver_pending(portal.app)


def start(api, pid: str, fmt: str, *, key: str | None = None, **who):
    headers = {"Idempotency-Key": key} if key else None
    return api.post(f"/patients/{pid}/exports", {"format": fmt}, headers=headers, **who)


def finish(api, pid: str, export_id: str, **who) -> dict:
    """Run the worker, then the job's status (as the page's poll reads it)."""
    run_worker()
    res = api.get(f"/patients/{pid}/exports/{export_id}", **who)
    assert res.status == 200, res
    return res.json


def export(api, pid: str, fmt: str, **who) -> tuple[dict, requests.Response]:
    """Start, run, and download: (the ready job, the download's response)."""
    res = start(api, pid, fmt, **who)
    assert res.status == 202, res
    job = finish(api, pid, res.json["export_id"], **who)
    assert job["status"] == "ready", job
    fetched = requests.get(job["url"], timeout=60)
    assert fetched.status_code == 200
    return job, fetched


def bundle(api, pid: str, **who) -> dict:
    job, fetched = export(api, pid, "fhir", **who)
    assert fetched.headers["Content-Type"] == "application/fhir+json"
    assert job["filename"].endswith(".json")
    return json.loads(fetched.content)


def pdf_text(api, pid: str, **who) -> str:
    from pypdf import PdfReader

    _job, fetched = export(api, pid, "pdf", **who)
    assert fetched.headers["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fetched.content)).pages)
