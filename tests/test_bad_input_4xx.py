"""Inputs that answered 500 in the security review (finding 8): each is a 4xx in the
error shape, naming the field where there is one, and writes nothing."""
from __future__ import annotations

from chalicelib import clock
from tests.appointment_helpers import chen, free_slot, visit_type
from tests.helpers import unique_email


def assert_error_shape(res, status_range=range(400, 500)):
    assert res.status in status_range, res
    assert set(res.json) == {"error"} and {"code", "message", "field"} <= set(res.error) \
        <= {"code", "message", "field", "errors"}, res


def test_a_short_mfa_session_is_a_400(api):
    res = api.post("/auth/mfa/challenge", {"email": "alex.morgan@example.org", "session": "short",
                                           "code": "123456"})
    assert_error_shape(res)
    assert res.error["field"] == "session"


def test_json_nested_1000_levels_is_a_400(api):
    raw = b'{"email":' + b"[" * 1000 + b"]" * 1000 + b', "password": "x"}'
    res = api.request("POST", "/auth/sign-in", raw=raw)
    assert_error_shape(res)
    assert res.status == 400


def test_a_lone_surrogate_in_an_address_is_a_400_and_nothing_changes(api, demo):
    pid = demo["alex"]
    before = api.get(f"/patients/{pid}", as_user="alex").json
    raw = ('{"address": {"line1": "1 Main \\ud800 St", "city": "Springfield", "state": "IL", '
           '"postal_code": "62701", "country": "US"}}').encode()
    res = api.request("PATCH", f"/patients/{pid}/contact", raw=raw, as_user="alex")
    assert_error_shape(res)
    assert res.status == 400 and res.error["field"] == "address.line1"
    assert api.get(f"/patients/{pid}", as_user="alex").json == before


def test_a_whitespace_only_name_is_a_400_and_burns_no_mrn(api):
    from chalicelib.models.counter import Counter

    def mrn_counter():
        return [c.attribute_values for c in Counter.query("mrn")] if hasattr(Counter, "query") else None

    before = mrn_counter()
    res = api.post("/patients", {"given_name": "   ", "family_name": "Blank", "birth_date": "1990-01-01",
                                 "sex": "female", "email": unique_email("blank")}, as_user="front_desk")
    assert_error_shape(res)
    assert res.status == 400 and res.error["field"] == "given_name"
    assert mrn_counter() == before


def test_year_9999_in_availability_is_a_400(api):
    res = api.get(f"/availability?visit_type_id={visit_type(api, 'sick')}&from=9999-12-30&days=7",
                  as_user="alex")
    assert_error_shape(res)
    assert res.error["field"] == "from"


def test_year_9999_as_a_booking_start_is_a_4xx_and_books_nothing(api, demo):
    pid = demo["alex"]
    before = api.get(f"/patients/{pid}/appointments?limit=100", as_user="alex").json["items"]
    res = api.post(f"/patients/{pid}/appointments", {"visit_type_id": visit_type(api, "sick"),
                                                    "provider_id": chen(api), "start": "9999-12-31T09:00",
                                                    "reason": "Cough"}, as_user="alex")
    assert_error_shape(res)
    assert res.error["field"] == "start"
    assert api.get(f"/patients/{pid}/appointments?limit=100", as_user="alex").json["items"] == before


def test_year_9999_in_a_scheduling_block_is_a_400(api):
    before = api.get("/scheduling/blocks", as_user="front_desk").json
    res = api.post("/scheduling/blocks", {"provider_id": chen(api), "start": "9999-12-31T09:00",
                                          "end": "9999-12-31T23:59", "label": "Far away"}, as_user="front_desk")
    assert_error_shape(res)
    assert res.error["field"] == "start"
    assert api.get("/scheduling/blocks", as_user="front_desk").json == before
