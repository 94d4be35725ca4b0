"""Practice settings: name, timezone, phone, address, hours. Public read, admin edit.

Every edit by the admin is audited in the `practice-settings` partition (which settings
changed, by whom, when), read with the admin's audit search."""
from __future__ import annotations

import threading
import time

from chalicelib.auth import Caller, require
from chalicelib.models._base import iso_now
from chalicelib.models.practice import PracticeSection

SETTINGS = "settings"
SETTINGS_AUDIT = "practice-settings"  # the audit partition of practice settings changes
_cache: dict = {}
_CACHE_SECONDS = 60
# Within one API request the settings are read at most once: the minute-long cache must
# not expire between two reads of the same request (a second GetItem, and a request that
# saw two versions of the practice's zone). app.py's middleware marks each request.
_request = threading.local()


def begin_request() -> None:
    # extra: other practice-wide items pinned for the request (results/names.py).
    _request.active, _request.pinned, _request.extra = True, None, {}


def end_request() -> None:
    _request.active, _request.pinned, _request.extra = False, None, {}

DEFAULTS = {
    "name": "Your practice",
    "timezone": "America/Chicago",
    "phone": "",
    "email": "",
    "address": {},
    "hours": [],
    "statement_reminder_days": [14, 30, 60],  # issue 13: services/billing/reminders.py
    # What a parent's or guardian's grant gives while the patient is 12 to 17 (issue 9,
    # auth.grant_scope): "limited" (default) or "full".
    "teen_proxy_access": "limited",
    # No portal account for a patient younger than this (issue 9, services/invitations.py):
    # they reach the portal through a parent's or guardian's proxy access.
    "min_account_age": 13,
    # eCheck-in (issue 17) opens this many days before a visit (practice time) and
    # closes this many minutes before it starts.
    "checkin_opens_days": 7,
    "checkin_closes_minutes": 60,
    # Shown to a patient right after a flagged questionnaire answer (PHQ-9 item 9, thoughts
    # of self-harm); empty: the shipped text (services/questionnaires/followups.py).
    "crisis_message": "",
    # Small wins (issue 15): who gets the weekly email (staff addresses; not public).
    "weekly_email_recipients": [],
}


def current_settings() -> dict:
    """Practice settings, cached for a minute per process (read on every notification)."""
    in_request = getattr(_request, "active", False)
    if in_request and _request.pinned is not None:
        return _request.pinned
    hit = _cache.get(SETTINGS)
    if hit and hit[0] > time.monotonic():
        data = hit[1]
    else:
        try:
            data = {**DEFAULTS, **PracticeSection.get(SETTINGS).data.as_dict()}
        except PracticeSection.DoesNotExist:
            data = dict(DEFAULTS)
        _cache[SETTINGS] = (time.monotonic() + _CACHE_SECONDS, data)
    if in_request:
        _request.pinned = data
    return data


def public_settings() -> dict:
    data = current_settings()
    return {k: data.get(k) for k in ("name", "timezone", "phone", "email", "address", "hours",
                                     "statement_reminder_days", "teen_proxy_access", "min_account_age",
                                     "checkin_opens_days", "checkin_closes_minutes", "crisis_message")}


def update_settings(caller: Caller | None, changes: dict) -> dict:
    """Merge `changes` into the settings. caller None is the seed/provisioning path."""
    if caller is not None:
        require(caller, "practice.update")
    _validate_timezone(changes.get("timezone"))
    before = current_settings()
    data = {**before, **changes}
    PracticeSection(
        SETTINGS, data=data, updated_at=iso_now(), updated_by=caller.user_id if caller else "system"
    ).save()
    _cache.pop(SETTINGS, None)
    _request.pinned = None
    changed = sorted(k for k in changes if before.get(k) != changes[k])
    if caller is not None and changed:
        from chalicelib import audit

        # Which settings changed (their names, not their values), by whom, when.
        audit.record(caller, SETTINGS_AUDIT, "update", "practice-settings", ",".join(changed)[:200])
    return public_settings()


def _validate_timezone(name: str | None) -> None:
    if name is None:
        return
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from chalicelib.errors import InvalidError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidError("timezone must be an IANA time zone such as America/Chicago.",
                           field="timezone") from None
