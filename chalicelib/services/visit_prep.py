"""Before the visit (issue 17, items 3 and 5): the video link of a video visit, and what to
bring.

The portal does not host video. A video visit's link is the practice's video service
link, set per clinician (scheduling setup), per visit type (scheduling setup, the
fallback) or per visit (staff, on the visit, which wins). It is copied onto the visit
when booked, so a visit keeps the link it was given; staff change one visit's link on
the visit. The link shows to the patient from TELEHEALTH_OPENS before the start.

What to bring is practice text (not PHI): the visit type's (scheduling setup) and, for a
visit at the practice, the location's (practice information). Shown on the visit page
and in the 24-hour reminder email; never the visit reason.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, ForbiddenError, InvalidError
from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment


def check_link(value: str, field: str) -> str:
    """An https URL with a host (the API schema checks the prefix; this the rest)."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or " " in value or parts.username or parts.password:
        raise InvalidError("The video link must be a web address starting with https://.", field=field)
    return value


def is_video(visit_type: dict) -> bool:
    return bool(visit_type.get("telehealth") or visit_type.get("telehealth_url"))


def link_for(config, visit_type: dict, provider_id: str) -> str | None:
    """The link a new video visit gets: the clinician's, else the visit type's."""
    if not is_video(visit_type):
        return None
    return config.providers.get(provider_id, {}).get("telehealth_url") or visit_type.get("telehealth_url")


def set_visit_link(caller: Caller, patient_id: str, appointment_id: str, url: str) -> dict:
    """Staff set (or change) one video visit's link."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.services.appointments import load, to_dict
    from chalicelib.services.scheduling import load_config

    authorize_patient(caller, patient_id, "appointments.status")
    if not caller.is_staff:
        raise ForbiddenError("The practice sets the video link.")
    url = check_link(url, "telehealth_url")
    appt = load(patient_id, appointment_id)
    if not (appt.video or appt.telehealth):
        raise ConflictError("This is not a video visit.", field="telehealth_url", code="not_video")
    if appt.status not in ("booked", "arrived"):
        raise ConflictError("Only a booked visit takes a video link.", code="not_booked")
    now = utcnow()
    try:
        appt.update(actions=[Appointment.telehealth.set(url), Appointment.video.set(True),
                             Appointment.updated_at.set(iso(now))],
                    condition=Appointment.status.is_in("booked", "arrived"))
    except UpdateError:
        raise ConflictError("This visit was changed meanwhile. Reload it and try again.", code="changed") from None
    audit.record(caller, patient_id, "update", "appointment", appointment_id)
    return to_dict(appt, now, load_config().rules["cancel_cutoff_hours"])


def what_to_bring(config, appt: Appointment) -> list[dict]:
    """[{"title", "text"}]: the visit type's note, then the location's (in-person visits)."""
    found = []
    visit_type = config.visit_types.get(appt.visit_type_id, {})
    if visit_type.get("bring"):
        found.append({"title": visit_type.get("name", appt.visit_type_name), "text": visit_type["bring"]})
    if not (appt.video or appt.telehealth):
        location = main_location()
        if location and location.get("bring"):
            found.append({"title": f"At {location.get('name', 'the practice')}", "text": location["bring"]})
    return found


def bring_words(config, appt: Appointment) -> str:
    """What to bring as one paragraph for the reminder email ("" when the practice set none)."""
    return " ".join(item["text"].strip() for item in what_to_bring(config, appt))


def main_location() -> dict | None:
    """The practice's visits happen at its first listed location (practice information)."""
    from chalicelib.services.practice_info import public_sections

    locations = public_sections().get("locations") or []
    return locations[0] if locations else None
