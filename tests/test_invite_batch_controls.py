"""The admin's controls over batch invitations (issue 15, item 5): the hourly rate and channel
set from the page (validated, audited), one import's patients queued with the skips named
(no email, too young, already invited), the batch's progress, pause, resume and cancel."""
from __future__ import annotations

import uuid

import pytest

from chalicelib.models.patient import Patient
from chalicelib.services.rollout import batch_state, invite_batches

pytestmark = pytest.mark.clock  # the hourly window and the "too young" birth date are on the test clock

OTHERS = ("alex", "jordan", "provider", "nurse", "front_desk", "billing")


def _fresh_batch(api):
    """Earlier tests leave a batch running: cancel it, so this test's batch and counts are its own."""
    if batch_state.active(batch_state.current()):
        assert api.post("/rollout/invitations/batch", {"action": "cancel"}, as_user="admin").status == 200
    invite_batches.run(batch=1000)  # return what is left of it to the waiting list


def _import(api, *, young_birth_date="2020-05-05") -> dict[str, str]:
    """Four new patients by CSV: two with an email, one without, one too young. MRN -> id."""
    tag = uuid.uuid4().hex[:6]
    csv = ("MRN,First Name,Last Name,DOB,Email,Mobile\n"
           f"B{tag}-1,Bess,Batcher{tag},1980-01-01,bess.{tag}@example.org,(312) 555-0166\n"
           f"B{tag}-2,Bart,Batcher{tag},1981-02-02,bart.{tag}@example.org,\n"
           f"B{tag}-3,Bram,Batcher{tag},1982-03-03,,(312) 555-0167\n"
           f"B{tag}-4,Bitsy,Batcher{tag},{young_birth_date},bitsy.{tag}@example.org,\n")
    res = api.post("/patients/import", {"csv": csv, "apply": True}, as_user="admin")
    assert res.status == 200 and res.json["totals"]["created"] == 4, res
    return {r["mrn"].split("-")[1]: r["patient_id"] for r in res.json["rows"]}


def test_the_admin_sets_the_rate_and_channel_validated_and_audited(api):
    from chalicelib import audit

    res = api.put("/rollout/invitations/settings", {"invitations_per_hour": 30, "channel": "sms"}, as_user="admin")
    assert res.status == 200 and res.json == {"invitations_per_hour": 30, "channel": "sms"}, res
    status = api.get("/rollout/invitations", as_user="admin").json
    assert (status["per_hour"], status["channel"]) == (30, "sms")
    assert invite_batches._limit().hits == 30
    events, _ = audit.query(batch_state.AUDIT, limit=5)
    assert events[0].action == "update" and events[0].resource == "invitation-settings"
    for bad, field in (({"invitations_per_hour": 0, "channel": "email"}, "invitations_per_hour"),
                       ({"invitations_per_hour": 1001, "channel": "email"}, "invitations_per_hour"),
                       ({"invitations_per_hour": "many", "channel": "email"}, "invitations_per_hour"),
                       ({"invitations_per_hour": 20, "channel": "fax"}, "channel"),
                       ({"channel": "email"}, "invitations_per_hour")):
        res = api.put("/rollout/invitations/settings", bad, as_user="admin")
        assert res.status == 400 and res.error["field"] == field, (bad, res)
    assert api.get("/rollout/invitations", as_user="admin").json["per_hour"] == 30  # nothing half written
    api.put("/rollout/invitations/settings", {"invitations_per_hour": 200, "channel": "email"}, as_user="admin")


def test_a_batch_action_is_named_and_one_without_a_batch_is_refused(api):
    """Access per role is tests/test_access_matrix.py (ROLLOUT_ROUTES)."""
    assert api.post("/rollout/invitations/batch", {"action": "stop"}, as_user="admin").error["field"] == "action"
    assert api.post("/rollout/invitations", {"patient_ids": []}, as_user="admin").error["field"] == "patient_ids"


def test_an_imports_patients_are_queued_with_the_skips_named_and_queuing_again_changes_nothing(api, mailbox):
    _fresh_batch(api)
    ids = _import(api)
    res = api.post("/rollout/invitations", {"channel": "email", "patient_ids": list(ids.values())}, as_user="admin")
    assert res.status == 200, res
    assert res.json["queued"] == 2 and res.json["skipped"] == {"no_email": 1, "too_young": 1, "already_active": 0,
                                                                 "already_invited": 0}
    batch = res.json["batch"]
    assert batch["state"] == "running" and batch["queued"] == 2 and batch["skipped"]["no_email"] == 1
    assert {Patient.get(ids[n]).invite_queue for n in ("1", "2")} == {"queued"}
    assert {Patient.get(ids[n]).invite_queue for n in ("3", "4")} == {"waiting"}  # still on the desk's list
    again = api.post("/rollout/invitations", {"patient_ids": list(ids.values())}, as_user="admin").json
    assert again["queued"] == 0 and again["skipped"]["already_invited"] == 2  # idempotent
    assert again["batch"]["batch_id"] == batch["batch_id"] and again["batch"]["queued"] == 2
    invite_batches.run(batch=1000)
    done = api.get("/rollout/invitations", as_user="admin").json["batch"]
    assert (done["state"], done["sent"], done["failed"]) == ("done", 2, 0)
    for n in ("1", "2"):
        assert Patient.get(ids[n]).account_status == "invited"
    mails = [m for m in mailbox.messages() if "Batcher" in m["body_text"] + m["subject"]]
    assert mails == []  # no names in any email


def test_pause_holds_the_batch_resume_sends_cancel_returns_the_rest_to_waiting(api, ddb_calls):
    _fresh_batch(api)
    ids = _import(api)
    api.post("/rollout/invitations", {"patient_ids": [ids["1"], ids["2"]]}, as_user="admin")
    api.token("admin")
    with ddb_calls() as calls:
        res = api.post("/rollout/invitations/batch", {"action": "pause"}, as_user="admin")
    assert res.status == 200 and res.json["state"] == "paused", res
    # authorizer, the batch, the state change, the audit event (the settings may be read once)
    assert "Scan" not in calls and len(calls) <= 5, calls
    assert api.post("/rollout/invitations/batch", {"action": "pause"}, as_user="admin").json["state"] == "paused"
    assert invite_batches.run(batch=1000)["sent"] == 0
    assert Patient.get(ids["1"]).invite_queue == "queued"
    assert api.post("/rollout/invitations/batch", {"action": "resume"}, as_user="admin").json["state"] == "running"
    one_run = invite_batches.run(batch=1)  # one of the two goes
    assert one_run["sent"] == 1
    res = api.post("/rollout/invitations/batch", {"action": "cancel"}, as_user="admin")
    assert res.status == 200 and res.json["state"] == "cancelled" and res.json["returned"] == 1, res
    states = sorted(Patient.get(ids[n]).invite_queue or "invited" for n in ("1", "2"))
    assert states == ["invited", "waiting"]
    from chalicelib import audit

    back = next(ids[n] for n in ("1", "2") if Patient.get(ids[n]).invite_queue == "waiting")
    log = audit.query(back, limit=5)[0]
    assert log[0].action == "unqueue" and audit.describe(log[0]).startswith("Ada"), audit.describe(log[0])
    assert api.post("/rollout/invitations/batch", {"action": "cancel"}, as_user="admin").status == 200  # again: same
    res = api.post("/rollout/invitations/batch", {"action": "resume"}, as_user="admin")
    assert res.status == 409 and res.error["field"] == "action", res
    assert invite_batches.run(batch=1000)["sent"] == 0
    verbs = [e.action for e in audit.query(batch_state.AUDIT, limit=10)[0]]
    assert verbs[:3] == ["cancel", "resume", "pause"]  # one event per change, none for a repeat


def test_a_patient_left_queued_by_a_cancelled_batch_is_not_sent_by_the_next(api):
    _fresh_batch(api)
    ids = _import(api)
    api.post("/rollout/invitations", {"patient_ids": [ids["1"]]}, as_user="admin")
    api.post("/rollout/invitations/batch", {"action": "pause"}, as_user="admin")
    old = batch_state.current()["batch_id"]
    Patient(ids["1"]).update(actions=[Patient.invite_queue.set("queued")])  # as if the cancel had not reached it
    batch_state._set_state({"batch_id": old}, "cancelled", ("paused",))
    res = api.post("/rollout/invitations", {"patient_ids": [ids["2"]]}, as_user="admin").json
    assert res["batch"]["batch_id"] != old and res["queued"] == 1
    invite_batches.run(batch=1000)
    assert Patient.get(ids["1"]).invite_queue == "waiting" and Patient.get(ids["1"]).account_status == "none"
    assert Patient.get(ids["2"]).account_status == "invited"


def test_queuing_an_imports_patients_costs_a_few_calls_per_patient(api, ddb_calls):
    _fresh_batch(api)
    ids = _import(api)
    api.token("admin")
    with ddb_calls() as calls:
        res = api.post("/rollout/invitations", {"patient_ids": [ids["1"]]}, as_user="admin")
    # authorizer, settings, the batch (read, start), one BatchGet, the patient's update, the audit,
    # the counts; then the page's status: three COUNT Queries and the batch
    assert res.status == 200 and res.json["queued"] == 1, res
    assert "Scan" not in calls and len(calls) <= 11, calls
    with ddb_calls() as calls:
        res = api.post("/rollout/invitations", {"patient_ids": list(ids.values())}, as_user="admin")
    # no batch to start; four patients read in one BatchGet, the one still waiting updated
    assert res.json["queued"] == 1 and "Scan" not in calls and len(calls) <= 11, calls
