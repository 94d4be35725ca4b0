"""Open slots: hours minus holidays, blocks and bookings, in the practice's timezone,
right across daylight-saving changes, in a handful of DynamoDB queries."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib.services.availability import open_slots
from chalicelib.services.scheduling import DEFAULT_RULES, Config
from tests.appointment_helpers import chen, open_slots as api_slots, visit_type
from chalicelib import clock

pytestmark = pytest.mark.clock  # run again under another TZ in CI

CHICAGO = ZoneInfo("America/Chicago")
WINDOW = [{"start": "08:00", "end": "12:00"}]
THIRTY = {"name": "Visit", "duration_minutes": 30, "provider_ids": ["p1"], "mode": "book"}


def _config(weekly: dict) -> Config:
    return Config(providers={"p1": {"name": "Dr. One", "weekly": weekly}}, rules=dict(DEFAULT_RULES))


def _z(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def test_the_spring_forward_week_keeps_local_hours_and_real_durations():
    # US daylight saving starts Sunday 14 March 2027 at 02:00 in Chicago.
    config = _config({"fri": WINDOW, "mon": WINDOW, "sun": [{"start": "01:00", "end": "04:00"}]})
    slots = open_slots(config, THIRTY, ["p1"], date(2027, 3, 12), 4, {}, [], datetime(2027, 3, 1, tzinfo=timezone.utc),
                       CHICAGO)
    by_day: dict = {}
    for s in slots:
        by_day.setdefault(s.start.astimezone(CHICAGO).date().isoformat(), []).append(s)
    assert _z(by_day["2027-03-12"][0].start) == "2027-03-12T14:00Z"  # 08:00 CST = UTC-6
    assert _z(by_day["2027-03-15"][0].start) == "2027-03-15T13:00Z"  # 08:00 CDT = UTC-5
    assert _z(by_day["2027-03-15"][-1].end) == "2027-03-15T17:00Z"  # 12:00 CDT
    # 01:00 CST to 04:00 CDT is two real hours: ten 30-minute starts, each 30 real minutes.
    sunday = by_day["2027-03-14"]
    assert len(sunday) == 10 and all(s.end - s.start == timedelta(minutes=30) for s in sunday)
    assert _z(sunday[0].start) == "2027-03-14T07:00Z" and _z(sunday[-1].end) == "2027-03-14T09:00Z"


def test_the_fall_back_night_counts_the_repeated_hour_once_per_real_hour():
    # US daylight saving ends Sunday 7 November 2027 at 02:00 in Chicago (01:00-02:00 happens twice).
    config = _config({"sun": [{"start": "01:00", "end": "03:00"}]})
    slots = open_slots(config, THIRTY, ["p1"], date(2027, 11, 7), 1, {}, [], datetime(2027, 11, 1, tzinfo=timezone.utc),
                       CHICAGO)
    assert _z(slots[0].start) == "2027-11-07T06:00Z" and _z(slots[-1].end) == "2027-11-07T09:00Z"
    assert len(slots) == 16  # three real hours


def test_taken_cells_blocks_and_holidays_remove_slots():
    config = _config({"mon": WINDOW, "tue": WINDOW})
    config.holidays["2027-03-16"] = "Closed"
    now = datetime(2027, 3, 1, tzinfo=timezone.utc)
    taken = {"p1": {"2027-03-15T14:00:00.000Z"}}  # 09:00 CDT for ten minutes
    blocks = [{"provider_id": "p1", "start": "2027-03-15T15:00:00.000Z", "end": "2027-03-15T16:00:00.000Z"}]
    starts = {_z(s.start) for s in open_slots(config, THIRTY, ["p1"], date(2027, 3, 15), 2, taken, blocks, now, CHICAGO)}
    assert not {"2027-03-15T13:40Z", "2027-03-15T13:50Z", "2027-03-15T14:00Z"} & starts  # would cover 09:00
    assert {"2027-03-15T13:30Z", "2027-03-15T14:10Z"} <= starts
    assert not any("T15:" in s for s in starts) and "2027-03-15T14:40Z" not in starts  # the block
    assert not any(s.startswith("2027-03-16") for s in starts)  # the holiday


def test_the_api_answers_in_practice_time_across_the_dst_change(api, demo):
    from chalicelib.services import availability

    found = availability.find(visit_type(api, "physical"), date(2027, 3, 12), 4,
                              now=datetime(2027, 1, 20, tzinfo=timezone.utc))
    dates = {d["date"]: d["slots"] for d in found["dates"]}
    assert set(dates) == {"2027-03-12", "2027-03-15"}  # closed at the weekend
    assert dates["2027-03-12"][0]["start"] == "2027-03-12T14:00:00.000Z" and dates["2027-03-12"][0]["time"] == "08:00"
    assert dates["2027-03-15"][0]["start"] == "2027-03-15T13:00:00.000Z" and dates["2027-03-15"][0]["time"] == "08:00"


def test_holidays_are_closed(api, demo):
    today = clock.today()
    christmas = date(today.year, 12, 25) if date(today.year, 12, 25) >= today else date(today.year + 1, 12, 25)
    found = api.get(f"/availability?visit_type_id={visit_type(api, 'sick')}&from={christmas.isoformat()}&days=1",
                    as_user="alex")
    assert found.status == 200 and found.json["dates"] == []


def test_blocked_time_removes_slots_until_it_is_removed(api, demo):
    vt = visit_type(api, "physical")
    day = clock.today() + timedelta(days=45)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    block = api.post("/scheduling/blocks", {"provider_id": chen(api), "start": f"{day}T09:00", "end": f"{day}T11:00",
                                            "label": "Meeting"}, as_user="front_desk")
    assert block.status == 201, block
    times = {s["start"] for s in api_slots(api, vt, first=day, days=1)}
    blocked = datetime.fromisoformat(f"{day}T09:30").replace(tzinfo=CHICAGO).astimezone(timezone.utc)
    assert blocked.strftime("%Y-%m-%dT%H:%M:%S.000Z") not in times
    assert api.delete(f"/scheduling/blocks/{block.json['block_id']}", as_user="front_desk").status == 200
    assert blocked.strftime("%Y-%m-%dT%H:%M:%S.000Z") in {s["start"] for s in api_slots(api, vt, first=day, days=1)}


@pytest.fixture(scope="module")
def five_providers(api, demo):
    """Dr. Chen and four more providers with hours, on one visit type."""
    from chalicelib.services import accounts, scheduling
    from devserver.seed import DEMO_PASSWORD
    from devserver.seed_appointments import WEEKLY

    ids = [chen(api)]
    for i in range(4):
        user = accounts.create_account(f"provider{i}.avail@example.org", DEMO_PASSWORD, f"Dr. Extra {i}", {"provider"})
        scheduling.save_provider_hours(None, user, WEEKLY)
        ids.append(user)
    return scheduling.save_visit_type(None, {"name": "Flu shot", "duration_minutes": 10, "provider_ids": ids,
                                             "mode": "book"})["visit_type_id"]


def test_four_weeks_for_five_providers_is_two_answers_of_a_few_queries_and_no_scan(api, five_providers, ddb_calls):
    api.token("alex")
    with ddb_calls() as calls:
        res = api.get(f"/availability?visit_type_id={five_providers}&days=28", as_user="alex")
    assert res.status == 200 and len(res.json["providers"]) == 5
    assert res.json["days"] == 14 and res.json["cursor"]  # one answer covers at most 14 days
    # the authorizer's user, config, blocks, and the taken time of all five at once (a month or two)
    assert "Scan" not in calls and len(calls) <= 5, calls
    with ddb_calls() as calls:
        rest = api.get(f"/availability?visit_type_id={five_providers}&cursor={res.json['cursor']}", as_user="alex")
    assert rest.status == 200 and rest.json["cursor"] is None and len(calls) <= 5, calls
    assert rest.json["from"] > res.json["dates"][-1]["date"]
    assert sum(len(d["slots"]) for d in res.json["dates"] + rest.json["dates"]) > 1000


def test_bad_availability_queries_name_the_field(api, demo):
    vt = visit_type(api, "sick")
    assert api.get("/availability", as_user="alex").error["field"] == "visit_type_id"
    assert api.get(f"/availability?visit_type_id={vt}&days=40", as_user="alex").error["field"] == "days"
    assert api.get(f"/availability?visit_type_id={vt}&from=tomorrow", as_user="alex").error["field"] == "from"
    assert api.get("/availability?visit_type_id=nope", as_user="alex").error["field"] == "visit_type_id"
