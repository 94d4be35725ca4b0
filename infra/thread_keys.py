"""Check, and repair, the wait keys of message threads on a deployed stack (issue 14).

    python -m infra.thread_keys --stage prod            # report only
    python -m infra.thread_keys --stage prod --repair   # write the fixes

Today's "Messages assigned to you" and "Overdue conversations", the inbox's overdue view and
the escalation job read two sparse indexes of message threads, `assigned-waiting-index`
(assigned_to, waiting_since) and `due-index` (pool, due_at). Their keys are attributes every
thread has kept since messaging began: `waiting_since` and `due_at` exist exactly while it
waits for the care team (inbox `<pool>#waiting`). DynamoDB fills a new index from the items
already there while it creates it, so deploying the indexes needs no key backfill; this job
(run after they are ACTIVE, before trusting the cards) proves it on the stack's own data.

It reads every thread of the practice's pools, pool by pool and state by state through the
inbox index (no Scan; with the operator's credentials, not the functions' role; a pool since
removed from the messaging settings is not read: its threads show nowhere), and lists those
whose keys disagree with their state: wait keys on a
thread that does not wait (written by hand, or restored from a backup of an older build)
would count it as assigned or overdue; a waiting thread without them would be missed.
`--repair` removes the first kind's, and gives the second `waiting_since` from its inbox
sort key and `due_at` that plus the practice's target in business hours, as a patient's
message does. Each update is conditioned on the inbox state it read (`inbox`, `inbox_sort`:
every change of state rewrites both), so racing live traffic it leaves alone whatever the
portal changed meanwhile. Ids only in its output, never a subject or a name.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import datetime


def problem(thread) -> str | None:
    """"stray" (wait keys on a thread that does not wait), "missing" (a waiting thread
    without them) or None."""
    waiting = thread.status == "open" and thread.inbox == f"{thread.pool}#waiting"
    keyed = thread.waiting_since is not None or thread.due_at is not None
    if not waiting and keyed:
        return "stray"
    if waiting and (thread.waiting_since is None or thread.due_at is None):
        return "missing"
    return None


def check(repair: bool = False, threads: Iterable | None = None) -> dict[str, list[tuple[str, str]]]:
    """(patient_id, thread_id) per problem, and those repaired; every thread of the pools
    unless `threads`."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.message_thread import MessageThread

    found: dict[str, list[tuple[str, str]]] = {"stray": [], "missing": [], "repaired": []}
    for thread in every_thread() if threads is None else threads:
        kind = problem(thread)
        if kind is None:
            continue
        found[kind].append((thread.patient_id, thread.thread_id))
        if not repair:
            continue
        actions = _stray_actions() if kind == "stray" else _missing_actions(thread)
        if not actions:
            continue
        try:
            thread.update(actions=actions, condition=(MessageThread.inbox == thread.inbox)
                          & (MessageThread.inbox_sort == thread.inbox_sort))
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                continue  # the portal changed its state meanwhile, and wrote its keys with it
            raise
        found["repaired"].append((thread.patient_id, thread.thread_id))
    return found


def every_thread():
    """Each thread of the practice's pools: one paged Query per pool and inbox state."""
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging import settings
    from chalicelib.services.messaging.common import inbox_key

    for pool in settings.pools():
        for state in ("waiting", "answered", "closed"):
            yield from MessageThread.inbox_index.query(inbox_key(pool, state))


def _stray_actions() -> list:
    from chalicelib.models.message_thread import MessageThread

    return [MessageThread.waiting_since.remove(), MessageThread.due_at.remove()]


def _missing_actions(thread) -> list:
    """What a patient's message writes when the thread starts to wait (replies._append)."""
    from chalicelib.models._base import iso
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging import hours, settings

    since = thread.waiting_since or (thread.inbox_sort or "").split("#", 1)[0]
    if not since:
        return []  # no inbox sort key to date it by: left for a person to look at
    start = datetime.fromisoformat(since.replace("Z", "+00:00"))
    target = float(settings.current()["target_business_hours"])
    due = thread.due_at or iso(hours.load().add_business_hours(start, target))
    return [MessageThread.waiting_since.set(since), MessageThread.due_at.set(due)]


def main(argv: list[str] | None = None) -> int:
    import boto3

    from infra.template import stage_context

    parser = argparse.ArgumentParser(prog="python -m infra.thread_keys", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--repair", action="store_true", help="write the fixes (default: report only)")
    args = parser.parse_args(argv)
    region = boto3.session.Session().region_name
    if not region:
        parser.error("no region: set AWS_DEFAULT_REGION")
    # Before anything imports the models: PynamoDB reads table names at import time.
    os.environ.update({"TABLE_PREFIX": stage_context(args.stage, models=[]).table_prefix,
                       "AWS_DEFAULT_REGION": region})
    found = check(repair=args.repair)
    for kind in ("stray", "missing"):
        for patient_id, thread_id in found[kind]:
            print(f"{kind}: patient {patient_id} thread {thread_id}")
    print(f"{len(found['stray'])} stray, {len(found['missing'])} missing, {len(found['repaired'])} repaired"
          + ("" if args.repair else " (report only: --repair writes the fixes)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
