"""Home cards say what is new: who it is from and the day it is about ("Visit summary from
Dr. Wei Chen, Nov 30"), so two of a kind never read the same; still no clinical words."""
from __future__ import annotations

from datetime import datetime

from chalicelib import clock


def test_two_visit_summaries_read_differently_on_the_home(api, demo):
    home = api.get(f"/patients/{demo['sam']}/home", as_user="jordan").json
    summaries = [i for i in home["attention"] if i["kind"] == "visit-summary"]
    assert len(summaries) >= 2
    assert {i["label"] for i in summaries} == {"Visit summary from Dr. Wei Chen"}
    listed = api.get(f"/patients/{demo['sam']}/visit-summaries", as_user="jordan").json["items"]
    # each card is dated by its own visit (other tests may add held summaries, which have no card)
    assert {i["on"] for i in summaries} <= {v["visit_date"] for v in listed}
    assert len({(i["label"], i["on"]) for i in summaries}) == len(summaries)


def test_an_answered_correction_says_so_and_when(api, demo):
    from chalicelib import clock

    pid = demo["priya"]
    sent = api.post(f"/patients/{pid}/corrections", {"kind": "allergies", "action": "add",
                                                     "fields": {"substance": "Latex"}}, as_user="priya").json
    api.post(f"/patients/{pid}/requests/{sent['request_id']}/decision", {"decision": "decline", "note": "Seen"},
             as_user="nurse")
    item = next(i for i in api.get(f"/patients/{pid}/home", as_user="priya").json["attention"]
                if i["id"] == f"request-decided:{sent['request_id']}")
    assert item["label"] == "Correction declined" and item["on"] == clock.today().isoformat()
    assert "Latex" not in item["label"]


def test_new_statements_read_apart_and_new_results_say_when_collected(api, demo):
    """Two new statements: each card names its statement and date. A new result's card says
    the day it was collected (never the test's name). A patient of its own: other tests open
    the demo patients' statements and results, which clears their cards."""
    from tests.billing_helpers import import_rows, number, row
    from tests.helpers import make_patient_account
    from tests.results_helpers import ack_fields, message, post_hl7

    eve = make_patient_account(api, given="Eve", family="Everywoman", birth_date="1980-01-15")
    token = api.token(eve["email"], eve["password"])
    first, second = number(), number()
    res = import_rows(api, row(first, eve["mrn"], statement_offset=-40, due_offset=-10),
                      row(second, eve["mrn"], statement_offset=-2, due_offset=28))
    assert res.status == 200, res
    assert ack_fields(post_hl7(api, message("quest_lipid_231.hl7", eve), demo["lab_credential"]))["code"] == "AA"

    home = api.get(f"/patients/{eve['patient_id']}/home", token=token).json
    statements = [(i["label"], i["on"]) for i in home["attention"] if i["kind"] == "statement"]
    assert {label for label, _ in statements} == {f"Statement {first}", f"Statement {second}"}
    assert len(set(statements)) == 2 and all(on for _, on in statements), statements
    results = [i for i in home["attention"] if i["kind"] == "result"]
    assert len(results) == 1 and results[0]["label"] == "New test result", results
    report = api.get(f"/patients/{eve['patient_id']}/results/{results[0]['resource_id']}", token=token).json
    collected = datetime.fromisoformat(report["collected_at"].replace("Z", "+00:00"))
    assert results[0]["on"] == clock.local(collected).date().isoformat()  # the practice's day
