"""The current invitation batch and the admin's controls over it (issue 15, item 5).

One batch at a time, kept as the practice section "invite-batch" (one item: GetItem to
read, one UpdateItem per counted patient; never listed with the public sections): its id,
state (running | paused | cancelled | done), channel, who started it and when, and its
counts: queued, sent, failed, skipped by reason, returned to the waiting list. Each queued
patient carries the batch id (`Patient.invite_batch`), so a patient left queued by a
cancelled batch is returned to the waiting list, never sent by the next batch.

The admin sets the hourly rate and the channel (practice settings `invitations_per_hour`,
`invitation_channel`), pauses, resumes or cancels the batch; every change is audited in the
practice's rollout partition of the audit trail (ids only).
"""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError

SECTION = "invite-batch"
AUDIT = "practice-rollout"  # the audit partition of practice-wide rollout changes
PER_HOUR = 200
CHANNELS = ("email", "sms")
SKIPS = ("no_email", "too_young", "already_active", "already_invited")
COUNTS = ("queued", "sent", "failed", "returned", *(f"skipped_{r}" for r in SKIPS))
RELEASE_NOW = 100  # a cancel returns this many in the request; the job returns the rest


def settings() -> dict:
    from chalicelib.services.practice import current_settings

    data = current_settings()
    channel = data.get("invitation_channel")
    return {"invitations_per_hour": int(data.get("invitations_per_hour") or PER_HOUR),
            "channel": channel if channel in CHANNELS else "email"}


def update_settings(caller: Caller, per_hour: int, channel: str) -> dict:
    """The hourly rate and the channel (validated by the route's schema)."""
    from chalicelib.services import practice

    require(caller, "patients.import")
    practice.update_settings(caller, {"invitations_per_hour": per_hour, "invitation_channel": channel})
    audit.record(caller, AUDIT, "update", "invitation-settings")
    return settings()


def current() -> dict | None:
    from chalicelib.models.practice import PracticeSection

    try:
        return PracticeSection.get(SECTION, consistent_read=True).data.as_dict()
    except PracticeSection.DoesNotExist:
        return None


def active(batch: dict | None) -> bool:
    return bool(batch) and batch.get("state") in ("running", "paused")


def start(caller: Caller, channel: str, previous: dict | None) -> dict:
    """A new batch (the previous one, if any, finished or cancelled). Conditional on the
    previous id, so two admins clicking at once do not both start one."""
    from chalicelib.ids import random_id
    from chalicelib.models._base import iso_now
    from chalicelib.models.practice import PracticeSection as S

    batch = {"batch_id": random_id()[:16], "state": "running", "channel": channel, "started_at": iso_now(),
             "started_by": caller.display_name or "", **{k: 0 for k in COUNTS}}
    condition = S.section.does_not_exist() if previous is None else S.data["batch_id"] == previous["batch_id"]
    try:
        S(SECTION, data=batch, updated_at=batch["started_at"], updated_by=caller.user_id).save(condition=condition)
    except Exception:  # noqa: BLE001 - someone started a batch meanwhile
        raise ConflictError("Another invitation batch was just started. Reload the page.", field="action") from None
    return batch


def add(batch_id: str, **counts: int) -> None:
    """Add to the batch's counts (one UpdateItem; nested counters: SET if_not_exists + n)."""
    from chalicelib.models.practice import PracticeSection as S

    actions = [S.data[k].set((S.data[k] | 0) + n) for k, n in counts.items() if n]
    if actions:
        try:
            S(SECTION).update(actions=actions, condition=S.data["batch_id"] == batch_id)
        except Exception:  # noqa: BLE001 - a count never breaks a send; the batch moved on
            from chalicelib.observability import logger

            logger.warning("invitation batch count not kept", extra={"batch_id": batch_id})


def _set_state(batch: dict, state: str, expected: tuple[str, ...]) -> None:
    from chalicelib.models._base import iso_now
    from chalicelib.models.practice import PracticeSection as S

    S(SECTION).update(actions=[S.data["state"].set(state), S.updated_at.set(iso_now())],
                      condition=(S.data["batch_id"] == batch["batch_id"]) & S.data["state"].is_in(*expected))


def finish(batch: dict) -> None:
    """The job found nothing left to send: the batch is done."""
    try:
        _set_state(batch, "done", ("running",))
    except Exception:  # noqa: BLE001 - paused or cancelled meanwhile: leave it so
        pass


ACTIONS = {  # action: (new state, states it applies to, audit verb)
    "pause": ("paused", ("running",), "pause"),
    "resume": ("running", ("paused",), "resume"),
    "cancel": ("cancelled", ("running", "paused"), "cancel"),
}
WORDS = {"running": "sending", "paused": "paused", "cancelled": "cancelled", "done": "finished"}


def control(caller: Caller, action: str) -> dict:
    """Pause, resume or cancel the current batch. Asking for the state it is already in
    changes nothing (200, not audited again); a finished or cancelled batch answers 409."""
    require(caller, "patients.import")
    state, applies, verb = ACTIONS[action]
    batch = current()
    if batch is None:
        raise ConflictError("There is no invitation batch to change.", field="action")
    if batch["state"] != state:
        if batch["state"] not in applies:
            raise ConflictError(f"This batch is {WORDS.get(batch['state'], batch['state'])}: "
                                f"it cannot be {'resumed' if action == 'resume' else action + 'd'}.",
                                field="action", code="batch_" + batch["state"])
        try:
            _set_state(batch, state, applies)
        except Exception:  # noqa: BLE001 - changed meanwhile
            raise ConflictError("The batch changed meanwhile. Reload the page.", field="action") from None
        audit.record(caller, AUDIT, verb, "invitation-batch", batch["batch_id"])
        batch["state"] = state
    if state == "cancelled":
        returned = release(batch, RELEASE_NOW, caller)
        batch["returned"] = int(batch.get("returned") or 0) + returned
    return view(batch)


def release(batch: dict, limit: int, caller: Caller | None = None) -> int:
    """Return up to `limit` queued patients to the waiting list (a cancelled batch's, or
    left over from an earlier batch), audited per patient (`caller` None: the job).
    Conditional per patient: one sent meanwhile stays sent."""
    from chalicelib.models.patient import Patient

    events = [(p.patient_id, "unqueue", "invitation", batch["batch_id"])
              for p in Patient.invite_queue_index.query("queued", limit=limit) if return_to_waiting(p)]
    if events:
        audit.record_many(caller, events)
        add(batch["batch_id"], returned=len(events))
    return len(events)


def return_to_waiting(patient, state: str = "queued") -> bool:
    from chalicelib.models.patient import Patient

    try:
        patient.update(actions=[Patient.invite_queue.set("waiting"), Patient.invite_channel.remove(),
                                Patient.invite_batch.remove(), Patient.invite_claimed_at.remove()],
                       condition=Patient.invite_queue == state)
    except Exception:  # noqa: BLE001 - no longer queued
        return False
    return True


def view(batch: dict | None) -> dict | None:
    """What the page shows: state, channel, started (in words), counts, skips by reason."""
    if not batch:
        return None
    from chalicelib import clock

    n = {k: int(batch.get(k) or 0) for k in COUNTS}
    return {"batch_id": batch["batch_id"], "state": batch["state"], "channel": batch.get("channel", "email"),
            "started": clock.say_when(batch["started_at"]), "started_by": batch.get("started_by") or "",
            "queued": n["queued"], "sent": n["sent"], "failed": n["failed"], "returned": n["returned"],
            "skipped": {r: n[f"skipped_{r}"] for r in SKIPS}}
