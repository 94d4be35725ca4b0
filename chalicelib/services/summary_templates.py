"""A clinician's own visit-summary templates: text they start a summary from, so the
usual advice for a sprained ankle is not typed again. Each clinician sees, edits and
deletes only their own (the owner is the partition: another's id is simply not found).
Templates hold no patient's data, so they are not audited; a summary made from one is."""
from __future__ import annotations

from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError, NotFoundError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now
from chalicelib.models.summary_template import SummaryTemplate

CONTENT = ("reason", "assessment", "instructions", "follow_up")
MAX_PER_OWNER = 50


def list_templates(caller: Caller) -> dict:
    require(caller, "summary_templates.manage")
    items = sorted((_dict(t) for t in SummaryTemplate.query(caller.user_id, limit=MAX_PER_OWNER)),
                   key=lambda t: t["name"].lower())
    return {"items": items}


def create(caller: Caller, data: dict) -> dict:
    require(caller, "summary_templates.manage")
    _check(data)
    if SummaryTemplate.count(caller.user_id, limit=MAX_PER_OWNER) >= MAX_PER_OWNER:
        raise ConflictError(f"You have {MAX_PER_OWNER} templates; delete one you no longer use first.")
    now = iso_now()
    item = SummaryTemplate(caller.user_id, sortable_id(), name=data["name"].strip(), created_at=now, updated_at=now,
                           **{name: (data.get(name) or "").strip() or None for name in CONTENT})
    item.save(condition=SummaryTemplate.template_id.does_not_exist())
    return _dict(item)


def update(caller: Caller, template_id: str, data: dict) -> dict:
    require(caller, "summary_templates.manage")
    item = _load(caller, template_id)
    merged = {"name": item.name, **{name: getattr(item, name) for name in CONTENT}, **data}
    _check(merged)
    actions = [SummaryTemplate.updated_at.set(iso_now())]
    for name in ("name", *CONTENT):
        if name in data:
            value = (data[name] or "").strip()
            attr = getattr(SummaryTemplate, name)
            actions.append(attr.set(value) if value else attr.remove())
    item.update(actions=actions, condition=SummaryTemplate.template_id.exists())
    return _dict(item)


def delete(caller: Caller, template_id: str) -> dict:
    require(caller, "summary_templates.manage")
    item = _load(caller, template_id)
    item.delete()
    return {"template_id": template_id, "deleted": True}


def _load(caller: Caller, template_id: str) -> SummaryTemplate:
    try:
        if looks_like_id(template_id):
            return SummaryTemplate.get(caller.user_id, template_id)
    except SummaryTemplate.DoesNotExist:
        pass
    raise NotFoundError("Template not found.")


def _check(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise UnprocessableError("Name the template.", field="name")
    if not any((data.get(name) or "").strip() for name in CONTENT):
        raise UnprocessableError("Write at least the reason, assessment or instructions.", field="assessment")


def _dict(item: SummaryTemplate) -> dict:
    return {"template_id": item.template_id, "name": item.name, "updated_at": item.updated_at,
            **{name: getattr(item, name) for name in CONTENT}}
