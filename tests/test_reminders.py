"""Reminders: email 24 h before, SMS 2 h before (if chosen), found through the day index,
never sent twice even when the job runs twice, and one failing send stops nothing."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from tests.appointment_helpers import book, chen
from chalicelib import clock

pytestmark = pytest.mark.clock  # run again under another TZ in CI

REMINDER = "Reminder: your visit with Maple Street Family Practice"


@pytest.fixture
def day_with_visits(api, demo):
    """Alex and Jordan booked on a quiet weekday (far ahead, so no other test's visits)."""
    from chalicelib.clock import practice_tz
    from chalicelib.services.scheduling import load_config

    holidays, tz = set(load_config().holidays), practice_tz()
    day = clock.today() + timedelta(days=75 + day_with_visits.calls)
    day_with_visits.calls += 3
    while day.weekday() >= 5 or day.isoformat() in holidays:
        day += timedelta(days=1)
    made = {}
    for who, at in (("alex", time(9, 0)), ("jordan", time(10, 0))):
        start = datetime.combine(day, at, tzinfo=tz)
        slot = {"provider_id": chen(api), "start": start.isoformat()}
        res = book(api, who, who, slot, demo["visit_type_sick"])
        assert res.status == 201, res
        made[who] = (res.json["appointment_id"], start)
    return made


day_with_visits.calls = 0


def reminders_to(mailbox, address: str) -> int:
    return sum(1 for m in mailbox.messages() if m["channel"] == "email" and address in m["to"] and m["subject"] == REMINDER)


def sms_to(mailbox, phone: str) -> int:
    return sum(1 for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == phone and "reminder" in m["body_text"])


def test_the_24_hour_email_goes_once_even_when_the_job_runs_twice(day_with_visits, mailbox, ddb_calls):
    from chalicelib.services import reminders

    now = day_with_visits["alex"][1] - timedelta(hours=23)
    before = reminders_to(mailbox, "alex.morgan@example.org"), reminders_to(mailbox, "jordan.morgan@example.org")
    with ddb_calls() as calls:
        first = reminders.run(now=now)
    assert "Scan" not in calls and first["sent"] == 2
    second = reminders.run(now=now + timedelta(minutes=10))
    assert second["sent"] == 0
    after = reminders_to(mailbox, "alex.morgan@example.org"), reminders_to(mailbox, "jordan.morgan@example.org")
    assert after == (before[0] + 1, before[1] + 1)
    latest = next(m for m in mailbox.messages() if m["subject"] == REMINDER and "alex" in m["to"])
    assert "Sick visit" not in latest["body_text"] and "Sore knee" not in latest["body_text"]
    assert "9:00 AM" in latest["body_text"]


def test_the_2_hour_text_goes_once_to_patients_who_chose_text(api, demo, day_with_visits, mailbox):
    from chalicelib.services import reminders

    api.patch(f"/patients/{demo['jordan']}/preferences", {"sms": False}, as_user="jordan")
    try:
        alex_start = day_with_visits["alex"][1]
        before = sms_to(mailbox, "+13125550101"), sms_to(mailbox, "+13125550103")
        reminders.run(now=alex_start - timedelta(hours=23))  # the emails
        reminders.run(now=alex_start - timedelta(minutes=110))
        reminders.run(now=alex_start - timedelta(minutes=100))
        reminders.run(now=day_with_visits["jordan"][1] - timedelta(minutes=100))
        assert sms_to(mailbox, "+13125550101") == before[0] + 1
        assert sms_to(mailbox, "+13125550103") == before[1]  # Jordan chose email only
    finally:
        api.patch(f"/patients/{demo['jordan']}/preferences", {"sms": True}, as_user="jordan")


def test_one_failing_send_does_not_stop_the_others(day_with_visits, mailbox, monkeypatch):
    from chalicelib import notify
    from chalicelib.models._base import iso_now
    from chalicelib.models.notification import NotificationLog
    from chalicelib.services import reminders

    real = notify._send_email

    def flaky(to_address, rendered, *rest):
        if to_address == "alex.morgan@example.org":
            raise RuntimeError("SES throttled")
        return real(to_address, rendered, *rest)

    monkeypatch.setattr(notify, "_send_email", flaky)
    jordan_before = reminders_to(mailbox, "jordan.morgan@example.org")
    reminders.run(now=day_with_visits["alex"][1] - timedelta(hours=23))
    assert reminders_to(mailbox, "jordan.morgan@example.org") == jordan_before + 1
    failed = [n for n in NotificationLog.query(iso_now()[:10])
              if n.template == "appointment_reminder" and n.status == "failed"]
    assert failed


def test_a_cancelled_visit_gets_no_reminder(api, demo, day_with_visits, mailbox):
    from chalicelib.services import reminders

    appt_id, start = day_with_visits["jordan"]
    assert api.post(f"/patients/{demo['jordan']}/appointments/{appt_id}/cancel", as_user="jordan").status == 200
    before = reminders_to(mailbox, "jordan.morgan@example.org")
    reminders.run(now=start - timedelta(hours=23))
    assert reminders_to(mailbox, "jordan.morgan@example.org") == before


def test_the_job_is_scheduled_and_runs_on_the_local_timer(chalice_app):
    from devserver.server import scheduled_jobs

    jobs = dict(scheduled_jobs(chalice_app))
    assert "appointment-reminders" in jobs
    jobs["appointment-reminders"]({"detail-type": "Scheduled Event", "time": "2026-01-01T00:00:00Z",
                                   "resources": [], "detail": {}, "id": "t", "source": "aws.events",
                                   "account": "123456789012", "region": "us-east-1", "version": "0"}, None)


def test_the_2_hour_text_links_the_appointments_list_to_fit_one_segment(api, demo, day_with_visits, mailbox):
    """A visit's own page link would not fit one 160-character SMS with a real portal address."""
    from chalicelib.services import reminders

    alex_start = day_with_visits["alex"][1]
    reminders.run(now=alex_start - timedelta(minutes=100))
    text = next(m for m in mailbox.messages() if m["channel"] == "sms" and m["to"] == "+13125550101"
                and "reminder" in m["body_text"])
    assert "/#/appointments Reply STOP" in text["body_text"], text["body_text"]
