"""What the Today cards share: the caller's day, one-page index reads, the card shape."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from chalicelib import clock
from chalicelib.auth import Caller
from chalicelib.models._base import iso

CAP = 100  # a card counts up to this many ("100+"); the linked page lists them all


class Context:
    """One request's caller, clock and the patient data shown (audited once, at the end)."""

    def __init__(self, caller: Caller):
        self.caller = caller
        self.now = clock.now()
        self.today = clock.today()
        self.audited: list[tuple[str, str, str, str | None]] = []
        self._pools = None

    def day_bounds(self, first_day, last_day) -> tuple[str, str]:
        """UTC ISO bounds of practice days first..last (inclusive)."""
        tz = clock.practice_tz()
        start = datetime.combine(first_day, time.min, tz)
        end = datetime.combine(last_day + timedelta(days=1), time.min, tz)
        return iso(start), iso(end)

    def pools(self) -> list[tuple[str, str]]:
        """(pool id, name) of the message pools the caller works."""
        if self._pools is None:
            from chalicelib.services.messaging import settings

            every = settings.pools()
            self._pools = [(p, every[p]["name"]) for p in settings.pools_for(self.caller)]
        return self._pools

    def see(self, patient_id: str, resource: str, resource_id: str | None = None) -> None:
        self.audited.append((patient_id, "read", resource, resource_id))


def one_page(index, model, hash_key, *, cap: int = CAP, **kw) -> tuple[list, bool]:
    """Exactly one Query call: up to `cap` items evaluated (a filter may keep fewer) and
    whether more lie beyond. PynamoDB's iterator would read on until `cap` items passed a
    filter; a card never needs that."""
    result = index.query(hash_key, limit=cap, page_size=cap, **kw)
    try:
        page = next(result.page_iter)
    except StopIteration:
        return [], False
    return [model.from_raw_data(raw) for raw in page.get("Items", [])], bool(result.page_iter.last_evaluated_key)


def card(key: str, title: str, count: int, href: str, *, more: bool = False, items: list | None = None,
         empty: str = "Nothing waiting.", action: str = "Open", detail: str | None = None) -> dict:
    """One Today card: a count, where to do the work, and optionally a short list.
    An item: {"text", "detail"?, "href"?, "badge"?, "links"?: [{"label", "href"}]}."""
    return {"key": key, "title": title, "count": count, "more": more, "href": href, "action": action,
            "items": items or [], "empty": empty, "detail": detail}


def time_words(start: str) -> str:
    return clock.say_time(start, zone=False)


def name_of(appointment) -> str:
    return appointment.patient_name or "Patient"
