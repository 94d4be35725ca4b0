"""`python -m devserver` (what `make run` starts): the whole portal on this machine."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the patient portal locally on an embedded AWS.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--jobs-every", type=float, default=60.0, help="seconds between scheduled job runs")
    parser.add_argument("--now", metavar="INSTANT", default=os.environ.get("PORTAL_NOW"),
                        help="start the portal's clock at this instant (ISO 8601 with offset, e.g. "
                             "2026-12-01T21:00-06:00); it then runs on. Default: the real time")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.now:
        from devserver.clock import start_at

        start_at(args.now, float(os.environ["PORTAL_NOW_SAID_AT"]) if os.environ.get("PORTAL_NOW_SAID_AT") else None)

    from devserver import stack

    url = f"http://{args.host}:{args.port}"
    stack.prepare_environment({"PORTAL_URL": url, "STAGE": "dev"})
    moto = stack.start_moto()
    stack.provision(moto.endpoint)

    from devserver.seed import DEMO_PASSWORD, STAFF, seed

    ids = seed()
    import app as portal
    from devserver.server import run_jobs_forever, serve

    server = serve(portal.app, args.host, args.port)
    stop = threading.Event()
    threading.Thread(target=run_jobs_forever, args=(portal.app, args.jobs_every, stop),
                     name="jobs", daemon=True).start()
    from devserver import queues

    threading.Thread(target=queues.run_forever, args=(portal.app, 0.3, stop), name="queues", daemon=True).start()

    logins = [("alex.morgan@example.org", "patient"), ("priya.shah@example.org", "patient"),
              ("jordan.morgan@example.org", "patient, proxy for Sam Morgan (8)")]
    logins += [(s.email, s.role) for s in STAFF]
    print(f"\nPatient portal ready in {time.perf_counter() - started:.1f}s\n")
    if args.now:
        from chalicelib import clock

        print(f"  Clock       started at {args.now}; practice time now {clock.local():%A, %B %-d, %Y %-I:%M %p}\n")
    print(f"  Portal      {url}/")
    print(f"  API         {url}/api/   (OpenAPI: {url}/api/openapi.json)")
    print(f"  Mailbox     {url}/_dev/mailbox   (every email and SMS sent; dev only)")
    print(f"  Embedded AWS (moto) {moto.endpoint}\n")
    print(f"  Demo logins (password for all: {DEMO_PASSWORD})")
    for email, role in logins:
        print(f"    {email:<28} {role}")
    _print_sample_result(url, ids)
    print(f"\n  Guest pay (issue 13): {url}/#/guest-pay  code {ids['priya_guest_code']}, birth date 1991-07-28 (Priya)")
    print("  Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 declines; bank account 000123456789 (ACH)")
    print("\nCtrl-C to stop.", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    stop.set()
    server.shutdown()
    moto.stop()
    return 0


def _print_sample_result(url: str, ids: dict) -> None:
    """How to post one more lab result, as a lab interface would (docs/results.md)."""
    import tempfile
    from pathlib import Path

    from chalicelib import clock
    from chalicelib.services.patients import load
    from devserver.seed_results import sample_message

    sample = Path(tempfile.gettempdir()) / f"portal-sample-oru-{int(clock.epoch())}.hl7"
    sample.write_text(sample_message(load(ids["alex"]), f"SAMPLE-{int(clock.epoch())}"), newline="")
    print("\n  Post one more lab result for Alex (HL7 v2 ORU^R01, as the lab interface would):")
    print(f"    curl -s -X POST {url}/api/results/hl7 -H 'Content-Type: application/hl7-v2' \\")
    print(f"      -H 'Authorization: Bearer {ids['lab_credential']}' \\")
    print(f"      --data-binary @{sample} | tr '\\r' '\\n'")
    print("    (the answer is the HL7 ACK; the same file again is a duplicate: change MSH-10 to send another)")


if __name__ == "__main__":
    sys.exit(main())
