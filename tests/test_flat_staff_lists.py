"""Practice-wide staff lists read one page whatever the number of patients (issue 16).

The inbox's filtered views (overdue, assigned to me) once let PynamoDB read on through the
whole pool until `limit` threads passed the filter: `make bench-scale` found the nurses'
"assigned to me" view reading every waiting conversation of a thousand patients to show none.
A page now reads `limit` threads in one Query; a short page carries a cursor. Overdue reads
the due index's key range `due_at < now`: the overdue threads only.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import clock
from devserver.meter import measure
from tests.messaging_helpers import delete_threads, waiting_threads

pytestmark = pytest.mark.clock
WAITING = 40
LIMIT = 10


def _waiting_threads(patient_id: str, count: int) -> list:
    """`count` unassigned, not yet overdue conversations in the nurses' pool (newest waiting
    last so other tests' threads come first)."""
    return waiting_threads(patient_id, count, clock.now(), clock.now() + timedelta(days=2))


@pytest.mark.parametrize("query", ["assigned=me", "status=overdue"])
def test_a_filtered_inbox_page_reads_one_page_of_the_pool(api, demo, query):
    from chalicelib.services import patients

    patient_id = patients.create_patient(None, {"family_name": "Flatinbox", "given_name": "Pool",
                                                "birth_date": "1980-02-03", "sex": "female"})["patient_id"]
    threads = _waiting_threads(patient_id, WAITING)
    try:
        api.token("nurse")
        pages, cursor = 0, None
        while True:
            path = f"/inbox?pool=nurses&{query}&limit={LIMIT}" + (f"&cursor={cursor}" if cursor else "")
            api.get(path, as_user="nurse")  # settings cached for a minute: the whole suite may run between pages
            with measure() as cost:
                res = api.get(path, as_user="nurse")
            assert res.status == 200, res
            # one index Query of `limit` threads, the authorizer's user item and the names of the
            # patients shown: never the whole pool. Overdue is a key range of the due index: only
            # overdue threads are read (these 40 are not), never a filtered page.
            read = len(res.json["items"]) if query == "status=overdue" else LIMIT
            assert cost.queries == 1 and cost.items_read <= 1 + read + len(res.json["items"]), cost
            assert len(cost.calls) <= 4, cost.calls  # authorizer, Query, names BatchGet, audit
            assert not {t["thread_id"] for t in res.json["items"]} & {t.thread_id for t in threads}
            cursor, pages = res.json["cursor"], pages + 1
            if not cursor:
                break
        if query == "assigned=me":
            assert pages >= WAITING // LIMIT  # the pool was walked page by page, each page bounded
    finally:
        delete_threads(threads)


def test_the_invitation_status_counts_a_page_of_each_state_not_every_waiting_patient(api, demo):
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient, name_key
    from chalicelib.services.rollout.invite_batches import COUNT_CAP

    now, waiting = iso_now(), []
    with Patient.batch_write() as batch:  # the items create_patient writes (no name index: not searched here)
        for i in range(COUNT_CAP + 50):
            patient = Patient(f"flat-invite-{i:04d}", mrn=f"9{i:05d}", given_name="Wait", family_name="Flatinvite",
                              birth_date="1980-02-03", sex="female", invite_queue="waiting",
                              name_key=name_key("Flatinvite", "Wait"), created_at=now, updated_at=now)
            batch.save(patient)
            waiting.append(patient)
    try:
        api.token("admin")
        with measure() as cost:
            res = api.get("/rollout/invitations", as_user="admin")
        assert res.status == 200, res
        assert (res.json["waiting"], res.json["waiting_more"]) == (COUNT_CAP, True)
        assert res.json["queued_more"] is False and res.json["failed_more"] is False
        # a page per state (and the user, the settings, the batch): not the 150 waiting and the rest
        assert cost.items_read <= 3 * (COUNT_CAP + 1) + 5 and len(cost.calls) <= 6, cost
        assert cost.queries == 3, cost.calls  # one page per state (PynamoDB's count() paged through all)
    finally:
        with Patient.batch_write() as batch:
            for patient in waiting:
                batch.delete(patient)


def test_a_clinicians_holds_card_reads_their_standing_holds_not_the_practices(api, demo):
    """Other clinicians' holds this year (and lifted ones) came first in the year's partition:
    the card filtered a page of them and missed the caller's. The sparse held-by index holds
    only the standing holds of each clinician."""
    from chalicelib.models.hold import Hold
    from chalicelib.services import holds, patients
    from chalicelib.services.results import clinician, point_of_care
    from tests.messaging_helpers import user_caller

    patient_id = patients.create_patient(None, {"family_name": "Flatholds", "given_name": "Held",
                                                "birth_date": "1980-02-03", "sex": "female"})["patient_id"]
    other = user_caller("nina.patel@example.org")
    others = [holds.hold_item(other, patient_id, "lab-result", f"flat-{i}", "Others") for i in range(120)]
    with Hold.batch_write() as batch:
        for hold in others:
            batch.save(hold)
    chen = user_caller("dr.chen@example.org")
    report = point_of_care.enter(chen, patient_id, {"test": "a1c", "values": {"4548-4": "5.9"}}, send=False)
    try:
        clinician.hold(chen, patient_id, report["report_id"], "Discuss at the visit")
        with measure() as cost:
            res = api.get("/staff/today", as_user="provider")
        card = next(c for s in res.json["sections"] for c in s["cards"] if c["key"] == "holds")
        assert "Flatholds, Held" in [i["text"] for i in card["items"]] and not card["more"], card
        assert cost.items_read < len(others), cost  # the others' holds are not read
        clinician.release_hold(chen, patient_id, report["report_id"])
        res = api.get("/staff/today", as_user="provider")
        card = next(c for s in res.json["sections"] for c in s["cards"] if c["key"] == "holds")
        assert "Flatholds, Held" not in [i["text"] for i in card["items"]]
    finally:
        with Hold.batch_write() as batch:
            for hold in others:
                batch.delete(hold)


PAGED = 60  # more than a page of the results inboxes' default 50


def _walk(api, path: str, user: str, limit: int) -> list[dict]:
    """Every item of a paginated list, page by page; each page one index Query."""
    items, cursor = [], None
    while True:
        with measure() as cost:
            res = api.get(f"{path}{'&' if '?' in path else '?'}limit={limit}" + (f"&cursor={cursor}" if cursor else ""),
                          as_user=user)
        assert res.status == 200, res
        assert cost.queries == 1 and len(res.json["items"]) <= limit, cost
        items += res.json["items"]
        cursor = res.json["cursor"]
        if not cursor:
            return items


def test_the_results_inbox_pages_through_more_than_fifty_each_once_most_urgent_first(api, demo):
    """The inbox once showed the first 50 with no cursor: a clinician with more could not
    reach the rest. Pages follow the index's order (critical, abnormal, normal; oldest
    first within each) and show every waiting result exactly once."""
    from chalicelib.ids import sortable_id
    from chalicelib.models.result_report import ResultReport
    from chalicelib.services import patients
    from chalicelib.services.results import point_of_care
    from chalicelib.services.results.store import RANK
    from tests.messaging_helpers import user_caller

    patient_id = patients.create_patient(None, {"family_name": "Flatresults", "given_name": "Many",
                                                "birth_date": "1980-02-03", "sex": "female"})["patient_id"]
    chen = user_caller("dr.chen@example.org")
    first = point_of_care.enter(chen, patient_id, {"test": "a1c", "values": {"4548-4": "5.9"}}, send=False)
    model = ResultReport.get(patient_id, first["report_id"])
    copies = []
    for i in range(PAGED - 1):
        level = ("critical", "abnormal", "normal")[i % 3]
        report_id = sortable_id()
        copy = ResultReport.from_raw_data(model.serialize())
        copy.report_id, copy.order_key, copy.severity = report_id, f"flat-{report_id}", level
        copy.inbox_sort = f"{RANK[level]}#{model.received_at}#{report_id}"
        copies.append(copy)
    with ResultReport.batch_write() as batch:
        for copy in copies:
            batch.save(copy)
    mine = {first["report_id"]} | {c.report_id for c in copies}
    try:
        api.token("provider")
        items = _walk(api, "/results-inbox", "provider", 25)
        ids = [i["report_id"] for i in items]
        assert len(ids) == len(set(ids)) and mine <= set(ids)  # each exactly once, none missed
        ranks = [RANK[i["severity"]] for i in items]
        assert ranks == sorted(ranks)  # critical, then abnormal, then normal across the pages
        ours = [i["report_id"] for i in items if i["report_id"] in mine]
        by_index = sorted([first["report_id"], *[c.report_id for c in copies]],
                          key=lambda r: next(c.inbox_sort for c in [model, *copies] if c.report_id == r))
        assert ours == by_index  # the index's order: oldest first within a severity
        default = api.get("/results-inbox", as_user="provider").json
        assert len(default["items"]) == min(50, len(ids)) and bool(default["cursor"]) == (len(ids) >= 50)
        assert api.get("/results-inbox?cursor=forged.0", as_user="provider").error["field"] == "cursor"
        assert api.get("/results-inbox?limit=0", as_user="provider").error["field"] == "limit"
        # a cursor of one clinician's inbox is not valid for the unassigned one
        page = api.get("/results-inbox?limit=1", as_user="provider").json
        assert api.get(f"/results-inbox?owner=unassigned&cursor={page['cursor']}",
                       as_user="provider").error["field"] == "cursor"
    finally:
        with ResultReport.batch_write() as batch:
            for copy in copies:
                batch.delete(copy)
        ResultReport.get(patient_id, first["report_id"]).update(
            actions=[ResultReport.inbox_owner.remove(), ResultReport.inbox_sort.remove()])


def test_the_match_queue_pages_through_more_than_fifty_messages_each_once_oldest_first(api, demo):
    from chalicelib.models.lab_message import LabMessage
    from tests.results_helpers import ack_fields, message, post_hl7

    raw = message("lri_a1c_251.hl7", {"mrn": "987650001", "family_name": "Flatqueue", "given_name": "Nora",
                                       "birth_date": "1970-02-02"})
    assert "no patient has this MRN" in ack_fields(post_hl7(api, raw, demo["lab_credential"]))["reason"]
    queued = next(m for m in LabMessage.match_queue_index.query("open") if "987650001" in (m.raw or ""))
    copies = []
    for i in range(PAGED - 1):
        key = f"{queued.message_key}-flat{i:02d}"
        copy = LabMessage.from_raw_data(queued.serialize())
        copy.message_key = copy.message_id = key  # received with the original: ties page by table key
        copies.append(copy)
    with LabMessage.batch_write() as batch:
        for copy in copies:
            batch.save(copy)
    mine = {queued.message_id} | {c.message_id for c in copies}
    try:
        api.token("front_desk")
        items = _walk(api, "/results-match-queue", "front_desk", 20)
        ids = [i["message_id"] for i in items]
        assert len(ids) == len(set(ids)) and mine <= set(ids)
        received = [i["received_at"] for i in items]
        assert received == sorted(received)  # oldest first
        assert api.get("/results-match-queue", as_user="front_desk").json["cursor"]  # 60 waiting: more than a page
    finally:
        with LabMessage.batch_write() as batch:
            for copy in copies:
                batch.delete(copy)
        LabMessage(queued.message_id).update(actions=[LabMessage.queue.remove(), LabMessage.raw.remove()])
