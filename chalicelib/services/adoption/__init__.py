"""Adoption rollup (issue 15): counters updated as things happen, read by the dashboard
and the weekly email without a Scan.

`count(event, n=1, day=None)` adds `n` to the practice day's counter in one UpdateItem
ADD (no read first). Other features count their own events through it (for example
"calls_deflected"). `sample()` also keeps the measured value (bounded per day) so medians
and percentiles can be computed; `once()` is a conditional write that is true only the
first time (a patient's firsts, monthly active users, the weekly email).
"""
from __future__ import annotations

import logging
from datetime import date, timedelta

from chalicelib import clock

logger = logging.getLogger(__name__)

MAX_SAMPLES = 400  # per event per day: first responses in a small practice stay far below


def _day(day: date | str | None) -> date:
    if day is None:
        return clock.today()
    return date.fromisoformat(day[:10]) if isinstance(day, str) else day


def _item(event: str, day: date):
    from chalicelib.models.adoption import AdoptionItem

    if "#" in event:
        raise ValueError(f"event names have no '#': {event!r}")
    return AdoptionItem(f"{day:%Y-%m}", f"{day.isoformat()}#{event}")


def count(event: str, n: int | float = 1, day: date | str | None = None, amount: int | None = None) -> None:
    """Add `n` to today's (or `day`'s) counter `event`: one atomic UpdateItem ADD. `amount`
    (e.g. cents paid) is added in the same update; history() reads it as "<event>_amount".

    Never fails the caller's request: a lost count is logged, not raised."""
    from chalicelib.models.adoption import AdoptionItem

    actions = [AdoptionItem.value.add(n)] + ([AdoptionItem.amount.add(amount)] if amount is not None else [])
    try:
        _item(event, _day(day)).update(actions=actions)
    except Exception:  # noqa: BLE001 - a counter never breaks the thing it counts
        logger.exception("adoption count failed", extra={"event": event})


def sample(event: str, value: float, day: date | str | None = None) -> None:
    """Count `event` and keep `value` in the day's bounded sample (MAX_SAMPLES); past the
    bound only the count grows."""
    from pynamodb.exceptions import UpdateError
    from pynamodb.expressions.condition import size

    from chalicelib.models.adoption import AdoptionItem as A

    item = _item(event, _day(day))
    try:
        try:
            item.update(actions=[A.value.add(1), A.samples.set((A.samples | []).append([value]))],
                        condition=A.samples.does_not_exist() | (size(A.samples) < MAX_SAMPLES))
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            item.update(actions=[A.value.add(1)])
    except Exception:  # noqa: BLE001
        logger.exception("adoption sample failed", extra={"event": event})


def once(what: str, subject: str) -> bool:
    """True the first time (`what`, `subject`) is marked; a conditional PutItem."""
    from pynamodb.exceptions import PutError

    from chalicelib.models._base import iso_now
    from chalicelib.models.adoption import AdoptionItem

    item = AdoptionItem("marker", f"{what}#{subject}", at=iso_now())
    try:
        item.save(condition=AdoptionItem.key.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def history(start: date, end: date) -> dict[str, dict]:
    """Every counter from `start` to `end` (practice days, inclusive):
    {"YYYY-MM-DD": {"event": value, "event_amount": amount, "event~samples": [..]}}. One Query per month."""
    from chalicelib.models.adoption import AdoptionItem

    days: dict[str, dict] = {}
    month = start.replace(day=1)
    while month <= end:
        query = AdoptionItem.query(f"{month:%Y-%m}", AdoptionItem.key.between(start.isoformat(),
                                                                              f"{end.isoformat()}#~"))
        for item in query:
            day, event = item.key.split("#", 1)
            entry = days.setdefault(day, {})
            entry[event] = item.value
            if item.amount is not None:
                entry[f"{event}_amount"] = item.amount
            if item.samples:
                entry[f"{event}~samples"] = [float(v) for v in item.samples]
        month = (month + timedelta(days=32)).replace(day=1)
    return days
