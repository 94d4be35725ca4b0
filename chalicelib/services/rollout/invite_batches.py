"""Invitations in throttled batches (issue 15, item 5).

The admin queues the patients waiting for a first invitation (the sparse invite-queue index:
"waiting" -> "queued", with the channel: email, or email and a text message), everyone
waiting or the patients of one import; the `invitation-batches` job sends up to BATCH per
run, never more than the practice's hourly rate (practice setting `invitations_per_hour`,
default PER_HOUR, counted with throttle.py across runs). A patient who cannot be invited is
skipped with the reason and stays waiting (no email address: the account signs in with it;
under the minimum age) or leaves the queue (an account already). State per patient: queued
(invite_queue "queued"), sent (the invitation removes it; account_status "invited"), failed.
Safe to re-run: each patient is claimed with a condition ("queued" -> "sending", with the
claim's time) before the invitation goes, so two runs never send twice. A run that dies
between the claim and the invitation (which clears the claim in the same write) leaves the
patient "sending": a claim older than CLAIM_MINUTES is taken back to "queued" by the next
run, and the invitation is written only while its run's claim still stands, so a slow run
whose claim was taken back sends nothing: one invitation either way. The admin puts the
"failed" ones back in the queue (retry_failed, "Try again" on the page). The batch itself (its counts, pause, resume,
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
# A run lasts a minute at most (the Lambda timeout): a claim this old is a run that died.
CLAIM_MINUTES = 15


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


def retry_failed(caller: Caller) -> dict:
    """The admin's "Try again": the patients whose invitation could not be sent go back in
    the queue (the running or paused batch, or a new one) by the channel they had, each
    audited; the job sends them (a sent one that failed after its invitation was written is
    invited again: the new code supersedes the old)."""
    from chalicelib.models.patient import Patient

    require(caller, "patients.import")
    failed = list(Patient.invite_queue_index.query("failed", limit=MAX_QUEUE))
    events = []
    if failed:
        batch = batch_state.current()
        fresh = not batch_state.active(batch)
        if fresh:
            batch = batch_state.start(caller, batch_state.settings()["channel"], batch)
        for patient in failed:
            try:
                patient.update(actions=[Patient.invite_queue.set("queued"), Patient.invite_batch.set(batch["batch_id"]),
                                        Patient.invite_channel.set(patient.invite_channel or batch["channel"])],
                               condition=Patient.invite_queue == "failed")
            except Exception:  # noqa: BLE001 - retried by another click meanwhile
                continue
            events.append((patient.patient_id, "retry", "invitation", batch["batch_id"]))
        audit.record_many(caller, events)
        audit.record(caller, batch_state.AUDIT, "retry", "invitation-batch", batch["batch_id"])
        batch_state.add(batch["batch_id"], queued=len(events))
        if fresh and not events:
            batch_state.finish(batch)
    return {"retried": len(events), **status(caller)}


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
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient

    current = batch_state.current()
    state = current["state"] if current else "running"  # queued before batches were kept
    if state == "paused":
        return {"sent": 0, "failed": 0, "skipped": 0, "paused": True}
    _take_back_stale_claims(batch)
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
        claim = iso_now()
        try:
            patient.update(actions=[Patient.invite_queue.set("sending"), Patient.invite_claimed_at.set(claim)],
                           condition=Patient.invite_queue == "queued")
        except Exception:  # noqa: BLE001 - another run took this one
            continue
        throttle.hit(limit, "practice")
        outcome = _send(patient, claim)
        if outcome == "lost":  # a later run took the claim back: it sends, this one does not
            continue
        done["sent" if outcome == "sent" else "failed" if outcome == "failed" else "skipped"] += 1
        if current:
            batch_state.add(current["batch_id"], **{outcome: 1})
    # one item each, not count(limit=1): that pages one at a time through every queued patient;
    # a claim left by a dead run is not done either
    left = next(iter(Patient.invite_queue_index.query("queued", limit=1)), None) \
        or next(iter(Patient.invite_queue_index.query("sending", limit=1)), None)
    if current and state == "running" and seen < batch and left is None:
        batch_state.finish(current)
    return done


def _take_back_stale_claims(limit: int) -> int:
    """Patients left "sending" by a run that died before inviting them go back to "queued"
    (conditional on the claim seen: one run takes each back); this run or the next sends them."""
    from datetime import timedelta

    from chalicelib import clock
    from chalicelib.models._base import iso
    from chalicelib.models.patient import Patient
    from chalicelib.observability import logger

    stale = iso(clock.now() - timedelta(minutes=CLAIM_MINUTES))
    back = 0
    for patient in Patient.invite_queue_index.query("sending", limit=limit):
        seen = patient.invite_claimed_at
        if seen and seen > stale:
            continue  # a run may still be sending it
        same = Patient.invite_claimed_at == seen if seen else Patient.invite_claimed_at.does_not_exist()
        try:
            patient.update(actions=[Patient.invite_queue.set("queued"), Patient.invite_claimed_at.remove()],
                           condition=(Patient.invite_queue == "sending") & same)
        except Exception:  # noqa: BLE001 - sent, or taken back by another run, meanwhile
            continue
        logger.warning("stale invitation claim taken back", extra={"patient_id": patient.patient_id})
        back += 1
    return back


def _send(patient, claim: str) -> str:
    """Invite one claimed patient: "sent", "failed", "lost" (the claim was taken back), or
    "skipped_<reason>"."""
    from chalicelib.models.patient import Patient
    from chalicelib.observability import logger
    from chalicelib.services import invitations

    try:
        invitations.invite(None, patient.patient_id, channel=patient.invite_channel or "email", claim=claim)
        return "sent"
    except ConflictError as refused:
        if refused.code == "claim_lost":
            return "lost"
        # otherwise an account meanwhile: nothing to invite
        Patient(patient.patient_id).update(actions=[Patient.invite_queue.remove(), Patient.invite_claimed_at.remove()])
        return "skipped_already_active"
    except UnprocessableError as refused:  # too young (a corrected birth date): back to waiting
        batch_state.return_to_waiting(patient, state="sending")
        return "skipped_too_young" if refused.code == "too_young" else "failed"
    except PortalError as refused:  # no email any more
        batch_state.return_to_waiting(patient, state="sending")
        return "skipped_no_email" if refused.field == "email" else "failed"
    except Exception:  # noqa: BLE001 - a send that broke: counted, the patient id alone in the log
        Patient(patient.patient_id).update(actions=[Patient.invite_queue.set("failed"),
                                                    Patient.invite_claimed_at.remove()])
        logger.exception("batch invitation failed", extra={"patient_id": patient.patient_id})
        return "failed"
