"""Batch invitations recover (issue 15, item 5): a run that dies between claiming a patient
("sending") and inviting them leaves a claim that a run CLAIM_MINUTES later takes back and
sends, exactly once (the dead run, should it wake, sends nothing); the admin's "Try again"
puts the invitations that could not be sent back in the queue, audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from chalicelib import clock
from chalicelib.models.patient import Patient
from chalicelib.services.rollout import batch_state, invite_batches
from tests.test_invite_batch_controls import _fresh_batch, _import

pytestmark = pytest.mark.clock  # claims age on the test clock; the hourly window too


class Crash(BaseException):
    """The Lambda timing out mid-run: nothing in the run catches it."""


def _invitations_to(mailbox, email: str) -> list:
    return [m for m in mailbox.messages() if m["channel"] == "email" and m["to"] == email]


def _ready(api) -> dict[str, str]:
    from chalicelib import throttle

    _fresh_batch(api)
    throttle.forget(invite_batches._limit(), "practice")
    return _import(api)


def test_a_claim_left_by_a_run_that_died_is_sent_once_by_a_later_run(api, mailbox, monkeypatch):
    from chalicelib.errors import ConflictError
    from chalicelib.services import invitations

    ids = _ready(api)
    pid = ids["1"]
    email = Patient.get(pid).email
    assert api.post("/rollout/invitations", {"patient_ids": [pid]}, as_user="admin").json["queued"] == 1

    def crash(*args, **kwargs):
        raise Crash()

    monkeypatch.setattr(invitations, "invite", crash)
    with pytest.raises(Crash):
        invite_batches.run(batch=1000)
    monkeypatch.undo()
    stuck = Patient.get(pid)
    assert stuck.invite_queue == "sending" and stuck.invite_claimed_at
    # A claim younger than CLAIM_MINUTES may be a run still sending: left alone, the batch not done.
    assert invite_batches.run(batch=1000)["sent"] == 0
    assert Patient.get(pid).invite_queue == "sending" and batch_state.current()["state"] == "running"

    later = clock.now() + timedelta(minutes=invite_batches.CLAIM_MINUTES + 1)
    with time_machine.travel(later, tick=True):
        assert invite_batches.run(batch=1000)["sent"] == 1
        assert invite_batches.run(batch=1000)["sent"] == 0  # re-run: no one twice
        with pytest.raises(ConflictError) as lost:  # the dead run wakes with its old claim: nothing sent
            invitations.invite(None, pid, claim=stuck.invite_claimed_at)
        assert lost.value.code == "claim_lost"
    after = Patient.get(pid)
    assert after.account_status == "invited" and after.invite_queue is None and after.invite_claimed_at is None
    assert len(_invitations_to(mailbox, email)) == 1
    done = api.get("/rollout/invitations", as_user="admin").json["batch"]
    assert (done["state"], done["sent"]) == ("done", 1)


def test_the_admin_tries_the_failed_invitations_again_audited(api, mailbox, monkeypatch, ddb_calls):
    from chalicelib import audit
    from chalicelib.services import invitations

    ids = _ready(api)
    chosen = [ids["1"], ids["2"]]
    emails = [Patient.get(i).email for i in chosen]
    api.post("/rollout/invitations", {"patient_ids": chosen}, as_user="admin")

    def mail_service_down(*args, **kwargs):
        raise RuntimeError("SES throttled")

    monkeypatch.setattr(invitations, "_send_invitation", mail_service_down)
    assert invite_batches.run(batch=1000)["failed"] == 2
    monkeypatch.undo()
    assert {Patient.get(i).invite_queue for i in chosen} == {"failed"}
    status = api.get("/rollout/invitations", as_user="admin").json
    assert status["failed"] >= 2 and status["batch"]["failed"] == 2
    for who in ("front_desk", "provider", "alex"):
        res = api.post("/rollout/invitations/retry", {}, as_user=who)
        assert res.status == 403 and set(res.json) == {"error"}, (who, res)
    assert {Patient.get(i).invite_queue for i in chosen} == {"failed"}
    assert api.post("/rollout/invitations/retry", {"again": True}, as_user="admin").status == 400

    api.token("admin")
    with ddb_calls() as calls:
        res = api.post("/rollout/invitations/retry", {}, as_user="admin")
    assert res.status == 200 and res.json["retried"] >= 2 and res.json["failed"] == 0, res
    # authorizer, the failed (one Query), the batch (read, start), one update per patient, the audit
    # (the patients' events, the practice's), the counts; then the page's status as GET answers it
    assert "Scan" not in calls and len(calls) <= 11 + res.json["retried"], calls
    assert {Patient.get(i).invite_queue for i in chosen} == {"queued"}
    for pid in chosen:
        event = audit.query(pid, limit=1)[0][0]
        assert event.action == "retry" and event.resource == "invitation"
    assert audit.query(batch_state.AUDIT, limit=1)[0][0].action == "retry"

    invite_batches.run(batch=1000)
    for pid, email in zip(chosen, emails):
        assert Patient.get(pid).account_status == "invited" and Patient.get(pid).invite_queue is None
        assert len(_invitations_to(mailbox, email)) == 1  # the failed tries sent nothing
    again = api.post("/rollout/invitations/retry", {}, as_user="admin")
    assert again.status == 200 and again.json["retried"] == 0  # nothing failed: nothing to do
