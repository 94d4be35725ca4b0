"""Messaging beyond the basics: a photo through the document flow, "Ask about this",
quick replies, assignment, the after-hours answer (once per closure) and 100 concurrent
replies that keep every message in order."""
from __future__ import annotations

import json
import threading
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.helpers import make_patient
from tests.messaging_helpers import caps, start, user_caller
from tests.test_documents import JPEG, register, upload
from tests.test_documents import start as start_upload

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module", autouse=True)
def roomy(demo):
    with caps(max_open_threads=500, max_messages_per_day=500):
        yield


def test_alex_asks_about_a_medication_with_a_photo(api, demo):
    intent = start_upload(api, demo["alex"], "alex", category="other", content_type="image/jpeg",
                          filename="pill-bottle.jpg")
    upload(intent, JPEG, "image/jpeg")
    assert register(api, demo["alex"], "alex", intent["key"]).status == 201
    thread = start(api, "alex", demo["alex"], subject="Is this the right dose?",
                   document_ids=[intent["document_id"]])
    seen = api.get(f"/patients/{demo['alex']}/messages/{thread['thread_id']}", as_user="nurse").json
    assert seen["messages"][0]["attachments"] == [
        {"document_id": intent["document_id"], "title": "pill-bottle.jpg", "content_type": "image/jpeg"}]
    other = api.post(f"/patients/{demo['priya']}/messages", {"topic": "medical", "subject": "s", "body": "b",
                     "document_ids": [intent["document_id"]]}, as_user="priya")
    assert other.status == 422 and other.error["field"] == "document_ids.0"


def test_ask_about_this_links_the_visit_summary(api, demo):
    summaries = api.get(f"/patients/{demo['alex']}/visit-summaries", as_user="alex").json["items"]
    # Another test may have left a held summary on top: the patient can ask about a released one.
    summary = next(s for s in summaries if s["status"] == "available")
    thread = start(api, "alex", demo["alex"], topic="medical", subject="About my visit",
                   about={"type": "visit-summary", "id": summary["summary_id"]})
    assert thread["about"]["type"] == "visit-summary" and thread["about"]["id"] == summary["summary_id"]
    assert thread["about"]["label"].startswith("Visit summary, ")
    upcoming = api.get(f"/patients/{demo['alex']}/appointments", as_user="alex").json["items"]
    if upcoming:
        visit = start(api, "alex", demo["alex"], topic="appointment", subject="Parking?",
                      about={"type": "appointment", "id": upcoming[0]["appointment_id"]})
        assert visit["about"]["label"].startswith("Appointment, ")


def test_quick_replies_practice_wide_and_personal_with_placeholders(api):
    listed = api.get("/quick-replies", as_user="nurse")
    assert listed.status == 200
    assert any(r["title"] == "Refill sent" and "{first_name}" in r["text"] for r in listed.json["items"])
    assert listed.json["values"]["practice_phone"] == "(312) 555-0100"
    mine = api.post("/quick-replies", {"title": "Call me", "text": "Hi {first_name}, please call me."},
                    as_user="nurse")
    assert mine.status == 201 and mine.json["scope"] == "mine"
    assert any(r["id"] == mine.json["id"] for r in api.get("/quick-replies", as_user="nurse").json["items"])
    assert not any(r["id"] == mine.json["id"] for r in api.get("/quick-replies", as_user="provider").json["items"])
    assert api.post("/quick-replies", {"title": "x", "text": "Hi {nickname}"}, as_user="nurse").error["field"] == "text"
    assert api.post("/quick-replies", {"title": "x", "text": "y", "scope": "practice"},
                    as_user="front_desk").status == 403
    assert api.get("/quick-replies", as_user="alex").status == 403
    from chalicelib.services.messaging.quick_replies import fill

    assert fill("Hi {first_name}, call {practice_phone}", {"first_name": "Alex", "practice_phone": "(312) 555-0100"}) \
        == "Hi Alex, call (312) 555-0100"


def test_assign_to_self_a_colleague_or_nobody(api, demo):
    thread = start(api, "alex", demo["alex"])
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}/assign"
    mine = api.post(path, {"user_id": "me"}, as_user="nurse")
    assert mine.status == 200 and mine.json["assigned_name"] == "Nina Patel, RN"
    listed = api.get("/inbox?pool=nurses&assigned=me&limit=100", as_user="nurse").json["items"]
    assert thread["thread_id"] in [t["thread_id"] for t in listed]
    unassigned = api.get("/inbox?pool=nurses&assigned=unassigned&limit=100", as_user="nurse").json["items"]
    assert thread["thread_id"] not in [t["thread_id"] for t in unassigned]
    chen = demo["dr.chen@example.org"]
    assert api.post(path, {"user_id": chen}, as_user="nurse").json["assigned_name"] == "Dr. Wei Chen"
    bad = api.post(path, {"user_id": demo["bea.king@example.org"]}, as_user="nurse")
    assert bad.status == 422 and bad.error["field"] == "user_id"
    assert api.post(path, {"user_id": None}, as_user="nurse").json["assigned_to"] is None
    assert api.post(path, {"user_id": "me"}, as_user="alex").status == 403


@pytest.fixture(scope="module")
def traveller(api):
    """A patient of these tests' own: travelling in time writes audit events dated then,
    which must not land in a demo patient's access log."""
    from tests.helpers import make_patient_account

    person = make_patient_account(api, given="Time", family="Traveller")
    return person["patient_id"], user_caller(person["email"])


def _service_thread(traveller, when: datetime, body: str = "A question after hours"):
    from chalicelib.services.messaging import threads

    pid, caller = traveller
    with time_machine.travel(when, tick=False):
        return threads.start(caller, pid, {"topic": "medical", "subject": "Hours", "body": body})


def _messages(traveller, thread_id):
    from chalicelib.models.message import Message

    return list(Message.query(traveller[0], Message.message_key.startswith(thread_id + "#")))


def test_after_hours_answer_once_per_closure(traveller):
    from chalicelib.services.messaging import replies

    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=CHICAGO)
    thread = _service_thread(traveller, saturday)
    auto = [m for m in _messages(traveller, thread["thread_id"]) if m.kind == "auto"]
    assert len(auto) == 1
    assert "We are closed now; we will answer from Monday 8 AM" in auto[0].body
    pid, caller = traveller
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=CHICAGO), tick=False):
        replies.reply(caller, pid, thread["thread_id"], "Still the same closure (Sunday)")
    assert len([m for m in _messages(traveller, thread["thread_id"]) if m.kind == "auto"]) == 1
    with time_machine.travel(datetime(2026, 12, 7, 19, 0, tzinfo=CHICAGO), tick=False):
        replies.reply(caller, pid, thread["thread_id"], "Monday evening: the next closure")
    autos = [m for m in _messages(traveller, thread["thread_id"]) if m.kind == "auto"]
    assert len(autos) == 2 and "from Tuesday 8 AM" in autos[1].body


def test_no_after_hours_answer_while_open(traveller):
    wednesday = datetime(2026, 12, 2, 10, 30, tzinfo=CHICAGO)
    thread = _service_thread(traveller, wednesday)
    assert [m.kind for m in _messages(traveller, thread["thread_id"])] == ["message"]
    assert thread["status"] == "open"


def test_a_hundred_concurrent_replies_lose_none_and_keep_order(api, demo, chalice_app):
    from devserver.server import serve

    patient = make_patient(api, given="Busy", family="Thread")
    pid = patient["patient_id"]
    thread = start(api, "nurse", pid, topic="medical", subject="Many answers", body="Starting.")
    server = serve(chalice_app, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.server_address[1]}/api/patients/{pid}/messages/{thread['thread_id']}/replies"
    token = api.token("nurse")
    barrier, statuses = threading.Barrier(100), []

    def post(n: int) -> None:
        request = urllib.request.Request(url, method="POST", data=json.dumps({"body": f"reply {n}"}).encode(),
                                         headers={"Content-Type": "application/json", "Connection": "close",
                                                  "Authorization": f"Bearer {token}"})
        barrier.wait()
        with urllib.request.urlopen(request, timeout=120) as response:
            statuses.append((response.status, json.loads(response.read())["seq"]))

    try:
        workers = [threading.Thread(target=post, args=(n,)) for n in range(100)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
    finally:
        server.shutdown()
    assert sorted(s for s, _ in statuses) == [201] * 100
    assert sorted(seq for _, seq in statuses) == list(range(2, 102))
    messages, cursor = [], None
    while True:  # a thread page holds 100 messages; the cursor brings the rest
        page = api.get(f"/patients/{pid}/messages/{thread['thread_id']}"
                       + (f"?cursor={cursor}" if cursor else ""), as_user="nurse").json
        messages += page["messages"]
        cursor = page["cursor"]
        if not cursor:
            break
    assert [m["seq"] for m in messages] == list(range(1, 102))
    assert sorted(m["body"] for m in messages[1:]) == sorted(f"reply {n}" for n in range(100))


def test_the_export_carries_the_conversation_but_not_internal_notes(api, demo):
    from tests import export_helpers

    thread = start(api, "alex", demo["alex"], subject="Export me", body="Question for the export")
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}"
    api.post(path + "/replies", {"body": "Answer for the export"}, as_user="nurse")
    api.post(path + "/replies", {"body": "Secret staff note", "internal": True}, as_user="nurse")
    bundle = export_helpers.bundle(api, demo["alex"], as_user="alex")
    texts = [p.get("contentString") for e in bundle["entry"] if e["resource"]["resourceType"] == "Communication"
             for p in e["resource"]["payload"]]
    assert "Question for the export" in texts and "Answer for the export" in texts
    assert "Secret staff note" not in texts
    text = export_helpers.pdf_text(api, demo["alex"], as_user="alex")
    assert "Messages with the care team" in text and "Answer for the export" in text
    assert "Secret staff note" not in text


def test_nina_turns_a_message_into_a_refill_request_in_one_step(api, demo):
    patient = make_patient(api, given="Refill", family="Converter")
    pid = patient["patient_id"]
    med = api.post(f"/patients/{pid}/health/medications", {"medication": "Metformin 500 mg tablet", "dosage": "1 tablet daily"}, as_user="nurse")
    assert med.status == 201, med
    thread = start(api, "nurse", pid, topic="medication", subject="Metformin", body="Checking in about metformin.")
    path = f"/patients/{pid}/messages/{thread['thread_id']}/convert"
    assert api.post(path, {"to": "refill", "entry_id": med.json["entry_id"]}, as_user="front_desk").status == 403
    done = api.post(path, {"to": "refill", "entry_id": med.json["entry_id"]}, as_user="nurse")
    assert done.status == 201, done
    assert done.json["refill_request"]["status"] == "pending"
    assert "refill request for Metformin 500 mg tablet" in done.json["message"]["body"]
    again = api.post(path, {"to": "refill", "entry_id": med.json["entry_id"]}, as_user="nurse")
    assert again.status == 409  # one pending refill per medication, as from the patient side
    queue = api.get("/review-queue?limit=100", as_user="provider").json["items"]
    assert any(i["request_id"] == done.json["refill_request"]["request_id"] for i in queue)
    assert api.post(path, {"to": "fax"}, as_user="nurse").error["field"] == "to"


def test_a_message_becomes_a_booked_visit(api, demo):
    from tests.appointment_helpers import free_slot, visit_type

    thread = start(api, "alex", demo["alex"], topic="appointment", subject="Knee check")
    vt = visit_type(api, "sick")
    slot = free_slot(api, vt)
    path = f"/patients/{demo['alex']}/messages/{thread['thread_id']}/convert"
    missing = api.post(path, {"to": "appointment", "visit_type_id": vt}, as_user="front_desk")
    assert missing.status == 400 and missing.error["field"] == "provider_id"
    done = api.post(path, {"to": "appointment", "visit_type_id": vt, "provider_id": slot["provider_id"],
                           "start": slot["start"]}, as_user="front_desk")
    assert done.status == 201, done
    assert done.json["appointment"]["status"] == "booked" and done.json["appointment"]["reason"] == "Knee check"
    assert "booked a visit" in done.json["message"]["body"]


def test_the_colleagues_of_a_pool_are_who_a_conversation_can_be_assigned_to(api, demo):
    res = api.get("/inbox/colleagues?pool=nurses", as_user="nurse")
    assert res.status == 200, res
    names = [c["name"] for c in res.json["items"]]
    assert "Nina Patel, RN" in names and "Dr. Wei Chen" in names and "Bea King" not in names
    assert api.get("/inbox/colleagues?pool=nurses", as_user="billing").status == 403
    assert api.get("/inbox/colleagues?pool=nowhere", as_user="nurse").error["field"] == "pool"
    assert api.get("/inbox/colleagues?pool=nurses", as_user="alex").status == 403
