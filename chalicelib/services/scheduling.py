"""Scheduling setup (admin, front desk): visit types, provider hours, holidays,
blocked time and the booking rules. Read whole by availability in two queries."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from chalicelib.clock import practice_tz
from chalicelib.auth import Caller, require
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.models._base import iso, iso_now
from chalicelib.models.scheduling import BLOCK, CONFIG, SchedulingItem

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Who has hours, visit types and a schedule: every account with the provider role, which
# physicians, nurse practitioners and physician assistants hold (docs/appointments.md).
# The nurse role (RN) works pools and the review queue and has no bookable hours.
CLINICIAN_ROLES = frozenset({"provider"})
MODES = ("book", "request", "view-only")
DEFAULT_RULES = {
    "cancel_cutoff_hours": 24,  # patients change a visit up to this long before it
    "slot_minutes": 10,  # the booking grid: visit lengths are multiples of it
    "min_notice_minutes": 60,  # no online booking closer than this
    "horizon_days": 90,  # nor further ahead than this
}


@dataclass
class Config:
    """The whole "config" partition: visit types, providers, holidays, rules."""

    visit_types: dict[str, dict] = field(default_factory=dict)
    providers: dict[str, dict] = field(default_factory=dict)
    holidays: dict[str, str] = field(default_factory=dict)
    rules: dict = field(default_factory=lambda: dict(DEFAULT_RULES))

    def visit_type(self, visit_type_id: str, field_name: str = "visit_type_id") -> dict:
        found = self.visit_types.get(visit_type_id)
        if not found or not found.get("active", True):
            raise InvalidError("visit_type_id is not a visit type of this practice.", field=field_name)
        return found


def load_config() -> Config:
    """One query: the "config" partition is small (tens of items)."""
    config = Config()
    for item in SchedulingItem.query(CONFIG):
        kind, _, ident = item.key.partition("#")
        data = item.data.as_dict()
        if kind == "visit-type":
            config.visit_types[ident] = data
        elif kind == "provider":
            config.providers[ident] = data
        elif kind == "holiday":
            config.holidays[ident] = data.get("name", "Closed")
        elif item.key == "settings":
            config.rules.update(data)
    return config


def working_hours(clinician: dict) -> dict:
    """The weekly hours patients and staff book in: none while the clinician is away
    (deactivated or no longer a provider: `off`, hours kept for their return)."""
    return {} if clinician.get("off") else clinician.get("weekly", {})


def has_hours(clinician: dict) -> bool:
    return any(working_hours(clinician).values())


def blocks_ending_after(moment: datetime) -> list[dict]:
    """Blocked time that ends after `moment` (one query, past blocks skipped by key)."""
    items = SchedulingItem.query(BLOCK, SchedulingItem.key > compact(moment))
    return [{**item.data.as_dict(), "block_id": item.key} for item in items]


def compact(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


# Visits, blocks and schedules live within this range (dates outside it are typos or probes).
PLAUSIBLE_YEARS = (2000, 2200)


def parse_instant(value: str, field_name: str, tz) -> datetime:
    """ISO date-time; without an offset it is the practice's local time."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        raise InvalidError(f"{field_name} must be a date and time like 2026-03-09T09:00.",
                           field=field_name) from None
    if not PLAUSIBLE_YEARS[0] <= parsed.year <= PLAUSIBLE_YEARS[1]:
        # Year 9999 overflows the zone conversion and every "+ days" after it.
        raise InvalidError(f"{field_name} must be between the years {PLAUSIBLE_YEARS[0]} and "
                           f"{PLAUSIBLE_YEARS[1]}.", field=field_name)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(timezone.utc)


# ---- setup (staff) -------------------------------------------------------


def overview(caller: Caller) -> dict:
    require(caller, "scheduling.setup")
    config = load_config()
    return {
        "visit_types": [{"visit_type_id": k, **v} for k, v in sorted(config.visit_types.items(),
                                                                      key=lambda kv: kv[1]["name"])],
        # Every clinician, with or without hours yet: the setup gives any of them hours.
        "providers": sorted(({"provider_id": k, **v, "weekly": v.get("weekly", {}), "has_hours": has_hours(v)}
                             for k, v in config.providers.items() if not v.get("off")), key=lambda p: p["name"]),
        "holidays": [{"date": d, "name": n} for d, n in sorted(config.holidays.items())],
        "rules": config.rules,
        "timezone": str(practice_tz()),
    }


def public_visit_types() -> dict:
    """What patients choose from (no telehealth links: those show near the visit), with the
    clinicians who have hours (one without hours yet would offer no time at all)."""
    config = load_config()
    items = [{"visit_type_id": k, "name": v["name"], "duration_minutes": v["duration_minutes"],
              "mode": v["mode"], "telehealth": bool(v.get("telehealth") or v.get("telehealth_url")),
              "providers": [{"provider_id": p, "name": config.providers.get(p, {}).get("name", "")}
                            for p in v.get("provider_ids", []) if has_hours(config.providers.get(p, {}))]}
             for k, v in config.visit_types.items() if v.get("active", True)]
    return {"items": sorted((i for i in items if i["providers"]), key=lambda i: i["name"]), "rules": {
        "cancel_cutoff_hours": config.rules["cancel_cutoff_hours"]}}


def save_visit_type(caller: Caller | None, data: dict, visit_type_id: str | None = None) -> dict:
    if caller is not None:
        require(caller, "scheduling.setup")
    config = load_config()
    if visit_type_id and visit_type_id not in config.visit_types:
        raise NotFoundError("Visit type not found.")
    merged = {**config.visit_types.get(visit_type_id or "", {}), **data}
    if merged.get("telehealth_url"):
        from chalicelib.services.visit_prep import check_link

        merged["telehealth_url"] = check_link(merged["telehealth_url"], "telehealth_url")
    for empty in ("telehealth_url", "bring"):  # "" clears it
        if empty in merged and not str(merged[empty]).strip():
            del merged[empty]
    slot = int(config.rules["slot_minutes"])
    if int(merged["duration_minutes"]) % slot:
        raise InvalidError(f"duration_minutes must be a multiple of {slot}.", field="duration_minutes")
    unknown = [p for p in merged.get("provider_ids", []) if p not in config.providers]
    if unknown:
        raise InvalidError("provider_ids must list clinicians of the practice.", field="provider_ids")
    merged.setdefault("active", True)
    visit_type_id = visit_type_id or uuid.uuid4().hex[:12]
    _save(CONFIG, f"visit-type#{visit_type_id}", merged, caller)
    return {"visit_type_id": visit_type_id, **merged}


def register_clinician(user_id: str, name: str) -> None:
    """List a new clinician in the setup (no hours yet) so an admin can give them hours,
    visit types and a schedule; hours already saved are never overwritten, and a clinician
    back from deactivation (or given the provider role again) works them again."""
    from pynamodb.exceptions import PutError

    try:
        SchedulingItem(CONFIG, f"provider#{user_id}", data={"name": name, "weekly": {}}, updated_at=iso_now(),
                       updated_by="system").save(condition=SchedulingItem.key.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        _mark_off(user_id, False)


def retire_clinician(user_id: str) -> None:
    """A deactivated clinician (or one no longer a provider) offers no time: patients cannot
    book them, the grid and the setup leave them out. Their hours are kept for a return."""
    _mark_off(user_id, True)


def _mark_off(user_id: str, off: bool) -> None:
    try:
        item = SchedulingItem.get(CONFIG, f"provider#{user_id}")
    except SchedulingItem.DoesNotExist:
        return
    data = item.data.as_dict()
    if bool(data.get("off")) == off:
        return
    if off:
        data["off"] = True
    else:
        data.pop("off", None)
    SchedulingItem(CONFIG, item.key, data=data, updated_at=iso_now(), updated_by="system").save()


def save_provider_hours(caller: Caller | None, provider_id: str, weekly: dict) -> dict:
    """Weekly hours: {"mon": [{"start": "08:00", "end": "12:00"}, ...], ...} in practice time,
    for any clinician (CLINICIAN_ROLES), with hours already or not."""
    if caller is not None:
        require(caller, "scheduling.setup")
    from chalicelib.models.user import User

    try:
        user = User.get(provider_id)
    except User.DoesNotExist:
        raise NotFoundError("Clinician not found.") from None
    if not CLINICIAN_ROLES & set(user.roles or ()) or user.status != "active":
        raise NotFoundError("Clinician not found.")
    for day, windows in weekly.items():
        spans = sorted((time.fromisoformat(w["start"]), time.fromisoformat(w["end"])) for w in windows)
        for i, (start, end) in enumerate(spans):
            if start >= end or (i and spans[i - 1][1] > start):
                raise InvalidError(f"weekly.{day} has a window that ends before it starts or overlaps another.",
                                   field=f"weekly.{day}")
    kept = load_config().providers.get(provider_id, {})  # the video link stays
    data = {**kept, "name": user.display_name, "weekly": weekly}
    _save(CONFIG, f"provider#{provider_id}", data, caller)
    return {"provider_id": provider_id, **data}


def save_provider_link(caller: Caller | None, provider_id: str, url: str) -> dict:
    """The clinician's video service link (their video visits use it); "" removes it."""
    if caller is not None:
        require(caller, "scheduling.setup")
    from chalicelib.services.visit_prep import check_link

    current = load_config().providers.get(provider_id)
    if current is None:
        raise NotFoundError("Set the clinician's weekly hours first.")
    data = {k: v for k, v in current.items() if k != "telehealth_url"}
    if url.strip():
        data["telehealth_url"] = check_link(url, "telehealth_url")
    _save(CONFIG, f"provider#{provider_id}", data, caller)
    return {"provider_id": provider_id, **data}


def save_holiday(caller: Caller | None, day: str, name: str) -> dict:
    if caller is not None:
        require(caller, "scheduling.setup")
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        raise InvalidError("date must be a date like 2026-12-25.", field="date") from None
    _save(CONFIG, f"holiday#{day}", {"name": name}, caller)
    return {"date": day, "name": name}


def delete_holiday(caller: Caller, day: str) -> dict:
    require(caller, "scheduling.setup")
    SchedulingItem(CONFIG, f"holiday#{day}").delete()
    return {"date": day, "deleted": True}


def update_rules(caller: Caller | None, changes: dict) -> dict:
    if caller is not None:
        require(caller, "scheduling.setup")
    rules = {**load_config().rules, **changes}
    _save(CONFIG, "settings", rules, caller)
    return rules


def add_block(caller: Caller | None, data: dict) -> dict:
    """Vacation or blocked time for one provider (or the whole practice: provider_id "*")."""
    if caller is not None:
        require(caller, "scheduling.setup")
    tz = practice_tz()
    start = parse_instant(data["start"], "start", tz)
    end = parse_instant(data["end"], "end", tz)
    if end <= start:
        raise InvalidError("end must be after start.", field="end")
    provider_id = data.get("provider_id") or "*"
    if provider_id != "*" and provider_id not in load_config().providers:
        raise InvalidError("provider_id is not a clinician of the practice.", field="provider_id")
    block = {"provider_id": provider_id, "start": iso(start), "end": iso(end),
             "label": data.get("label") or "Blocked"}
    key = f"{compact(end)}-{uuid.uuid4().hex[:8]}"
    _save(BLOCK, key, block, caller)
    return {"block_id": key, **block}


def list_blocks(caller: Caller) -> dict:
    require(caller, "scheduling.setup")
    from chalicelib.models._base import utcnow

    return {"items": blocks_ending_after(utcnow())}


def delete_block(caller: Caller, block_id: str) -> dict:
    require(caller, "scheduling.setup")
    from pynamodb.exceptions import DeleteError

    try:
        SchedulingItem(BLOCK, block_id).delete(condition=SchedulingItem.key.exists())
    except DeleteError:
        raise NotFoundError("Blocked time not found.") from None
    return {"block_id": block_id, "deleted": True}


def _save(kind: str, key: str, data: dict, caller: Caller | None) -> None:
    SchedulingItem(kind, key, data=data, updated_at=iso_now(),
                   updated_by=caller.user_id if caller else "system").save()
