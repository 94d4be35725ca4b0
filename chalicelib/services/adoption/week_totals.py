"""Week totals of the adoption rollup (issue 16): the dashboard reads finished weeks from
one item each instead of every daily counter of them.

A week's item (`period` "week", `key` its Monday) holds the week's counters collapsed onto
the last day of each month the week touches (one entry, or two when a month starts inside
the week): counts and amounts summed, samples joined, levels (the nightly `seen_12m...`
figures) the latest of the days. Every figure of the dashboard sums whole weeks, a month
to date, or takes the latest level or the samples of a week, so it reads the same from
these entries as from the days (tests/test_adoption_dashboard.py, test_adoption_week_totals.py).

A day's counters may still grow for 7 days after it (a result viewed within a week counts
on its release day), so a week is *settled* once its Sunday is more than 7 days past: the
nightly job writes the settled weeks that have no item yet (the first run writes the whole
dashboard window), and rewrites the week of the day it finalizes. `history()` reads settled
weeks from their items, every other day (the current week, the one before, any week the job
has not written) from the daily counters: about two weeks of days at any size.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from chalicelib import clock
from chalicelib.services import adoption

PERIOD = "week"
SETTLE_DAYS = 8  # a day's counters are final this many days after it
LEVELS = "seen_12m"  # the nightly job's standing figures (and per clinician): the latest, not a sum
SAMPLES = "~samples"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def settled(monday: date, today: date) -> bool:
    return monday + timedelta(days=6) <= today - timedelta(days=SETTLE_DAYS)


def collapse(days: dict[str, dict], monday: date) -> dict[str, dict]:
    """The week's days (adoption.history's shape) onto the last day of each month in it."""
    out: dict[str, dict] = {}
    for i in range(7):
        day = monday + timedelta(days=i)
        if day.isoformat() not in days:
            continue
        month_end = min(monday + timedelta(days=6), (day.replace(day=28) + timedelta(days=4)).replace(day=1)
                        - timedelta(days=1))
        entry = out.setdefault(month_end.isoformat(), {})
        for key, value in days[day.isoformat()].items():
            if key.endswith(SAMPLES):
                entry[key] = entry.get(key, []) + list(value)
            elif key.startswith(LEVELS):
                entry[key] = value  # days in order: the latest stays
            else:
                entry[key] = entry.get(key, 0) + value
    return out


def history(start: date, end: date) -> dict[str, dict]:
    """adoption.history(start, end) for the dashboard's figures: settled weeks from their
    items (one Query), the other days from the daily counters (one Query per month)."""
    from chalicelib.models.adoption import AdoptionItem

    first, last = week_start(start), week_start(end)
    days: dict[str, dict] = {}
    covered: set[str] = set()
    last_settled = week_start(end - timedelta(days=SETTLE_DAYS + 6))  # its Sunday 8 days or more before `end`
    if last_settled >= first:
        for item in AdoptionItem.query(PERIOD, AdoptionItem.key.between(first.isoformat(), last_settled.isoformat())):
            covered.add(item.key)
            entries = json.loads(item.data or "{}")
            days.update({day: entry for day, entry in entries.items() if day >= start.isoformat()})
    monday, run_start = first, None
    while monday <= last:  # the days of weeks without an item, a run of weeks at a time
        if monday.isoformat() not in covered and run_start is None:
            run_start = monday
        if run_start is not None and (monday == last or (monday + timedelta(weeks=1)).isoformat() in covered):
            days.update(adoption.history(max(run_start, start), min(monday + timedelta(days=6), end)))
            run_start = None
        monday += timedelta(weeks=1)
    return days


def roll_up(today: date, window_start: date, rewrite: date | None = None) -> list[str]:
    """Write the settled weeks from `window_start` on that have no item yet, and the week
    of `rewrite` (a day finalized again) when it is settled. Returns the Mondays written."""
    from chalicelib.models.adoption import AdoptionItem

    first, last = week_start(window_start), week_start(today)
    written = {item.key for item in AdoptionItem.query(PERIOD, AdoptionItem.key.between(
        first.isoformat(), last.isoformat()), attributes_to_get=["period", "key"])}
    mondays = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    todo = [m for m in mondays if settled(m, today) and (m.isoformat() not in written
                                                         or (rewrite and m == week_start(rewrite)))]
    if not todo:
        return []
    days = adoption.history(todo[0], todo[-1] + timedelta(days=6))
    at = clock.now().isoformat()
    with AdoptionItem.batch_write() as batch:
        for monday in todo:
            batch.save(AdoptionItem(PERIOD, monday.isoformat(), data=json.dumps(collapse(days, monday)), at=at))
    return [m.isoformat() for m in todo]
