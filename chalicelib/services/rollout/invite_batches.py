"""Invitations in throttled batches (issue 15, item 5).

The admin queues every patient waiting for a first invitation (the sparse invite-queue
index: "waiting" -> "queued", with the channel: email, or email and a text message); the
`invitation-batches` job sends up to BATCH per run, never more than the practice's hourly
rate (practice setting `invitations_per_hour`, default PER_HOUR, counted with throttle.py
across runs). State per patient: queued (invite_queue "queued"), sent (the invitation
removes it; account_status "invited"). Safe to re-run: each patient is claimed with a
condition ("queued" -> "sending") before the invitation goes, so two runs never send twice;
an invitation that cannot go (an account already, too young, no email) is marked "failed"
and counted, the patient named nowhere but by id in the log.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, require
from chalicelib.errors import PortalError

BATCH = 50
PER_HOUR = 200
MAX_QUEUE = 1000  # queued per click; click again for more


def per_hour() -> int:
    from chalicelib.services.practice import current_settings

    return int(current_settings().get("invitations_per_hour") or PER_HOUR)


def _limit():
    from chalicelib import throttle

    return throttle.Limit("invite-batch", per_hour(), 3600)


def queue(caller: Caller, channel: str) -> dict:
    """Queue the patients waiting for a first invitation (those with an email)."""
    from chalicelib.models.patient import Patient

    require(caller, "patients.import")
    queued, skipped, events = 0, 0, []
    for patient in Patient.invite_queue_index.query("waiting", limit=MAX_QUEUE):
        if not patient.email:
            skipped += 1
            continue
        try:
            patient.update(actions=[Patient.invite_queue.set("queued"), Patient.invite_channel.set(channel)],
                           condition=Patient.invite_queue == "waiting")
        except Exception:  # noqa: BLE001 - invited meanwhile: nothing to queue
            continue
        queued += 1
        events.append((patient.patient_id, "queue", "invitation", None))
    audit.record_many(caller, events)
    return {"queued": queued, "skipped_no_email": skipped, **status(caller)}


def status(caller: Caller) -> dict:
    from chalicelib.models.patient import Patient

    require(caller, "patients.import")
    counts = {}
    for state in ("waiting", "queued", "failed"):
        counts[state] = Patient.invite_queue_index.count(state, limit=MAX_QUEUE)
    return {"waiting": counts["waiting"], "queued_now": counts["queued"], "failed": counts["failed"],
            "per_hour": per_hour(), "per_run": BATCH}


def run(batch: int = BATCH) -> dict:
    """The job: send up to `batch` queued invitations within the hourly rate."""
    from chalicelib import throttle
    from chalicelib.models.patient import Patient
    from chalicelib.observability import logger
    from chalicelib.services import invitations

    limit, sent, failed = _limit(), 0, 0
    for patient in Patient.invite_queue_index.query("queued", limit=batch):
        if throttle.over(limit, "practice") is not None:
            break
        try:
            patient.update(actions=[Patient.invite_queue.set("sending")], condition=Patient.invite_queue == "queued")
        except Exception:  # noqa: BLE001 - another run took this one
            continue
        throttle.hit(limit, "practice")
        try:
            invitations.invite(None, patient.patient_id, channel=patient.invite_channel or "email")
            sent += 1
        except PortalError as refused:
            Patient(patient.patient_id).update(actions=[Patient.invite_queue.set("failed")])
            logger.info("batch invitation not sent", extra={"patient_id": patient.patient_id,
                                                            "reason": type(refused).__name__})
            failed += 1
    return {"sent": sent, "failed": failed}
