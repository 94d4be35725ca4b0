"""Right at any hour: the portal's "today" is the practice's day, and people read
practice time in words, at the instants that bite (late evening, just after midnight,
Friday before closing, both DST changes in Chicago, year end, a leap day).

Each test travels to its instant with time-machine (the whole process moves: app, moto,
token checks) and acts through the API as people do. Instants lie after the session's
start so signed-in tokens stay plausible; fresh patients keep other tests' data apart.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib import clock
from tests.helpers import make_patient, unique_email

pytestmark = pytest.mark.clock  # run again under another TZ in CI

CHICAGO = ZoneInfo("America/Chicago")

# (label, practice-time instant)
INSTANTS = [
    ("late-evening", datetime(2026, 12, 1, 23, 30, tzinfo=CHICAGO)),
    ("just-after-midnight", datetime(2026, 12, 2, 0, 30, tzinfo=CHICAGO)),
    ("friday-before-closing", datetime(2026, 12, 4, 17, 55, tzinfo=CHICAGO)),
    ("new-years-eve", datetime(2026, 12, 31, 23, 30, tzinfo=CHICAGO)),
    ("spring-forward-night", datetime(2027, 3, 14, 3, 30, tzinfo=CHICAGO)),  # 2:00 -> 3:00 that night
    ("spring-forward-evening", datetime(2027, 3, 14, 22, 0, tzinfo=CHICAGO)),
    ("fall-back-first-1:30", datetime(2027, 11, 7, 1, 30, tzinfo=CHICAGO, fold=0)),  # CDT
    ("fall-back-second-1:30", datetime(2027, 11, 7, 1, 30, tzinfo=CHICAGO, fold=1)),  # CST
    ("leap-day-evening", datetime(2028, 2, 29, 21, 15, tzinfo=CHICAGO)),
]
IDS = [label for label, _ in INSTANTS]


@pytest.fixture(params=INSTANTS, ids=IDS)
def at(request, api):
    """Travel to the instant (ticking on) for the test; the api signs in again there."""
    label, moment = request.param
    with time_machine.travel(moment, tick=True):
        yield moment


def test_today_is_the_practice_day_not_the_utc_day(at):
    assert clock.today() == at.date()
    assert clock.local().utcoffset() == at.utcoffset()


def test_open_slots_start_today_in_practice_time_and_never_in_the_past(at, api, demo):
    res = api.get(f"/availability?visit_type_id={demo['visit_type_sick']}&days=7", as_user="alex")
    assert res.status == 200, res
    assert res.json["from"] == at.date().isoformat()
    for day in res.json["dates"]:
        assert day["date"] >= at.date().isoformat()
        for slot in day["slots"]:
            start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
            assert start > clock.now()
            local = start.astimezone(CHICAGO)
            assert local.date().isoformat() == day["date"] and local.strftime("%H:%M") == slot["time"]


def test_a_visit_summary_may_be_dated_today_but_not_tomorrow(at, api):
    patient = make_patient(api, given="Hour", family="Summary")
    path = f"/patients/{patient['patient_id']}/visit-summaries"
    body = {"reason": "Check-up", "assessment": "Well."}
    tomorrow = api.post(path, {**body, "visit_date": (at.date() + timedelta(days=1)).isoformat()}, as_user="provider")
    assert tomorrow.status in (400, 422) and tomorrow.error["field"] == "visit_date", tomorrow
    today = api.post(path, {**body, "visit_date": at.date().isoformat()}, as_user="provider")
    assert today.status == 201, today


def test_a_birth_date_of_today_is_accepted_and_tomorrow_is_refused(at, api):
    tomorrow = api.post("/patients", {"given_name": "New", "family_name": "Born", "sex": "female",
                                      "birth_date": (at.date() + timedelta(days=1)).isoformat(),
                                      "email": unique_email("born")}, as_user="front_desk")
    assert tomorrow.status in (400, 422) and tomorrow.error["field"] == "birth_date", tomorrow
    make_patient(api, given="New", family="Born", birth_date=at.date().isoformat())


def test_the_invitation_says_its_last_day_in_words_counted_from_the_practice_day(at, api, mailbox):
    patient = make_patient(api, given="Hour", family="Invite")
    res = api.post(f"/patients/{patient['patient_id']}/invitation", as_user="front_desk")
    assert res.status in (200, 201), res
    last_day = at.date() + timedelta(days=14)
    assert res.json["expires_on"] == last_day.isoformat()
    email = next(m for m in mailbox.messages() if m["to"] == patient["email"])
    assert f"{last_day:%B} {last_day.day}, {last_day.year}" in email["body_text"]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", email["body_text"]), "an ISO date in an email"


@pytest.mark.parametrize("moment, words", [
    (datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo("UTC")), "Tuesday, December 1, 2026 at 9:00 PM CST"),
    (datetime(2027, 3, 14, 8, 30, tzinfo=ZoneInfo("UTC")), "Sunday, March 14, 2027 at 3:30 AM CDT"),
    (datetime(2027, 11, 7, 6, 30, tzinfo=ZoneInfo("UTC")), "Sunday, November 7, 2027 at 1:30 AM CDT"),
    (datetime(2027, 11, 7, 7, 30, tzinfo=ZoneInfo("UTC")), "Sunday, November 7, 2027 at 1:30 AM CST"),
    (datetime(2027, 1, 1, 5, 59, tzinfo=ZoneInfo("UTC")), "Thursday, December 31, 2026 at 11:59 PM CST"),
    (datetime(2028, 3, 1, 3, 15, tzinfo=ZoneInfo("UTC")), "Tuesday, February 29, 2028 at 9:15 PM CST"),
])
def test_instants_read_in_practice_time_and_words(demo, moment, words):
    assert clock.say_when(moment) == words
    assert clock.say_when(moment.isoformat().replace("+00:00", "Z")) == words


def test_calendar_days_are_never_shifted_by_a_zone(demo):
    assert clock.say_date("2028-02-29") == "Tuesday, February 29, 2028"
    assert clock.say_date(date(2026, 12, 31), weekday=False) == "December 31, 2026"
    # a timestamp is read as the practice's day it falls on
    assert clock.say_date("2026-12-02T03:01:00.000Z", weekday=False) == "December 1, 2026"


def test_a_guardians_access_follows_the_birthday_in_practice_time(at, api):
    """Issue 9: on the 12th birthday (practice day) a full grant is limited; the day before
    it is full; the day before the 18th birthday it is limited; on it the patient is an
    adult, whose own consent a grant waits for (it gives nothing yet)."""
    from tests.helpers import DEMO_PASSWORD, make_patient_account

    def born(years: int, days_later: int = 0) -> str:
        day = at.date() + timedelta(days=days_later)
        try:
            return day.replace(year=day.year - years).isoformat()
        except ValueError:  # 29 February in a year without one
            return None

    parent = make_patient_account(api, password=DEMO_PASSWORD, given="Hour", family="Guardian")
    expected = {born(12): "limited", born(12, days_later=1): "full", born(18, days_later=1): "limited",
                born(18): None}
    for birth_date, scope in expected.items():
        if birth_date is None:
            continue
        child = make_patient(api, given="Hour", family="Child", birth_date=birth_date)
        res = api.post(f"/patients/{child['patient_id']}/proxies", {"grantee_email": parent["email"], "scope": "full"},
                       as_user="front_desk")
        assert res.status == 201, res
        assert res.json["scope_now"] == scope, (birth_date, res.json)


def test_staff_today_is_the_practice_day_and_its_arrivals_are_that_days(at, api):
    """Today (issue 14): the date, the arrivals link and the provider's visits are the
    practice's day, not the UTC one (at 23:30 in Chicago it is already tomorrow in UTC)."""
    for who in ("front_desk", "provider"):
        api.forget(who)
    desk = api.get("/staff/today", as_user="front_desk")
    assert desk.status == 200, desk
    assert desk.json["date"] == at.date().isoformat()
    arrivals = next(c for c in desk.json["sections"][0]["cards"] if c["key"] == "arrivals")
    assert arrivals["href"].endswith(f"date={at.date().isoformat()}")
    provider = api.get("/staff/today", as_user="provider")
    assert provider.status == 200 and provider.json["date"] == at.date().isoformat()
    assert at.strftime("%B") in provider.json["date_words"] and str(at.day) in provider.json["date_words"]


def test_the_check_in_window_is_counted_in_practice_time(at, demo):
    """eCheck-in (issue 17): a visit in two hours is open for check-in, one in 50 minutes is
    closed, one eight practice days ahead at 10:00 opens at 10:00 a week before it."""
    from chalicelib.models._base import iso
    from chalicelib.models.appointment import Appointment
    from chalicelib.services import checkin

    def visit(start: datetime) -> Appointment:
        return Appointment("p", "a", status="booked", start=iso(start), end=iso(start + timedelta(minutes=30)))

    now = at.astimezone(ZoneInfo("UTC"))  # absolute time: "in 50 minutes" across a DST change too
    assert checkin.window_state(visit(now + timedelta(hours=2))) == "open"
    assert checkin.window_state(visit(now + timedelta(minutes=50))) == "closed"
    later = datetime.combine(at.date() + timedelta(days=8), datetime.min.time().replace(hour=10), tzinfo=CHICAGO)
    opens, _ = checkin.window(visit(later))
    assert checkin.window_state(visit(later)) == "not-yet"
    assert opens.astimezone(CHICAGO).replace(tzinfo=None) == datetime.combine(at.date() + timedelta(days=1),
                                                                             datetime.min.time().replace(hour=10))
