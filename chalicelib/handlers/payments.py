"""Payments: the hosted payment page, the provider's webhook, the patient's payments."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import body, caller, obj, route, text
from chalicelib.services.billing import checkout, statements, webhook

bp = Blueprint(__name__)

CHECKOUT = obj({
    "statement_id": text(64),
    "amount_cents": {"type": "integer", "minimum": 1, "maximum": 10_000_000,
                     "description": "omit to pay the whole balance"},
}, ("statement_id",))


@route(bp, "/patients/{patient_id}/payments/checkout", "POST", body=CHECKOUT, tag="payments",
       summary="Open the provider's hosted payment page for a statement (full or partial amount); "
               "needs an Idempotency-Key header; the payment is recorded from the provider's webhook")
def start_checkout(patient_id):
    data = body(bp, CHECKOUT)
    return checkout.start(caller(bp), patient_id, data["statement_id"], data.get("amount_cents"),
                          bp.current_request.headers.get("idempotency-key"))


@route(bp, "/patients/{patient_id}/payments", tag="payments",
       summary="The patient's payments (with receipt numbers), refunds and disputes, newest first")
def list_payments(patient_id):
    return statements.list_payments(caller(bp), patient_id)


# Documentation only: an event is checked by its signature over the raw body, then by type.
EVENT = obj({"id": text(255), "object": text(20), "type": text(100), "created": {"type": "integer"},
             "api_version": text(40), "livemode": {"type": "boolean"}, "pending_webhooks": {"type": "integer"},
             "data": {"type": "object"}, "request": {"type": ["object", "null"]}}, ("id", "type", "data"))


@route(bp, "/payments/webhook", "POST", public=True, tag="payments", body=EVENT,
       summary="The payment provider's signed events (Stripe-Signature); each applied once")
def provider_webhook():
    request = bp.current_request
    return webhook.receive(request.raw_body or b"", request.headers.get("stripe-signature"))
