"""Scheduling: visit types and open slots (signed-in users), the staff schedule and
request queue, and the setup (admin, front desk) under /scheduling."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.errors import InvalidError
from chalicelib.handlers._http import body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import appointment_requests, appointments, availability, scheduling

bp = Blueprint(__name__)

TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
WINDOWS = {"type": "array", "maxItems": 6, "items": obj({"start": TIME, "end": TIME}, ("start", "end"))}
WEEKLY = obj({day: WINDOWS for day in scheduling.DAYS})
MODE = {"type": "string", "enum": list(scheduling.MODES)}
URL_OR_EMPTY = {"type": "string", "pattern": "^(https://.*)?$", "maxLength": 500}
VIDEO_LINK = obj({"telehealth_url": URL_OR_EMPTY}, ("telehealth_url",))
VISIT_FIELDS = {"name": text(80), "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 480},
                "provider_ids": {"type": "array", "maxItems": 50, "items": text(64)}, "mode": MODE,
                "telehealth_url": URL_OR_EMPTY, "telehealth": {"type": "boolean"},
                "bring": text(1000, min_length=0, title="what to bring (practice text, not PHI)")}
NEW_VISIT_TYPE = obj(VISIT_FIELDS, ("name", "duration_minutes", "provider_ids", "mode"))
EDIT_VISIT_TYPE = obj({**VISIT_FIELDS, "active": {"type": "boolean"}})
HOURS = obj({"weekly": WEEKLY}, ("weekly",))
HOLIDAY = obj({"name": text(80)}, ("name",))
RULES = obj({"cancel_cutoff_hours": {"type": "integer", "minimum": 0, "maximum": 336},
             "min_notice_minutes": {"type": "integer", "minimum": 0, "maximum": 20160},
             "horizon_days": {"type": "integer", "minimum": 1, "maximum": 365}})
BLOCK = obj({"provider_id": text(64), "start": text(40), "end": text(40), "label": text(80)}, ("start", "end"))


def _int(name: str, default: int) -> int:
    raw = query_param(bp, name)
    try:
        return int(raw) if raw else default
    except ValueError:
        raise InvalidError(f"{name} must be a whole number.", field=name) from None


def _date(name: str):
    from datetime import date

    raw = query_param(bp, name)
    try:
        value = date.fromisoformat(raw) if raw else None
    except ValueError:
        raise InvalidError(f"{name} must be a date like 2026-03-09.", field=name) from None
    if value and not scheduling.PLAUSIBLE_YEARS[0] <= value.year <= scheduling.PLAUSIBLE_YEARS[1]:
        raise InvalidError(f"{name} must be between the years {scheduling.PLAUSIBLE_YEARS[0]} and "
                           f"{scheduling.PLAUSIBLE_YEARS[1]}.", field=name)
    return value


@route(bp, "/visit-types", tag="scheduling", summary="Visit types patients can choose, with their providers")
def visit_types():
    caller(bp)
    return scheduling.public_visit_types()


@route(bp, "/availability", tag="scheduling", summary="Open slots for a visit type, grouped by practice date",
       query={"visit_type_id": "required", "from": "YYYY-MM-DD (default today)",
              "days": "1-28, default 7; one answer covers at most 14 (then a cursor)", "provider_id": "optional",
              "cursor": "from the previous answer (the days after it)"})
def open_slots():
    caller(bp)
    visit_type_id = query_param(bp, "visit_type_id")
    if not visit_type_id:
        raise InvalidError("visit_type_id is required.", field="visit_type_id")
    return availability.find(visit_type_id, _date("from"), _int("days", 7), query_param(bp, "provider_id"),
                             cursor=query_param(bp, "cursor"))


@route(bp, "/schedule", tag="scheduling", summary="Day or week schedule for a provider or the practice (staff)",
       query={"date": "YYYY-MM-DD (required)", "days": "1-7, default 1", "provider_id": "optional",
              "limit": "1-100, default 100", "cursor": "from the previous page"})
def schedule():
    limit = parse_limit(query_param(bp, "limit")) if query_param(bp, "limit") else appointments.SCHEDULE_LIMIT
    return appointments.schedule(caller(bp), query_param(bp, "date") or "", _int("days", 1),
                                 query_param(bp, "provider_id"), limit=limit, cursor=query_param(bp, "cursor"))


@route(bp, "/appointment-requests", tag="scheduling", summary="Pending visit requests, oldest first (front desk)",
       query={"limit": "1-100, default 25", "cursor": "from the previous page"})
def request_queue():
    return appointment_requests.queue(caller(bp), parse_limit(query_param(bp, "limit")), query_param(bp, "cursor"))


@route(bp, "/scheduling", tag="scheduling", summary="Scheduling setup: visit types, provider hours, holidays, rules")
def overview():
    return scheduling.overview(caller(bp))


@route(bp, "/scheduling/visit-types", "POST", body=NEW_VISIT_TYPE, tag="scheduling",
       summary="Add a visit type (admin, front desk)")
def add_visit_type():
    return Response(status_code=201, body=scheduling.save_visit_type(caller(bp), body(bp, NEW_VISIT_TYPE)))


@route(bp, "/scheduling/visit-types/{visit_type_id}", "PATCH", body=EDIT_VISIT_TYPE, tag="scheduling",
       summary="Change or retire (active: false) a visit type")
def edit_visit_type(visit_type_id):
    return scheduling.save_visit_type(caller(bp), body(bp, EDIT_VISIT_TYPE), visit_type_id)


@route(bp, "/scheduling/providers/{provider_id}/hours", "PUT", body=HOURS, tag="scheduling",
       summary="A provider's weekly hours in practice time")
def provider_hours(provider_id):
    return scheduling.save_provider_hours(caller(bp), provider_id, body(bp, HOURS)["weekly"])


@route(bp, "/scheduling/providers/{provider_id}/video-link", "PUT", body=VIDEO_LINK, tag="scheduling",
       summary="A clinician's video service link for their video visits (https; empty removes it)")
def provider_video_link(provider_id):
    return scheduling.save_provider_link(caller(bp), provider_id, body(bp, VIDEO_LINK)["telehealth_url"])


@route(bp, "/scheduling/holidays/{day}", "PUT", body=HOLIDAY, tag="scheduling", summary="Close the practice on a date")
def add_holiday(day):
    return scheduling.save_holiday(caller(bp), day, body(bp, HOLIDAY)["name"])


@route(bp, "/scheduling/holidays/{day}", "DELETE", tag="scheduling", summary="Reopen a holiday")
def remove_holiday(day):
    return scheduling.delete_holiday(caller(bp), day)


@route(bp, "/scheduling/rules", "PATCH", body=RULES, tag="scheduling",
       summary="Cancellation cutoff, minimum notice and booking horizon")
def rules():
    return scheduling.update_rules(caller(bp), body(bp, RULES))


@route(bp, "/scheduling/blocks", tag="scheduling", summary="Current and future blocked time")
def blocks():
    return scheduling.list_blocks(caller(bp))


@route(bp, "/scheduling/blocks", "POST", body=BLOCK, tag="scheduling",
       summary="Block time (vacation, meetings) for a provider, or the practice without provider_id")
def add_block():
    return Response(status_code=201, body=scheduling.add_block(caller(bp), body(bp, BLOCK)))


@route(bp, "/scheduling/blocks/{block_id}", "DELETE", tag="scheduling", summary="Remove blocked time")
def remove_block(block_id):
    return scheduling.delete_block(caller(bp), block_id)



@route(bp, "/schedule/grid", tag="scheduling",
       summary="The schedule as a time grid: per clinician and day, cells open, booked, blocked or past, "
               "and requested times; no patient data (staff)",
       query={"date": "YYYY-MM-DD (required)", "days": "1-7, default 1", "provider_id": "optional"})
def schedule_grid():
    from chalicelib.services import schedule_grid as grid

    first = _date("date")
    if first is None:
        raise InvalidError("date is required.", field="date")
    return grid.grid(caller(bp), first, _int("days", 1), query_param(bp, "provider_id"))
