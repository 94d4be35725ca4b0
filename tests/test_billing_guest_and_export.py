"""Guest pay (code + birth date, throttled, audited), reminders for unpaid statements on the
practice's schedule, and the billing staff's reconciliation export."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

from devserver.seed import DEMO_PASSWORD
from tests.billing_helpers import checkout, new_statement, session_id_of
from tests.helpers import make_patient_account, unique_email


def guest_patient(api, born="1968-09-21"):
    return make_patient_account(api, given="Guest", family="Payee", birth_date=born, email=unique_email("guest"),
                                password=DEMO_PASSWORD)


def code_of(patient_id, statement_id):
    from chalicelib.models.statement import Statement

    return Statement.get(patient_id, statement_id).guest_code


def test_a_guest_pays_with_the_code_and_birth_date(api, payments):
    patient = guest_patient(api)
    statement = new_statement(api, patient, 6500)
    code = code_of(patient["patient_id"], statement["statement_id"])
    found = api.post("/guest-pay/lookup", {"code": code.lower().replace("-", " "), "birth_date": "1968-09-21"})
    assert found.status == 200, found
    assert found.json["balance_cents"] == 6500 and found.json["statement_number"] == statement["number"]
    assert "Payee" not in str(found.json) and "Office visit" not in str(found.json)
    res = api.post("/guest-pay/checkout", {"code": code, "birth_date": "1968-09-21", "amount_cents": 1500},
                   headers={"Idempotency-Key": uuid.uuid4().hex})
    assert res.status == 200, res
    assert payments.sessions[res.json["session_id"]]["metadata"]["channel"] == "guest"
    payments.pay(res.json["session_id"], card="4242424242424242")
    after = api.post("/guest-pay/lookup", {"code": code, "birth_date": "1968-09-21"}).json
    assert after["balance_cents"] == 5000
    log = api.get(f"/patients/{patient['patient_id']}/access-log?limit=10", as_user=patient["email"]).json["items"]
    assert any(e["actor"]["role"] == "guest" and e["resource"] == "guest-pay" for e in log)


def test_a_wrong_birth_date_is_refused_like_a_wrong_code_and_audited(api):
    patient = guest_patient(api, born="1970-01-02")
    statement = new_statement(api, patient, 6500)
    code = code_of(patient["patient_id"], statement["statement_id"])
    wrong = api.post("/guest-pay/lookup", {"code": code, "birth_date": "1970-01-03"})
    unknown = api.post("/guest-pay/lookup", {"code": "ZZZZZ-ZZZZZ", "birth_date": "1970-01-02"})
    assert wrong.status == unknown.status == 422 and wrong.error["message"] == unknown.error["message"]
    log = api.get(f"/patients/{patient['patient_id']}/access-log?limit=5", as_user=patient["email"]).json["items"]
    assert log[0]["action"] == "attempt" and log[0]["description"].startswith("Guest payer (guest payer) tried to open")
    no_key = api.post("/guest-pay/checkout", {"code": code, "birth_date": "1970-01-02"})
    assert no_key.status == 400 and no_key.error["field"] == "Idempotency-Key"


def test_guessing_birth_dates_is_throttled(api):
    patient = guest_patient(api, born="1980-05-05")
    statement = new_statement(api, patient, 6500)
    code = code_of(patient["patient_id"], statement["statement_id"])
    answers = [api.post("/guest-pay/lookup", {"code": code, "birth_date": f"1980-05-{day:02d}"}).status
               for day in range(10, 16)]
    assert answers[:5] == [422] * 5 and answers[5] == 429
    right = api.post("/guest-pay/lookup", {"code": code, "birth_date": "1980-05-05"})
    assert right.status == 429 and right.error["field"] == "code"


def test_the_throttle_counters_expire_by_ttl(api):
    from chalicelib import clock
    from chalicelib.models.throttle import Throttle
    from chalicelib.services.billing.guest import WINDOW_SECONDS

    patient = guest_patient(api, born="1982-02-02")
    code = code_of(patient["patient_id"], new_statement(api, patient, 6500)["statement_id"])
    api.post("/guest-pay/lookup", {"code": code, "birth_date": "1982-02-03"})
    window = int(clock.epoch()) // WINDOW_SECONDS
    counter = Throttle.get(f"guest-code:{code}:{window}")
    assert int(counter.count) == 1
    assert clock.epoch() < counter.expires.timestamp() <= clock.epoch() + WINDOW_SECONDS


def test_reminders_go_on_the_practice_days_once_and_stop_when_paid(api, payments, mailbox):
    from chalicelib import clock
    from chalicelib.services.billing import reminders

    patient = guest_patient(api, born="1961-03-03")
    statement = new_statement(api, patient, 4000, statement_offset=-15, due_offset=15, service_offset=-20)
    others = new_statement(api, patient, 4000, statement_offset=-5, due_offset=25, service_offset=-9)

    def reminders_to_patient():
        return [m for m in mailbox.messages() if patient["email"] in str(m.get("to"))
                and "reminder" in str(m.get("subject", "")).lower()]

    reminders.run(clock.today())
    assert len(reminders_to_patient()) == 1  # day 14 passed for the first statement; not yet for the other
    reminders.run(clock.today())
    assert len(reminders_to_patient()) == 1  # once
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    payments.pay(session_id, card="4242424242424242")
    reminders.run(clock.today() + timedelta(days=20))  # day 30 of the paid one; day 14 of the other
    sent = reminders_to_patient()
    assert len(sent) == 2
    assert "40.00" not in str(sent[0]) and "Payee" not in str(sent[0])
    assert others["statement_id"]


def test_billing_exports_payments_since_a_date_with_provider_ids(api, payments):
    from chalicelib import clock

    patient = guest_patient(api, born="1955-06-06")
    statement = new_statement(api, patient, 8800)
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    payments.pay(session_id, card="4242424242424242")
    intent = payments.sessions[session_id]["payment_intent"]
    payments.refund(intent, 800)
    since = (clock.today() - timedelta(days=1)).isoformat()
    res = api.get(f"/payments/export?since={since}", as_user="billing")
    assert res.status == 200 and res.headers["Content-Type"].startswith("text/csv"), res
    assert "attachment" in res.headers["Content-Disposition"]
    rows = [r for r in csv.DictReader(io.StringIO(res.raw_body.decode())) if r["payment_intent"] == intent]
    assert sorted((r["kind"], r["amount"]) for r in rows) == [("payment", "88.00"), ("refund", "-8.00")]
    assert rows[0]["statement_number"] == statement["number"] and rows[0]["mrn"] == patient["mrn"]
    assert all(r["event_id"].startswith("evt_") for r in rows)
    assert api.get(f"/payments/export?since={since}", as_user="front_desk").status == 403
    assert api.get("/payments/export?since=yesterday", as_user="billing").error["field"] == "since"


def test_the_practice_sets_the_reminder_days(api, mailbox):
    from chalicelib import clock
    from chalicelib.services import practice
    from chalicelib.services.billing import reminders

    assert api.get("/practice").json["statement_reminder_days"] == [14, 30, 60]
    bad = api.patch("/practice", {"statement_reminder_days": [0]}, as_user="admin")
    assert bad.status == 400 and bad.error["field"].startswith("statement_reminder_days")
    assert api.patch("/practice", {"statement_reminder_days": [14, 30, 60]}, as_user="front_desk").status == 403
    patient = guest_patient(api, born="1966-06-16")
    new_statement(api, patient, 3000, statement_offset=-3, due_offset=27, service_offset=-6)
    try:
        assert api.patch("/practice", {"statement_reminder_days": [3]}, as_user="admin").status == 200
        practice._cache.clear()
        reminders.run(clock.today())
        assert any(patient["email"] in str(m.get("to")) and "reminder" in str(m.get("subject", "")).lower()
                   for m in mailbox.messages())
    finally:
        api.patch("/practice", {"statement_reminder_days": [14, 30, 60]}, as_user="admin")
        practice._cache.clear()


def test_billing_routes_stay_within_their_call_budgets(api, demo, payments, ddb_calls):
    from chalicelib import clock
    from tests.billing_helpers import csv_of, number, row

    api.token("billing")
    api.token("alex")
    budgets = [
        # starting the statement PDF (the export worker makes it): user, statement, marker, job, audit
        (lambda: api.post(f"/patients/{demo['alex']}/statements/{demo['alex_statement']}/pdf", {},
                          as_user="alex"), 6),
        (lambda: api.get(f"/payments/export?since={clock.today().isoformat()}", as_user="billing"), 6),
        # user, MRN query, number index, claim+statement+charge read none: a dry run of one statement
        (lambda: api.post("/statements/import", {"csv": csv_of(row(number(), "100001")), "dry_run": True},
                          as_user="billing"), 4),
        (lambda: api.post("/guest-pay/checkout", {"code": demo["priya_guest_code"], "birth_date": "1991-07-28",
                                                  "amount_cents": 100}, headers={"Idempotency-Key": "budget-0001"}), 7),
    ]
    for call, budget in budgets:
        with ddb_calls() as calls:
            res = call()
        assert res.status in (200, 202), res
        assert "Scan" not in calls and len(calls) <= budget, calls
