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


def start_at(value: str | datetime, said_at: float | None = None) -> datetime:
    """Move this process's clock to `value` and let it run on from there.

    `said_at` (real epoch seconds) is when another process read `value` from its own moved
    clock: the seconds this process took to start are added, so both clocks agree to the
    millisecond (a TOTP code computed by the test matches the stack's 30-second window).
    """
    global _traveller
    from datetime import timedelta

    import time_machine

    moment = parse_instant(value) if isinstance(value, str) else value
    if said_at is not None:
        moment += timedelta(seconds=max(0.0, real_epoch() - said_at))
    if _traveller is not None:
        _traveller.stop()
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()
    return moment


def real_epoch() -> float:
    """The machine's real time, even while travelling."""
    import time

    try:
        from time_machine import escape_hatch
    except ImportError:  # not installed: nothing can have moved the clock
        return time.time()
    return escape_hatch.time.time() if escape_hatch.is_travelling() else time.time()
