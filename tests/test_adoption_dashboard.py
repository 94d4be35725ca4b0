"""The adoption dashboard (issue 15) from a seeded history with known answers, the nightly
finalize, and who may read it. The history is written in 2029 (time travel forward), far
from every other test's days."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib.services import adoption
from chalicelib.services.adoption import dashboard

pytestmark = pytest.mark.clock
CHICAGO = ZoneInfo("America/Chicago")
TODAY = date(2029, 6, 13)  # a Wednesday: the current week is Mon Jun 11 - Wed Jun 13


def seed_history():
    c = adoption.count
    c("invited", 4, day="2029-03-26")  # the first of the twelve weeks
    c("invited", 1, day="2029-03-25")  # the Sunday before: outside
    c("invited", 3, day="2029-06-11")
    c("invited", 2, day="2029-06-13")
    c("monthly_active", 7, day="2029-05-30")
    c("monthly_active", 2, day="2029-06-01")
    c("monthly_active", 3, day="2029-06-12")
    for day, visits, active in (("2029-06-11", 4, 1), ("2029-06-12", 6, 4)):
        c("visits", visits, day=day)
        c("visits_active_30d", active, day=day)
    c("seen_12m", 8, day="2029-05-29")
    c("seen_12m_active", 2, day="2029-05-29")
    c("seen_12m", 10, day="2029-06-12")
    c("seen_12m_active", 4, day="2029-06-12")
    c("booked_online", 3, day="2029-06-12")
    c("booked_staff", 1, day="2029-06-12")
    c("messages", 9, day="2029-06-13")
    for seconds in (3600, 600, 7200, 1800, 1200):
        adoption.sample("first_response.clinical", seconds, day="2029-06-11")
    adoption.sample("first_response.billing", 300, day="2029-06-12")
    c("results_released", 4, day="2029-06-11")
    c("results_viewed_7d", 3, day="2029-06-11")
    c("paid_online", 1, day="2029-06-12", amount=4550)
    c("paid_online", 1, day="2029-06-12", amount=8000)
    c("statements_issued", 8, day="2029-06-12")
    c("calls_deflected", 5, day="2029-06-13")


@pytest.fixture(scope="module")
def board(demo):
    with time_machine.travel(datetime(2029, 6, 13, 10, 0, tzinfo=CHICAGO), tick=True):
        seed_history()
        return dashboard.build(TODAY)


def test_twelve_practice_weeks_monday_to_sunday(board):
    assert board["weeks"][0] == "2029-03-26" and board["weeks"][-1] == "2029-06-11"
    assert len(board["weeks"]) == 12


def test_every_figure_has_its_known_answer(board):
    f = {x["key"]: x for x in board["figures"]}
    assert f["invited"]["points"][0] == 4 and f["invited"]["value"] == 5
    assert sum(f["invited"]["points"]) == 9
    # Monthly active is month to date at each week's end: June 1-13 = 2 + 3.
    assert f["monthly_active"]["value"] == 5
    assert f["monthly_active"]["points"][-2] == 2  # week of Jun 4 ends Sun Jun 10: June so far
    assert f["monthly_active"]["points"][-3] == 2  # week of May 28 ends Sun Jun 3: June so far
    assert f["monthly_active"]["points"][-4] == 0  # week of May 21: nothing in May yet
    assert f["visits_active"]["value"] == 50.0  # (1 + 4) of (4 + 6)
    assert f["activated"]["value"] == 40.0 and f["activated"]["points"][-2] == 25.0  # carried
    assert f["activated"]["points"][0] is None
    assert f["online_bookings"]["value"] == 75.0
    assert f["messages"]["value"] == 9
    assert f["first_response"]["value"] == 1200  # nearest-rank median of the six answers
    assert f["results_viewed"]["value"] == 75.0
    assert f["payments"]["value"] == 2 and f["payments_amount"]["value"] == 12550
    assert f["payments_share"]["value"] == 25.0
    assert f["calls_deflected"]["value"] == 5
    assert f["online_bookings"]["points"][0] is None  # nothing booked that week: no share


def test_first_response_per_pool_median_and_p90(board):
    assert board["pools"] == [
        {"pool": "billing", "count": 1, "median_seconds": 300, "p90_seconds": 300},
        {"pool": "clinical", "count": 5, "median_seconds": 1800, "p90_seconds": 7200},
    ]


def test_percentile_nearest_rank():
    assert dashboard.percentile([], 50) is None
    assert dashboard.percentile([5, 1, 3, 2, 4], 50) == 3
    assert dashboard.percentile(list(range(1, 11)), 90) == 9


def test_the_route_is_for_the_admin_and_providers(api, board):
    res = api.get("/staff/adoption", as_user="admin")
    assert res.status == 200, res
    assert len(res.json["weeks"]) == 12 and {f["key"] for f in res.json["figures"]} >= {"invited", "calls_deflected"}
    assert api.get("/staff/adoption", as_user="provider").status == 200
    for who in ("nurse", "front_desk", "billing", "alex"):
        assert api.get("/staff/adoption", as_user=who).status == 403, who
