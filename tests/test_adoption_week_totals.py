"""The dashboard reads settled weeks from the nightly job's week totals (issue 16): the same
figures as from every daily counter, for a small fraction of the items. The history is
written in 2033 (time travel forward), far from every other test's days."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chalicelib.services import adoption
from chalicelib.services.adoption import dashboard, nightly, week_totals
from devserver.meter import measure

pytestmark = pytest.mark.clock
CHICAGO = ZoneInfo("America/Chicago")
TODAY = date(2033, 6, 15)  # a Wednesday; the window starts in February and crosses four month ends
EVENTS = ("invited", "activated", "monthly_active", "visits", "visits_active_30d", "booked_online", "booked_staff",
          "messages", "results_released", "results_viewed_7d", "statements_issued", "calls_deflected")


def seed(rng: random.Random, start: date, end: date) -> None:
    """Every kind of counter on most days: counts, amounts, samples in two pools, levels."""
    day, seen, active = start, 300, 100
    while day <= end:
        for name in EVENTS:
            if rng.random() < 0.8:
                adoption.count(name, rng.randint(1, 9), day=day)
        if rng.random() < 0.5:
            adoption.count("paid_online", rng.randint(1, 3), day=day, amount=rng.randint(1000, 20000))
        for pool in ("nurses", "billing"):
            for _ in range(rng.randint(0, 2)):
                adoption.sample(f"first_response.{pool}", rng.randint(5, 600) * 60, day=day)
        if rng.random() < 0.7:  # the nightly job's levels (SET): not every day
            seen, active = seen + rng.randint(0, 4), active + rng.randint(0, 3)
            adoption.count("seen_12m", seen, day=day)
            adoption.count("seen_12m_active", active, day=day)
            adoption.count("seen_12m.dr-x", seen // 2, day=day)
        day += timedelta(days=1)


@pytest.fixture(scope="module")
def travel(demo):
    with time_machine.travel(datetime(2033, 6, 15, 10, 0, tzinfo=CHICAGO), tick=True):
        seed(random.Random(16), dashboard.window_start(TODAY) - timedelta(days=10), TODAY)
        yield


def test_the_view_reads_week_totals_for_settled_weeks_with_the_same_figures(travel):
    with measure() as daily:
        before = dashboard.build(TODAY)  # no week totals yet: every day's counters
    written = nightly.roll_up_weeks()
    # the settled weeks of the window: Sundays 8 days or more before today (June 5 is the last)
    assert written[0] == week_totals.week_start(dashboard.window_start(TODAY)).isoformat()
    assert written[-1] == "2033-05-30" and len(written) == 15
    assert nightly.roll_up_weeks() == []  # written once
    with measure() as weekly:
        after = dashboard.build(TODAY)
    assert after == before  # every figure, point and pool percentile
    # 15 week items and about ten days of counters (June 6 to 15), against 15 weeks and more of days
    assert daily.items_read > 1000 and weekly.items_read <= 15 + 10 * 16, (daily, weekly)
    assert weekly.queries <= 2 and "Scan" not in weekly.calls, weekly.calls


def test_a_late_count_on_an_unsettled_day_shows_and_a_rerun_rewrites_its_week(travel):
    nightly.roll_up_weeks()
    before = {f["key"]: f for f in dashboard.build(TODAY)["figures"]}
    adoption.count("results_viewed_7d", 1, day="2033-06-08")  # a result of last week viewed today
    after = {f["key"]: f for f in dashboard.build(TODAY)["figures"]}
    assert after["results_viewed"]["points"][-2] > before["results_viewed"]["points"][-2]
    # a week already totalled: its counters changed by hand, the day finalized again
    adoption.count("calls_deflected", 100, day="2033-05-04")
    stale = dashboard.build(TODAY)
    assert week_totals.roll_up(TODAY, dashboard.window_start(TODAY), rewrite=date(2033, 5, 4)) == ["2033-05-02"]
    fresh = {f["key"]: f for f in dashboard.build(TODAY)["figures"]}
    week = dashboard.build(TODAY)["weeks"].index("2033-05-02")
    stale_points = {f["key"]: f for f in stale["figures"]}["calls_deflected"]["points"]
    assert fresh["calls_deflected"]["points"][week] == stale_points[week] + 100


def test_collapse_keeps_each_month_apart_and_the_latest_level():
    days = {"2033-05-30": {"invited": 2, "seen_12m": 5, "first_response.n~samples": [60.0]},
            "2033-05-31": {"invited": 1, "seen_12m": 6, "paid_online_amount": 500},
            "2033-06-02": {"invited": 4, "first_response.n~samples": [120.0]},
            "2033-06-05": {"invited": 1, "seen_12m": 7}}
    assert week_totals.collapse(days, date(2033, 5, 30)) == {
        "2033-05-31": {"invited": 3, "seen_12m": 6, "first_response.n~samples": [60.0], "paid_online_amount": 500},
        "2033-06-05": {"invited": 5, "seen_12m": 7, "first_response.n~samples": [120.0]},
    }
