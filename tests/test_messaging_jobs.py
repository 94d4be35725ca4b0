"""Business hours, overdue escalation and response-time metrics, at instants that matter
(time-machine; never the wall clock)."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.appointment_helpers import emails_to
from tests.messaging_helpers import caps, user_caller

CHICAGO = ZoneInfo("America/Chicago")
WEEK = {d: (time(8), time(17)) for d in ("mon", "tue", "wed", "thu")} | {"fri": (time(8), time(15))}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


def test_business_hours_skip_nights_weekends_and_holidays():
    from chalicelib.services.messaging.hours import Hours

    hours = Hours(WEEK, frozenset({"2026-12-25"}), CHICAGO)
    assert hours.add_business_hours(at(2026, 12, 2, 9), 8) == at(2026, 12, 2, 17)
    assert hours.add_business_hours(at(2026, 12, 4, 14), 8) == at(2026, 12, 7, 15)  # Fri 1 h + Mon 7 h
    assert hours.add_business_hours(at(2026, 12, 24, 16), 8) == at(2026, 12, 28, 15)  # Christmas off
    assert hours.add_business_hours(at(2026, 12, 5, 22), 1) == at(2026, 12, 7, 9)  # from Saturday night
    assert hours.business_seconds(at(2026, 12, 4, 14), at(2026, 12, 7, 9)) == 2 * 3600
    assert hours.next_opening(at(2026, 12, 4, 16)) == at(2026, 12, 7, 8)
    assert not hours.is_open(at(2026, 12, 25, 10)) and hours.is_open(at(2026, 12, 24, 10))
    # The spring-forward Monday still opens at 8 AM local time.
    assert hours.next_opening(at(2027, 3, 13, 12)) == at(2027, 3, 15, 8)


@pytest.fixture
def metrics_pool(demo):
    """A pool and topic of its own, so the numbers are this test's alone."""
    from chalicelib.services.messaging import settings

    before = settings.current()
    pools = before["pools"] + [{"id": "metrics", "name": "Metrics team", "roles": ["nurse"],
                                "lead_email": "nina.patel@example.org"}]
    topics = before["topics"] + [{"id": "metrics", "label": "Metrics question", "plural": "Metrics questions",
                                  "pool": "metrics"}]
    with caps(max_open_threads=500, max_messages_per_day=500):
        settings.update(None, {"pools": pools, "topics": topics})
        try:
            yield "metrics"
        finally:
            settings.update(None, {"pools": before["pools"], "topics": before["topics"]})


@pytest.fixture(scope="module")
def traveller(api):
    """A patient of these tests' own: travelling in time writes audit events dated then,
    which must not land in a demo patient's access log."""
    from tests.helpers import make_patient_account

    person = make_patient_account(api, given="Clock", family="Watcher")
    return person["patient_id"], user_caller(person["email"])


def _ask(traveller, when: datetime, body: str = "When should I take it?") -> dict:
    from chalicelib.services.messaging import threads

    pid, caller = traveller
    with time_machine.travel(when, tick=False):
        return threads.start(caller, pid, {"topic": "metrics", "subject": "Timing", "body": body})


def _answer(traveller, thread: dict, when: datetime) -> None:
    from chalicelib.services.messaging import replies

    with time_machine.travel(when, tick=False):
        replies.reply(user_caller("nina.patel@example.org"), traveller[0], thread["thread_id"], "At night.")


def test_an_unanswered_thread_escalates_once_past_the_target_and_the_lead_is_emailed(traveller, mailbox,
                                                                                     metrics_pool):
    from chalicelib.services.messaging import inbox, jobs

    thread = _ask(traveller, at(2026, 12, 2, 9))  # due Wednesday 5 PM (8 business hours)
    assert thread and _escalate(at(2026, 12, 2, 16)).get("metrics") is None
    flagged = _escalate(at(2026, 12, 3, 9))
    assert flagged["metrics"] == [thread["ref"]]
    mail = emails_to(mailbox, "nina.patel@example.org")[0]
    assert mail["subject"] == "Overdue: 1 unanswered in Metrics team" and thread["ref"] in mail["body_text"]
    assert "Timing" not in mail["body_text"] and "Clock" not in mail["body_text"]
    assert "status=overdue" in mail["body_text"]
    assert _escalate(at(2026, 12, 3, 10)).get("metrics") is None  # once
    with time_machine.travel(at(2026, 12, 3, 10), tick=False):
        listed = inbox.inbox(user_caller("nina.patel@example.org"), "metrics", "overdue", "any", 25, None)
    item = next(i for i in listed["items"] if i["thread_id"] == thread["thread_id"])
    assert item["overdue"] is True and item["escalated_at"]
    assert jobs.MAX_PER_POOL >= 100


def _escalate(when: datetime) -> dict:
    from chalicelib.services.messaging import jobs

    with time_machine.travel(when, tick=False):
        return jobs.escalate(["metrics"])  # only this test's pool: the demo's threads stay as seeded


def test_response_times_per_pool_in_business_hours(traveller, metrics_pool):
    from chalicelib.services.messaging import jobs

    first = _ask(traveller, at(2026, 12, 2, 9))
    _answer(traveller, first, at(2026, 12, 2, 11, 30))  # 2.5 business hours
    second = _ask(traveller, at(2026, 12, 4, 14))
    _answer(traveller, second, at(2026, 12, 7, 9))  # Friday 1 h + Monday 1 h = 2
    third = _ask(traveller, at(2026, 12, 7, 9))
    _answer(traveller, third, at(2026, 12, 8, 9))  # Monday 8 h (to 5 PM) + Tuesday 1 h = 9
    with time_machine.travel(at(2026, 12, 8, 12), tick=False):
        report = jobs.response_times(user_caller("ada.admin@example.org"), 30)
        with pytest.raises(Exception):
            jobs.response_times(user_caller("nina.patel@example.org"), 30)
    pool = next(p for p in report["pools"] if p["pool"] == "metrics")
    assert pool["answered"] == 3 and pool["median_business_hours"] == 2.5 and pool["p90_business_hours"] == 9.0


def test_the_metrics_route_is_for_the_admin(api):
    assert api.get("/reports/messaging-response-times", as_user="admin").status == 200
    assert api.get("/reports/messaging-response-times", as_user="nurse").status == 403
    assert api.get("/reports/messaging-response-times?days=0", as_user="admin").error["field"] == "days"


def test_the_escalation_job_is_scheduled(chalice_app):
    from devserver.server import scheduled_jobs

    assert "message-escalation" in dict(scheduled_jobs(chalice_app))
