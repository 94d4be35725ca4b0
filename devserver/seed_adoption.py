"""Demo adoption history (issue 15): twelve plausible weeks of the rollup before the seed's
day, so the dashboard and the weekly email have something to say in `make run`. Counts
only, written as the counters and the nightly job would have (no patient behind them),
with the week totals the job keeps for settled weeks."""
from __future__ import annotations

import random
from datetime import timedelta


def seed_adoption() -> None:
    from chalicelib import clock
    from chalicelib.services import adoption

    rng = random.Random(15)  # the same history on every seed
    today = clock.today()
    seen = 420
    active_seen = 150
    for back in range(84, 0, -1):
        day = today - timedelta(days=back)
        growth = 1 + (84 - back) / 84  # the portal catches on over the weeks
        weekday = day.weekday() < 5
        count = lambda name, n: n and adoption.count(name, n, day=day)  # noqa: E731
        count("invited", rng.randint(2, 8) if weekday else 0)
        count("activated", rng.randint(1, 5) if weekday else 0)
        count("monthly_active", rng.randint(2, 9) if day.day < 20 else rng.randint(0, 3))
        visits = rng.randint(18, 30) if weekday else 0
        count("visits", visits)
        count("visits_active_30d", int(visits * min(0.8, 0.3 * growth + rng.random() * 0.1)))
        online = int(rng.randint(2, 6) * growth) if weekday else rng.randint(0, 2)
        count("booked_online", online)
        count("booked_staff", rng.randint(8, 14) if weekday else 0)
        count("messages", int(rng.randint(3, 9) * growth))
        if weekday:
            for _ in range(rng.randint(1, 4)):
                adoption.sample("first_response.nurses", rng.randint(15, 420) * 60, day=day)
            for _ in range(rng.randint(0, 2)):
                adoption.sample("first_response.front-desk", rng.randint(10, 240) * 60, day=day)
            released = rng.randint(3, 9)
            count("results_released", released)
            count("results_viewed_7d", int(released * min(0.9, 0.45 * growth)))
            count("statements_issued", rng.randint(3, 8))
            paid = rng.randint(0, 3)
            if paid:
                adoption.count("paid_online", paid, day=day, amount=paid * rng.randint(2500, 18000))
            count("calls_deflected", rng.randint(0, 4))
            seen += rng.randint(0, 3)
            active_seen += rng.randint(0, 3)
            count("seen_12m", seen)
            count("seen_12m_active", active_seen)
    from chalicelib.services.adoption.nightly import roll_up_weeks

    roll_up_weeks()  # the settled weeks' totals, as the nightly job keeps them (issue 16)
