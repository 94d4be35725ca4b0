"""The schedule as a time grid (issue 14): cells per clinician and day, open, booked,
blocked or past, and requested times; no patient data; a few queries whatever the range."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from chalicelib import clock
from tests.appointment_helpers import book, chen, free_slot, visit_type

pytestmark = pytest.mark.clock


def _grid(api, day, who="front_desk", **query):
    params = "&".join(f"{k}={v}" for k, v in {"date": day, **query}.items())
    res = api.get(f"/schedule/grid?{params}", as_user=who)
    assert res.status == 200, res
    return res.json


def _column(grid, provider_id, day):
    return next(c for c in grid["columns"] if c["provider_id"] == provider_id and c["date"] == day)


def _cell(column, start):
    return next(c for c in column["cells"] if c["start"] == start)


def test_a_booked_visit_covers_its_cells_and_the_rest_of_the_hours_are_open(api, demo):
    vt = visit_type(api, "physical")  # 30 minutes: three 10-minute cells
    slot = free_slot(api, vt, who="front_desk")
    made = book(api, "front_desk", "priya", slot, vt, reason="Grid check")
    assert made.status == 201, made
    grid = _grid(api, made.json["date"])
    assert grid["slot_minutes"] == 10 and grid["timezone"] == "America/Chicago"
    column = _column(grid, chen(api), made.json["date"])
    assert column["name"] == "Dr. Wei Chen" and column["hours"]
    held = [c for c in column["cells"] if made.json["start"] <= c["start"] < made.json["end"]]
    assert [c["state"] for c in held] == ["booked"] * 3
    assert held[0]["time"] == made.json["time"]
    assert any(c["state"] == "open" for c in column["cells"])
    api.post(f"/patients/{demo['priya']}/appointments/{made.json['appointment_id']}/cancel", {}, as_user="front_desk")
    assert _cell(_column(_grid(api, made.json["date"]), chen(api), made.json["date"]),
                 made.json["start"])["state"] == "open"


def test_blocked_time_requests_and_holidays_show_in_the_grid(api, demo):
    day = (clock.today() + timedelta(days=40))
    while day.weekday() > 3:
        day += timedelta(days=1)
    # Three open cells in a row (other tests may have booked some of this day).
    cells = _column(_grid(api, day.isoformat()), chen(api), day.isoformat())["cells"]
    run = next(cells[i:i + 3] for i in range(len(cells) - 2)
               if [c["state"] for c in cells[i:i + 3]] == ["open"] * 3
               and int(cells[i + 2]["time"][3:]) - int(cells[i]["time"][3:]) == 20)
    end_minutes = int(run[0]["time"][3:]) + 30
    end = f"{int(run[0]['time'][:2]) + end_minutes // 60:02d}:{end_minutes % 60:02d}"
    block = api.post("/scheduling/blocks", {"provider_id": chen(api), "start": f"{day}T{run[0]['time']}",
                                            "end": f"{day}T{end}", "label": "Team huddle"}, as_user="front_desk")
    assert block.status == 201, block
    request_type = visit_type(api, "request")
    slots = api.get(f"/availability?visit_type_id={request_type}&from={day}&days=1", as_user="alex").json
    asked = slots["dates"][0]["slots"][-1]
    made = book(api, "alex", "alex", asked, request_type, reason="Private words")
    assert made.status == 201 and made.json["status"] == "proposed"
    column = _column(_grid(api, day.isoformat()), chen(api), day.isoformat())
    blocked = [c for c in column["cells"] if c["state"] == "blocked"]
    assert [c["time"] for c in blocked] == [c["time"] for c in run]
    assert {c["label"] for c in blocked} == {"Team huddle"}
    assert column["requests"] == [{"start": asked["start"], "end": asked["end"], "date": day.isoformat(),
                                   "time": asked["time"], "visit_type_name": "New concern — request"}]
    assert _cell(column, asked["start"])["state"] == "open"  # a request holds no time until approved
    api.post(f"/patients/{demo['alex']}/appointments/{made.json['appointment_id']}/cancel", {}, as_user="alex")
    api.delete(f"/scheduling/blocks/{block.json['block_id']}", as_user="front_desk")
    closed = api.get("/scheduling", as_user="front_desk").json["holidays"][0]
    holiday = _column(_grid(api, closed["date"]), chen(api), closed["date"])
    assert holiday["holiday"] == closed["name"] and holiday["cells"] == [] and holiday["hours"] == []


def test_the_grid_carries_no_patient_data(api, demo):
    first = clock.today() + timedelta(days=1)
    week = _grid(api, first.isoformat(), days=7, provider_id=chen(api))
    listed = api.get(f"/schedule?date={first}&days=7&provider_id={chen(api)}", as_user="front_desk").json["items"]
    assert listed  # the seeded week has visits
    text = json.dumps(week)
    for visit in listed:
        assert visit["patient_id"] not in text and visit["patient_name"] not in text
        assert visit["appointment_id"] not in text and (visit["reason"] or "Demo visit") not in text
    assert len(week["columns"]) == 7 and {c["provider_id"] for c in week["columns"]} == {chen(api)}
    assert sum(c["state"] == "booked" for col in week["columns"] for c in col["cells"]) >= 8


def test_today_before_now_is_past_and_the_grid_lists_only_clinicians_with_hours(api, demo):
    today = _grid(api, clock.today().isoformat(), who="provider")
    names = [c["name"] for c in today["clinicians"]]
    assert "Dr. Wei Chen" in names and "Nina Patel, RN" not in names
    for column in today["columns"]:
        for cell in column["cells"]:
            if cell["start"] < clock.now().isoformat():
                assert cell["state"] in ("past", "booked", "blocked")


def test_bad_grid_queries_name_the_field(api, demo):
    assert api.get("/schedule/grid", as_user="front_desk").error["field"] == "date"
    assert api.get("/schedule/grid?date=soon", as_user="front_desk").error["field"] == "date"
    assert api.get("/schedule/grid?date=2026-12-02&days=8", as_user="front_desk").error["field"] == "days"
    assert api.get("/schedule/grid?date=2026-12-02&days=x", as_user="front_desk").error["field"] == "days"
    bad = api.get(f"/schedule/grid?date=2026-12-02&provider_id={demo['nina.patel@example.org']}", as_user="front_desk")
    assert bad.status == 400 and bad.error["field"] == "provider_id"


def test_a_week_of_the_grid_is_a_few_queries(api, demo, ddb_calls):
    first = (clock.today() + timedelta(days=1)).isoformat()
    api.token("front_desk")
    for query in (f"date={first}&days=7", f"date={first}&days=7&provider_id={chen(api)}"):
        with ddb_calls() as calls:
            res = api.get(f"/schedule/grid?{query}", as_user="front_desk")
        assert res.status == 200
        clinicians = len(res.json["clinicians"])
        assert "Scan" not in calls and len(calls) <= 3 + clinicians, calls
