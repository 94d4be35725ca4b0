"""Paying through the hosted page; money recorded only from the provider's signed webhook,
each event and payment exactly once; refunds and disputes as their own entries."""
from __future__ import annotations

import json
import threading

import pytest

from devserver.payments import sign
from devserver.seed import DEMO_PASSWORD
from tests.billing_helpers import checkout, new_statement, session_id_of
from tests.helpers import make_patient_account, unique_email


@pytest.fixture
def patient(api):
    return make_patient_account(api, given="Pay", family="Tester", email=unique_email("payer"),
                                password=DEMO_PASSWORD)


def statement_of(api, patient, statement_id):
    res = api.get(f"/patients/{patient['patient_id']}/statements/{statement_id}", as_user=patient["email"])
    assert res.status == 200, res
    return res.json


def signed(payments, kind, obj, at=None):
    from chalicelib import clock

    at = int(at if at is not None else clock.epoch())
    payload = payments.event(kind, obj, at)
    return payload, sign(payload, payments._secrets()["webhook_secret"], at)


def test_checkout_opens_the_hosted_page_and_records_nothing_yet(api, payments, patient):
    statement = new_statement(api, patient, 7500)
    res = checkout(api, patient, statement["statement_id"], as_user=patient["email"])
    assert res.status == 200, res
    assert res.json["amount_cents"] == 7500 and "/_dev/checkout/cs_test_" in res.json["checkout_url"]
    session = payments.sessions[res.json["session_id"]]
    assert session["metadata"] == {"patient_id": patient["patient_id"], "statement_id": statement["statement_id"],
                                   "channel": "portal"}
    assert "Tester" not in session["description"] and "Office visit" not in session["description"]
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 7500


def test_a_retried_checkout_with_the_same_key_gets_the_same_page(api, payments, patient):
    statement = new_statement(api, patient, 7500)
    first = checkout(api, patient, statement["statement_id"], key="retry-key-0001", as_user=patient["email"])
    again = checkout(api, patient, statement["statement_id"], key="retry-key-0001", as_user=patient["email"])
    assert session_id_of(first) == session_id_of(again)
    missing = api.post(f"/patients/{patient['patient_id']}/payments/checkout",
                       {"statement_id": statement["statement_id"]}, as_user=patient["email"])
    assert missing.status == 400 and missing.error["field"] == "Idempotency-Key"


def test_card_payment_through_the_page_pays_the_statement_with_a_receipt(api, payments, patient, mailbox):
    statement = new_statement(api, patient, 7500)
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    redirect, error = payments.pay(session_id, card="4242 4242 4242 4242")
    assert error is None and redirect.endswith(f"?paid={session_id}")
    assert payments.sent[-1]["status"] == 200
    shown = statement_of(api, patient, statement["statement_id"])
    assert shown["balance_cents"] == shown["ledger_balance_cents"] == 0 and shown["status"] == "paid"
    assert [(e["kind"], e["amount_cents"]) for e in shown["entries"]] == [("charge", 7500), ("payment", -7500)]
    paid = api.get(f"/patients/{patient['patient_id']}/payments", as_user=patient["email"]).json["items"]
    receipt = paid[0]["receipt_number"]
    assert paid[0]["kind"] == "payment" and receipt.startswith("R-")
    mail = [m for m in mailbox.messages() if patient["email"] in str(m.get("to"))]
    assert receipt in str(mail[0]) and "75.00" not in str(mail[0]) and "Tester" not in str(mail[0])
    unpaid = api.get("/statements?limit=100", as_user="billing").json["items"]
    assert statement["statement_id"] not in {s["statement_id"] for s in unpaid}


def test_partial_payment_leaves_the_rest_due(api, payments, patient):
    statement = new_statement(api, patient, 7500)
    too_much = checkout(api, patient, statement["statement_id"], 7501, as_user=patient["email"])
    too_little = checkout(api, patient, statement["statement_id"], 49, as_user=patient["email"])
    assert too_much.status == too_little.status == 422 and too_much.error["field"] == "amount_cents"
    payments.pay(session_id_of(checkout(api, patient, statement["statement_id"], 2000, as_user=patient["email"])),
                 card="4242424242424242")
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 5500
    home = api.get(f"/patients/{patient['patient_id']}/home", as_user=patient["email"]).json
    assert home["sections"]["balance_due"]["balance_cents"] >= 5500


def test_a_declined_card_records_nothing(api, payments, patient):
    statement = new_statement(api, patient, 7500)
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    sent = len(payments.sent)
    redirect, error = payments.pay(session_id, card="4000 0000 0000 0002")
    assert redirect is None and "declined" in error and len(payments.sent) == sent
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 7500


def test_a_bank_debit_counts_only_once_it_clears(api, payments, patient):
    statement = new_statement(api, patient, 7500)
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    payments.pay(session_id, bank_account="000123456789")
    assert payments.sent[-1]["type"] == "checkout.session.completed" and payments.sent[-1]["status"] == 200
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 7500
    assert payments.settle(session_id) == 200
    shown = statement_of(api, patient, statement["statement_id"])
    assert shown["balance_cents"] == 0 and shown["entries"][-1]["method"] == "us_bank_account"


def paid_session(api, payments, patient, cents=7500):
    statement = new_statement(api, patient, cents)
    session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    session = payments.sessions[session_id]
    session.update(status="complete", payment_status="paid", payment_intent=f"pi_test_{session_id[-12:]}")
    return statement, session


def test_forged_stale_and_unsigned_events_are_refused(api, payments, patient):
    from chalicelib import clock

    statement, session = paid_session(api, payments, patient)
    payload, _ = signed(payments, "checkout.session.completed", session)
    forged = sign(payload, "whsec_not_the_portals_secret", int(clock.epoch()))
    assert payments.deliver(payload, forged) == 400
    stale_payload, stale = signed(payments, "checkout.session.completed", session, at=clock.epoch() - 600)
    assert payments.deliver(stale_payload, stale) == 400
    assert payments.deliver(payload, "") == 400
    tampered = payload.replace(b'"amount_total": 7500', b'"amount_total": 1')
    assert payments.deliver(tampered, sign(payload, payments._secrets()["webhook_secret"], int(clock.epoch()))) == 400
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 7500


def test_the_same_event_delivered_five_times_is_one_entry(api, payments, patient):
    statement, session = paid_session(api, payments, patient)
    payload, signature = signed(payments, "checkout.session.completed", session)
    assert [payments.deliver(payload, signature) for _ in range(5)] == [200] * 5
    shown = statement_of(api, patient, statement["statement_id"])
    assert [e["kind"] for e in shown["entries"]].count("payment") == 1 and shown["balance_cents"] == 0


def test_the_same_event_delivered_20_times_at_once_is_one_entry(api, payments, patient):
    statement, session = paid_session(api, payments, patient)
    payload, signature = signed(payments, "checkout.session.completed", session)
    statuses, start = [], threading.Barrier(20)

    def deliver():
        start.wait()
        statuses.append(payments.deliver(payload, signature))

    threads = [threading.Thread(target=deliver) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 20
    shown = statement_of(api, patient, statement["statement_id"])
    assert [e["kind"] for e in shown["entries"]].count("payment") == 1 and shown["balance_cents"] == 0


def test_two_events_about_one_payment_make_one_entry(api, payments, patient):
    statement, session = paid_session(api, payments, patient)
    for kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        assert payments.deliver(*signed(payments, kind, session)) == 200
    assert statement_of(api, patient, statement["statement_id"])["balance_cents"] == 0


def test_refunds_and_disputes_from_the_dashboard_are_their_own_entries(api, payments, patient):
    statement, session = paid_session(api, payments, patient)
    payments.deliver(*signed(payments, "checkout.session.completed", session))
    intent = session["payment_intent"]
    assert payments.refund(intent, 2500) == 200
    last = payments.sent[-1]
    resent = signed(payments, "charge.refunded", json.loads(last["payload"])["data"]["object"])
    assert payments.deliver(*resent) == 200  # the same refund in another event: still one entry
    assert payments.refund(intent, 1000) == 200  # lists the first refund again: still one entry for it
    dispute_id, status = payments.dispute(intent, 4000)
    assert status == 200
    assert payments.dispute(intent, 4000, status="won", dispute_id=dispute_id)[1] == 200
    shown = statement_of(api, patient, statement["statement_id"])
    kinds = [(e["kind"], e["amount_cents"]) for e in shown["entries"]]
    assert kinds[:2] == [("charge", 7500), ("payment", -7500)]
    assert sorted(kinds[2:]) == sorted([("refund", 2500), ("refund", 1000), ("dispute", 4000), ("dispute_won", -4000)])
    assert shown["balance_cents"] == shown["ledger_balance_cents"] == 3500


def test_a_refund_that_fails_at_the_bank_is_undone(api, payments, patient):
    statement, session = paid_session(api, payments, patient)
    payments.deliver(*signed(payments, "checkout.session.completed", session))
    intent = session["payment_intent"]
    assert payments.refund(intent, 3000) == 200
    refund = payments.refunds[intent][-1]
    failed = {**refund, "status": "failed"}
    for _ in range(2):  # redelivered: still one reversal
        assert payments.deliver(*signed(payments, "refund.failed", failed)) == 200
    shown = statement_of(api, patient, statement["statement_id"])
    assert [(e["kind"], e["amount_cents"]) for e in shown["entries"]][2:] == [("refund", 3000), ("refund_failed", -3000)]
    assert shown["balance_cents"] == 0


def test_paying_follows_the_access_rules(api, payments, demo):
    statement = demo["priya_statement"]
    assert checkout(api, demo["priya"], statement, as_user="alex").status == 404
    assert checkout(api, demo["priya"], statement, as_user="billing").status == 403
    assert checkout(api, demo["priya"], "0000000000000000", as_user="priya").status == 404


def test_checkout_and_webhook_stay_within_their_call_budgets(api, payments, patient, ddb_calls):
    statement = new_statement(api, patient, 7500)
    api.token(patient["email"])
    with ddb_calls() as calls:
        session_id = session_id_of(checkout(api, patient, statement["statement_id"], as_user=patient["email"]))
    assert "Scan" not in calls and len(calls) <= 5, calls  # user, statement, practice settings, audit
    session = payments.sessions[session_id]
    session.update(status="complete", payment_status="paid", payment_intent=f"pi_test_{session_id[-12:]}")
    payload, signature = signed(payments, "checkout.session.completed", session)
    with ddb_calls() as calls:
        assert payments.deliver(payload, signature) == 200
    # seen?, statement, transaction, audit, receipt (patient, preferences, notification log),
    # the adoption count (count and amount in one update)
    assert "Scan" not in calls and len(calls) <= 8, calls
    with ddb_calls() as calls:
        assert payments.deliver(payload, signature) == 200
    assert calls == ["GetItem"], calls  # a redelivery is answered from the event record alone
