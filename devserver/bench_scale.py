"""`make bench-scale`: every routine route costs the same at 1x, 10x and 100x history.

Seeds the demo practice into the embedded stack (in-process moto, as the tests), then
grows it twice and measures each route at each size: DynamoDB calls, items read
(what DynamoDB examined, filtered-out items included: devserver/meter.py) and the app's
CPU time (this thread: handler, authorizer and botocore; not the embedded AWS).

What a size means (docs/performance.md): 1x is the demo seed. Each further unit of
history adds, written straight to the tables as the services would write it:
- to Alex's record: 5 cancelled upcoming visits, 5 completed past visits, 5 retired
  medications and 10 documents only clinical staff see (one of them removed);
- to the practice: 5 cancelled visits and 2 declined requests in the week the schedule
  shows, and 10 completed visits in past weeks.
10x adds 9 units, 100x 99 (about 4,000 items): what grows with time in a practice.
The number of patients is not grown: no routine route lists all patients (the
directory searches by name token), so it does not change any route's keys.

Fails (exit 1) when a route's calls at 100x are above 1.2x those at 1x, or its items
read at 100x exceed those at 1x by more than the page (limit x the partitions a list
merges): a cost that grows with history.
"""
from __future__ import annotations

import json
import sys
import uuid
from datetime import datetime, time, timedelta

NOW = "2026-12-01T10:00:00-06:00"  # a Tuesday morning in the practice: a fixed, repeatable instant
SIZES = (1, 10, 100)
CALLS_BOUND = 1.2
LIMIT = 10  # the page size the routes are asked for

# (label, user, path template, partitions merged per page: the items bound is that x LIMIT)
ROUTES = [
    ("documents (front desk)", "frank.ortiz@example.org", "/patients/{alex}/documents?limit={limit}", 2),
    ("documents (billing, with removed)", "bea.king@example.org",
     "/patients/{alex}/documents?limit={limit}&include_deleted=true", 3),
    ("documents (provider)", "dr.chen@example.org", "/patients/{alex}/documents?limit={limit}", 2),
    ("documents (patient)", "alex.morgan@example.org", "/patients/{alex}/documents?limit={limit}", 1),
    ("health summary", "alex.morgan@example.org", "/patients/{alex}/health?limit={limit}", 1),
    ("health: medications", "dr.chen@example.org", "/patients/{alex}/health/medications?limit={limit}", 1),
    ("appointments upcoming", "alex.morgan@example.org", "/patients/{alex}/appointments?when=upcoming&limit={limit}",
     1),
    ("appointments past", "alex.morgan@example.org", "/patients/{alex}/appointments?when=past&limit={limit}", 1),
    ("home (next visit)", "alex.morgan@example.org", "/patients/{alex}/home", 1),
    ("schedule week, practice", "frank.ortiz@example.org", "/schedule?date={monday}&days=7&limit={limit}", 1),
    ("schedule week, provider", "dr.chen@example.org",
     "/schedule?date={monday}&days=7&provider_id={chen}&limit={limit}", 1),
    ("schedule grid, week", "frank.ortiz@example.org", "/schedule/grid?date={monday}&days=7", 1),
    ("request queue", "frank.ortiz@example.org", "/appointment-requests?limit={limit}", 1),
    ("availability, 14 days", "alex.morgan@example.org", "/availability?visit_type_id={sick}&days=14", 1),
    ("access log", "alex.morgan@example.org", "/patients/{alex}/access-log?limit={limit}", 1),
    ("me", "alex.morgan@example.org", "/me", 1),
]


def _start():
    from devserver import clock as dev_clock
    from devserver import stack

    dev_clock.start_at(NOW)
    stack.prepare_environment({"PORTAL_URL": "http://portal.test", "STAGE": "dev"})
    moto = stack.start_moto()
    stack.provision(moto.endpoint)
    from devserver.seed import seed

    ids = seed()
    import app as portal
    from chalice.test import Client

    from devserver.gateway import ShapedLocalGateway

    client = Client(portal.app, stage_name="dev")
    client.__enter__()
    client.http._local_gateway = ShapedLocalGateway(portal.app, client.http._config)
    return moto, client, ids


class _Api:
    def __init__(self, client):
        self.client, self.tokens = client, {}

    def call(self, method: str, path: str, body: dict | None = None, email: str | None = None):
        from devserver.seed import DEMO_PASSWORD

        headers = {"content-type": "application/json"}
        if email:
            if email not in self.tokens:
                signed = self.call("POST", "/auth/sign-in", {"email": email, "password": DEMO_PASSWORD})
                self.tokens[email] = json.loads(signed.body)["access_token"]
            headers["authorization"] = f"Bearer {self.tokens[email]}"
        return self.client.http.request(method, path, headers=headers,
                                        body=json.dumps(body).encode() if body is not None else b"")


# ---- growing the history --------------------------------------------------------


def _visit(patient_id: str, provider: tuple[str, str], start: datetime, status: str, name: str):
    from chalicelib.models._base import iso
    from chalicelib.models.appointment import Appointment

    return Appointment(
        patient_id, uuid.uuid4().hex, status=status, visit_type_id="history", visit_type_name="Sick visit",
        provider_id=provider[0], provider_name=provider[1], start=iso(start), end=iso(start + timedelta(minutes=20)),
        day=start.date().isoformat(), created_at=iso(start - timedelta(days=3)), created_by="system",
        updated_at=iso(start), patient_name=name, queue="requests" if status == "proposed" else None,
    ).set_list_keys()


def grow(ids: dict, units: int, unit_offset: int) -> int:
    """Add `units` units of history (see the module docstring); returns the items written."""
    from chalicelib import clock
    from chalicelib.auth import Caller
    from chalicelib.ids import sortable_id
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.document import Document
    from chalicelib.models.health import HealthEntry
    from chalicelib.services.health import get_kind, new_entry_item

    tz, today = clock.practice_tz(), clock.today()
    alex, chen = ids["alex"], (ids["dr.chen@example.org"], "Dr. Wei Chen")
    monday = today - timedelta(days=today.weekday())
    clinician = Caller(user_id=chen[0], email="", display_name=chen[1], roles=frozenset({"provider"}))
    others = [ids[k] for k in ("priya", "jordan", "sam", "casey")]
    written = 0
    with Appointment.batch_write() as visits, HealthEntry.batch_write() as entries, \
            Document.batch_write() as documents:
        for unit in range(unit_offset, unit_offset + units):
            def at(day, minute):
                return datetime.combine(day, time(8), tzinfo=tz) + timedelta(minutes=minute)

            for i in range(5):
                visits.save(_visit(alex, chen, at(today + timedelta(days=2 + (unit + i) % 60), 10 * i),
                                   "cancelled", "Morgan, Alex"))
                visits.save(_visit(alex, chen, at(today - timedelta(days=30 + unit * 7 + i), 10 * i),
                                   "fulfilled", "Morgan, Alex"))
                entry = new_entry_item(clinician, alex, get_kind("medications"), {"medication": f"Old med {unit}.{i}"})
                entry.status, entry.retired_at, entry.active_entry = "stopped", entry.recorded_at, None
                entries.save(entry)
                visits.save(_visit(others[i % 4], chen, at(monday + timedelta(days=i), 5 + unit % 40 * 10),
                                   "cancelled", "Patient, Other"))
            for i in range(2):
                declined = _visit(others[i], chen, at(monday + timedelta(days=i + 1), 15 + unit % 40 * 10),
                                  "cancelled", "Patient, Other")
                declined.decline_reason, declined.cancelled_by = "Booked by phone instead", "practice"
                visits.save(declined)
            for i in range(10):
                visits.save(_visit(others[i % 4], chen, at(monday - timedelta(days=7 * (1 + unit) + i % 5), 10 * i),
                                   "fulfilled", "Patient, Other"))
                doc = Document(alex, sortable_id(), s3_key=f"patients/{alex}/history-{unit}-{i}", category="letter",
                               title="Letter", content_type="application/pdf", size=1000, status="available",
                               uploaded_by=chen[0], uploaded_by_name=chen[1], uploaded_side="staff",
                               created_at="2026-01-05T15:00:00.000Z", registered_at="2026-01-05T15:00:00.000Z",
                               shared_with_patient=False, deleted_at="2026-01-06T15:00:00.000Z" if i == 0 else None)
                doc.key_actions()
                documents.save(doc)
            written += 5 * 4 + 2 + 10 * 2
    return written


# ---- measuring ---------------------------------------------------------------------


def measure_routes(api: _Api, values: dict) -> dict[str, tuple[int, int, float]]:
    from devserver.meter import measure

    found = {}
    for label, email, template, _ in ROUTES:
        path = template.format(**values)
        api.call("GET", path, email=email)  # warm: first use of a model, token cache
        best = None
        for _ in range(3):
            with measure() as cost:
                res = api.call("GET", path, email=email)
            if res.status_code != 200:
                raise SystemExit(f"{label}: {path} answered {res.status_code}: {res.body[:200]!r}")
            sample = (len(cost.calls), cost.items_read, cost.cpu_ms)
            best = sample if best is None or sample[2] < best[2] else best
        found[label] = best
    return found


def report(results: dict[int, dict[str, tuple[int, int, float]]]) -> list[str]:
    """Print the table; the routes that grow with history."""
    first, last = SIZES[0], SIZES[-1]
    head = f"{'route':<36}" + "".join(f"{f'calls {s}x':>11}" for s in SIZES) \
        + "".join(f"{f'items {s}x':>11}" for s in SIZES) + "".join(f"{f'cpu ms {s}x':>12}" for s in SIZES) \
        + f"{'calls':>7}{'items':>7}{'cpu':>6}  (100x/1x)"
    print(head)
    print("-" * len(head))
    failures = []
    for label, _, _, partitions in ROUTES:
        rows = [results[s][label] for s in SIZES]
        calls = rows[-1][0] / rows[0][0]
        items = rows[-1][1] / max(rows[0][1], 1)
        cpu = rows[-1][2] / max(rows[0][2], 0.001)
        bound = rows[0][1] + partitions * LIMIT
        line = f"{label:<36}" + "".join(f"{r[0]:>11}" for r in rows) + "".join(f"{r[1]:>11}" for r in rows) \
            + "".join(f"{r[2]:>12.1f}" for r in rows) + f"{calls:>7.2f}{items:>7.2f}{cpu:>6.2f}"
        if calls > CALLS_BOUND:
            failures.append(f"{label}: calls {rows[0][0]} at {first}x -> {rows[-1][0]} at {last}x")
            line += "  <- calls grow"
        if rows[-1][1] > bound:
            failures.append(f"{label}: items read {rows[0][1]} at {first}x -> {rows[-1][1]} at {last}x "
                            f"(bound {bound}: 1x + {partitions} x page of {LIMIT})")
            line += "  <- items grow"
        print(line)
    return failures


def main() -> int:
    moto, client, ids = _start()
    try:
        from chalicelib import clock

        today = clock.today()
        api = _Api(client)
        values = {"alex": ids["alex"], "chen": ids["dr.chen@example.org"], "sick": ids["visit_type_sick"],
                  "monday": (today - timedelta(days=today.weekday())).isoformat(), "limit": LIMIT}
        results, grown = {}, 1
        for size in SIZES:
            if size > grown:
                written = grow(ids, size - grown, grown)
                print(f"grew the history to {size}x (+{written} items)", flush=True)
                grown = size
            results[size] = measure_routes(api, values)
        print()
        failures = report(results)
    finally:
        client.__exit__(None, None, None)
        moto.stop()
    print()
    if failures:
        print("Routes whose cost grows with history:")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print(f"Flat: every route's calls within {CALLS_BOUND}x and items read within its page at {SIZES[-1]}x.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
