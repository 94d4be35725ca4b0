"""The adoption dashboard (issue 15): twelve practice weeks of the rollup (no Scan, no
per-patient read): settled weeks from their week totals (one Query, written by the nightly
job), the last two weeks or so from the daily counters (one Query per month; issue 16).

Weeks run Monday to Sunday in practice time; the last of the twelve is the current week
so far. Each figure has a headline (the current week, or the latest value for a level
such as "monthly active") and its twelve weekly points (None where nothing was counted,
for a share with no denominator). Medians and 90th percentiles use the nearest-rank
method over the kept samples (services/adoption/__init__.py)."""
from __future__ import annotations

import math
from datetime import date, timedelta

from chalicelib import clock
from chalicelib.auth import Caller, require
from chalicelib.services.adoption import events as ev
from chalicelib.services.adoption.week_totals import history, week_start

WEEKS = 12


def window_start(today: date) -> date:
    """The first day the dashboard reads: a month before its first week (month to date)."""
    return week_start(today) - timedelta(weeks=WEEKS - 1) - timedelta(days=31)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def _share(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def get(caller: Caller) -> dict:
    from chalicelib.services.messaging import settings

    require(caller, "adoption.read")
    board = build(clock.today())
    names = {key: pool.get("name") or key for key, pool in settings.pools().items()}
    for pool in board["pools"]:
        pool["name"] = names.get(pool["pool"], pool["pool"])
    if "admin" in caller.roles:  # the admin sets who gets the weekly email (issue 15, small wins)
        from chalicelib.services.adoption.weekly import recipients

        board["weekly_email_recipients"] = recipients()
    return board


def build(today: date) -> dict:
    first = week_start(today) - timedelta(weeks=WEEKS - 1)
    days = history(window_start(today), today)  # a month before: month-to-date levels
    weeks = [first + timedelta(weeks=i) for i in range(WEEKS)]

    def total(name: str, start: date, end: date) -> float:
        return sum(days.get((start + timedelta(days=i)).isoformat(), {}).get(name, 0)
                   for i in range((end - start).days + 1))

    def end_of(week: date) -> date:
        return min(week + timedelta(days=6), today)

    def weekly(name: str) -> list[float]:
        return [total(name, w, end_of(w)) for w in weeks]

    def weekly_share(part: str, whole: str | tuple) -> list[float | None]:
        wholes = whole if isinstance(whole, tuple) else (whole,)
        return [_share(total(part, w, end_of(w)), sum(total(x, w, end_of(w)) for x in wholes)) for w in weeks]

    def level(name: str) -> list[float | None]:
        """The latest finalized value (nightly job) up to each week's end."""
        out, value = [], None
        for w in weeks:
            for i in range((end_of(w) - w).days + 1):
                value = days.get((w + timedelta(days=i)).isoformat(), {}).get(name, value)
            out.append(value)
        return out

    def month_to_date(name: str) -> list[float]:
        return [total(name, end_of(w).replace(day=1), end_of(w)) for w in weeks]

    def samples(prefix: str, start: date, end: date) -> dict[str, list[float]]:
        pools: dict[str, list[float]] = {}
        for i in range((end - start).days + 1):
            for key, values in days.get((start + timedelta(days=i)).isoformat(), {}).items():
                if key.startswith(prefix) and key.endswith("~samples"):
                    pools.setdefault(key[len(prefix):-len("~samples")], []).extend(values)
        return pools

    seen, seen_active = level("seen_12m"), level("seen_12m_active")
    activated = [_share(a or 0, s) if s else None for s, a in zip(seen, seen_active)]
    last_end = end_of(weeks[-1])
    fr_weekly = [percentile([v for vs in samples(ev.FIRST_RESPONSE + ".", w, end_of(w)).values() for v in vs], 50)
                 for w in weeks]
    pools = samples(ev.FIRST_RESPONSE + ".", first, last_end)
    amount = weekly(ev.PAID_ONLINE + "_amount")
    figures = [
        _figure("invited", "Patients invited", weekly(ev.INVITED), "count"),
        _figure("activated", "Activated (share of patients seen in the last 12 months)", activated, "percent"),
        _figure("monthly_active", "Monthly active patients (month to date)", month_to_date(ev.MONTHLY_ACTIVE),
                "count"),
        _figure("visits_active", "Visits whose patient used the portal in the 30 days before",
                weekly_share("visits_active_30d", "visits"), "percent"),
        _figure("online_bookings", "Visits booked online", weekly_share(ev.BOOKED_ONLINE,
                                                                         (ev.BOOKED_ONLINE, ev.BOOKED_STAFF)),
                "percent"),
        _figure("messages", "Patient messages", weekly(ev.MESSAGES), "count"),
        _figure("first_response", "Median first response (business hours)", fr_weekly, "duration"),
        _figure("results_viewed", "Results viewed within 7 days of release",
                weekly_share(ev.RESULTS_VIEWED_7D, ev.RESULTS_RELEASED), "percent"),
        _figure("payments", "Statements paid online", weekly(ev.PAID_ONLINE), "count"),
        _figure("payments_amount", "Paid online", amount, "cents"),
        _figure("payments_share", "Statements paid online (share of statements issued)",
                weekly_share(ev.PAID_ONLINE, ev.STATEMENTS), "percent"),
        _figure("calls_deflected", "Calls answered with \u201cit's in the portal\u201d", weekly(ev.CALLS_DEFLECTED),
                "count"),
    ]
    return {
        "today": today.isoformat(),
        "weeks": [w.isoformat() for w in weeks],
        "figures": figures,
        "pools": [{"pool": pool, "count": len(values), "median_seconds": percentile(values, 50),
                   "p90_seconds": percentile(values, 90)} for pool, values in sorted(pools.items())],
    }


LEVELS = {"activated", "monthly_active"}  # a standing value, not this week's flow


def _figure(key: str, label: str, points: list, unit: str) -> dict:
    return {"key": key, "label": label, "unit": unit, "points": points, "value": points[-1],
            "period": "now" if key in LEVELS else "week"}
