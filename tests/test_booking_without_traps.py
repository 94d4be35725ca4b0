"""Booking without traps: the API says, per open slot, whether a visit booked there could
still be changed online (the change cutoff), and how far ahead the patient may book."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from tests.appointment_helpers import visit_type

CHICAGO = ZoneInfo("America/Chicago")


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time(), tzinfo=CHICAGO).astimezone(timezone.utc)


def test_each_open_slot_says_whether_it_could_be_changed_online(api, demo):
    from chalicelib.services import availability

    tuesday = date(2027, 3, 9)
    now = _at(tuesday, "07:00")  # the cutoff is 24 hours: Wednesday 07:00
    found = availability.find(visit_type(api, "sick"), tuesday, 3, now=now)
    assert found["cancel_cutoff_hours"] == 24
    slots = [s for d in found["dates"] for s in d["slots"]]
    cutoff = now + timedelta(hours=24)
    inside = [s for s in slots if datetime.fromisoformat(s["start"].replace("Z", "+00:00")) <= cutoff]
    outside = [s for s in slots if s not in inside]
    assert inside and outside
    assert all(s["changeable_online"] is False for s in inside)
    assert all(s["changeable_online"] is True for s in outside)


def test_the_api_names_the_last_day_patients_may_book_and_offers_slots_up_to_it(api, demo):
    from chalicelib.services import availability

    tuesday = date(2027, 3, 9)
    now = _at(tuesday, "10:00")
    first = availability.find(visit_type(api, "sick"), None, 14, now=now)
    assert first["from"] == "2027-03-09" and first["last_date"] == "2027-06-07"  # the rules' 90 days
    last_weeks = availability.find(visit_type(api, "sick"), date(2027, 5, 25), 28, now=now)
    dates = [d["date"] for d in last_weeks["dates"]]
    assert dates and dates[-1] == "2027-06-07"  # a Monday, the horizon's own day, and nothing after


def test_the_availability_endpoint_carries_the_cutoff_words_the_page_needs(api, demo):
    res = api.get(f"/availability?visit_type_id={visit_type(api, 'sick')}&days=3", as_user="alex")
    assert res.status == 200, res
    assert "last_date" in res.json and res.json["cancel_cutoff_hours"] == 24
    assert all(isinstance(s["changeable_online"], bool) for d in res.json["dates"] for s in d["slots"])
