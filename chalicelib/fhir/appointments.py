"""Appointments as FHIR Appointment resources (statuses are FHIR's already).
One Query of the patient's partition: requests, visits and cancellations alike."""
from __future__ import annotations

from chalicelib import clock
from chalicelib.fhir import Context, Item, compact

SECTION = "Appointments"


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.appointment import Appointment

    items = []
    for appt in sorted(Appointment.query(ctx.patient.patient_id), key=lambda a: a.start):
        resource = compact({
            "resourceType": "Appointment", "id": appt.appointment_id, "status": appt.status,
            "serviceType": [{"text": appt.visit_type_name}],
            "reasonCode": [{"text": appt.reason}] if appt.reason else None,
            "start": appt.start, "end": appt.end, "created": appt.created_at,
            "cancelationReason": {"text": appt.decline_reason} if appt.decline_reason else None,
            "participant": [{"actor": ctx.patient_ref, "status": "accepted"},
                            {"actor": {"display": appt.provider_name}, "status": "accepted"}],
        })
        line = f"{clock.say_when(appt.start)}, {appt.visit_type_name} with {appt.provider_name} ({appt.status})"
        items.append(Item(resource, SECTION, line))
    return items
