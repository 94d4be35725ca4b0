"""Small wins (issue 15): the weekly email to the practice's staff, and the same wins on
the staff Today page.

The week is Monday to Sunday in practice time: the rollup is keyed by practice day, so a
week with a DST change is still its seven days. The job runs hourly; from Monday 07:00
practice time it sends the week that ended on Sunday, once: a conditional marker per week
(`weekly-email#<monday>`) makes every later run, and a second instance, a no-op. The
summary is kept (`period` "weekly", `key` the Monday) for the Today page to read in one
Query. Counts, durations and pool names only: never a patient's name or anything about them.
"""
from __future__ import annotations

import json
import logging
from datetime import date, time, timedelta

from chalicelib import clock
from chalicelib.services import adoption
from chalicelib.services.adoption import events as ev
from chalicelib.services.adoption.dashboard import percentile, week_start

logger = logging.getLogger(__name__)

SEND_AT = time(7, 0)  # Monday morning, practice time
MILESTONES = {  # counter -> (thresholds, words)
    ev.ACTIVATED: ((1, 100, 500, 1000, 5000), "{n:,} patients have activated their portal account"),
    ev.BOOKED_ONLINE: ((1, 100, 1000, 10000), "{n:,} visits booked online"),
    ev.RESULTS_VIEWED_7D: ((100, 1000, 10000), "{n:,} results viewed within a week of release"),
    ev.PAID_ONLINE: ((1, 100, 1000, 10000), "{n:,} statements paid online"),
}
FIRSTS = {ev.PAID_ONLINE: "the first statement paid online", ev.BOOKED_ONLINE: "the first visit booked online",
          ev.ACTIVATED: "the first patient to activate their portal account"}


def say_duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} m"
    return f"{minutes // 60} h {minutes % 60} m" if minutes % 60 else f"{minutes // 60} h"


def _n(n: float, one: str, many: str) -> str:
    return f"{int(n):,} {one if int(n) == 1 else many}"


def _more(n: float, before: float) -> str:
    diff = int(n - before)
    if diff > 0:
        return f"{diff:,} more than last week"
    if diff < 0:
        return f"{-diff:,} fewer than last week"
    return "the same as last week"


def summary(monday: date, since: date | None = None) -> dict:
    """What the week starting `monday` brought, compared with the week before.
    `since`: how far back milestones are counted (default: a year of history)."""
    sunday = monday + timedelta(days=6)
    since = since or monday - timedelta(days=365)
    days = adoption.history(since, sunday)

    def total(name: str, start: date, end: date) -> float:
        return sum(v.get(name, 0) for d, v in days.items() if start.isoformat() <= d <= end.isoformat())

    def samples(start: date, end: date) -> dict[str, list[float]]:
        pools: dict[str, list[float]] = {}
        for d, v in days.items():
            if start.isoformat() <= d <= end.isoformat():
                for key, values in v.items():
                    if key.startswith(ev.FIRST_RESPONSE + ".") and key.endswith("~samples"):
                        pools.setdefault(key[len(ev.FIRST_RESPONSE) + 1:-len("~samples")], []).extend(values)
        return pools

    last_monday, last_sunday = monday - timedelta(days=7), monday - timedelta(days=1)
    wins = []
    online, before = total(ev.BOOKED_ONLINE, monday, sunday), total(ev.BOOKED_ONLINE, last_monday, last_sunday)
    if online:
        wins.append(f"{_n(online, 'visit', 'visits')} booked online, {_more(online, before)}.")
    activated = total(ev.ACTIVATED, monday, sunday)
    if activated:
        wins.append(f"{_n(activated, 'patient', 'patients')} activated their portal account, "
                    f"{_more(activated, total(ev.ACTIVATED, last_monday, last_sunday))}.")
    pools = samples(monday, sunday)
    answered = [v for values in pools.values() for v in values]
    if answered:
        wins.append(f"{_n(len(answered), 'conversation', 'conversations')} answered, in a median of "
                    f"{say_duration(percentile(answered, 50))} (business hours).")
    released, viewed = total(ev.RESULTS_RELEASED, monday, sunday), total(ev.RESULTS_VIEWED_7D, monday, sunday)
    if viewed:
        wins.append(f"{int(viewed):,} of {_n(released, 'result', 'results')} released in the week already viewed "
                    "by the patient.")
    paid = total(ev.PAID_ONLINE, monday, sunday)
    if paid:
        amount = total(ev.PAID_ONLINE + "_amount", monday, sunday)
        wins.append(f"{_n(paid, 'statement', 'statements')} paid online (${amount / 100:,.2f}), "
                    f"{_more(paid, total(ev.PAID_ONLINE, last_monday, last_sunday))}.")
    deflected = total(ev.CALLS_DEFLECTED, monday, sunday)
    if deflected:
        wins.append(f"{_n(deflected, 'caller', 'callers')} pointed to what was already in their portal.")
    milestones = []
    for name, (thresholds, words) in MILESTONES.items():
        upto, until_last = total(name, since, sunday), total(name, since, last_sunday)
        crossed = [t for t in thresholds if until_last < t <= upto]
        if crossed:
            top = crossed[-1]
            milestones.append(FIRSTS[name] if top == 1 and name in FIRSTS else words.format(n=top))
    return {"week": monday.isoformat(), "week_words": _week_words(monday), "wins": wins,
            "milestones": milestones,
            "look_at": _look_at(pools) or _low_activation(days, monday.isoformat(), sunday.isoformat())}


def _look_at(pools: dict[str, list[float]]) -> str | None:
    """The pool whose median first response was furthest over the practice's target."""
    from chalicelib.services.messaging import settings

    target = float(settings.current()["target_business_hours"]) * 3600
    names = {key: p.get("name") or key for key, p in settings.pools().items()}
    slow = sorted(((percentile(v, 50), pool) for pool, v in pools.items() if percentile(v, 50) > target),
                  reverse=True)
    if not slow:
        return None
    median, pool = slow[0]
    return (f"the {names.get(pool, pool)} pool answered in a median of {say_duration(median)}, over the "
            f"{say_duration(target)} target.")


MIN_SEEN, GAP = 10, 15  # a clinician with at least 10 patients seen, 15 points under the practice


def _low_activation(days: dict, start: str, end: str) -> str | None:
    """The clinician whose patients (seen in 12 months) have activated least, when well under
    the practice as a whole: the nightly job's latest figures in the week."""
    latest: dict = {}
    for day in sorted(d for d in days if start <= d <= end):
        latest.update({k: v for k, v in days[day].items() if k.startswith("seen_12m")})
    if not latest.get("seen_12m"):
        return None
    overall = 100 * latest.get("seen_12m_active", 0) / latest["seen_12m"]
    shares = sorted((100 * latest.get(f"seen_12m_active.{key[9:]}", 0) / n, key[9:], n)
                    for key, n in latest.items() if key.startswith("seen_12m.") and n >= MIN_SEEN)
    if not shares or shares[0][0] > overall - GAP:
        return None
    share, provider_id, n = shares[0]
    from chalicelib.services.scheduling import load_config

    name = (load_config().providers.get(provider_id) or {}).get("name") or "one clinician"
    return (f"{share:.0f}% of {name}'s patients seen in the last 12 months ({int(n)}) have activated their "
            f"portal account, against {overall:.0f}% across the practice.")


def _week_words(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return f"{clock.say_date(monday, weekday=False, year=False)} to {clock.say_date(sunday, weekday=False)}"


def open_problems() -> str | None:
    """Open problem reports (issue 15 item 4, services/problems.py): a line when any are open."""
    from chalicelib.services import problems

    n = problems.open_count()
    return f"{n} problem report{'s are' if n != 1 else ' is'} open: see Problem reports in the staff console." if n \
        else None


def recipients() -> list[str]:
    from chalicelib.services.practice import current_settings

    return [e for e in current_settings().get("weekly_email_recipients") or [] if e]


def run() -> dict | None:
    """The hourly job: from Monday 07:00 practice time, last week's email, once."""
    now = clock.local()
    monday = week_start(now.date())
    if now.date() == monday and now.time() < SEND_AT:
        return None
    return send_week(monday - timedelta(days=7))


def send_week(monday: date) -> dict | None:
    from chalicelib import notify
    from chalicelib.models.adoption import AdoptionItem

    to = recipients()
    if not to:
        return None  # nobody to tell yet: the week is sent once recipients are set
    if not adoption.once("weekly-email", monday.isoformat()):
        return None
    week = summary(monday)
    AdoptionItem("weekly", monday.isoformat(), data=json.dumps(week), at=clock.now().isoformat()).save()
    values = email_values(week)
    for email in to:
        notify.send("weekly_wins", email=email, values=values, list_unsubscribe=False)
    logger.info("weekly wins sent", extra={"week": monday.isoformat(), "recipients": len(to)})
    return week


def email_values(week: dict) -> dict:
    wins = week["wins"] or ["A quiet week in the portal."]
    return {"week": week["week_words"], "wins": "\n".join(f"- {w}" for w in wins),
            "milestones": "; ".join(week["milestones"]) + "." if week["milestones"] else "",
            "look_at": week["look_at"] or "", "problems": open_problems() or "", "link": "/#/staff/adoption"}


def latest() -> dict | None:
    """The last week's wins, for the Today page: one Query."""
    from chalicelib.models.adoption import AdoptionItem

    for item in AdoptionItem.query("weekly", scan_index_forward=False, limit=1):
        return json.loads(item.data) if item.data else None
    return None



