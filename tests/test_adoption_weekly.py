"""Small wins (issue 15): the weekly email's content for a known week, practice-time week
boundaries in the week the clocks change (Sun 2031-03-09, US DST), once per week from
Monday 07:00 practice time, and no PHI in it. History written in 2031 (forward, fresh)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib.services import adoption
from chalicelib.services.adoption import weekly

pytestmark = pytest.mark.clock
CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2031, 3, 3)  # Mon Mar 3 - Sun Mar 9, 2031: DST starts on the Sunday
RECIPIENTS = ["ada.admin@example.org", "weekly.wins@example.org"]


def seed_week():
    c = adoption.count
    c("booked_online", 20, day="2031-03-03")  # Monday: the week's first practice day
    c("booked_online", 20, day="2031-03-09")  # Sunday
    c("booked_online", 23, day="2031-03-02")  # the Sunday before: last week
    c("booked_online", 5, day="2031-03-10")  # the next Monday: not this week
    with time_machine.travel(datetime(2031, 3, 9, 23, 30, tzinfo=CHICAGO), tick=False):
        c("booked_online")  # Sunday 23:30 CDT is already Monday in UTC: still this week
    for seconds in (11400, 600, 20000):
        adoption.sample("first_response.nurses", seconds, day="2031-03-04")
    adoption.sample("first_response.billing", 36000, day="2031-03-05")
    c("paid_online", 1, day="2031-03-05", amount=4200)
    for name, n, day in (("activated", 95, "2030-06-10"), ("activated", 7, "2031-03-06"),
                         ("results_released", 10, "2031-03-04"), ("results_viewed_7d", 6, "2031-03-04")):
        c(name, n, day=day)


@pytest.fixture(scope="module")
def week(demo):
    with time_machine.travel(datetime(2031, 3, 3, 0, 5, tzinfo=CHICAGO), tick=True):
        seed_week()
    with time_machine.travel(datetime(2031, 3, 10, 12, 0, tzinfo=CHICAGO), tick=True):
        return weekly.summary(MONDAY)


def test_the_weeks_wins_compared_with_last_week(week):
    assert week["week_words"] == "March 3 to March 9, 2031"
    assert week["wins"] == [
        "41 visits booked online, 18 more than last week.",
        "7 patients activated their portal account, 7 more than last week.",
        "4 conversations answered, in a median of 3 h 10 m (business hours).",
        "6 of 10 results released in the week already viewed by the patient.",
        "1 statement paid online ($42.00), 1 more than last week.",
    ]
    assert week["milestones"] == ["100 patients have activated their portal account",
                                  "the first statement paid online"]
    assert week["look_at"] == "the Billing pool answered in a median of 10 h, over the 8 h target."


def test_the_job_sends_once_from_monday_morning_practice_time(api, mailbox, week):
    assert api.patch("/practice", {"weekly_email_recipients": RECIPIENTS}, as_user="admin").status == 200
    # an open problem report (item 4): the email counts it, never quotes it
    assert api.post("/problems", {"what": "The weekly page is slow for me", "page": "/staff/adoption"},
                    as_user="front_desk").status in (200, 201)
    try:
        with time_machine.travel(datetime(2031, 3, 10, 6, 50, tzinfo=CHICAGO), tick=True):
            assert weekly.run() is None  # Monday, before 07:00 practice time
        with time_machine.travel(datetime(2031, 3, 10, 7, 5, tzinfo=CHICAGO), tick=True):
            assert weekly.run()["week"] == MONDAY.isoformat()
            assert weekly.run() is None  # the next hour's run, or a second instance
        with time_machine.travel(datetime(2031, 3, 12, 9, 0, tzinfo=CHICAGO), tick=True):
            assert weekly.run() is None
            assert weekly.latest()["week"] == MONDAY.isoformat()  # what Today shows
    finally:
        assert api.patch("/practice", {"weekly_email_recipients": []}, as_user="admin").status == 200
    sent = [m for m in mailbox.messages() if "this week's wins" in m["subject"] and "March 3 to March 9, 2031" in m["body_text"]]
    assert sorted(m["to"] for m in sent) == RECIPIENTS
    text = sent[0]["body_text"]
    assert "March 3 to March 9, 2031" in text
    assert "- 41 visits booked online, 18 more than last week." in text
    assert "Milestones: 100 patients have activated their portal account; the first statement paid online." in text
    assert "One thing to look at: the Billing pool answered in a median of 10 h" in text
    from chalicelib.services import problems

    n = problems.open_count()  # with other tests' reports
    assert f"{n} problem report{'s are' if n != 1 else ' is'} open" in text and "slow for me" not in text


def test_no_phi_in_the_weekly_email_or_the_patient_firsts(api, demo, mailbox, week):
    from chalicelib.models.patient import Patient

    from types import SimpleNamespace

    from chalicelib.services.adoption import events
    from tests.helpers import make_patient

    fresh = make_patient(api, given="Wilhelmina", family="Quarrington", birth_date="1971-08-19")
    events.booked(SimpleNamespace(is_staff=False), SimpleNamespace(patient_id=fresh["patient_id"], email=fresh["email"]))
    events.activated(fresh["patient_id"], fresh["email"])  # the welcome note, as activation sends it
    events.record_complete(fresh["patient_id"])  # the first online check-in's thank-you
    events.record_complete(fresh["patient_id"])  # once
    patients = [p for p in Patient.batch_get([v for v in demo.values() if isinstance(v, str)] + [fresh["patient_id"]])]
    assert len(patients) >= 4
    words = {w for p in patients for w in (p.given_name, p.family_name, p.birth_date, p.mrn) if w}
    mails = [m for m in mailbox.messages() if "this week's wins" in m["subject"]
             or "Welcome to the" in m["subject"] or "first visit online" in m["subject"]
             or "is up to date" in m["subject"]]
    assert len([m for m in mails if m["to"] == fresh["email"]]) == 3  # one of each first
    assert {m["to"] for m in mails} >= {fresh["email"], *RECIPIENTS}
    for mail in mails:
        for word in words:
            for part in (mail["subject"], mail["body_text"], mail["body_html"]):
                assert word not in part, (mail["subject"], word)


def test_one_thing_to_look_at_low_activation_among_a_clinicians_patients(demo):
    chen = demo["dr.chen@example.org"]
    monday = date(2031, 3, 17)
    for name, n in (("seen_12m", 100), ("seen_12m_active", 50), (f"seen_12m.{chen}", 20),
                    (f"seen_12m_active.{chen}", 2), ("seen_12m.someone", 5), ("seen_12m_active.someone", 0)):
        adoption.count(name, n, day="2031-03-20")  # as the nightly job writes them
    with time_machine.travel(datetime(2031, 3, 24, 12, 0, tzinfo=CHICAGO), tick=True):
        look_at = weekly.summary(monday)["look_at"]
    # 5 patients seen is too few to judge; Dr. Chen's 10% is well under the practice's 50%
    assert look_at.startswith("10% of ") and "Chen's patients seen in the last 12 months (20)" in look_at
    assert look_at.endswith("against 50% across the practice.")
