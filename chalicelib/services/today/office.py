"""Today for billing (unpaid statements by age, payments today) and the practice admin
(setup checklist, portal health). Counts and sums only: no patient is named here."""
from __future__ import annotations

from datetime import date

from chalicelib.models.ledger import LedgerEntry
from chalicelib.models.statement import Statement
from chalicelib.services.today.common import CAP, Context, card, one_page

AGES = ((0, 30, "0–30 days"), (31, 60, "31–60 days"), (61, 90, "61–90 days"), (91, None, "Over 90 days"))


def money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def billing_cards(ctx: Context) -> list[dict]:
    return [unpaid(ctx), payments_today(ctx)]


def unpaid(ctx: Context) -> dict:
    """Open statements by the age of their statement date (the sparse unpaid index)."""
    statements, more = one_page(Statement.unpaid_index, Statement, "open", cap=1000)
    items = []
    for low, high, words in AGES:
        found = [s for s in statements
                 if low <= (ctx.today - date.fromisoformat(s.statement_date)).days <= (high if high is not None else 10**6)]
        items.append({"text": words, "detail": f"{len(found)} · {money(sum(int(s.balance_cents) for s in found))}",
                      "href": "#/staff/billing"})
    total = sum(int(s.balance_cents) for s in statements)
    return card("unpaid", "Unpaid statements", len(statements), "#/staff/billing", more=more, items=items,
                action="Open billing", empty="No statement is unpaid.", detail=f"{money(total)} owed")


def payments_today(ctx: Context) -> dict:
    """Payments recorded since the practice's day began (the ledger's month index; a day
    that straddles two UTC months reads both)."""
    first, last = ctx.day_bounds(ctx.today, ctx.today)
    entries = []
    for month in dict.fromkeys((first[:7], last[:7])):
        page, _ = one_page(LedgerEntry.recorded_index, LedgerEntry, month, cap=1000,
                           range_key_condition=LedgerEntry.recorded_at.between(first, last))
        entries += page
    paid = [e for e in entries if e.kind == "payment"]
    total = -sum(int(e.amount_cents) for e in paid)
    return card("payments", "Payments today", len(paid), "#/staff/billing", action="Open billing",
                empty="No payment yet today.", detail=f"{money(total)} received" if paid else None)


def admin_cards(ctx: Context) -> list[dict]:
    return [setup(ctx), health(ctx)]


def setup(ctx: Context) -> dict:
    """What a new practice sets up before patients use the portal, done or not."""
    from chalicelib.services.practice import current_settings
    from chalicelib.services.scheduling import has_hours, load_config

    settings, config = current_settings(), load_config()
    providers = config.providers.values()
    bookable = [t for t in config.visit_types.values() if t.get("active", True)
                and any(has_hours(config.providers.get(p, {})) for p in t.get("provider_ids", []))]
    checks = [
        ("Practice phone, email and address", bool(settings.get("phone") and settings.get("email")
                                                   and settings.get("address")), "#/staff/practice"),
        ("Opening hours shown to patients", bool(settings.get("hours")), "#/staff/practice"),
        ("Every clinician has hours", bool(providers) and all(has_hours(p) for p in providers),
         "#/staff/scheduling?tab=hours"),
        ("Visit types patients can book", bool(bookable), "#/staff/scheduling"),
        # rollout (issue 15)
        ("Staff invited, each with two-step sign-in", _staff_ready(), "#/staff/team"),
        ("First patients invited", _first_invited(), "#/staff/import"),
        ("Weekly email recipients", bool(settings.get("weekly_email_recipients")), "#/staff/adoption"),
    ]
    items = [{"text": words, "badge": "Done" if done else "To do", "href": href} for words, done, href in checks]
    todo = sum(1 for _, done, _ in checks if not done)
    return card("setup", "Setup checklist", todo, "#/staff/scheduling", items=items, action="Open the setup",
                empty="", detail="Everything is set up." if not todo else f"{todo} to do")


def _staff_ready() -> bool:
    """More than the admin on the team, and every active account with two-step sign-in (one Query)."""
    from chalicelib.models.user import User

    staff, _ = one_page(User.staff_index, User, "staff", cap=200)
    active = [u for u in staff if u.status == "active"]
    return len(staff) > 1 and all(u.mfa_enabled == "true" for u in active)


def _first_invited() -> bool:
    """The marker the first invitation writes (services/invitations.py), one GetItem."""
    from chalicelib.models.adoption import AdoptionItem

    try:
        AdoptionItem.get("marker", FIRST_INVITATION)
    except AdoptionItem.DoesNotExist:
        return False
    return True


FIRST_INVITATION = "setup#first-invitation"


def health(ctx: Context) -> dict:
    """Signs that something needs the admin: refused requests today (probing shows here),
    lab results no one could match to a patient, overdue conversations in any pool."""
    from chalicelib.audit import denials_on
    from chalicelib.models._base import iso
    from chalicelib.models.lab_message import LabMessage
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.pagination import count_up_to
    from chalicelib.services.messaging import settings

    denials, more_denials = denials_on(ctx.today.isoformat())
    unmatched, more_unmatched = one_page(LabMessage.match_queue_index, LabMessage, "open")
    overdue, more_overdue = 0, False
    for pool in settings.pools():  # the due index: overdue is a key range, read exactly (no filter of a page)
        late, more = count_up_to(MessageThread.due_index, pool, CAP,
                                 range_key_condition=MessageThread.due_at < iso(ctx.now))
        overdue, more_overdue = overdue + late, more_overdue or more
    plus = lambda n, more: f"{n}{'+' if more else ''}"  # noqa: E731
    items = [
        {"text": "Refused requests today", "detail": plus(denials, more_denials), "href": "#/staff/audit",
         "badge": "Look" if denials else "OK"},
        {"text": "Lab results not matched to a patient", "detail": plus(len(unmatched), more_unmatched),
         "href": "#/staff/results-match", "badge": "Look" if unmatched else "OK"},
        {"text": "Overdue conversations", "detail": plus(overdue, more_overdue), "href": "#/staff/messaging",
         "badge": "Look" if overdue else "OK"},
    ]
    problems = sum(1 for i in items if i["badge"] == "Look")
    return card("health", "Portal health", problems, "#/staff/audit", items=items, action="Open the audit",
                empty="", detail="All clear." if not problems else f"{problems} to look at")
