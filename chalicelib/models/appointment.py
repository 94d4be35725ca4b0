"""Appointments (FHIR Appointment statuses), in the patient's partition.

A request (visit type in `request` mode) is an appointment with status
`proposed`, the patient's preferred time in start/end and `queue` set, which
puts it in the sparse request-queue index until staff approve or decline it.
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel

ACTIVE = ("proposed", "booked", "arrived")


class PatientStartIndex(GlobalSecondaryIndex):
    """A patient's visits in time order: upcoming and past lists."""

    class Meta:
        index_name = "patient-start-index"
        projection = AllProjection()

    patient_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class ProviderStartIndex(GlobalSecondaryIndex):
    """A provider's schedule for a range of days."""

    class Meta:
        index_name = "provider-start-index"
        projection = AllProjection()

    provider_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class DayIndex(GlobalSecondaryIndex):
    """The practice's day (local date): day schedule and the reminder job."""

    class Meta:
        index_name = "day-index"
        projection = AllProjection()

    day = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class QueueIndex(GlobalSecondaryIndex):
    """Sparse: only pending requests carry `queue`."""

    class Meta:
        index_name = "queue-index"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AppointmentIdIndex(GlobalSecondaryIndex):
    """appointment id -> patient id, for the email workflow (its token carries only the id)."""

    class Meta:
        index_name = "appointment-id-index"
        projection = KeysOnlyProjection()

    appointment_id = UnicodeAttribute(hash_key=True)


class Appointment(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("appointments")

    patient_id = UnicodeAttribute(hash_key=True)
    appointment_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()  # proposed | booked | arrived | fulfilled | cancelled | noshow
    visit_type_id = UnicodeAttribute()
    visit_type_name = UnicodeAttribute()
    provider_id = UnicodeAttribute()
    provider_name = UnicodeAttribute()
    start = UnicodeAttribute()  # UTC iso(); for a request, the preferred time
    end = UnicodeAttribute()
    day = UnicodeAttribute()  # practice-local date of start
    cells = ListAttribute(of=UnicodeAttribute, default=list)  # SlotCell starts held (booked only)
    reason = UnicodeAttribute(null=True)  # PHI: never in a notification or a log
    telehealth = UnicodeAttribute(null=True)  # the visit link, shown from 15 minutes before
    queue = UnicodeAttribute(null=True)  # "requests" while proposed
    decline_reason = UnicodeAttribute(null=True)
    cancelled_by = UnicodeAttribute(null=True)  # patient | practice
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    booked_at = UnicodeAttribute(null=True)
    reminded_email_at = UnicodeAttribute(null=True)
    reminded_sms_at = UnicodeAttribute(null=True)
    summary_id = UnicodeAttribute(null=True)  # the visit summary written for it (draft or published)

    patient_start_index = PatientStartIndex()
    provider_start_index = ProviderStartIndex()
    day_index = DayIndex()
    queue_index = QueueIndex()
    appointment_id_index = AppointmentIdIndex()
