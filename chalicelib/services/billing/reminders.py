"""Reminders for unpaid statements, on the days the practice sets (practice settings
`statement_reminder_days`, days after the statement date; default 14, 30 and 60).

Run daily by a scheduled job. Only statements in the unpaid index are looked at, so a
paid statement gets no more reminders. Each (statement, day) is claimed with a
conditional update before sending, so a second run never sends it twice. Sends go
through notify (the patient's channel preferences; no amount, service or name).
"""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.models.statement import Statement
from chalicelib.observability import logger

PAGE = 100


def run(today: date | None = None) -> dict:
    from chalicelib.services.practice import current_settings

    today = today or clock.today()
    days = set(current_settings().get("statement_reminder_days") or [])
    counts = {"sent": 0, "skipped": 0}
    last_key = None
    while True:
        page = Statement.unpaid_index.query("open", limit=PAGE, last_evaluated_key=last_key)
        for statement in page:
            age = (today - date.fromisoformat(statement.statement_date)).days
            due = [d for d in days if d <= age and d not in (statement.reminded_days or [])]
            if not due:
                continue
            counts["sent" if _send_once(statement, due) else "skipped"] += 1
        last_key = page.last_evaluated_key
        if not last_key:
            break
    logger.info("statement reminders", extra=counts)
    return counts


def _send_once(statement: Statement, due: list[int]) -> bool:
    """Claim the due days together (missed days make one reminder, not a burst), then send."""
    from chalicelib import notify
    from chalicelib.services.patients import load

    claimed = sorted({int(d) for d in statement.reminded_days or []} | set(due))
    condition = Statement.unpaid.exists()
    if statement.reminded_days:
        condition &= ~Statement.reminded_days.contains(max(due))
    try:
        statement.update(actions=[Statement.reminded_days.set(claimed)], condition=condition)
    except UpdateError:
        return False  # paid meanwhile, or another run claimed it
    notify.notify_patient(load(statement.patient_id), "statement_reminder",
                          {"link": f"/#/billing/{statement.statement_id}"})
    return True
