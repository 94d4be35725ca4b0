"""The nightly job (issue 15): finalize a practice day's figures that are not counted as
they happen, because they need the day's visits:

- visits: the day's visits that took place (booked, arrived, fulfilled; not no-shows);
- visits_active_30d: of those, the ones whose patient signed in to the portal within the
  30 days up to the end of the visit day;
- seen_12m / seen_12m_active: patients with a visit in the 12 months up to the day, and
  of them the ones with an active portal account ("activated" on the dashboard).

It then writes the week totals the dashboard reads (services/adoption/week_totals.py):
every settled week of the dashboard's window without one, and the week of the day it
finalized (a rerun of an old day corrects its week).

Each patient seen keeps one item (period "seen") with their last visit day and whether
they have an account (activation updates it). The values are written with SET, so a
rerun of the same day gives the same figures (exactly-once in effect)."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from chalicelib import clock

logger = logging.getLogger(__name__)

TOOK_PLACE = ("booked", "arrived", "fulfilled")
SEEN = "seen"


def run() -> dict:
    """The scheduled job: finalize yesterday (practice day)."""
    return finalize(clock.today() - timedelta(days=1))


def mark_activated(patient_id: str) -> None:
    """A patient activated their account: their "seen" item says so (one UpdateItem)."""
    from chalicelib.models.adoption import AdoptionItem

    AdoptionItem(SEEN, patient_id).update(actions=[AdoptionItem.value.set(1)])


def finalize(day: date) -> dict:
    from chalicelib.models.adoption import AdoptionItem
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.patient import Patient
    from chalicelib.models.user import User

    visits = [a for a in Appointment.schedule_day_index.query(day.isoformat()) if a.status in TOOK_PLACE]
    patient_ids = sorted({a.patient_id for a in visits})
    patients = {p.patient_id: p for p in Patient.batch_get(patient_ids)} if patient_ids else {}
    user_ids = sorted({p.user_id for p in patients.values() if p.user_id})
    users = {u.user_id: u for u in User.batch_get(user_ids)} if user_ids else {}
    tz = clock.practice_tz()
    day_end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    since = day_end - timedelta(days=31)  # the visit day and the 30 days before it

    def active_before(patient_id: str) -> bool:
        patient = patients.get(patient_id)
        user = users.get(patient.user_id) if patient and patient.user_id else None
        if not user or not user.last_sign_in_at:
            return False
        return since <= datetime.fromisoformat(user.last_sign_in_at.replace("Z", "+00:00")) < day_end

    active_visits = sum(1 for a in visits if active_before(a.patient_id))
    clinician = {a.patient_id: a.provider_id for a in sorted(visits, key=lambda a: a.start)}
    for patient_id in patient_ids:
        has_account = patients.get(patient_id) is not None and patients[patient_id].account_status == "active"
        AdoptionItem(SEEN, patient_id).update(actions=[AdoptionItem.at.set(day.isoformat()),
                                                       AdoptionItem.value.set(1 if has_account else 0),
                                                       AdoptionItem.provider.set(clinician[patient_id])])
    year_ago = (day - timedelta(days=365)).isoformat()
    seen = seen_active = 0
    by_clinician: dict[str, list[int]] = {}
    for item in AdoptionItem.query(SEEN):  # one partition, paginated by PynamoDB; a nightly job
        if item.at and year_ago < item.at <= day.isoformat():
            seen += 1
            seen_active += 1 if item.value else 0
            if item.provider:
                counts = by_clinician.setdefault(item.provider, [0, 0])
                counts[0] += 1
                counts[1] += 1 if item.value else 0
    figures = {"visits": len(visits), "visits_active_30d": active_visits, "seen_12m": seen,
               "seen_12m_active": seen_active}
    for provider_id, (n, active) in by_clinician.items():  # per clinician, for "one thing to look at"
        figures[f"seen_12m.{provider_id}"], figures[f"seen_12m_active.{provider_id}"] = n, active
    month = f"{day:%Y-%m}"
    for name, value in figures.items():
        AdoptionItem(month, f"{day.isoformat()}#{name}", value=value, at=clock.now().isoformat()).save()
    roll_up_weeks(rewrite=day)
    logger.info("adoption day finalized", extra={"day": day.isoformat(), "visits": len(visits)})
    return figures


def roll_up_weeks(rewrite: date | None = None) -> list[str]:
    """The settled weeks of the dashboard's window (and the month before it) without week totals."""
    from chalicelib.services.adoption import week_totals
    from chalicelib.services.adoption.dashboard import window_start

    today = clock.today()
    return week_totals.roll_up(today, window_start(today), rewrite=rewrite)
