"""`make bench-scale`: every routine route costs the same at 1x, 10x and 100x.

Seeds the demo practice into the embedded stack (in-process moto, as the tests), then
grows it twice and measures each route at each size: DynamoDB calls, items read
(what DynamoDB examined, filtered-out items included: devserver/meter.py) and the app's
CPU time (this thread: handler, authorizer and botocore; not the embedded AWS).

What a size means (docs/performance.md): 1x is the demo seed and one unit of patients;
each further unit adds, written straight to the tables as the services would write it:
- to Alex's record: 5 cancelled upcoming visits, 5 completed past visits, 5 retired
  medications and 10 documents only clinical staff see (one of them removed);
- to the practice: 5 cancelled visits and 2 declined requests in the week the schedule
  shows, and 10 completed visits in past weeks;
- to the practice's patients (devserver/bench_patients.py): 10 patients with their
  directory name tokens, half of them "Mor..." and half still waiting for an invitation,
  and, through the services, one waiting conversation, one pending correction, two
  results (one in Dr. Chen's inbox, held; one flagged with no clinician), one unpaid
  statement and one visit request.
10x holds 100 patients and 9 units of history, 100x 1,000 patients and 99 units (about
4,000 history items): one record, one practice's history and its patients grown 100-fold.

Routes: the patient's lists, the schedule and availability, and the practice-wide staff
routes (Today per role, directory search, review queue, inboxes, results inboxes, holds
report, unpaid statements, adoption dashboard, invitation status), each with its page: the
items it may read beyond those at 1x (limit x the partitions a list merges, or the cap of
a capped read: Today's cards, the invitation counts).

Fails (exit 1) when a route's calls at 100x are above 1.2x those at 1x, or its items
read at 100x exceed those at 1x by more than its page: a cost that grows with size.
`--history-only` grows the history and not the patients.
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import datetime, time, timedelta

from devserver.bench_patients import PER_UNIT, grow_patients

NOW = "2026-12-01T10:00:00-06:00"  # a Tuesday morning in the practice: a fixed, repeatable instant
SIZES = (1, 10, 100)
CALLS_BOUND = 1.2
LIMIT = 10  # the page size the routes are asked for

COUNT_CAP = 100  # services/rollout/invite_batches.COUNT_CAP
FRONT, PROVIDER, NURSE = "frank.ortiz@example.org", "dr.chen@example.org", "nina.patel@example.org"
BILLING, ADMIN = "bea.king@example.org", "ada.admin@example.org"
# Today's cards each read one Query page of at most their cap (services/today: CAP 100; arrivals 200,
# the provider's two weeks of visits 300, invitations 25, unpaid statements and each month's
# payments 1,000, the team 200), per pool the caller works for the pools' cards.
TODAY_PAGES = {FRONT: 200 + 100 + 100 + 25, PROVIDER: 100 + 300 + 100 + 2 * 100 + 100,
               NURSE: 100 + 100 + 2 * 100 + 100, BILLING: 1000 + 2 * 1000, ADMIN: 200 + 100 + 100 + 4 * 100}

# (label, user, path template, page: the items a request may read beyond those it read at 1x,
# the limit x the partitions a list merges, or a capped read's cap)
ROUTES = [
    ("documents (front desk)", FRONT, "/patients/{alex}/documents?limit={limit}", 2 * LIMIT),
    ("documents (billing, with removed)", BILLING,
     "/patients/{alex}/documents?limit={limit}&include_deleted=true", 3 * LIMIT),
    ("documents (provider)", PROVIDER, "/patients/{alex}/documents?limit={limit}", 2 * LIMIT),
    ("documents (patient)", "alex.morgan@example.org", "/patients/{alex}/documents?limit={limit}", LIMIT),
    ("health summary", "alex.morgan@example.org", "/patients/{alex}/health?limit={limit}", LIMIT),
    ("health: medications", PROVIDER, "/patients/{alex}/health/medications?limit={limit}", LIMIT),
    ("appointments upcoming", "alex.morgan@example.org", "/patients/{alex}/appointments?when=upcoming&limit={limit}",
     LIMIT),
    ("appointments past", "alex.morgan@example.org", "/patients/{alex}/appointments?when=past&limit={limit}", LIMIT),
    ("home (next visit)", "alex.morgan@example.org", "/patients/{alex}/home", LIMIT),
    ("schedule week, practice", FRONT, "/schedule?date={monday}&days=7&limit={limit}", LIMIT),
    ("schedule week, provider", PROVIDER, "/schedule?date={monday}&days=7&provider_id={chen}&limit={limit}", LIMIT),
    ("schedule grid, week", FRONT, "/schedule/grid?date={monday}&days=7", LIMIT),
    ("request queue", FRONT, "/appointment-requests?limit={limit}", LIMIT),
    ("availability, 14 days", "alex.morgan@example.org", "/availability?visit_type_id={sick}&days=14", LIMIT),
    ("access log", "alex.morgan@example.org", "/patients/{alex}/access-log?limit={limit}", LIMIT),
    ("me", "alex.morgan@example.org", "/me", LIMIT),
    # practice-wide staff routes: they grow with the number of patients, not one record
    *[(f"today ({role})", email, "/staff/today", TODAY_PAGES[email])
      for role, email in (("front desk", FRONT), ("provider", PROVIDER), ("nurse", NURSE), ("billing", BILLING),
                          ("admin", ADMIN))],
    ("directory: name 'mor'", FRONT, "/patients?name=mor&limit={limit}", 2 * LIMIT),  # tokens + their patients
    ("directory: q 'morgan, a'", FRONT, "/patients?q=morgan%2C%20a&limit={limit}", 2 * LIMIT),
    ("directory: birth date", FRONT, "/patients?birth_date={born}&limit={limit}", LIMIT),
    ("directory: phone", FRONT, "/patients?phone={phone}&limit={limit}", LIMIT),
    ("directory: MRN", FRONT, "/patients?mrn={mrn}&limit={limit}", LIMIT),
    ("review queue", NURSE, "/review-queue?limit={limit}", 2 * LIMIT),  # requests + their patients
    ("inbox: nurses, waiting", NURSE, "/inbox?pool=nurses&limit={limit}", 2 * LIMIT),
    ("inbox: nurses, overdue", NURSE, "/inbox?pool=nurses&status=overdue&limit={limit}", 2 * LIMIT),
    ("inbox: nurses, assigned to me", NURSE, "/inbox?pool=nurses&assigned=me&limit={limit}", 2 * LIMIT),
    ("inbox: billing, waiting", BILLING, "/inbox?pool=billing&limit={limit}", 2 * LIMIT),
    ("results inbox (provider)", PROVIDER, "/results-inbox?limit={limit}", 2 * LIMIT),  # results + their patients
    ("results inbox (unassigned)", NURSE, "/results-inbox?owner=unassigned&limit={limit}", 2 * LIMIT),
    ("results match queue", FRONT, "/results-match-queue?limit={limit}", LIMIT),
    ("holds report", ADMIN, "/reports/holds?limit={limit}", 2 * LIMIT),
    ("unpaid statements", BILLING, "/statements?limit={limit}", LIMIT),
    ("statements by MRN", BILLING, "/statements?mrn={mrn}&limit={limit}", LIMIT),
    ("adoption dashboard", ADMIN, "/staff/adoption", LIMIT),
    ("invitation queue", ADMIN, "/rollout/invitations", 3 * (COUNT_CAP + 1)),  # waiting, queued, failed: "100+"
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
    for label, _, _, page in ROUTES:
        rows = [results[s][label] for s in SIZES]
        calls = rows[-1][0] / rows[0][0]
        items = rows[-1][1] / max(rows[0][1], 1)
        cpu = rows[-1][2] / max(rows[0][2], 0.001)
        bound = rows[0][1] + page
        line = f"{label:<36}" + "".join(f"{r[0]:>11}" for r in rows) + "".join(f"{r[1]:>11}" for r in rows) \
            + "".join(f"{r[2]:>12.1f}" for r in rows) + f"{calls:>7.2f}{items:>7.2f}{cpu:>6.2f}"
        if calls > CALLS_BOUND:
            failures.append(f"{label}: calls {rows[0][0]} at {first}x -> {rows[-1][0]} at {last}x")
            line += "  <- calls grow"
        if rows[-1][1] > bound:
            failures.append(f"{label}: items read {rows[0][1]} at {first}x -> {rows[-1][1]} at {last}x "
                            f"(bound {bound}: 1x + a page of {page})")
            line += "  <- items grow"
        print(line)
    return failures


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    moto, client, ids = _start()
    try:
        from chalicelib import clock

        today = clock.today()
        api = _Api(client)
        from chalicelib.models.patient import Patient

        alex = Patient.get(ids["alex"])
        values = {"alex": ids["alex"], "chen": ids["dr.chen@example.org"], "sick": ids["visit_type_sick"],
                  "monday": (today - timedelta(days=today.weekday())).isoformat(), "limit": LIMIT,
                  "born": alex.birth_date, "phone": alex.phone, "mrn": alex.mrn}
        results, grown, patients = {}, 1, 0
        for size in SIZES:
            if size > grown:
                written = grow(ids, size - grown, grown)
                print(f"grew the history to {size}x (+{written} items)", flush=True)
                grown = size
            if size > patients and "--history-only" not in argv:  # 1x: the seed and one unit of patients
                added = grow_patients(ids, size - patients, patients)
                print(f"grew the patients to {size}x (+{added} patients, {size * PER_UNIT} in all)", flush=True)
                patients = size
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
