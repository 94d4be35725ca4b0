"""The practice's caps on the patient side: open conversations per patient and messages
per day. Atomic counters with a condition, so a burst cannot slip past the cap. The day's
count lives in the throttle table and expires by TTL (one item per patient per day
would otherwise pile up); the open count is a lasting counter."""
from __future__ import annotations

from chalicelib import clock
from chalicelib.errors import TooManyRequestsError, UnprocessableError
from chalicelib.models.counter import Counter
from chalicelib.services.messaging import settings


DAY_PREFIX = "messages-day:"


def _take(name: str, cap: int) -> bool:
    from pynamodb.exceptions import UpdateError

    try:
        if name.startswith(DAY_PREFIX):
            from datetime import timedelta

            from chalicelib.models.throttle import Throttle

            Throttle(name).update(actions=[Throttle.count.add(1),
                                           Throttle.expires.set(clock.now() + timedelta(days=2))],
                                  condition=Throttle.count.does_not_exist() | (Throttle.count < cap))
        else:
            Counter(name).update(actions=[Counter.value.add(1)],
                                 condition=Counter.value.does_not_exist() | (Counter.value < cap))
        return True
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise


def give_back(name: str) -> None:
    if name.startswith(DAY_PREFIX):
        from chalicelib.models.throttle import Throttle

        Throttle(name).update(actions=[Throttle.count.add(-1)])
    else:
        Counter(name).update(actions=[Counter.value.add(-1)])


def open_key(patient_id: str) -> str:
    return f"messages-open:{patient_id}"


def day_key(patient_id: str) -> str:
    return f"{DAY_PREFIX}{patient_id}:{clock.today().isoformat()}"


def take_open(patient_id: str) -> str:
    cap = int(settings.current()["max_open_threads"])
    if not _take(open_key(patient_id), cap):
        raise UnprocessableError(f"You have {cap} open conversations, the most the practice allows. "
                                 "Add to one of them, or wait until one is closed.", code="cap_reached")
    return open_key(patient_id)


def take_day(patient_id: str) -> str:
    cap = int(settings.current()["max_messages_per_day"])
    if not _take(day_key(patient_id), cap):
        raise TooManyRequestsError(f"You have sent {cap} messages today, the most the practice allows "
                                   "in a day. For anything urgent, call the practice.", code="cap_reached")
    return day_key(patient_id)


def closed(patient_id: str) -> None:
    """One fewer open conversation (never below zero: the count may predate the cap)."""
    from pynamodb.exceptions import UpdateError

    try:
        Counter(open_key(patient_id)).update(actions=[Counter.value.add(-1)], condition=Counter.value > 0)
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


def opened(patient_id: str) -> None:
    """A conversation the practice started counts as open too (without the patient's cap)."""
    Counter(open_key(patient_id)).update(actions=[Counter.value.add(1)])
