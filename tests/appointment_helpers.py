"""Helpers for the appointment tests: demo visit types, open slots, raw mail."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from chalicelib import clock

CHEN = "dr.chen@example.org"


def chen(api) -> str:
    return api.demo[CHEN]


def visit_type(api, key: str) -> str:
    """physical | sick | request | telehealth | procedure (seeded)."""
    return api.demo[f"visit_type_{key}"]


def open_slots(api, visit_type_id: str, first: date | None = None, days: int = 14, who: str = "alex") -> list[dict]:
    first = first or clock.today() + timedelta(days=3)
    res = api.get(f"/availability?visit_type_id={visit_type_id}&from={first.isoformat()}&days={days}", as_user=who)
    assert res.status == 200, res
    return [s for d in res.json["dates"] for s in d["slots"]]


def open_starts(api, visit_type_id: str, day: date, provider_id: str, from_hour: int = 0,
                who: str = "alex") -> list[datetime]:
    """A clinician's open starts on `day` from `from_hour`, practice time, earliest first. Other
    tests book random open slots weeks ahead, so a test that needs a time takes one of these."""
    tz = clock.practice_tz()
    starts = [datetime.fromisoformat(s["start"]).astimezone(tz)
              for s in open_slots(api, visit_type_id, first=day, days=1, who=who) if s["provider_id"] == provider_id]
    return sorted(s for s in starts if s.date() == day and s.hour >= from_hour)


def free_slot(api, visit_type_id: str, **kw) -> dict:
    return random.choice(open_slots(api, visit_type_id, **kw))


def two_free_slots(api, visit_type_id: str, **kw) -> tuple[dict, dict]:
    """Two open slots on different days: never the same slot, never overlapping."""
    slots = open_slots(api, visit_type_id, **kw)
    by_day: dict[str, dict] = {}
    for slot in random.sample(slots, k=len(slots)):
        by_day.setdefault(slot["start"][:10], slot)  # UTC day is fine: only "different" matters
    first, second = random.sample(sorted(by_day), 2)
    return by_day[first], by_day[second]


def book(api, who: str, patient: str, slot: dict, visit_type_id: str, reason: str = "Sore knee after running",
         **kw):
    return api.post(f"/patients/{api.demo[patient]}/appointments",
                    {"visit_type_id": visit_type_id, "provider_id": slot["provider_id"], "start": slot["start"],
                     "reason": reason}, as_user=who, **kw)


def emails_to(mailbox, address: str) -> list[dict]:
    return [m for m in mailbox.messages() if m["channel"] == "email" and address in m["to"]]


def raw_email(message_id: str) -> bytes:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    for message in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages:
        if message.id == message_id:
            raw = message.raw_data
            return raw if isinstance(raw, bytes) else raw.encode()
    raise KeyError(message_id)


def ics_of(message_id: str):
    """The parsed .ics attached to a sent email."""
    from email import policy
    from email.parser import BytesParser

    from icalendar import Calendar

    message = BytesParser(policy=policy.default).parsebytes(raw_email(message_id))
    part = next(p for p in message.iter_attachments() if p.get_filename() == "appointment.ics")
    return Calendar.from_ical(part.get_content() if isinstance(part.get_content(), bytes)
                              else part.get_content().encode())


def post_when_all_ready(url: str, token: str, payload: dict, results: list, barrier, headers: dict | None = None) -> None:
    """One thread of a race: POST once every thread is at the barrier; (status, body) to results."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}", "Connection": "close",
        **(headers or {})})
    barrier.wait()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            results.append((response.status, json.loads(response.read())))
    except urllib.error.HTTPError as error:
        results.append((error.code, json.loads(error.read())))
