"""Visit summaries as Encounter + DocumentReference (the summary text inside, as
text/plain). Held summaries and drafts are not in the export until they are
released or published. An amended summary exports its current version and every
earlier one (DocumentReference status "superseded", replaced by the current one)."""
from __future__ import annotations

import base64

from chalicelib import clock
from chalicelib.fhir import Context, Item, compact, reference
from chalicelib.services.health_kinds import plain

SECTION = "Visit summaries"
TYPE = {"coding": [{"system": "http://loinc.org", "code": "34133-9", "display": "Summary of episode note"}],
        "text": "After-visit summary"}
LABELS = (("reason", "Reason for visit"), ("assessment", "Assessment"), ("instructions", "Instructions"),
          ("follow_up", "Follow-up"))


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.visit_summary import VisitSummary

    items = []
    held = ctx.extras.setdefault("held_visit_summaries", set())
    for summary in VisitSummary.query(ctx.patient.patient_id):
        if summary.status != "available":
            held.add(summary.summary_id)  # documents.py leaves out what is attached to it
            continue
        text = summary_text(summary)
        encounter = compact({
            "resourceType": "Encounter", "id": summary.summary_id, "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                      "display": "ambulatory"},
            "subject": ctx.patient_ref, "period": {"start": summary.visit_date},
            "reasonCode": [{"text": summary.reason}] if summary.reason else None,
            "participant": [{"individual": {"display": summary.provider_name}}],
        })
        document = compact({
            "resourceType": "DocumentReference", "id": f"{summary.summary_id}-summary", "status": "current",
            "docStatus": "final", "type": TYPE, "subject": ctx.patient_ref, "date": summary.created_at,
            "author": [{"display": summary.author_name}], "description": "After-visit summary",
            "content": [{"attachment": {
                "contentType": "text/plain; charset=utf-8", "title": f"Visit summary {summary.visit_date}",
                "data": base64.b64encode(text.encode()).decode(), "creation": summary.created_at}}],
            "context": {"encounter": [reference("Encounter", summary.summary_id)],
                        "period": {"start": summary.visit_date}},
        })
        items.append(Item(encounter, None))
        items.append(Item(document, SECTION, text))
        for number, version in enumerate(summary.versions or [], start=1):
            items.append(Item(_earlier(ctx, summary, number, plain(version)), None))
    return items


def _earlier(ctx: Context, summary, number: int, version: dict) -> dict:
    text = version_text(version)
    return compact({
        "resourceType": "DocumentReference", "id": f"{summary.summary_id}-summary-v{number}",
        "status": "superseded", "docStatus": "final", "type": TYPE, "subject": ctx.patient_ref,
        "date": version.get("published_at"), "author": [{"display": version.get("author_name")}],
        "description": f"After-visit summary, version {number} (replaced {clock.say_date(version['replaced_at'], weekday=False)}: "
                       f"{version.get('replaced_because', '')})",
        "relatesTo": [{"code": "replaces", "target": reference("DocumentReference", f"{summary.summary_id}-summary")}],
        "content": [{"attachment": {
            "contentType": "text/plain; charset=utf-8", "title": f"Visit summary {summary.visit_date}, version {number}",
            "data": base64.b64encode(text.encode()).decode(), "creation": version.get("published_at")}}],
        "context": {"encounter": [reference("Encounter", summary.summary_id)]},
    })


def summary_text(summary) -> str:
    """The current version, then (in the readable copy) each earlier one, newest first."""
    lines = [f"Visit on {clock.say_date(summary.visit_date)} with {summary.provider_name}"]
    lines += [f"{label}: {getattr(summary, name)}" for name, label in LABELS if getattr(summary, name)]
    if summary.amended_at:
        lines.append(f"Amended on {clock.say_date(summary.amended_at)} by {summary.amended_by_name}: "
                     f"{summary.amend_reason}")
    for number, version in reversed(list(enumerate(summary.versions or [], start=1))):
        lines += ["", f"Earlier version {number}, replaced on {clock.say_date(plain(version)['replaced_at'])}:",
                  version_text(plain(version))]
    return "\n".join(lines)


def version_text(version: dict) -> str:
    lines = [f"Visit on {clock.say_date(version['visit_date'])} with {version.get('provider_name')}"]
    lines += [f"{label}: {version[name]}" for name, label in LABELS if version.get(name)]
    return "\n".join(lines)
