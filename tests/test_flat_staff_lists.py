"""Practice-wide staff lists read one page whatever the number of patients (issue 16).

The inbox's filtered views (overdue, assigned to me) once let PynamoDB read on through the
whole pool until `limit` threads passed the filter: `make bench-scale` found the nurses'
"assigned to me" view reading every waiting conversation of a thousand patients to show none.
A page now reads `limit` threads in one Query; a short page carries a cursor.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import clock
from devserver.meter import measure

pytestmark = pytest.mark.clock
WAITING = 40
LIMIT = 10


def _waiting_threads(patient_id: str, count: int) -> list:
    """`count` unassigned, not yet overdue conversations in the nurses' pool, written directly
    (the items threads.start writes; newest waiting last so other tests' threads come first)."""
    from chalicelib.ids import sortable_id
    from chalicelib.models._base import iso
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging.common import inbox_key, sort_key

    at, due = iso(clock.now()), iso(clock.now() + timedelta(days=2))
    threads = []
    with MessageThread.batch_write() as batch:
        for i in range(count):
            thread_id = sortable_id()
            thread = MessageThread(patient_id, thread_id, ref=f"M-F{i}", topic="medical", pool="nurses",
                                   subject="Flat", status="open", seq=1, created_at=at, created_by="flat",
                                   created_by_name="Flat", last_message_at=at, staff_count=0, waiting_since=at,
                                   due_at=due, inbox=inbox_key("nurses", "waiting"), inbox_sort=sort_key(at, thread_id))
            batch.save(thread)
            threads.append(thread)
    return threads


@pytest.mark.parametrize("query", ["assigned=me", "status=overdue"])
def test_a_filtered_inbox_page_reads_one_page_of_the_pool(api, demo, query):
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services import patients

    patient_id = patients.create_patient(None, {"family_name": "Flatinbox", "given_name": "Pool",
                                                "birth_date": "1980-02-03", "sex": "female"})["patient_id"]
    threads = _waiting_threads(patient_id, WAITING)
    try:
        api.token("nurse")
        pages, cursor = 0, None
        while True:
            with measure() as cost:
                res = api.get(f"/inbox?pool=nurses&{query}&limit={LIMIT}" + (f"&cursor={cursor}" if cursor else ""),
                              as_user="nurse")
            assert res.status == 200, res
            # one index Query of `limit` threads, the authorizer's user item and the names of the
            # patients shown: never the whole pool
            assert cost.queries == 1 and cost.items_read <= 1 + LIMIT + len(res.json["items"]), cost
            assert len(cost.calls) <= 4, cost.calls  # authorizer, Query, names BatchGet, audit
            assert not {t["thread_id"] for t in res.json["items"]} & {t.thread_id for t in threads}
            cursor, pages = res.json["cursor"], pages + 1
            if not cursor:
                break
        assert pages >= WAITING // LIMIT  # the pool was walked page by page, each page bounded
    finally:
        with MessageThread.batch_write() as batch:
            for thread in threads:
                batch.delete(thread)
