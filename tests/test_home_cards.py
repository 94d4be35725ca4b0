"""Home cards say what is new: who it is from and the day it is about ("Visit summary from
Dr. Wei Chen, Nov 30"), so two of a kind never read the same; still no clinical words."""
from __future__ import annotations


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
    """Alex's seed has two new statements: each card names its statement and date. A new
    result's card says the day it was collected (never the test's name)."""
    home = api.get(f"/patients/{demo['alex']}/home", as_user="alex").json
    statements = [(i["label"], i["on"]) for i in home["attention"] if i["kind"] == "statement"]
    assert {"Statement S-1001", "Statement S-1002"} <= {label for label, _ in statements}
    assert len(set(statements)) == len(statements) and all(on for _, on in statements), statements
    results = [i for i in home["attention"] if i["kind"] == "result"]
    assert results and all(i["label"] == "New test result" and i["on"] for i in results), results
