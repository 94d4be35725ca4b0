"""What a new or changed result tells people: the patient (PHI-free, with a deep link,
and an item on their home) and, for critical values, the ordering provider at once."""
from __future__ import annotations

from datetime import datetime

from chalicelib.config import get_settings
from chalicelib.observability import logger


def result_url(report_id: str) -> str:
    return f"{get_settings().portal_url}/#/results/{report_id}"


def result_link(report_id: str) -> str:
    """The portal path of one result (notify makes it a deep link; sign-in first)."""
    return f"/#/results/{report_id}"


def tell_patient(patient, report, template: str = "new_result", send: bool = True) -> None:
    from chalicelib import notify
    from chalicelib.services import home

    home.notice(patient.patient_id, "result", report.report_id, on=collected_on(report))
    from chalicelib.services.adoption import events

    events.result_released()
    if send:
        notify.notify_patient(patient, template, {"link": result_link(report.report_id)})


def collected_on(report) -> str | None:
    """The practice day the sample was taken: the home card says "New test result, Nov 28"
    (no test name or value on the home, as for every kind)."""
    from chalicelib import clock

    when = report.collected_at or report.received_at
    return clock.local(datetime.fromisoformat(when.replace("Z", "+00:00"))).date().isoformat() if when else None


def tell_provider_critical(report) -> None:
    """A critical value whose ordering clinician the portal does not know: the practice's
    address gets an email now (a known clinician gets it with a reply address, from
    email_review.send_digest). The result itself is only in the staff console."""
    from chalicelib import notify
    from chalicelib.models.user import User
    from chalicelib.services.practice import current_settings

    email = None
    if report.ordering_user_id:
        try:
            email = User.get(report.ordering_user_id).email
        except User.DoesNotExist:
            email = None
    email = email or current_settings().get("email")
    if not email:
        logger.warning("critical result without anyone to tell", extra={"report_id": report.report_id})
        return
    notify.send("critical_result_staff", email=email, user_id=report.ordering_user_id,
                patient_id=report.patient_id,
                values={"reference": reference(report.report_id), "count": "1", "expires_on": "",
                        "link": "/#/staff/results?owner=unassigned"})


def reference(report_id: str) -> str:
    """A short PHI-free handle people can say on the phone: R-<last 6 of the id>."""
    return f"R-{report_id[-6:].upper()}"
