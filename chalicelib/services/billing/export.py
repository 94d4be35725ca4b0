"""The reconciliation file for the billing system: every payment, refund and dispute
recorded since a date, with the provider's ids (one Query per month on the recorded index)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from chalicelib import audit, clock
from chalicelib.auth import Caller, require
from chalicelib.errors import InvalidError
from chalicelib.models._base import iso
from chalicelib.models.ledger import LedgerEntry

MAX_MONTHS = 13
MAX_ROWS = 10_000
COLUMNS = ("recorded_date", "recorded_at_utc", "kind", "amount", "statement_number", "mrn", "method", "channel",
           "payment_intent", "provider_ref", "event_id")


def reconciliation_csv(caller: Caller, since: str | None) -> tuple[str, str]:
    """(file name, CSV text). Amounts as the practice sees them: + received, - paid back."""
    require(caller, "payments.export")
    start = _since(since)
    # The practice's day starts at its midnight; entries are stamped in UTC.
    first = iso(datetime.combine(start, time.min, tzinfo=clock.practice_tz()))
    rows = []
    for month in _months(date.fromisoformat(first[:10]), clock.now().date()):
        for entry in LedgerEntry.recorded_index.query(month, LedgerEntry.recorded_at >= first, limit=MAX_ROWS):
            rows.append(entry)
    rows.sort(key=lambda e: e.recorded_at)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in rows[:MAX_ROWS]:
        cents = -int(e.amount_cents)
        local = clock.local(datetime.fromisoformat(e.recorded_at.replace("Z", "+00:00")))
        writer.writerow([local.date().isoformat(), e.recorded_at, e.kind,
                         f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}",
                         e.statement_number, e.mrn, e.method or "", e.channel or "", e.payment_intent, e.provider_ref,
                         e.event_id])
    audit.record_many(caller, sorted({(e.patient_id, "export", "payment", e.statement_id) for e in rows}))
    return f"payments-since-{start.isoformat()}.csv", out.getvalue()


def _since(value: str | None) -> date:
    try:
        start = date.fromisoformat(value or "")
    except ValueError:
        raise InvalidError("since must be a date like 2026-11-01.", field="since") from None
    today = clock.today()
    if start > today:
        raise InvalidError("since cannot be in the future.", field="since")
    if (today.year - start.year) * 12 + today.month - start.month >= MAX_MONTHS:
        raise InvalidError(f"since can be at most {MAX_MONTHS - 1} months ago.", field="since")
    return start


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
