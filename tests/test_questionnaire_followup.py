"""A PHQ-9 answer above "Not at all" on item 9 (thoughts of self-harm) is not only flagged
in the chart (issue 17): the patient sees where to get help now, the responsible clinician
is emailed at once without PHI, exactly once, and the answer waits on the clinicians'
Today until one of them marks it "Followed up" (who and when kept, audited)."""
from __future__ import annotations

import pytest

from tests.appointment_helpers import CHEN
from tests.checkin_helpers import fresh_patient_with_physical, phq9_answers

pytestmark = pytest.mark.clock  # the check-in window is counted from the visit in practice time

SUBJECT = "A questionnaire answer needs your follow-up"
# Any day of the eCheck-in window (7 days to 1 hour before): from the session's Tuesday 9 pm,
# two to six days ahead holds two working days, and by this module the whole suite has booked
# most of Dr. Chen's physicals in them.
ANY_DAY_OF_THE_WINDOW = (1.1, 6.9)
NINA = "nina.patel@example.org"


def _base(patient, appt):
    return f"/patients/{patient['patient_id']}/appointments/{appt['appointment_id']}/checkin"


def _answer(api, patient, appt, values):
    base = _base(patient, appt)
    phq = next(q for q in api.get(base, as_user=patient["email"]).json["questionnaires"]
               if q["title"].startswith("PHQ-9"))
    res = api.post(f"{base}/questionnaires", {"responses": [{"form_id": phq["form_id"],
                                                             "answers": phq9_answers(values)}]}, as_user=patient["email"])
    assert res.status == 200, res
    return res.json, f"{appt['appointment_id']}.{phq['form_id']}"


def _notices(mailbox, patient_id, to=None):
    return [m for m in mailbox.messages() if m["channel"] == "email" and m["subject"] == SUBJECT
            and f"/#/staff/patients/{patient_id}#chart-questionnaires" in m["body_text"] and (to is None or m["to"] == to)]


def _followups(api, who, role):
    body = api.get("/staff/today", as_user=who).json
    section = next(s for s in body["sections"] if s["role"] == role)
    return next(c for c in section["cards"] if c["key"] == "followups")


def _phi(api, patient_id, extra=()):
    p = api.get(f"/patients/{patient_id}", as_user="admin").json
    return [p["given_name"], p["family_name"], p["birth_date"], p["mrn"], "PHQ", "self-harm", "total", *extra]


def test_a_flagged_check_in_answer_shows_the_crisis_text_and_tells_the_visits_clinician_once(api, mailbox):
    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followone", provider=api.demo[CHEN])
    pid = patient["patient_id"]
    state, _ = _answer(api, patient, appt, [1, 0, 0, 0, 0, 0, 0, 0, 1])
    assert "988" in state["crisis_message"] and "911" in state["crisis_message"]
    notices = _notices(mailbox, pid)
    assert [m["to"] for m in notices] == [CHEN]  # the visit's clinician, at once
    for text in (notices[0]["subject"], notices[0]["body_text"], notices[0]["body_html"]):
        for phi in _phi(api, pid, ("Suicide", "Nearly every day", "Several days")):
            assert phi not in text, phi

    # a retry, then answering again (item 9 now 0): nothing more is sent; the follow-up stays
    _answer(api, patient, appt, [1, 0, 0, 0, 0, 0, 0, 0, 1])
    again, _ = _answer(api, patient, appt, [1, 0, 0, 0, 0, 0, 0, 0, 0])
    assert "crisis_message" not in again
    assert len(_notices(mailbox, pid)) == 1
    assert any(pid in i["href"] for i in _followups(api, "provider", "provider")["items"])


def test_answers_without_item_9_open_nothing_whatever_the_total(api, mailbox):
    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followtwo")
    state, response_id = _answer(api, patient, appt, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert "crisis_message" not in state
    assert _notices(mailbox, patient["patient_id"]) == []
    assert not any(patient["patient_id"] in i["href"] for i in _followups(api, "nurse", "nurse")["items"])
    url = f"/patients/{patient['patient_id']}/questionnaire-responses/{response_id}/follow-up"
    assert api.post(url, {}, as_user="nurse").status == 404


def test_the_today_item_waits_until_a_clinician_marks_it_followed_up(api, mailbox):
    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followthree", provider=api.demo[CHEN])
    pid = patient["patient_id"]
    _, response_id = _answer(api, patient, appt, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    for who, role in (("provider", "provider"), ("nurse", "nurse")):
        card = _followups(api, who, role)
        mine = [i for i in card["items"] if i["href"] == f"#/staff/patients/{pid}#chart-questionnaires"]
        assert card["count"] >= 1 and len(mine) == 1, (who, card)
        assert mine[0]["text"] == "Followthree, Robin" and mine[0]["badge"] == "Follow up"
    # another provider does not see the visit clinician's follow-up
    assert not any(pid in i["href"] for i in _followups(api, "amara.okafor@example.org", "provider")["items"])
    listed = api.get(f"/patients/{pid}/questionnaire-responses", as_user="provider").json["items"]
    assert listed[0]["follow_up"] == {"response_id": response_id, "open": True, "followed_up_at": None,
                                      "followed_up_by_name": None}
    assert "follow_up" not in api.get(f"/patients/{pid}/questionnaire-responses", as_user=patient["email"]).json["items"][0]

    url = f"/patients/{pid}/questionnaire-responses/{response_id}/follow-up"
    done = api.post(url, {}, as_user="nurse")
    assert done.status == 200 and not done.json["open"] and done.json["followed_up_by_name"] == "Nina Patel, RN"
    again = api.post(url, {}, as_user="provider")  # idempotent: the first mark stands
    assert again.status == 200 and again.json == done.json
    for who, role in (("provider", "provider"), ("nurse", "nurse")):
        assert not any(pid in i["href"] for i in _followups(api, who, role)["items"]), who
    listed = api.get(f"/patients/{pid}/questionnaire-responses", as_user="provider").json["items"]
    assert listed[0]["follow_up"]["followed_up_by_name"] == "Nina Patel, RN"
    from chalicelib.models.audit import AuditEvent

    marks = [e for e in AuditEvent.query(pid) if e.resource == "questionnaire-follow-up" and e.action == "update"]
    assert [(e.resource_id, e.actor_name) for e in marks] == [(response_id, "Nina Patel, RN")]
    assert len(_notices(mailbox, pid)) == 1


def test_a_sent_questionnaire_answered_with_item_9_tells_the_clinician_who_sent_it(api, mailbox):
    patient, _ = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followfour")
    pid, who = patient["patient_id"], patient["email"]
    phq9 = next(f for f in api.get("/forms", as_user="nurse").json["questionnaire"] if f["scored"] == "PHQ-9")
    sent = api.post(f"/patients/{pid}/questionnaire-requests", {"form_id": phq9["form_id"]}, as_user="nurse")
    url = f"/patients/{pid}/questionnaire-requests/{sent.json['request_id']}"
    answered = api.post(f"{url}/response", {"answers": phq9_answers([0, 0, 0, 0, 0, 0, 0, 0, 3])}, as_user=who)
    assert answered.status == 201 and answered.json["flagged"] and "988" in answered.json["crisis_message"]
    assert api.get(url, as_user=who).json["response"]["crisis_message"] == answered.json["crisis_message"]
    assert api.post(f"{url}/response", {"answers": phq9_answers([0] * 9)}, as_user=who).status == 409
    assert [m["to"] for m in _notices(mailbox, pid)] == [NINA]
    # the nurse who sent it; no visit, so no provider owns it: every provider sees it as the pool's
    assert any(pid in i["href"] for i in _followups(api, "nurse", "nurse")["items"])
    for provider in ("provider", "amara.okafor@example.org"):
        assert any(pid in i["href"] for i in _followups(api, provider, "provider")["items"]), provider


def test_the_practice_words_the_crisis_message(api):
    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followfive")
    words = "Call or text 988, or call 911. Our after-hours line: (312) 555-0100."
    assert api.patch("/practice", {"crisis_message": words}, as_user="admin").status == 200
    try:
        state, _ = _answer(api, patient, appt, [0, 0, 0, 0, 0, 0, 0, 0, 1])
        assert state["crisis_message"] == words
    finally:
        api.patch("/practice", {"crisis_message": ""}, as_user="admin")
    assert api.patch("/practice", {"crisis_message": "x" * 601}, as_user="admin").status == 400


def test_only_clinicians_mark_followed_up(api, demo):
    """Patients, proxies, billing, the front desk and the admin are refused before anything
    is read; another patient's record answers 404."""
    url = "/patients/{pid}/questionnaire-responses/" + "0" * 32 + "/follow-up"
    for user, pid, status in (("alex", demo["alex"], 403), ("jordan", demo["sam"], 403), ("priya", demo["alex"], 404),
                              ("front_desk", demo["alex"], 403), ("billing", demo["alex"], 403),
                              ("admin", demo["alex"], 403), ("nurse", demo["alex"], 404),
                              ("provider", demo["alex"], 404)):
        assert api.post(url.format(pid=pid), {}, as_user=user).status == status, user
    assert api.post(url.format(pid=demo["alex"]), {"note": "x"}, as_user="nurse").status == 400


def test_marking_followed_up_is_a_handful_of_calls_without_scan(api, ddb_calls):
    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followsix")
    _, response_id = _answer(api, patient, appt, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    url = f"/patients/{patient['patient_id']}/questionnaire-responses/{response_id}/follow-up"
    api.token("nurse")
    with ddb_calls() as calls:
        assert api.post(url, {}, as_user="nurse").status == 200
    assert "Scan" not in calls and len(calls) <= 5, calls  # session, item, update, audit
    with ddb_calls() as calls:
        assert api.post(url, {}, as_user="nurse").status == 200
    assert "Scan" not in calls and len(calls) <= 3, calls


def test_without_an_active_clinician_the_clinical_pool_is_told(api):
    """No owner (or one who left): the pool medical questions go to, its lead or else the
    people of its first role (the nurses)."""
    from chalicelib.services.questionnaires import followups

    for owner in (None, "0" * 32):
        assert [u.email for u in followups.recipients(owner)] == [NINA], owner
    assert [u.email for u in followups.recipients(api.demo[CHEN])] == [CHEN]


def test_a_follow_up_whose_owner_left_is_on_every_clinicians_today(api, ddb_calls):
    """The visit's clinician's account is no longer active (the email went to the pool): every
    provider and nurse sees the item, counted from the same index page, in bounded calls."""
    import uuid

    from chalicelib.models.patient_form import PatientForm
    from chalicelib.models.user import User
    from chalicelib.services.questionnaires.followups import FOLLOWUP

    patient, appt = fresh_patient_with_physical(api, days_ahead=ANY_DAY_OF_THE_WINDOW, family="Followseven", provider=api.demo[CHEN])
    pid = patient["patient_id"]
    _, response_id = _answer(api, patient, appt, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    amara = "amara.okafor@example.org"
    assert not any(pid in i["href"] for i in _followups(api, amara, "provider")["items"])  # Dr. Chen's own
    left = User(f"left-{uuid.uuid4().hex[:12]}", email=f"left.{uuid.uuid4().hex[:6]}@example.org",
                roles={"provider"}, status="disabled", display_name="Dr. Former Provider",
                created_at="2026-01-01T00:00:00.000Z")
    left.save()
    for owner in (left.user_id, "0" * 32):  # deactivated, or no account at all
        PatientForm(pid, FOLLOWUP + response_id).update(actions=[PatientForm.followup_owner.set(owner)])
        for who, role in (("provider", "provider"), (amara, "provider"), ("nurse", "nurse")):
            card = _followups(api, who, role)
            assert any(pid in i["href"] for i in card["items"]), (owner, who)
            assert card["count"] == len(card["items"]) or card["more"], card
    api.token(amara)
    with ddb_calls() as calls:
        assert api.get("/staff/today", as_user=amara).status == 200
    # the budget of a provider's Today (tests/test_budget.py) and one BatchGet of the owners
    assert "Scan" not in calls and len(calls) <= 13 and calls.count("BatchGetItem") <= 2, calls
