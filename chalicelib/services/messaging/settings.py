"""Messaging settings: topics (in the patient's words), the pool each routes to, the
roles that work each pool, the response target and the caps. One PracticeSection
("messaging"), cached with the other practice settings; defaults fit a small practice."""
from __future__ import annotations

import copy
import time

from chalicelib.auth import Caller, require
from chalicelib.errors import UnprocessableError
from chalicelib.models._base import iso_now
from chalicelib.models.practice import PracticeSection

SECTION = "messaging"
_cache: dict = {}
_CACHE_SECONDS = 60

DEFAULTS: dict = {
    # limited: a limited proxy (scheduling helper) may write about it
    "topics": [
        {"id": "medical", "label": "Medical question", "plural": "Medical questions", "pool": "nurses"},
        {"id": "medication", "label": "Medication question", "plural": "Medication questions", "pool": "nurses"},
        {"id": "test-result", "label": "Test result question", "plural": "Test result questions",
         "pool": "providers"},
        {"id": "appointment", "label": "Appointment question", "plural": "Appointment questions",
         "pool": "front-desk", "limited": True},
        {"id": "billing", "label": "Billing question", "plural": "Billing questions", "pool": "billing",
         "limited": True},
        {"id": "forms", "label": "Forms and letters", "plural": "Forms and letters", "pool": "front-desk"},
    ],
    "pools": [
        {"id": "nurses", "name": "Nurses", "roles": ["nurse", "provider", "admin"], "lead_email": ""},
        {"id": "providers", "name": "Provider team", "roles": ["provider", "nurse", "admin"], "lead_email": ""},
        {"id": "front-desk", "name": "Front desk", "roles": ["front_desk", "admin"], "lead_email": ""},
        {"id": "billing", "name": "Billing", "roles": ["billing", "admin"], "lead_email": ""},
    ],
    "target_business_hours": 8,  # "answered within one business day"
    "max_open_threads": 5,  # per patient
    "max_messages_per_day": 10,  # per patient, from the patient side
    # Off by default: staff email carries the patient's words only where the practice
    # has a BAA covering its staff mailboxes and TLS is enforced (SES TLS Require).
    "staff_email_includes_text": False,
}


def current() -> dict:
    hit = _cache.get(SECTION)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    data = copy.deepcopy(DEFAULTS)
    try:
        data.update(PracticeSection.get(SECTION).data.as_dict())
    except PracticeSection.DoesNotExist:
        pass
    _cache[SECTION] = (time.monotonic() + _CACHE_SECONDS, data)
    return data


def topics() -> dict[str, dict]:
    return {t["id"]: t for t in current()["topics"]}


def pools() -> dict[str, dict]:
    return {p["id"]: p for p in current()["pools"]}


def topic(topic_id: str) -> dict | None:
    return topics().get(topic_id)


def pools_for(caller: Caller) -> list[str]:
    """The pools a staff member works, in settings order."""
    return [p["id"] for p in current()["pools"] if caller.roles & set(p["roles"])]


def for_admin(caller: Caller) -> dict:
    require(caller, "practice.update")
    return current()


def update(caller: Caller | None, changes: dict) -> dict:
    """Merge `changes` (admin; caller None is the seed). Every topic must route to a known pool."""
    if caller is not None:
        require(caller, "practice.update")
    data = {**current(), **changes}
    known = {p["id"] for p in data["pools"]}
    for index, item in enumerate(data["topics"]):
        if item["pool"] not in known:
            raise UnprocessableError("This topic routes to an unknown pool.", field=f"topics.{index}.pool")
    PracticeSection(SECTION, data=data, updated_at=iso_now(),
                    updated_by=caller.user_id if caller else "system").save()
    _cache.clear()
    return data
