"""Appointments (FHIR Appointment statuses), in the patient's partition.

A request (visit type in `request` mode) is an appointment with status
`proposed`, the patient's preferred time in start/end and `queue` set, which
puts it in the sparse request-queue index until staff approve or decline it.

Lists read by key, not by filter (issue 16): four sparse indexes whose key
attributes exist only while the visit belongs to that list, so a cancelled
visit is outside the "upcoming" and schedule key ranges instead of being read
and dropped. `list_keys()` derives them from status, start, day and provider;
every write that changes those writes `key_actions()` in the same update.
"""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel, sparse_key_actions

ACTIVE = ("proposed", "booked", "arrived")
# What the staff schedule shows: everything but requests and cancelled visits.
ON_SCHEDULE = ("booked", "arrived", "fulfilled", "noshow")


class PatientStartIndex(GlobalSecondaryIndex):
    """A patient's visits in time order: upcoming and past lists."""

    class Meta:
        index_name = "patient-start-index"
        projection = AllProjection()

    patient_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class ProviderCalendarIndex(GlobalSecondaryIndex):
    """Sparse: a provider's visits that are not cancelled (booked time and pending
    requests) for a range of days: the time grid's cells."""

    class Meta:
        index_name = "provider-calendar-index"
        projection = AllProjection()

    calendar_provider = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class ActivePatientIndex(GlobalSecondaryIndex):
    """Sparse: a patient's proposed, booked and arrived visits by start (upcoming, next visit)."""

    class Meta:
        index_name = "active-patient-index"
        projection = AllProjection()

    active_patient = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class ScheduleDayIndex(GlobalSecondaryIndex):
    """Sparse: the practice's schedule of one local day, by start then provider."""

    class Meta:
        index_name = "schedule-day-index"
        projection = AllProjection()

    schedule_day = UnicodeAttribute(hash_key=True)
    schedule_slot = UnicodeAttribute(range_key=True)  # "<start>#<provider id>"


class ProviderScheduleIndex(GlobalSecondaryIndex):
    """Sparse: one provider's schedule for a range of days."""

    class Meta:
        index_name = "provider-schedule-index"
        projection = AllProjection()

    schedule_provider = UnicodeAttribute(hash_key=True)
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
    telehealth = UnicodeAttribute(null=True)  # the video link (clinician's, visit type's or this visit's)
    video = BooleanAttribute(null=True)  # a video visit, even before the practice has set its link
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
    # Denormalized at booking ("Family, Given") so the schedule reads no Patient items.
    patient_name = UnicodeAttribute(null=True)
    # Sparse index keys (list_keys): present only while the visit is in that list.
    active_patient = UnicodeAttribute(null=True)
    schedule_day = UnicodeAttribute(null=True)
    schedule_slot = UnicodeAttribute(null=True)
    schedule_provider = UnicodeAttribute(null=True)
    calendar_provider = UnicodeAttribute(null=True)
    checked_in_at = UnicodeAttribute(null=True)  # eCheck-in finished (issue 17): "Checked in online"
    reminded_video_at = UnicodeAttribute(null=True)  # the 15-minute "join" reminder of a video visit
    waitlist = UnicodeAttribute(null=True)  # the WaitlistEntry range key while asking for an earlier time

    patient_start_index = PatientStartIndex()
    provider_calendar_index = ProviderCalendarIndex()
    active_patient_index = ActivePatientIndex()
    schedule_day_index = ScheduleDayIndex()
    provider_schedule_index = ProviderScheduleIndex()
    day_index = DayIndex()
    queue_index = QueueIndex()
    appointment_id_index = AppointmentIdIndex()

    def list_keys(self) -> dict[str, str | None]:
        """The sparse index keys for the visit's current status, start, day and provider."""
        active, scheduled = self.status in ACTIVE, self.status in ON_SCHEDULE
        return {
            "active_patient": self.patient_id if active else None,
            "schedule_day": self.day if scheduled else None,
            "schedule_slot": f"{self.start}#{self.provider_id}" if scheduled else None,
            "schedule_provider": self.provider_id if scheduled else None,
            "calendar_provider": self.provider_id if self.status != "cancelled" else None,
        }

    def set_list_keys(self) -> "Appointment":
        """Set the keys on this instance (before a save)."""
        self.key_actions()
        return self

    def key_actions(self) -> list:
        """Update actions writing the keys for this instance's (new) status/start/day/provider."""
        return sparse_key_actions(self, self.list_keys())
