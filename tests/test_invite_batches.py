"""Batch invitations (issue 15, item 5): queued patients are invited by a job, a batch per
run, never more than the practice's hourly rate; re-running sends no one twice."""
from __future__ import annotations

import pytest

from chalicelib.models.patient import Patient
from chalicelib.services.rollout import invite_batches
from tests.helpers import make_patient

pytestmark = pytest.mark.clock  # the hourly window is on the test clock


def _drain_waiting(api):
    """Other tests leave patients waiting: queue them so this test's counts are its own."""
    api.post("/rollout/invitations", {"channel": "email"}, as_user="admin")


def test_batches_respect_the_hourly_rate_and_never_send_twice(api, mailbox, monkeypatch):
    from chalicelib import throttle

    _drain_waiting(api)
    invite_batches.run(batch=1000)  # send what other tests queued, so the window below is ours
    throttle.forget(invite_batches._limit(), "practice")
    def texts():
        return [m for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == "+13125550177"
                and "invites you to its patient portal" in m["body_text"]]

    texted = len(texts())
    made = [make_patient(api, given="Bea", family=f"Batch{i}", phone="+13125550177") for i in range(5)]
    res = api.post("/rollout/invitations", {"channel": "sms"}, as_user="admin")
    assert res.status == 200 and res.json["queued"] == 5, res
    states = {Patient.get(p["patient_id"]).invite_queue for p in made}
    assert states == {"queued"}
    monkeypatch.setattr(invite_batches, "per_hour", lambda: 3)
    first = invite_batches.run(batch=2)
    second = invite_batches.run(batch=2)
    third = invite_batches.run(batch=2)  # the hour's 3 are used: nothing goes
    assert (first["sent"], second["sent"], third["sent"]) == (2, 1, 0)
    after = [Patient.get(p["patient_id"]) for p in made]
    assert sum(1 for p in after if p.account_status == "invited") == 3
    assert sum(1 for p in after if p.invite_queue == "queued") == 2
    assert len(texts()) == texted + 3  # the sms channel also texts the invitation
    throttle.forget(invite_batches._limit(), "practice")  # the next hour
    assert invite_batches.run(batch=10)["sent"] == 2
    assert invite_batches.run(batch=10)["sent"] == 0  # re-run: no one twice
    for p in made:
        mails = [m for m in mailbox.messages() if m["to"] == p["email"] and m["channel"] == "email"]
        assert len(mails) == 1
        assert "Bea" not in mails[0]["body_text"] and "Batch" not in mails[0]["body_text"]


def test_only_the_admin_queues(api):
    for who in ("front_desk", "provider", "alex"):
        assert api.post("/rollout/invitations", {"channel": "email"}, as_user=who).status == 403
        assert api.get("/rollout/invitations", as_user=who).status == 403
    status = api.get("/rollout/invitations", as_user="admin")
    assert status.status == 200 and status.json["per_run"] == invite_batches.BATCH


def test_the_setup_checklist_ticks_staff_and_first_invitations(api):
    make = make_patient(api, given="Cora", family="Checklist")
    api.post(f"/patients/{make['patient_id']}/invitation", as_user="front_desk")
    cards = {c["key"]: c for s in api.get("/staff/today", as_user="admin").json["sections"] for c in s["cards"]}
    items = {i["text"]: i["badge"] for i in cards["setup"]["items"]}
    assert items["First patients invited"] == "Done"
    assert "Staff invited, each with two-step sign-in" in items
