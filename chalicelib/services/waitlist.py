"""The waitlist for earlier slots (issue 17, item 4).

A patient with a booked visit asks to hear of an earlier time of the same visit type
(when booking, or later on the visit page). The `waitlist-offers` job (every 5 minutes)
looks for open slots of each waitlisted visit type earlier than the waiting visits: a
cancellation, a visit moved away, new hours or removed blocked time all show up there,
and so does the time a waitlisted patient's own visit frees when they take an earlier
slot. Each open slot goes to the waitlisted patients in the order they asked.

Offers go to several at once, the first to accept wins (as MyChart's Fast Pass does):
one at a time would leave a slot empty for hours while each offer waits out its expiry.
Up to OFFER_BATCH patients of a visit type (first asked, first offered) hold an open offer
of one slot (a clinician and start: each visit type's patients wait in their own order, so
another type's offers of the same time do not hold them back); it expires after
OFFER_MINUTES (or when online booking's notice for the slot runs out). A patient who says
"No thanks" (decline) or leaves the list (or whose visit is cancelled or moved: the offer is
withdrawn) frees their place at once: the next run (within 5 minutes) offers the slot to the
next in line, as it does when an offer expires. A patient holds one open offer at a time,
and a declined one stays on the list.

Accepting is a reschedule with the booking conditions (booking._move: the new cells
with attribute_not_exists, the old ones freed, the appointment unchanged since read) and
the offer's `status = open` in the same transaction, under an Idempotency-Key: exactly
one of any number of concurrent accepts of a slot wins. The others' offers of that slot
are then marked gone and their patients told. Email and SMS carry no PHI: an earlier
time, its date, time and place, and the deep link (an SMS links the appointments page,
which shows the open offer: the offer's own link would not fit one segment).
"""
from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, NotFoundError
from chalicelib.models._base import iso, utcnow
from chalicelib.models.appointment import Appointment
from chalicelib.models.waitlist import WaitlistEntry, WaitlistOffer
from chalicelib.observability import logger

OFFER_BATCH = 3
OFFER_MINUTES = 120
LOOKAHEAD_DAYS = 28  # the job looks this far ahead for earlier slots
GONE = ConflictError("This earlier time is no longer available: someone else took it first.", code="offer_gone")


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# ---- joining and leaving -----------------------------------------------------------


def set_waiting(caller: Caller | None, patient_id: str, appointment_id: str, join: bool,
                now: datetime | None = None) -> dict:
    """Ask (join) or stop asking for an earlier time for one booked visit."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.services.appointments import load, to_dict
    from chalicelib.services.scheduling import load_config

    if caller is not None:
        authorize_patient(caller, patient_id, "appointments.book")
    appt = load(patient_id, appointment_id)
    now = now or utcnow()
    if join and appt.status != "booked":
        raise ConflictError("Only a booked visit can wait for an earlier time.", code="not_booked")
    if join and not appt.waitlist:
        key = f"{iso(now)}#{appointment_id}"
        WaitlistEntry(appt.visit_type_id, key, patient_id=patient_id, appointment_id=appointment_id,
                      before=appt.start).save()
        try:
            appt.update(actions=[Appointment.waitlist.set(key)], condition=Appointment.waitlist.does_not_exist())
        except UpdateError:  # asked twice at once: keep the first
            WaitlistEntry(appt.visit_type_id, key).delete()
    elif not join and appt.waitlist:
        _leave(appt)
    if caller is not None:
        audit.record(caller, patient_id, "update", "appointment", appointment_id)
    return to_dict(appt, now, load_config().rules["cancel_cutoff_hours"])


def _leave(appt: Appointment) -> None:
    WaitlistEntry(appt.visit_type_id, appt.waitlist).delete()
    appt.update(actions=[Appointment.waitlist.remove()])
    withdraw_offers(appt.patient_id, appt.appointment_id)


def leave_on_change(appt: Appointment) -> None:
    """A waiting visit that is cancelled or moved leaves the list (booking calls this): it no
    longer waits for an earlier time than the one it asked about, and its open offer goes."""
    if appt.waitlist:
        _leave(appt)


def withdraw_offers(patient_id: str, appointment_id: str) -> int:
    """The visit's open offers end ("withdrawn": answered 409 like an expired one), so a visit
    that left the list cannot take a time it was offered while waiting, and the offer's place
    in its slot's batch goes to the next in line on the next run. One Query of the patient's
    partition (a patient holds one open offer at a time); an accept or No thanks that came
    first stands."""
    from pynamodb.exceptions import UpdateError

    withdrawn = 0
    for offer in WaitlistOffer.query(patient_id, filter_condition=(WaitlistOffer.status == "open")
                                     & (WaitlistOffer.appointment_id == appointment_id)):
        try:
            offer.update(actions=[WaitlistOffer.status.set("withdrawn")], condition=WaitlistOffer.status == "open")
        except UpdateError:
            continue
        withdrawn += 1
    return withdrawn


# ---- the job -----------------------------------------------------------------------


def run(now: datetime | None = None) -> dict:
    """Offer open earlier slots to waitlisted patients in the order they asked."""
    from chalicelib.clock import practice_tz
    from chalicelib.services.availability import open_slots, taken_cells
    from chalicelib.services.scheduling import blocks_ending_after, load_config

    now, tz = now or utcnow(), practice_tz()
    config = load_config()
    counts = {"offered": 0, "dropped": 0}
    for visit_type_id, visit_type in config.visit_types.items():
        if not visit_type.get("active", True) or visit_type.get("mode") != "book":
            continue
        waiting = _still_waiting(visit_type_id, counts)
        if not waiting:
            continue
        latest = max(_when(a.start) for _, a in waiting)
        horizon = min(latest, now + timedelta(days=LOOKAHEAD_DAYS))
        providers = list(visit_type.get("provider_ids", []))
        first_day = now.astimezone(tz).date()
        days = (horizon.astimezone(tz).date() - first_day).days + 1
        slots = open_slots(config, visit_type, providers, first_day, days, taken_cells(providers, now, horizon),
                           blocks_ending_after(now), now, tz)
        busy = _patients_with_open_offers(waiting, now)
        for slot in slots:
            counts["offered"] += _offer_slot(slot, visit_type_id, waiting, busy, config, now)
    logger.info("waitlist offers", extra=counts)
    return counts


def _still_waiting(visit_type_id: str, counts: dict) -> list[tuple[WaitlistEntry, Appointment]]:
    """Entries in the order asked whose visit is still booked at the time they asked about."""
    from chalicelib.services.appointments import load

    found = []
    for entry in WaitlistEntry.query(visit_type_id):
        try:
            appt = load(entry.patient_id, entry.appointment_id)
        except NotFoundError:
            appt = None
        if appt is None or appt.status != "booked" or appt.waitlist != entry.asked:
            entry.delete()  # cancelled, moved to an earlier time, or left
            counts["dropped"] += 1
            continue
        found.append((entry, appt))
    return found


def _patients_with_open_offers(waiting, now: datetime) -> set[str]:
    busy = set()
    for _, appt in waiting:
        for offer in WaitlistOffer.query(appt.patient_id, filter_condition=WaitlistOffer.status == "open"):
            if _when(offer.expires_at) > now:
                busy.add(appt.patient_id)
    return busy


def _offer_slot(slot, visit_type_id: str, waiting, busy: set[str], config, now: datetime) -> int:
    slot_key = f"{slot.provider_id}#{iso(slot.start)}"
    earlier = [(e, a) for e, a in waiting if _when(a.start) > slot.start]
    if not earlier:
        return 0
    offered = list(WaitlistOffer.slot_index.query(slot_key))
    # Counted per visit type: another type's offers of this time (the same clinician and
    # start) must not hold back this type's patients, who wait in their own order.
    room = OFFER_BATCH - sum(1 for o in offered if o.status == "open" and o.visit_type_id == visit_type_id
                             and _when(o.expires_at) > now)
    if room <= 0:
        return 0  # this slot's offers are still out
    # Never offered twice to one visit (declined, expired or gone); a "No thanks" makes room.
    already = {o.appointment_id for o in offered}
    chosen = [(e, a) for e, a in earlier if a.appointment_id not in already and a.patient_id not in busy][:room]
    notice = timedelta(minutes=int(config.rules["min_notice_minutes"]))
    expires = min(now + timedelta(minutes=OFFER_MINUTES), slot.start - notice)
    if expires <= now:
        return 0
    for _, appt in chosen:
        offer = WaitlistOffer(appt.patient_id, uuid.uuid4().hex, appointment_id=appt.appointment_id,
                              visit_type_id=visit_type_id, provider_id=slot.provider_id, start=iso(slot.start),
                              end=iso(slot.end), slot_key=slot_key, status="open", expires_at=iso(expires),
                              created_at=iso(now))
        offer.save()
        busy.add(appt.patient_id)
        _tell(offer, "waitlist_offer")
    return len(chosen)


def _tell(offer: WaitlistOffer, template: str) -> None:
    """Date, time and place of the offered slot, and the deep link; never who or why."""
    from chalicelib import clock, notify
    from chalicelib.services.appointment_notices import practice_address
    from chalicelib.services.patients import load

    try:
        values = {"appointment_date": clock.say_date(offer.start), "appointment_time": clock.say_time(offer.start),
                  "appointment_short": clock.say_short(offer.start), "location": practice_address(),
                  "expires": clock.say_time(offer.expires_at),
                  "link": f"/#/appointments/offers/{offer.offer_id}" if template == "waitlist_offer"
                  else "/#/appointments"}
        notify.notify_patient(load(offer.patient_id), template, values)
    except Exception:
        logger.exception("waitlist notice failed", extra={"offer_id": offer.offer_id, "template": template})


# ---- the patient's side ------------------------------------------------------------


def _load_offer(patient_id: str, offer_id: str) -> WaitlistOffer:
    try:
        return WaitlistOffer.get(patient_id, offer_id)
    except WaitlistOffer.DoesNotExist:
        raise NotFoundError("Offer not found.") from None


def _state(offer: WaitlistOffer, now: datetime) -> str:
    if offer.status == "open" and _when(offer.expires_at) <= now:
        return "expired"
    return offer.status


def open_offers(caller: Caller, patient_id: str, now: datetime | None = None) -> dict:
    """The patient's open offers (at most one, see run), for the appointments page: one Query."""
    authorize_patient(caller, patient_id, "appointments.read")
    now = now or utcnow()
    offers = sorted((o for o in WaitlistOffer.query(patient_id, filter_condition=WaitlistOffer.status == "open")
                     if _when(o.expires_at) > now), key=lambda o: o.start)
    items = [_offer_dict(o, now) for o in offers]
    if len(items) > 1:
        audit.record_many(caller, [(patient_id, "read", "appointment", i["appointment_id"]) for i in items])
    else:
        audit.record(caller, patient_id, "read", "appointment", items[0]["appointment_id"] if items else None)
    return {"items": items}


def get_offer(caller: Caller, patient_id: str, offer_id: str, now: datetime | None = None) -> dict:
    authorize_patient(caller, patient_id, "appointments.read")
    offer = _load_offer(patient_id, offer_id)
    audit.record(caller, patient_id, "read", "appointment", offer.appointment_id)
    return _offer_dict(offer, now or utcnow())


def _offer_dict(offer: WaitlistOffer, now: datetime) -> dict:
    from chalicelib.clock import practice_tz
    from chalicelib.services.appointments import load

    tz = practice_tz()
    local = _when(offer.start).astimezone(tz)
    current = load(offer.patient_id, offer.appointment_id)
    was = _when(current.start).astimezone(tz)
    return {"offer_id": offer.offer_id, "patient_id": offer.patient_id, "appointment_id": offer.appointment_id,
            "status": _state(offer, now), "start": offer.start, "end": offer.end, "expires_at": offer.expires_at,
            "date": local.date().isoformat(), "time": local.strftime("%H:%M"), "timezone": str(tz),
            "visit_type_name": current.visit_type_name, "provider_name": current.provider_name,
            "current": {"start": current.start, "date": was.date().isoformat(), "time": was.strftime("%H:%M"),
                        "status": current.status, "waitlist": bool(current.waitlist)}}


def _refusal(state: str) -> ConflictError:
    """Why an offer that is no longer open cannot be taken or declined (409, the error shape)."""
    if state == "expired":
        return ConflictError("This offer has expired. Your visit stays at its time.", code="offer_expired")
    if state == "declined":
        return ConflictError("You said no thanks to this offer. Your visit stays at its time.", code="offer_declined")
    if state == "accepted":
        return ConflictError("This offer was already used.", code="offer_used")
    if state == "withdrawn":
        return ConflictError("This offer is no longer available: the visit no longer waits for an earlier time.",
                             code="offer_withdrawn")
    return GONE


def accept(caller: Caller, patient_id: str, offer_id: str, now: datetime | None = None) -> dict:
    """Take the offered slot: the visit moves there exactly once, the old time is freed."""
    from chalicelib.services import booking
    from chalicelib.services.appointment_notices import tell_patient
    from chalicelib.services.appointments import load, to_dict
    from chalicelib.services.availability import check_open
    from chalicelib.services.scheduling import load_config

    authorize_patient(caller, patient_id, "appointments.book")
    offer = _load_offer(patient_id, offer_id)
    now = now or utcnow()
    state = _state(offer, now)
    if state != "open":
        raise _refusal(state)
    appt = load(patient_id, offer.appointment_id)
    if appt.status != "booked" or _when(appt.start) <= _when(offer.start):
        raise ConflictError("This visit is no longer waiting for an earlier time.", code="not_waiting")
    config = load_config()
    visit_type = config.visit_type(appt.visit_type_id)
    try:  # the same slot conditions as booking (hours, notice, blocks, taken cells)
        slot = check_open(config, visit_type, offer.provider_id, _when(offer.start), now,
                          ignore_appointment=appt.appointment_id)
    except ConflictError:
        raise GONE from None
    entry_key = appt.waitlist

    def take_offer(tx) -> None:
        tx.update(offer, actions=[WaitlistOffer.status.set("accepted")],
                  condition=(WaitlistOffer.status == "open") & (WaitlistOffer.expires_at > iso(now)))

    try:
        booking._move(appt, slot, config, now, also=take_offer)
    except ConflictError:
        raise GONE from None
    audit.record(caller, patient_id, "update", "appointment", appt.appointment_id)
    if entry_key:  # it has its earlier time: off the waitlist
        WaitlistEntry(appt.visit_type_id, entry_key).delete()
        appt.update(actions=[Appointment.waitlist.remove()])
    tell_patient(appt, "appointment_changed", with_calendar=True)
    _tell_the_others(offer)
    return to_dict(appt, now, config.rules["cancel_cutoff_hours"])


def decline(caller: Caller, patient_id: str, offer_id: str, leave: bool = False, now: datetime | None = None) -> dict:
    """"No thanks": the offer ends for this patient (idempotent; a declined offer cannot be
    accepted), the visit stays; the next run offers the slot to the next in line. The
    patient stays on the waitlist for later openings unless `leave`."""
    from pynamodb.exceptions import UpdateError

    authorize_patient(caller, patient_id, "appointments.book")
    offer = _load_offer(patient_id, offer_id)
    now = now or utcnow()
    if _state(offer, now) == "open":
        try:  # an accept or the expiry may come first: then that is the answer
            offer.update(actions=[WaitlistOffer.status.set("declined")],
                         condition=(WaitlistOffer.status == "open") & (WaitlistOffer.expires_at > iso(now)))
        except UpdateError:
            offer.refresh()
    state = _state(offer, now)
    if state != "declined":
        raise _refusal(state)
    audit.record(caller, patient_id, "update", "appointment", offer.appointment_id)
    if leave:
        set_waiting(None, patient_id, offer.appointment_id, False, now)  # audited just above
    return _offer_dict(offer, now)


def _tell_the_others(won: WaitlistOffer) -> None:
    from pynamodb.exceptions import UpdateError

    for other in WaitlistOffer.slot_index.query(won.slot_key):
        if other.offer_id == won.offer_id or other.status != "open":
            continue
        try:
            other.update(actions=[WaitlistOffer.status.set("gone")], condition=WaitlistOffer.status == "open")
        except UpdateError:
            continue
        _tell(other, "waitlist_offer_gone")


def accept_once(caller: Caller, patient_id: str, offer_id: str, key: str | None, lambda_context=None) -> dict:
    """accept() honouring an Idempotency-Key (a retried Accept gets the first answer)."""
    if not key:
        return accept(caller, patient_id, offer_id)
    from chalicelib.idempotency import run_once

    return run_once(_idempotent_accept, caller, {"user": caller.user_id, "patient_id": patient_id, "key": key,
                                                 "body": {"offer_id": offer_id}}, lambda_context,
                    what="offer", doing="This offer is already being accepted")


@functools.cache
def _idempotent_accept():
    from chalicelib.idempotency import runner

    return runner("_idempotent_accept.<locals>.run", "[user, patient_id, key]",
                  lambda caller, request: accept(caller, request["patient_id"], request["body"]["offer_id"]))
