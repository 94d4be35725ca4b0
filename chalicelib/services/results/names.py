"""The practice's own plain-language test names, by code (LOINC or the lab's local code).

They override the built-in starting set (plain_names.PLAIN_NAMES); removing an override
falls back to it. Stored as one PracticeSection item ("result_names"), read with one
GetItem at most per request and cached for a minute per process, like the settings.
Each override keeps who set it and when (the practice settings' own audit fields)."""
from __future__ import annotations

import time

from chalicelib.auth import Caller, require
from chalicelib.models._base import iso_now
from chalicelib.models.practice import PracticeSection
from chalicelib.services import practice
from chalicelib.services.results.plain_names import PLAIN_NAMES

SECTION = "result_names"
_cache: dict = {}
_CACHE_SECONDS = 60


def _stored() -> dict[str, dict]:
    """{code: {"name", "updated_by", "updated_at"}}: pinned for the request, cached a minute."""
    pinned = getattr(practice._request, "extra", None) if getattr(practice._request, "active", False) else None
    if pinned is not None and SECTION in pinned:
        return pinned[SECTION]
    hit = _cache.get(SECTION)
    if hit and hit[0] > time.monotonic():
        data = hit[1]
    else:
        try:
            data = PracticeSection.get(SECTION).data.as_dict().get("names", {})
        except PracticeSection.DoesNotExist:
            data = {}
        _cache[SECTION] = (time.monotonic() + _CACHE_SECONDS, data)
    if pinned is not None:
        pinned[SECTION] = data
    return data


def overrides() -> dict[str, str]:
    return {code: entry["name"] for code, entry in _stored().items()}


def list_names(caller: Caller) -> dict:
    require(caller, "results.names")
    stored = _stored()
    return {
        "overrides": [{"code": code, "name": e["name"], "default": PLAIN_NAMES.get(code),
                       "updated_by": e.get("updated_by"), "updated_at": e.get("updated_at")}
                      for code, e in sorted(stored.items())],
        "defaults": [{"code": code, "name": name, "overridden": code in stored}
                     for code, name in sorted(PLAIN_NAMES.items())],
    }


def set_name(caller: Caller, code: str, name: str | None) -> dict:
    """Set (name) or remove (name None) the practice's plain name for a code. The body's
    schema has checked both; the name is stripped so "  A1c " is stored as "A1c"."""
    require(caller, "results.names")
    names = dict(_stored())
    if name is None:
        if code not in names:  # already the default: a retried removal changes nothing
            return list_names(caller)
        names.pop(code)
    else:
        names[code] = {"name": name.strip(), "updated_by": caller.user_id, "updated_at": iso_now()}
    PracticeSection(SECTION, data={"names": names}, updated_at=iso_now(), updated_by=caller.user_id).save()
    _cache.pop(SECTION, None)
    if getattr(practice._request, "active", False):
        practice._request.extra.pop(SECTION, None)
    return list_names(caller)
