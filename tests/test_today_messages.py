"""Today's message cards count from sparse indexes, not a filtered first page (issue 14).

"Messages assigned to you" and the admin's "Overdue conversations" once filtered the first
100 waiting conversations of each pool: in a busy practice a conversation assigned to the
caller, or overdue, beyond them was neither counted nor listed. They now read the
`assigned-waiting-index` (assigned_to, waiting_since) and the `due-index` (pool, due_at) of
message threads: keys every reply, assignment and close already writes (docs/messaging.md).
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from chalicelib import clock
from devserver.meter import measure
from tests.messaging_helpers import caps, delete_threads, waiting_threads

pytestmark = pytest.mark.clock
AHEAD = 120  # more waiting conversations than a card's page (100), all ahead of the one that matters


def _fresh_patient(family: str) -> str:
    from chalicelib.services import patients

    return patients.create_patient(None, {"family_name": family, "given_name": "Pool",
                                          "birth_date": "1980-02-03", "sex": "female"})["patient_id"]


def _card(api, role: str, key: str) -> dict:
    res = api.get("/staff/today", as_user=role)
    assert res.status == 200, res
    return next(c for s in res.json["sections"] if s["role"] == role for c in s["cards"] if c["key"] == key)


def _overdue(api) -> int:
    health = _card(api, "admin", "health")
    return int(next(i for i in health["items"] if i["text"] == "Overdue conversations")["detail"].rstrip("+"))


def test_a_conversation_assigned_beyond_the_pools_first_hundred_is_on_the_assignees_today(api, demo):
    """Alex's conversation waits behind 120 of the nurses' pool, all waiting since long before
    anything seeded or other tests assigned to Dr. Chen, so it is first on his card. Then every
    reply, (re)assignment, close and reopening moves it in or out of his count."""
    from chalicelib.services.messaging import caps as caps_module
    from tests.messaging_helpers import user_caller

    chen = user_caller("dr.chen@example.org").user_id
    long_ago, due = datetime(2020, 1, 6, 9, tzinfo=clock.practice_tz()), clock.now() + timedelta(days=2)
    ahead = waiting_threads(_fresh_patient("Todayahead"), AHEAD, long_ago, due)
    mine = waiting_threads(demo["alex"], 1, long_ago + timedelta(minutes=30), due)[0]
    caps_module.opened(demo["alex"])  # counted open, as starting it would: its closes below count down
    path = f"/patients/{demo['alex']}/messages/{mine.thread_id}"
    link = f"#/staff/inbox/{demo['alex']}/{mine.thread_id}"
    try:
        before = _card(api, "provider", "assigned")["count"]
        counted = lambda: _card(api, "provider", "assigned")["count"] - before  # noqa: E731
        assert api.post(f"{path}/assign", {"user_id": chen}, as_user="nurse").status == 200
        with measure() as cost:
            card = _card(api, "provider", "assigned")
        assert card["count"] == before + 1 and card["items"][0]["href"] == link, card
        first = card["items"][0]
        assert first["text"] == "Morgan, Alex" and first["detail"].startswith(f"{mine.ref}, Nurses, waiting since")
        assert cost.items_read < AHEAD, cost  # the caller's assigned conversations, not the pools' waiting
        with caps(max_open_threads=50, max_messages_per_day=50):
            # a staff answer ends the wait; the patient's reply starts it again, still assigned
            assert api.post(f"{path}/replies", {"body": "Yes, that is fine."}, as_user="provider").status == 201
            assert counted() == 0
            assert api.post(f"{path}/replies", {"body": "And at night?"}, as_user="alex").status == 201
            assert counted() == 1
            # reassigned to nobody, then back
            assert api.post(f"{path}/assign", {"user_id": None}, as_user="nurse").status == 200
            assert counted() == 0
            assert api.post(f"{path}/assign", {"user_id": "me"}, as_user="provider").status == 200
            assert counted() == 1
            # closed, then reopened by the patient within 7 days: waiting again, still Dr. Chen's
            assert api.post(f"{path}/close", {}, as_user="provider").status == 200
            assert counted() == 0
            assert api.post(f"{path}/replies", {"body": "One more thing."}, as_user="alex").status == 201
            assert counted() == 1
            assert api.post(f"{path}/close", {"body": "Answered at the visit."}, as_user="provider").status == 200
            assert counted() == 0
    finally:
        delete_threads(ahead)


def test_an_overdue_conversation_beyond_the_pools_first_hundred_is_counted(api, demo):
    """The hundred and twenty ahead were written when the target was two days; the last one
    after it was shortened, so it is due first though it waits last."""
    patient_id = _fresh_patient("Todayoverdue")
    _overdue(api)  # the settings caches warm
    with measure() as without:
        before = _overdue(api)
    ahead = waiting_threads(patient_id, AHEAD, clock.now() - timedelta(hours=1), clock.now() + timedelta(days=2))
    late = []
    try:
        assert _overdue(api) == before
        late = waiting_threads(patient_id, 1, clock.now() - timedelta(minutes=30), clock.now() - timedelta(minutes=1))
        with measure() as cost:
            assert _overdue(api) == before + 1
        # the overdue ones only (other tests' too, in the whole suite), not the pool's waiting:
        # the hundred and twenty ahead add nothing to what the card reads, the late one itself
        # and a few that came due meanwhile at most
        assert cost.items_read <= without.items_read + 5, (without, cost)
        # the inbox's overdue view reads the same key range: full pages of overdue conversations
        seen, cursor = [], None
        while True:
            page = api.get("/inbox?pool=nurses&status=overdue&limit=50" + (f"&cursor={cursor}" if cursor else ""),
                           as_user="nurse").json
            seen += [t["thread_id"] for t in page["items"]]
            assert all(t["overdue"] for t in page["items"]), page
            cursor = page["cursor"]
            if not cursor:
                break
        assert late[0].thread_id in seen and not set(seen) & {t.thread_id for t in ahead}
        # overdue grows with time alone: one due in a minute is overdue ten minutes on, without a write
        soon = waiting_threads(patient_id, 1, clock.now(), clock.now() + timedelta(minutes=1))
        late += soon
        assert _overdue(api) == before + 1
        with time_machine.travel(clock.now() + timedelta(minutes=10), tick=True):
            assert _overdue(api) == before + 2
    finally:
        delete_threads(ahead + late)


def test_the_thread_keys_job_finds_and_repairs_wait_keys_that_disagree_with_the_state(api, demo):
    """infra/thread_keys.py, run on a deployed stack after the indexes are created: a thread
    that does not wait but kept wait keys (by hand, an old backup) would count as assigned and
    overdue; a waiting one without them would be missed. Threads the services wrote are fine."""
    from chalicelib.models._base import iso
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging.common import inbox_key
    from infra import thread_keys
    from tests.messaging_helpers import user_caller

    chen = user_caller("dr.chen@example.org").user_id
    patient_id = _fresh_patient("Todaykeys")
    stray, missing, fine = waiting_threads(patient_id, 3, clock.now() - timedelta(hours=3),
                                           clock.now() - timedelta(hours=1))
    stray.update(actions=[MessageThread.inbox.set(inbox_key("nurses", "answered")),
                          MessageThread.assigned_to.set(chen)])
    missing.update(actions=[MessageThread.waiting_since.remove(), MessageThread.due_at.remove()])
    try:
        before = (_card(api, "provider", "assigned")["count"], _overdue(api))
        found = thread_keys.check()  # every thread of the pools, report only
        assert (patient_id, stray.thread_id) in found["stray"] and (patient_id, missing.thread_id) in found["missing"]
        assert (patient_id, fine.thread_id) not in found["stray"] + found["missing"] and not found["repaired"]
        threads = [MessageThread.get(patient_id, t.thread_id) for t in (stray, missing, fine)]
        repaired = thread_keys.check(repair=True, threads=threads)
        assert sorted(repaired["repaired"]) == sorted([(patient_id, stray.thread_id), (patient_id, missing.thread_id)])
        again = thread_keys.check(threads=[MessageThread.get(patient_id, t.thread_id) for t in (stray, missing, fine)])
        assert again == {"stray": [], "missing": [], "repaired": []}
        # the stray one no longer counts as Dr. Chen's nor as overdue; the missing one waits again,
        # due by the practice's hours from when it started waiting (overdue if that has passed)
        back = MessageThread.get(patient_id, missing.thread_id)
        assert back.waiting_since == back.created_at and back.due_at > back.waiting_since
        late = back.due_at < iso(clock.now())
        assert (_card(api, "provider", "assigned")["count"], _overdue(api)) == (before[0] - 1, before[1] - 1 + late)
    finally:
        delete_threads([stray, missing, fine])
