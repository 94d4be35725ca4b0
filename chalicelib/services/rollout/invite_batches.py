"""Invitations in throttled batches (issue 15, item 5).

The admin queues the patients waiting for a first invitation (the sparse invite-queue index:
"waiting" -> "queued", with the channel: email, or email and a text message), everyone
waiting or the patients of one import; the `invitation-batches` job sends up to BATCH per
run, never more than the practice's hourly rate (practice setting `invitations_per_hour`,
default PER_HOUR, counted with throttle.py across runs). A patient who cannot be invited is
skipped with the reason and stays waiting (no email address: the account signs in with it;
under the minimum age) or leaves the queue (an account already). State per patient: queued
(invite_queue "queued"), sent (the invitation removes it; account_status "invited"), failed.
Safe to re-run: each patient is claimed with a condition ("queued" -> "sending") before the
invitation goes, so two runs never send twice. The batch itself (its counts, pause, resume,
cancel) is batch_state.py. Patients are named nowhere but by id in the log.
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError, PortalError, UnprocessableError
from chalicelib.services.rollout import batch_state

BATCH = 50
PER_HOUR = batch_state.PER_HOUR
MAX_QUEUE = 1000  # queued per click; click again for more
COUNT_CAP = 100  # the status counts each state up to this many ("100+"), as Today's cards do
MAX_IDS = 500  # the patients of one import (at most 500 rows per file)


def per_hour() -> int:
    return batch_state.settings()["invitations_per_hour"]


def _limit():
    from chalicelib import throttle

    return throttle.Limit("invite-batch", per_hour(), 3600)


def _skip_reason(patient) -> str | None:
    from chalicelib.services import invitations

    if patient.invite_queue != "waiting":
        return "already_active" if patient.account_status == "active" else "already_invited"
    if not patient.email:
        return "no_email"
    try:
        invitations.check_age(patient)
    except UnprocessableError:
        return "too_young"
    return None


def _candidates(patient_ids: list[str] | None):
    from chalicelib.models.patient import Patient

    if patient_ids is None:
        return list(Patient.invite_queue_index.query("waiting", limit=MAX_QUEUE))
    found = {p.patient_id: p for p in Patient.batch_get(list(dict.fromkeys(patient_ids)))}
    return [found[i] for i in dict.fromkeys(patient_ids) if i in found]


def queue(caller: Caller, channel: str | None = None, patient_ids: list[str] | None = None) -> dict:
    """Queue everyone waiting for a first invitation, or the given patients (one import's):
    into the running or paused batch, or a new one. Queuing again queues no one twice."""
    from chalicelib.models.patient import Patient

    require(caller, "patients.import")
    channel = channel or batch_state.settings()["channel"]
    batch = batch_state.current()
    fresh = not batch_state.active(batch)
    if fresh:
        batch = batch_state.start(caller, channel, batch)
    counts: dict[str, int] = {"queued": 0}
    events = []
    for patient in _candidates(patient_ids):
        reason = _skip_reason(patient)
        if reason is None:
            try:
                patient.update(actions=[Patient.invite_queue.set("queued"), Patient.invite_channel.set(channel),
                                        Patient.invite_batch.set(batch["batch_id"])],
                               condition=Patient.invite_queue == "waiting")
            except Exception:  # noqa: BLE001 - invited meanwhile: nothing to queue
                reason = "already_invited"
        if reason:
            if patient_ids is not None or reason != "already_invited":
                counts[f"skipped_{reason}"] = counts.get(f"skipped_{reason}", 0) + 1
            continue
        counts["queued"] += 1
        events.append((patient.patient_id, "queue", "invitation", batch["batch_id"]))
    audit.record_many(caller, events)
    batch_state.add(batch["batch_id"], **counts)
    if fresh and not counts["queued"]:
        batch_state.finish(batch)  # nothing to send: the batch shows what was skipped, finished
    skipped = {r: counts.get(f"skipped_{r}", 0) for r in batch_state.SKIPS}
    return {"queued": counts["queued"], "skipped": skipped, "skipped_no_email": skipped["no_email"],
            **status(caller)}


def status(caller: Caller) -> dict:
    from chalicelib.models.patient import Patient

    require(caller, "patients.import")
    from chalicelib.pagination import count_up_to

    counts, more = {}, {}
    for state in ("waiting", "queued", "failed"):  # one page each (issue 16): "100+" beyond, not a read of all
        counts[state], more[state] = count_up_to(Patient.invite_queue_index, state, COUNT_CAP)
    chosen = batch_state.settings()
    return {"waiting": counts["waiting"], "queued_now": counts["queued"], "failed": counts["failed"],
            "waiting_more": more["waiting"], "queued_more": more["queued"], "failed_more": more["failed"],
            "per_hour": chosen["invitations_per_hour"], "channel": chosen["channel"], "per_run": BATCH,
            "batch": batch_state.view(batch_state.current())}


def run(batch: int = BATCH) -> dict:
    """The job: send up to `batch` queued invitations of the running batch within the hourly
    rate; a paused batch waits; a cancelled batch's patients (and any left over from an
    earlier batch) return to the waiting list."""
    from chalicelib import throttle
    from chalicelib.models.patient import Patient

    current = batch_state.current()
    state = current["state"] if current else "running"  # queued before batches were kept
    if state == "paused":
        return {"sent": 0, "failed": 0, "skipped": 0, "paused": True}
    limit, done = _limit(), {"sent": 0, "failed": 0, "skipped": 0}
    seen = 0
    for patient in Patient.invite_queue_index.query("queued", limit=batch):
        seen += 1
        mine = current is None or patient.invite_batch in (None, current["batch_id"])
        if state != "running" or not mine:  # cancelled, or an earlier batch's: back to waiting
            queued_by = patient.invite_batch
            if batch_state.return_to_waiting(patient):
                audit.record(None, patient.patient_id, "unqueue", "invitation", queued_by)
                if current and queued_by == current["batch_id"]:
                    batch_state.add(current["batch_id"], returned=1)
            continue
        if throttle.over(limit, "practice") is not None:
            break
        try:
            patient.update(actions=[Patient.invite_queue.set("sending")], condition=Patient.invite_queue == "queued")
        except Exception:  # noqa: BLE001 - another run took this one
            continue
        throttle.hit(limit, "practice")
        outcome = _send(patient)
        done["sent" if outcome == "sent" else "failed" if outcome == "failed" else "skipped"] += 1
        if current:
            batch_state.add(current["batch_id"], **{outcome: 1})
    # one item, not count(limit=1): that pages one at a time through every queued patient
    left = next(iter(Patient.invite_queue_index.query("queued", limit=1)), None)
    if current and state == "running" and seen < batch and left is None:
        batch_state.finish(current)
    return done


def _send(patient) -> str:
    """Invite one claimed patient: "sent", "failed", or "skipped_<reason>"."""
    from chalicelib.models.patient import Patient
    from chalicelib.observability import logger
    from chalicelib.services import invitations

    try:
        invitations.invite(None, patient.patient_id, channel=patient.invite_channel or "email")
        return "sent"
    except ConflictError:  # an account meanwhile: nothing to invite
        Patient(patient.patient_id).update(actions=[Patient.invite_queue.remove()])
        return "skipped_already_active"
    except UnprocessableError as refused:  # too young (a corrected birth date): back to waiting
        batch_state.return_to_waiting(patient, state="sending")
        return "skipped_too_young" if refused.code == "too_young" else "failed"
    except PortalError as refused:  # no email any more
        batch_state.return_to_waiting(patient, state="sending")
        return "skipped_no_email" if refused.field == "email" else "failed"
    except Exception:  # noqa: BLE001 - a send that broke: counted, the patient id alone in the log
        Patient(patient.patient_id).update(actions=[Patient.invite_queue.set("failed")])
        logger.exception("batch invitation failed", extra={"patient_id": patient.patient_id})
        return "failed"
