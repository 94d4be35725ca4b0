"""Today: the staff landing page, per role (GET /staff/today).

Every card is a count (and, where the role works the patients by name, a short list)
read from an index kept up to date as things happen: the day's schedule, the request
queue, the message pools, the invitation queue, the results inbox, the review queue,
holds, unpaid statements, the payment ledger, the denials partition. Each card is one
Query page (`common.one_page`), never a Scan; the patient data shown is audited in one
batch at the end. A caller with two roles gets both sections.
"""
from __future__ import annotations

from chalicelib import audit, clock
from chalicelib.auth import Caller, require
from chalicelib.services.today import clinical, desk, office
from chalicelib.services.today.common import Context

SECTIONS = (
    ("front_desk", "Front desk", desk.cards),
    ("provider", "Clinician", clinical.provider_cards),
    ("nurse", "Nurse", clinical.nurse_cards),
    ("billing", "Billing", office.billing_cards),
    ("admin", "Practice admin", office.admin_cards),
)


def today(caller: Caller) -> dict:
    require(caller, "today.read")
    ctx = Context(caller)
    sections = [{"role": role, "title": title, "cards": build(ctx)}
                for role, title, build in SECTIONS if role in caller.roles]
    audit.record_many(caller, list(dict.fromkeys(ctx.audited)))
    from chalicelib.services.adoption import weekly

    return {"date": ctx.today.isoformat(), "date_words": clock.say_date(ctx.today), "sections": sections,
            "wins": weekly.latest()}  # last week's small wins (issue 15), counts only
