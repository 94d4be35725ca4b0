"""/patients/{id}/health: the health summary (clinicians edit, the patient side reads).

Request bodies are built from the section definitions in services/health_kinds.py,
so each section's fields, types and FHIR status codes are declared once.
"""
from __future__ import annotations

import functools

from chalice import Blueprint

from chalicelib.errors import NotFoundError
from chalicelib.handlers._http import DATE, body, caller, obj, query_param, route, text
from chalicelib.pagination import parse_limit
from chalicelib.services import health
from chalicelib.services.health_kinds import KINDS, Field

bp = Blueprint(__name__)

PAGE = {"limit": "1-100, default 100", "cursor": "from the previous page",
        "include_retired": "true to include retired entries (kept as history)"}
RETIRE = obj({"reason": text(500), "status": text(40)}, ("reason",))


def _field_schema(spec: Field) -> dict:
    words = {"title": spec.title} if spec.title else {}
    if spec.type == "date":
        return {**DATE, **words}
    if spec.type == "int":
        return {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum, **words}
    if spec.type == "code":
        return {"type": "string", "enum": list(spec.values), **words}
    return text(spec.max_length, **words)


def _documented_entry() -> dict:
    """For /openapi.json: every section's fields; each section takes its own (health_kinds.py)."""
    props: dict = {"status": {"type": "string", "description": "a FHIR status code of the section"}}
    for kind in KINDS.values():
        for name, spec in kind.fields.items():
            props.setdefault(name, _field_schema(spec))
    return {**obj(props), "description": "The fields of the section in the path, and its FHIR status code"}


ANY_ENTRY = _documented_entry()


@functools.cache
def entry_schema(kind_name: str, partial: bool) -> dict:
    """New entries need the required fields; a change sends some fields (null clears an optional one)."""
    kind = KINDS[kind_name]
    props = {"status": {"type": "string", "enum": list(kind.statuses), "title": "the status"}}
    for name, spec in kind.fields.items():
        schema = _field_schema(spec)
        props[name] = {"anyOf": [schema, {"type": "null"}]} if partial and not spec.required else schema
    required = () if partial else tuple(n for n, s in kind.fields.items() if s.required)
    return obj(props, required)


def _kind(name: str) -> str:
    if name not in KINDS:
        raise NotFoundError("There is no such section of the health summary.")
    return name


def _include_retired() -> bool:
    return (query_param(bp, "include_retired") or "").lower() in ("1", "true", "yes")


def _limit() -> int:
    raw = query_param(bp, "limit")
    return parse_limit(raw) if raw else 100


@route(bp, "/patients/{patient_id}/health", tag="health", query=PAGE,
       summary="The whole health summary (every section), current entries unless include_retired")
def get_summary(patient_id):
    return health.list_entries(caller(bp), patient_id, None, _include_retired(), _limit(), query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/health/{kind}", tag="health", query=PAGE,
       summary="One section: conditions, medications, allergies, immunizations, procedures, family-history, "
               "social-history")
def get_section(patient_id, kind):
    return health.list_entries(caller(bp), patient_id, _kind(kind), _include_retired(), _limit(),
                               query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}/health/{kind}", "POST", body=ANY_ENTRY, tag="health",
       summary="Add an entry to a section (provider, nurse)")
def add_entry(patient_id, kind):
    from chalice import Response

    data = body(bp, entry_schema(_kind(kind), False))
    return Response(status_code=201, body=health.create_entry(caller(bp), patient_id, kind, data))


@route(bp, "/patients/{patient_id}/health/{kind}/{entry_id}", tag="health",
       summary="One entry with its history of changes")
def get_entry(patient_id, kind, entry_id):
    _check_kind(kind, entry_id)
    return health.get_entry(caller(bp), patient_id, entry_id)


@route(bp, "/patients/{patient_id}/health/{kind}/{entry_id}", "PATCH", body=ANY_ENTRY, tag="health",
       summary="Change an entry (provider, nurse); the previous values stay in its history")
def change_entry(patient_id, kind, entry_id):
    data = body(bp, entry_schema(_kind(kind), True))
    _check_kind(kind, entry_id)
    return health.update_entry(caller(bp), patient_id, entry_id, data)


@route(bp, "/patients/{patient_id}/health/{kind}/{entry_id}/retire", "POST", body=RETIRE, tag="health",
       summary="Retire an entry with a reason (provider, nurse); it stays in the history")
def retire_entry(patient_id, kind, entry_id):
    data = body(bp, RETIRE)
    _check_kind(kind, entry_id)
    return health.retire_entry(caller(bp), patient_id, entry_id, data["reason"], data.get("status"))


def _check_kind(kind: str, entry_id: str) -> None:
    _kind(kind)
    if not entry_id.startswith(f"{KINDS[kind].prefix}-"):
        raise NotFoundError("Health summary entry not found.")

