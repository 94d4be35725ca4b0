"""Payments: the hosted payment page, the provider's webhook, the patient's payments."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import DATE, body, caller, obj, query_param, route, text
from chalicelib.services.billing import checkout, export, guest, statements, webhook

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


GUEST = obj({"code": text(20, description="the statement code printed on the paper statement"),
             "birth_date": DATE}, ("code", "birth_date"))
GUEST_CHECKOUT = obj({**GUEST["properties"], "amount_cents": CHECKOUT["properties"]["amount_cents"]},
                     ("code", "birth_date"))


def _origin() -> tuple[str | None, str | None]:
    ctx = bp.current_request.context or {}
    return (ctx.get("identity") or {}).get("sourceIp"), ctx.get("requestId")


@route(bp, "/guest-pay/lookup", "POST", public=True, body=GUEST, tag="guest-pay",
       summary="Guest pay, no sign-in: the statement for a code and the patient's birth date (amounts only); "
               "throttled and audited")
def guest_lookup():
    data = body(bp, GUEST)
    ip, request_id = _origin()
    return guest.lookup(data["code"], data["birth_date"], ip, request_id)


@route(bp, "/guest-pay/checkout", "POST", public=True, body=GUEST_CHECKOUT, tag="guest-pay",
       summary="Guest pay: open the hosted payment page (Idempotency-Key header); throttled and audited")
def guest_checkout():
    data = body(bp, GUEST_CHECKOUT)
    ip, request_id = _origin()
    return guest.start_checkout(data["code"], data["birth_date"], data.get("amount_cents"),
                                bp.current_request.headers.get("idempotency-key"), ip, request_id)


@route(bp, "/payments/export", tag="payments", query={"since": "YYYY-MM-DD (practice date), at most 12 months ago"},
       summary="Billing: reconciliation CSV of payments, refunds and disputes since a date, with the provider's ids")
def payments_export():
    from chalice import Response

    filename, text_csv = export.reconciliation_csv(caller(bp), query_param(bp, "since"))
    return Response(status_code=200, body=text_csv, headers={
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"'})
