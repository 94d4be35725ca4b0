"""Practice information beyond the settings: locations, providers, FAQ, the "how to use
the portal" guide and announcements. One PracticeSection item per section; admins
replace a section's list; GET /practice serves them all with the settings.

Announcements are public only between their start and end dates (inclusive), in
the practice's time zone.
"""
from __future__ import annotations

import time

from chalicelib.auth import Caller, require
from chalicelib.errors import NotFoundError, UnprocessableError
from chalicelib.ids import random_id
from chalicelib.models._base import iso_now
from chalicelib.models.practice import PracticeSection

SECTIONS = ("locations", "providers", "faq", "guide", "announcements")
_cache: dict = {}
_CACHE_SECONDS = 60


def _stored() -> dict[str, list]:
    """Every section's items: one BatchGet, cached for a minute per process. The same
    read refreshes the settings cache, so GET /practice costs at most one call."""
    hit = _cache.get("sections")
    if hit and hit[0] > time.monotonic():
        return hit[1]
    from chalicelib.services import practice

    found = {s.section: s.data.as_dict() for s in PracticeSection.batch_get((practice.SETTINGS, *SECTIONS))}
    deadline = time.monotonic() + _CACHE_SECONDS
    practice._cache[practice.SETTINGS] = (deadline, {**practice.DEFAULTS, **found.get(practice.SETTINGS, {})})
    data = {name: found.get(name, {}).get("items", []) for name in SECTIONS}
    _cache["sections"] = (deadline, data)
    return data


def public_sections(today: str | None = None) -> dict:
    data = dict(_stored())
    today = today or _practice_today()
    data["announcements"] = [a for a in data["announcements"] if a["starts_on"] <= today <= a["ends_on"]]
    return data


def get_section(caller: Caller, section: str) -> dict:
    require(caller, "practice.update")
    _known(section)
    return {"section": section, "items": _stored()[section]}


def replace_section(caller: Caller | None, section: str, items: list[dict]) -> dict:
    """Replace a section's list. caller None is the seed."""
    if caller is not None:
        require(caller, "practice.update")
    _known(section)
    items = [{**item, "id": item.get("id") or random_id()[:12]} for item in items]
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        raise UnprocessableError("Each item needs its own id.", field="items")
    for index, item in enumerate(items):
        if section == "announcements" and item["ends_on"] < item["starts_on"]:
            raise UnprocessableError("ends_on cannot be before starts_on.", field=f"items.{index}.ends_on")
    if section == "providers":
        locations = {loc["id"] for loc in _stored()["locations"]}
        for index, item in enumerate(items):
            if set(item.get("location_ids", [])) - locations:
                raise UnprocessableError("Unknown location id.", field=f"items.{index}.location_ids")
    PracticeSection(section, data={"items": items}, updated_at=iso_now(),
                    updated_by=caller.user_id if caller else "system").save()
    _cache.clear()
    return {"section": section, "items": items}


def _known(section: str) -> None:
    if section not in SECTIONS:
        raise NotFoundError("There is no such section of practice information.")


def _practice_today() -> str:
    from chalicelib import clock

    return clock.today().isoformat()
