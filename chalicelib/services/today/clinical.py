"""Today for clinicians. A provider: today's visits (a completed one without a summary
links to writing it), summaries still to write from the last two weeks, results to
review, conversations assigned to them, and holds they placed. A nurse: the review
queue (corrections, refills), the pools' messages, and flagged results to call about."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.models.appointment import Appointment
from chalicelib.models.change_request import ChangeRequest
from chalicelib.models.hold import Hold
from chalicelib.models.message_thread import MessageThread
from chalicelib.models.result_report import ResultReport
from chalicelib.services.today.common import Context, card, name_of, one_page, time_words
from chalicelib.services.today.desk import pool_messages

SUMMARY_DAYS = 14  # completed visits this far back still show "summary to write"
SHOWN_THREADS = 5  # the assigned card lists the oldest few; the inbox has them all
SHOWN = {"booked": "Booked", "arrived": "Checked in", "fulfilled": "Completed", "noshow": "No-show"}


def provider_cards(ctx: Context) -> list[dict]:
    return [followups(ctx, mine=True), *visits(ctx), results_to_review(ctx), assigned(ctx), holds(ctx)]


def nurse_cards(ctx: Context) -> list[dict]:
    return [followups(ctx, mine=False), review_queue(ctx), pool_messages(ctx), results_to_call(ctx)]


def followups(ctx: Context, mine: bool) -> dict:
    """Flagged questionnaire answers (PHQ-9 item 9) no clinician has marked followed up,
    oldest first (the sparse follow-up index: one Query page). A nurse sees all of them. A
    provider sees theirs and every one that is not another active provider's: the clinical
    pool's (no owner, or a nurse who sent the questionnaire) and those whose owner's account
    is no longer active (the email went to the pool then), so no follow-up waits unseen."""
    from chalicelib.models.patient_form import PatientForm
    from chalicelib.services.questionnaires.followups import OPEN

    found, more = one_page(PatientForm.followup_index, PatientForm, OPEN)
    if mine:
        others = _active_providers({f.followup_owner for f in found} - {None, ctx.caller.user_id})
        found = [f for f in found if f.followup_owner not in others]
    names = _names({f.patient_id for f in found})
    items = []
    for f in found:
        ctx.see(f.patient_id, "questionnaire-follow-up", f.key.split("#", 1)[1])
        items.append({"text": names.get(f.patient_id, "Patient"), "detail": f"{f.title}, answered {_on(f.at)}",
                      "href": f"#/staff/patients/{f.patient_id}#chart-questionnaires", "badge": "Follow up"})
    return card("followups", "Follow up: questionnaire answers", len(found), "#/staff", more=more,
                items=items, action="Find a patient", empty="No questionnaire answer waits for a follow-up.",
                detail="Thoughts of self-harm reported" if found else None)


def _active_providers(user_ids: set[str]) -> set[str]:
    """Which of these accounts are active providers (one BatchGet, none when no one else owns
    a follow-up on the page)."""
    from chalicelib.models.user import User

    if not user_ids:
        return set()
    return {u.user_id for u in User.batch_get(list(user_ids), attributes_to_get=["user_id", "roles", "status"])
            if u.status == "active" and "provider" in (u.roles or ())}


def summary_link(a: Appointment) -> str:
    return f"#/staff/patients/{a.patient_id}/summaries/new?appointment={a.appointment_id}"


def visits(ctx: Context) -> list[dict]:
    """One Query of the caller's visits from two weeks back to the end of today."""
    first, last = ctx.day_bounds(ctx.today - timedelta(days=SUMMARY_DAYS), ctx.today)
    # the schedule index: only visits on the schedule (SHOWN), never cancelled ones or requests
    found, more = one_page(Appointment.provider_schedule_index, Appointment, ctx.caller.user_id, cap=300,
                           range_key_condition=Appointment.start.between(first, last))
    today = [a for a in found if a.day == ctx.today.isoformat() and a.status in SHOWN]
    to_write = [a for a in found if a.status == "fulfilled" and not a.summary_id]
    items = []
    for a in today:
        ctx.see(a.patient_id, "appointment", a.appointment_id)
        owed = a.status == "fulfilled" and not a.summary_id
        items.append({"text": f"{time_words(a.start)} · {name_of(a)}", "detail": a.visit_type_name,
                      "badge": "Summary to write" if owed else SHOWN[a.status],
                      "href": f"#/staff/patients/{a.patient_id}",
                      "links": [{"label": f"Write the summary for {name_of(a)}", "href": summary_link(a)}] if owed else []})
    owed_items = []
    for a in sorted(to_write, key=lambda v: v.start, reverse=True):
        ctx.see(a.patient_id, "appointment", a.appointment_id)
        owed_items.append({"text": f"{name_of(a)} · {a.visit_type_name}", "detail": f"Seen {_day(a)}",
                           "href": summary_link(a), "badge": "Summary to write"})
    return [
        card("visits", "Your visits today", len(today), f"#/staff/schedule?provider={ctx.caller.user_id}",
             items=items, action="Open your schedule", empty="No visits today.", more=more),
        card("summaries", "Summaries to write", len(to_write), f"#/staff/schedule?provider={ctx.caller.user_id}",
             items=owed_items, action="Open your schedule", more=more,
             empty=f"Every completed visit of the last {SUMMARY_DAYS} days has a summary."),
    ]


def _day(a: Appointment) -> str:
    from chalicelib import clock

    return clock.say_date(a.day, year=False)


def results_to_review(ctx: Context) -> dict:
    """The caller's results inbox (a sparse index: a result leaves it once reviewed)."""
    reports, more = one_page(ResultReport.inbox_index, ResultReport, ctx.caller.user_id)
    critical = sum(1 for r in reports if (r.inbox_sort or "").startswith("0#"))
    return card("results", "Results to review", len(reports), "#/staff/results", more=more,
                action="Open the results inbox", empty="No results wait for your review.",
                detail=f"{critical} critical" if critical else None)


def assigned(ctx: Context) -> dict:
    """Waiting conversations assigned to the caller, oldest first: one Query of the sparse
    assigned-waiting index (it filtered each pool's first 100 waiting conversations, so in
    a busy practice it missed the caller's beyond them). The first few are listed by patient,
    each linking to the conversation."""
    from chalicelib.models._base import iso

    pools = dict(ctx.pools())
    threads, more = one_page(MessageThread.assigned_waiting_index, MessageThread, ctx.caller.user_id)
    threads = [t for t in threads if t.pool in pools]  # a pool they no longer work is not theirs to open
    shown = threads[:SHOWN_THREADS]
    names = _names({t.patient_id for t in shown})
    now, items = iso(ctx.now), []
    for t in shown:
        ctx.see(t.patient_id, "message-thread", t.thread_id)
        items.append({"text": names.get(t.patient_id, "Patient"),
                      "detail": f"{t.ref}, {pools[t.pool]}, waiting since {_on(t.waiting_since)}",
                      "href": f"#/staff/inbox/{t.patient_id}/{t.thread_id}",
                      "badge": "Overdue" if t.due_at and t.due_at < now else None})
    return card("assigned", "Messages assigned to you", len(threads), "#/staff/inbox?assigned=me", more=more,
                items=items, action="Open the inbox", empty="No conversation is assigned to you.")


def holds(ctx: Context) -> dict:
    """Holds the caller placed and has not lifted, any year (the sparse held-by index: no filter
    over the practice's holds, which missed the caller's beyond the year's first page)."""
    held, more = one_page(Hold.held_by_index, Hold, ctx.caller.user_id)
    names = _names({h.patient_id for h in held})
    items = []
    for h in held:
        ctx.see(h.patient_id, "hold", h.resource_id)
        items.append({"text": names.get(h.patient_id, "Patient"), "detail": f"Held {_on(h.held_at)}: {h.reason}",
                      "href": f"#/staff/patients/{h.patient_id}#chart-visits"})
    return card("holds", "Holds to lift", len(held), "#/staff", more=more, items=items,
                action="Find a patient", empty="You hold nothing from a patient.")


def _on(when: str) -> str:
    from chalicelib import clock

    return clock.say_date(when, year=False)


def _names(patient_ids: set[str]) -> dict[str, str]:
    from chalicelib.models.patient import Patient

    if not patient_ids:
        return {}
    return {p.patient_id: f"{p.family_name}, {p.given_name}"
            for p in Patient.batch_get(list(patient_ids), attributes_to_get=["patient_id", "given_name", "family_name"])}


def review_queue(ctx: Context) -> dict:
    from chalicelib.services.change_requests import PENDING

    pending, more = one_page(ChangeRequest.review_queue_index, ChangeRequest, PENDING)
    corrections = sum(1 for r in pending if r.type == "correction")
    refills = sum(1 for r in pending if r.type == "refill")
    return card("review", "Review queue", len(pending), "#/staff/review", more=more,
                items=[{"text": "Corrections", "detail": str(corrections), "href": "#/staff/review"},
                       {"text": "Refill requests", "detail": str(refills), "href": "#/staff/review"}],
                action="Open the review queue", empty="Nothing to review.")


def results_to_call(ctx: Context) -> dict:
    """Critical and abnormal results with no ordering clinician on file: a nurse reviews
    them and calls the patient (the unassigned results inbox, flagged first)."""
    flagged, more = one_page(ResultReport.inbox_index, ResultReport, "unassigned",
                             range_key_condition=ResultReport.inbox_sort < "2")
    return card("call", "Results to call about", len(flagged), "#/staff/results?owner=unassigned", more=more,
                action="Open the unassigned results", empty="No flagged result waits without a clinician.",
                detail="Critical or abnormal, no ordering clinician")
