"""Demo scheduling (issue 5): Dr. Chen's hours, visit types, holidays, a week of
bookings with open slots between them, and a past visit for Alex. Through the
services, quietly (no confirmation emails for seeded visits)."""
from __future__ import annotations

from chalicelib import clock

from datetime import date, datetime, time, timedelta

TELEHEALTH_URL = "https://telehealth.example/maple-street/dr-chen"
WEEKLY = {day: [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]
          for day in ("mon", "tue", "wed", "thu")}
WEEKLY["fri"] = [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:00"}]
BRING = {"physical": "A list of the medicines and supplements you take, and your glasses or hearing aids if you use them.",
         "telehealth": "Your list of medicines, and a blood pressure reading from this week if you have a cuff at home."}
HOLIDAYS = [((12, 25), "Christmas Day"), ((1, 1), "New Year's Day"), ((7, 4), "Independence Day")]
# (working-day offset from tomorrow, local time, patient key, visit type key)
BOOKINGS = [(0, "09:00", "jordan", "sick"), (0, "14:00", "casey", "physical"),
            (1, "10:30", "sam", "physical"), (1, "15:00", "jordan", "telehealth"),
            (2, "08:30", "casey", "sick"), (3, "14:00", "alex", "physical"),
            (4, "09:30", "sam", "sick"), (4, "11:00", "jordan", "physical")]


def seed_appointments(ids: dict[str, str], chen_user_id: str) -> dict[str, str]:
    from chalicelib.services import booking, scheduling

    scheduling.save_provider_hours(None, chen_user_id, WEEKLY)
    types = {}
    # Dr. Chen's own video room: her video visits use it (issue 17).
    scheduling.save_provider_link(None, chen_user_id, TELEHEALTH_URL)
    for key, name, minutes, mode, video in (
            ("physical", "Annual physical", 30, "book", False),
            ("sick", "Sick visit", 20, "book", False),
            ("request", "New concern — request", 30, "request", False),
            ("telehealth", "Telehealth follow-up", 20, "book", True),
            ("procedure", "Minor procedure", 60, "view-only", False)):
        data = {"name": name, "duration_minutes": minutes, "provider_ids": [chen_user_id], "mode": mode}
        if video:
            data["telehealth"] = True
        if key in BRING:
            data["bring"] = BRING[key]
        types[key] = scheduling.save_visit_type(None, data)["visit_type_id"]
    # The pediatric NP's visit type: bookable once the admin has given her hours.
    types["well_child"] = scheduling.save_visit_type(None, {
        "name": "Well-child visit", "duration_minutes": 30, "mode": "book",
        "provider_ids": [ids["amara.okafor@example.org"]]})["visit_type_id"]
    today = clock.today()  # the practice's day
    for (month, day), name in HOLIDAYS:
        when = date(today.year, month, day)
        scheduling.save_holiday(None, (when if when >= today else when.replace(year=today.year + 1)).isoformat(), name)
    holidays = set(scheduling.load_config().holidays)
    days = _working_days(today + timedelta(days=1), 5, holidays)
    for offset, hhmm, who, kind in BOOKINGS:
        booking.book(None, ids[who], {"visit_type_id": types[kind], "provider_id": chen_user_id,
                                      "start": f"{days[offset].isoformat()}T{hhmm}", "reason": "Demo visit"},
                     quiet=True)
    _past_visit(ids["alex"], types["physical"], chen_user_id, _working_days(today - timedelta(days=21), 1, holidays)[0])
    # Seen this morning (or on the last working day), no summary written yet: Dr. Chen's
    # Today shows it under "Summaries to write" (issue 14).
    _past_visit(ids["priya"], types["sick"], chen_user_id, _last_seen_day(today, holidays), at=time(9, 0),
                reason="Cough for a week")
    video = _video_visit_soon(ids["priya"], types["telehealth"], chen_user_id)
    return {**{f"visit_type_{k}": v for k, v in types.items()}, "priya_video_visit": video, "chen": chen_user_id}


def _video_visit_soon(patient_id: str, visit_type_id: str, provider_id: str) -> str:
    """Priya's video visit starts 25 minutes after the clock's now (whatever the hour: the
    seed writes it as booking does, without the hours check), so `make run` shows her the
    device check and the Join link at once (it opens 30 minutes before)."""
    import uuid

    from chalicelib.models._base import iso, transact_write
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.slot import SlotCell
    from chalicelib.services.availability import Slot
    from chalicelib.services.booking import patient_name
    from chalicelib.services.patients import load as load_patient
    from chalicelib.services.scheduling import load_config

    config = load_config()
    grid = timedelta(minutes=int(config.rules["slot_minutes"]))
    now = clock.now()
    start = datetime.fromtimestamp((now + timedelta(minutes=25)).timestamp() // grid.total_seconds()
                                   * grid.total_seconds(), tz=now.tzinfo)
    start = max(start, now + timedelta(minutes=20))
    slot = Slot(provider_id, start, start + timedelta(minutes=20))
    visit_type = config.visit_types[visit_type_id]
    appt = Appointment(patient_id, uuid.uuid4().hex, status="booked", visit_type_id=visit_type_id,
                       visit_type_name=visit_type["name"], provider_id=provider_id,
                       provider_name=config.providers[provider_id]["name"], start=iso(slot.start), end=iso(slot.end),
                       day=slot.start.astimezone(clock.practice_tz()).date().isoformat(),
                       cells=slot.cells(int(config.rules["slot_minutes"])), reason="Demo visit",
                       telehealth=config.providers[provider_id].get("telehealth_url"), video=True,
                       created_at=iso(now), created_by="system", updated_at=iso(now), booked_at=iso(now),
                       patient_name=patient_name(load_patient(patient_id))).set_list_keys()
    with transact_write() as tx:
        tx.save(appt)
        for cell in appt.cells:
            tx.save(SlotCell.taken(provider_id, cell, appt.appointment_id, patient_id))
    return appt.appointment_id


def _working_days(first: date, count: int, holidays: set[str]) -> list[date]:
    found, day = [], first
    while len(found) < count:
        if day.weekday() < 5 and day.isoformat() not in holidays:
            found.append(day)
        day += timedelta(days=1)
    return found


def _last_seen_day(today: date, holidays: set[str]) -> date:
    """Today if a 9:00 visit is already over, else the working day before."""
    from chalicelib.clock import practice_tz

    over = clock.now() >= datetime.combine(today, time(9, 30), tzinfo=practice_tz())
    if over and today.weekday() < 5 and today.isoformat() not in holidays:
        return today
    day = today - timedelta(days=1)
    while day.weekday() >= 5 or day.isoformat() in holidays:
        day -= timedelta(days=1)
    return day


def _past_visit(patient_id: str, visit_type_id: str, provider_id: str, day: date, at: time = time(10, 0),
                reason: str = "Yearly check-up") -> None:
    """A fulfilled visit in the past: booked "then", then marked fulfilled."""
    from chalicelib.models.appointment import Appointment
    from chalicelib.services import booking
    from chalicelib.clock import practice_tz

    start = datetime.combine(day, at, tzinfo=practice_tz())
    made = booking.book(None, patient_id, {"visit_type_id": visit_type_id, "provider_id": provider_id,
                                           "start": start.isoformat(), "reason": reason},
                        now=start - timedelta(days=7), quiet=True)
    appt = Appointment.get(patient_id, made["appointment_id"])
    appt.status = "fulfilled"
    appt.update(actions=[Appointment.status.set("fulfilled"), *appt.key_actions()])
