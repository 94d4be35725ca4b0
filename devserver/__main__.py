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
    args = parser.parse_args()
    started = time.perf_counter()

    from devserver import stack

    url = f"http://{args.host}:{args.port}"
    stack.prepare_environment({"PORTAL_URL": url, "STAGE": "dev"})
    moto = stack.start_moto()
    stack.provision(moto.endpoint)

    from devserver.seed import DEMO_PASSWORD, STAFF, seed

    seed()
    import app as portal
    from devserver.server import run_jobs_forever, serve

    server = serve(portal.app, args.host, args.port)
    stop = threading.Event()
    threading.Thread(target=run_jobs_forever, args=(portal.app, args.jobs_every, stop),
                     name="jobs", daemon=True).start()

    logins = [("alex.morgan@example.org", "patient"), ("priya.shah@example.org", "patient"),
              ("jordan.morgan@example.org", "patient, proxy for Sam Morgan (8)")]
    logins += [(s.email, s.role) for s in STAFF]
    print(f"\nPatient portal ready in {time.perf_counter() - started:.1f}s\n")
    print(f"  Portal      {url}/")
    print(f"  API         {url}/api/   (OpenAPI: {url}/api/openapi.json)")
    print(f"  Mailbox     {url}/_dev/mailbox   (every email and SMS sent; dev only)")
    print(f"  Embedded AWS (moto) {moto.endpoint}\n")
    print(f"  Demo logins (password for all: {DEMO_PASSWORD})")
    for email, role in logins:
        print(f"    {email:<28} {role}")
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


if __name__ == "__main__":
    sys.exit(main())
