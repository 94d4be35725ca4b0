"""The patient home: what needs the patient's attention, in a few DynamoDB calls.

Two extension points, so a feature adds a line rather than a query per feature:

1. Attention items (preferred). When something new happens for a patient, call
   `notice(patient_id, "<kind>", resource_id)`; when the patient has seen it,
   `clear(patient_id, "<kind>", resource_id)`. Add the kind to ATTENTION_KINDS
   with the permission that reads it (a caller who lacks it, e.g. a limited
   proxy, does not see the item) and a PHI-free label. The home reads every
   item of every feature with one Query.
2. Sections, for live values that are not "something new" (next appointment,
   balance due): add `"name": "module:function"` to SECTIONS. The function gets
   (caller, patient_id), checks its own permission with auth.may(), returns a
   small JSON value or None, and makes at most one GetItem/Query.

docs/developing.md ("The patient home") says the same for new features.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient, may
from chalicelib.errors import NotFoundError
from chalicelib.models._base import iso_now
from chalicelib.models.attention import AttentionItem


@dataclass(frozen=True)
class AttentionKind:
    permission: str
    label: str  # shown on the home; no PHI


ATTENTION_KINDS: dict[str, AttentionKind] = {
    "visit-summary": AttentionKind("visit_summaries.read", "New visit summary"),
    "request-decided": AttentionKind("health.read", "Your request has an answer"),
    "document-shared": AttentionKind("documents.read", "New document from the practice"),
    "statement": AttentionKind("billing.read", "New statement"),  # issue 13
    "result": AttentionKind("results.read", "New test result"),  # issue 12
    # issue 11: appointment and billing conversations reach every proxy, the others full proxies only
    "message": AttentionKind("messages.read", "New message from the care team"),
    "message-care": AttentionKind("messages.clinical", "New message from the care team"),
    # issue 9: a request for access to the patient's record waits for their answer (only
    # the patient sees it: proxies do not answer for them)
    "proxy-request": AttentionKind("proxy.consent", "Someone asked for access to your record"),
    "questionnaire": AttentionKind("questionnaires.answer", "A questionnaire from your care team"),  # issue 17
}

SECTIONS: dict[str, str] = {
    "next_appointment": "chalicelib.services.appointments:next_for_home",  # issue 5
    "balance_due": "chalicelib.services.billing.statements:balance_for_home",  # issue 13
}

MAX_ITEMS = 100


def notice(patient_id: str, kind: str, resource_id: str, title: str | None = None, on: str | None = None) -> None:
    """Something new for the patient. Idempotent: one item per (kind, resource). `title`
    says what it is on the home ("Visit summary from Dr. Wei Chen"), `on` the day it is
    about (ISO date); without them the home shows the kind's label."""
    if kind not in ATTENTION_KINDS:
        raise ValueError(f"unknown attention kind {kind}")
    AttentionItem(patient_id, f"{kind}:{resource_id}", kind=kind, resource_id=resource_id,
                  created_at=iso_now(), title=title, on=on).save()


def clear(patient_id: str, kind: str, resource_ids: str | list[str]) -> None:
    """The patient has seen these (no error if they were never noticed)."""
    ids = [resource_ids] if isinstance(resource_ids, str) else list(resource_ids)
    if not ids:
        return
    with AttentionItem.batch_write() as batch:
        for resource_id in ids:
            batch.delete(AttentionItem(patient_id, f"{kind}:{resource_id}"))


def home(caller: Caller, patient_id: str) -> dict:
    authorize_patient(caller, patient_id, "home.read")
    items = [i for i in AttentionItem.query(patient_id, limit=MAX_ITEMS)
             if i.kind in ATTENTION_KINDS and may(caller, patient_id, ATTENTION_KINDS[i.kind].permission)]
    items.sort(key=lambda i: i.created_at, reverse=True)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    sections = {name: _resolve(path)(caller, patient_id) for name, path in SECTIONS.items()}
    audit.record(caller, patient_id, "read", "home")
    return {
        "patient_id": patient_id,
        "attention": [{"id": i.item_key, "kind": i.kind, "resource_id": i.resource_id,
                       "label": i.title or ATTENTION_KINDS[i.kind].label, "on": i.on,
                       "created_at": i.created_at} for i in items],
        "counts": counts,
        "sections": sections,
    }


def dismiss(caller: Caller, patient_id: str, item_id: str) -> dict:
    """The patient waves an item away without opening it."""
    authorize_patient(caller, patient_id, "home.read")
    kind, _, resource_id = item_id.partition(":")
    if kind not in ATTENTION_KINDS or not resource_id or not may(caller, patient_id, ATTENTION_KINDS[kind].permission):
        raise NotFoundError("Item not found.")
    AttentionItem(patient_id, item_id).delete()
    audit.record(caller, patient_id, "update", "home", item_id)
    return {"id": item_id, "dismissed": True}


def _resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
