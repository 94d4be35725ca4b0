"""Before the visit (issue 17, items 3 and 5): the video link from 30 minutes before, set per
clinician or per visit (https only), the join reminder 15 minutes before (once, practice
time, no PHI), and what to bring on the visit page and in the reminder email."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine

from chalicelib import clock
from tests.appointment_helpers import chen, emails_to, visit_type
from tests.helpers import make_patient_account

pytestmark = pytest.mark.clock  # run again under another TZ in CI

VIDEO_SUBJECT = "Your video visit with Maple Street Family Practice starts soon"


def _quiet_day(offset: int):
    """A weekday far ahead (no other test's visits), practice calendar."""
    from chalicelib.services.scheduling import load_config

    holidays = set(load_config().holidays)
    day = clock.today() + timedelta(days=offset)
    while day.weekday() >= 5 or day.isoformat() in holidays:
        day += timedelta(days=1)
    return day


def _video_visit(api, patient: dict, day, at: time, kind: str = "telehealth") -> tuple[str, datetime]:
    """A fresh patient's visit booked by the front desk at `at` practice time on `day`."""
    start = datetime.combine(day, at, tzinfo=clock.practice_tz())
    res = api.post(f"/patients/{patient['patient_id']}/appointments",
                   {"visit_type_id": visit_type(api, kind), "provider_id": chen(api), "start": start.isoformat(),
                    "reason": "Rash on the left arm"}, as_user="front_desk")
    assert res.status == 201, res
    return res.json["appointment_id"], start


@pytest.fixture
def fresh(api):
    patient = make_patient_account(api, given="Vid", family="Eo")
    patient["token"] = lambda: api.token(patient["email"], patient["password"])
    return patient


def _as_patient(api, patient, path):
    return api.get(path, token=patient["token"]())


def test_the_join_link_shows_from_30_minutes_before_not_31(api, fresh):
    appt_id, start = _video_visit(api, fresh, _quiet_day(40), time(9, 0))
    path = f"/patients/{fresh['patient_id']}/appointments/{appt_id}"
    with time_machine.travel(start - timedelta(minutes=31), tick=False):
        early = _as_patient(api, fresh, path).json
    assert early["mode"] == "telehealth" and early["telehealth_url"] is None and early["telehealth_link_set"]
    with time_machine.travel(start - timedelta(minutes=30), tick=False):
        api.forget(fresh["email"])
        live = _as_patient(api, fresh, path).json
    assert live["telehealth_url"] == "https://telehealth.example/maple-street/dr-chen"  # Dr. Chen's own room
    opens = datetime.fromisoformat(live["telehealth_opens_at"].replace("Z", "+00:00"))
    assert opens == start - timedelta(minutes=30)


def test_staff_set_one_visits_link_https_only_and_patients_cannot(api, fresh):
    appt_id, _ = _video_visit(api, fresh, _quiet_day(41), time(10, 0))
    path = f"/patients/{fresh['patient_id']}/appointments/{appt_id}/video-link"
    for bad in ("http://video.example/room", "https://", "https://exa mple.org/x", "javascript:alert(1)"):
        res = api.request("PUT", path, {"telehealth_url": bad}, as_user="front_desk")
        assert res.status == 400 and res.error["field"] == "telehealth_url", (bad, res)
    refused = api.request("PUT", path, {"telehealth_url": "https://video.example/x"}, token=fresh["token"]())
    assert refused.status == 403
    ok = api.request("PUT", path, {"telehealth_url": "https://video.example/room-42"}, as_user="front_desk")
    assert ok.status == 200, ok
    schedule = api.get(f"/schedule?date={_quiet_day(41).isoformat()}", as_user="front_desk").json
    assert any(i["appointment_id"] == appt_id and i["video_link"] == "https://video.example/room-42"
               for i in schedule["items"])
    in_person_id, _ = _video_visit(api, fresh, _quiet_day(41), time(11, 0), kind="sick")
    res = api.request("PUT", f"/patients/{fresh['patient_id']}/appointments/{in_person_id}/video-link",
                      {"telehealth_url": "https://video.example/x"}, as_user="front_desk")
    assert res.status == 409


def test_a_clinicians_link_is_https_and_set_in_the_setup(api):
    provider = chen(api)
    bad = api.request("PUT", f"/scheduling/providers/{provider}/video-link", {"telehealth_url": "http://x.example"},
                      as_user="admin")
    assert bad.status == 400 and bad.error["field"] == "telehealth_url"
    assert api.request("PUT", f"/scheduling/providers/{provider}/video-link",
                       {"telehealth_url": "https://telehealth.example/maple-street/dr-chen"},
                       as_user="billing").status == 403
    ok = api.request("PUT", f"/scheduling/providers/{provider}/video-link",
                     {"telehealth_url": "https://telehealth.example/maple-street/dr-chen"}, as_user="admin")
    assert ok.status == 200 and ok.json["weekly"]  # the hours stay


def test_the_join_reminder_goes_once_15_minutes_before_in_practice_time(api, fresh, mailbox):
    from chalicelib.services import reminders

    # 8:00 in the morning, practice time: the reminder is due at 7:45 practice time, whatever
    # the zone of the machine (the day index holds the practice's day).
    appt_id, start = _video_visit(api, fresh, _quiet_day(42), time(8, 0))

    def sent() -> list[dict]:
        return [m for m in emails_to(mailbox, fresh["email"]) if m["subject"] == VIDEO_SUBJECT]

    reminders.run(now=start - timedelta(minutes=16))
    assert sent() == []
    first = reminders.run(now=start - timedelta(minutes=15))
    again = reminders.run(now=start - timedelta(minutes=15))  # the job twice at once
    late = reminders.run(now=start - timedelta(minutes=2))  # and late
    assert len(sent()) == 1 and again["sent"] == 0 and late["sent"] == 0, (first, again, late)
    message = sent()[0]
    assert f"/#/appointments/{appt_id}" in message["body_text"]
    assert "8:00 AM" in message["body_text"]
    for phi in ("Rash", "Telehealth follow-up", "Chen", "Vid", "Eo "):
        assert phi not in message["body_text"] and phi not in message["subject"]


def test_an_in_person_visit_gets_no_join_reminder(api, fresh, mailbox):
    from chalicelib.services import reminders

    _, start = _video_visit(api, fresh, _quiet_day(43), time(9, 0), kind="sick")
    reminders.run(now=start - timedelta(minutes=14))
    assert not [m for m in emails_to(mailbox, fresh["email"]) if m["subject"] == VIDEO_SUBJECT]


def test_what_to_bring_shows_on_the_visit_and_in_the_reminder_email_without_the_reason(api, fresh, mailbox):
    from chalicelib.services import reminders

    appt_id, start = _video_visit(api, fresh, _quiet_day(44), time(9, 0), kind="physical")
    visit = _as_patient(api, fresh, f"/patients/{fresh['patient_id']}/appointments/{appt_id}").json
    titles = [b["title"] for b in visit["what_to_bring"]]
    assert titles == ["Annual physical", "At Maple Street (main office)"], visit["what_to_bring"]
    assert "insurance card" in visit["what_to_bring"][1]["text"]
    reminders.run(now=start - timedelta(hours=23))
    email = next(m for m in emails_to(mailbox, fresh["email"]) if m["subject"].startswith("Reminder"))
    assert "What to bring: A list of the medicines" in email["body_text"]
    assert "Rash" not in email["body_text"] and "Annual physical" not in email["body_text"]


def test_the_visit_types_what_to_bring_is_edited_in_the_setup(api):
    vt = visit_type(api, "sick")
    res = api.patch(f"/scheduling/visit-types/{vt}", {"bring": "Your insurance card."}, as_user="front_desk")
    assert res.status == 200 and res.json["bring"] == "Your insurance card."
    cleared = api.patch(f"/scheduling/visit-types/{vt}", {"bring": ""}, as_user="front_desk")
    assert cleared.status == 200 and "bring" not in cleared.json
    assert api.patch(f"/scheduling/visit-types/{vt}", {"bring": "x"}, as_user="alex").status == 403
