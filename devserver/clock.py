"""Dev and test only: run the whole process (app, moto, jobs) on a moved clock.

time-machine patches the process's clock (datetime, date, time.time) everywhere, so the
app, the embedded AWS and the scheduled jobs agree on "now"; the clock keeps ticking from
the chosen instant. Production never imports this.
"""
from __future__ import annotations

from datetime import datetime

_traveller = None


def parse_instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"give the instant with its offset, e.g. 2026-12-01T21:00-06:00 (got {value!r})")
    return moment


def start_at(value: str | datetime) -> datetime:
    """Move this process's clock to `value` and let it run on from there."""
    global _traveller
    import time_machine

    moment = parse_instant(value) if isinstance(value, str) else value
    if _traveller is not None:
        _traveller.stop()
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()
    return moment
