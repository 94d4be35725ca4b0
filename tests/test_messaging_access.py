"""Every messaging route against every role (own record, proxy record, another patient's,
each staff role), with its DynamoDB call budget: a thread page and the inbox cost a fixed
number of calls however many conversations exist."""
from __future__ import annotations

import pytest

from tests.messaging_helpers import caps
from tests.test_access_matrix import target  # self: alex, proxy: jordan on sam, other: alex on priya

STAFF = ("provider", "nurse", "front_desk", "billing", "admin")
POOL = ("provider", "nurse", "admin")  # the nurses pool (medication questions)
OK = (200, 201)


def patient_side(ok, staff_ok=POOL):
    return {"self": ok, "proxy": ok, "other": 404,
            **{r: (ok if r in staff_ok else 403) for r in STAFF}}


# name -> (method, path under the thread or patient, body, expected, call budget)
ROUTES = {
    "list threads": ("GET", "{base}", None, patient_side(OK, STAFF), 5),
    "start thread": ("POST", "{base}", {"topic": "medication", "subject": "Dose", "body": "Which dose?"},
                     patient_side(OK), 12),
    "read thread": ("GET", "{thread}", None, patient_side(OK), 8),
    "reply": ("POST", "{thread}/replies", {"body": "Thank you"}, patient_side(OK), 14),
    "internal note": ("POST", "{thread}/replies", {"body": "Chart checked", "internal": True},
                      {**patient_side(OK), "self": 403, "proxy": 403}, 6),
    "close": ("POST", "{thread}/close", {}, patient_side(OK), 7),
    "assign": ("POST", "{thread}/assign", {"user_id": "me"},
               {**patient_side(OK), "self": 403, "proxy": 403}, 6),
    # Past the access checks, an unknown medication is a 422: who may convert, without side effects.
    "convert to refill": ("POST", "{thread}/convert", {"to": "refill", "entry_id": "no-such-entry"},
                          {**patient_side(422, ("provider", "nurse")), "self": 403, "proxy": 403, "admin": 403}, 6),
}
CASES = [(name, who) for name, (_, _, _, expect, _) in ROUTES.items() for who in expect]


@pytest.fixture(scope="module", autouse=True)
def roomy(demo):
    with caps(max_open_threads=5000, max_messages_per_day=5000):
        yield


@pytest.mark.parametrize("name,who", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_messaging_route_access_and_budget(api, demo, ddb_calls, name, who):
    method, template, body, expect, budget = ROUTES[name]
    user, pid = target(demo, who)
    thread = api.post(f"/patients/{pid}/messages", {"topic": "medication", "subject": "Matrix",
                                                    "body": "A medication question"}, as_user="nurse")
    assert thread.status == 201, thread
    base = f"/patients/{pid}/messages"
    path = template.format(base=base, thread=f"{base}/{thread.json['thread_id']}")
    api.token(user)
    with ddb_calls() as calls:
        res = api.request(method, path, body=body, as_user=user)
    allowed = expect[who]
    assert res.status in (allowed if isinstance(allowed, tuple) else (allowed,)), res
    if res.status >= 400:
        assert set(res.json) == {"error"} and {"code", "message", "field"} <= set(res.error)
        assert "Matrix" not in res.raw_body.decode() and "medication question" not in res.raw_body.decode()
    assert "Scan" not in calls
    assert len(calls) <= budget, calls


@pytest.mark.parametrize("who", ("alex", "jordan") + STAFF)
def test_practice_wide_routes(api, who, ddb_calls):
    admin = who == "admin"
    api.token(who)
    with ddb_calls() as calls:
        assert api.get("/practice/messaging", as_user=who).status == (200 if admin else 403)
        assert api.get("/reports/messaging-response-times", as_user=who).status == (200 if admin else 403)
    # per request: the authorizer GetItem and (denials) one record of the refusal; metrics: 2 Queries per pool
    assert "Scan" not in calls and len(calls) <= 4 + (12 if admin else 0), calls
    current = api.get("/practice/messaging", as_user="admin").json
    res = api.patch("/practice/messaging", {"target_business_hours": current["target_business_hours"]}, as_user=who)
    assert res.status == (200 if admin else 403)


@pytest.mark.parametrize("who", ("alex", "jordan") + STAFF)
def test_staff_only_routes(api, who):
    staff = who in STAFF
    assert api.get("/message-topics", as_user=who).status == 200
    assert api.get("/inbox", as_user=who).status == (200 if staff else 403)
    assert api.get("/quick-replies", as_user=who).status == (200 if staff else 403)
    res = api.post("/quick-replies", {"title": "Matrix", "text": "Hello {first_name}"}, as_user=who)
    assert res.status == (201 if staff else 403)


def test_inbox_and_thread_page_cost_the_same_however_many_threads(api, demo, ddb_calls):
    def inbox_calls():
        api.token("nurse")
        with ddb_calls() as calls:
            assert api.get("/inbox?pool=nurses&status=answered&limit=25", as_user="nurse").status == 200
        return list(calls)

    before = inbox_calls()
    for n in range(30):
        assert api.post(f"/patients/{demo['priya']}/messages",
                        {"topic": "medication", "subject": f"Load {n}", "body": "b"}, as_user="nurse").status == 201
    after = inbox_calls()
    assert "Scan" not in after and len(after) == len(before) <= 5, after
    budget_ok = "Query" in after and after.count("Query") == 1
    assert budget_ok, after
