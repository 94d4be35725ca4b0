"""A local stand-in for the payment provider (Stripe), dev and tests only, never deployed.

It plays the provider's part so the portal's production code path runs unchanged:
- the API calls the portal makes through the official `stripe` library (create and
  retrieve a Checkout Session; API key checked, Idempotency-Key honoured), at
  PAYMENT_API_BASE (the devserver serves it at /_dev/stripe);
- the hosted payment page (/_dev/checkout/<session id>) with test cards;
- webhook events POSTed to the portal's real /payments/webhook route, signed exactly as
  Stripe signs them (`Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.payload">`),
  with the webhook secret the portal reads from Secrets Manager;
- refunds and disputes "from the dashboard" (refund(), dispute()).

Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined. Bank account
000123456789 (routing 110000000) pays a few seconds later (a delayed ACH debit);
000111111116 fails later.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import secrets
import threading
from typing import Callable
from urllib.parse import parse_qsl

SUCCESS_CARD, DECLINED_CARD = "4242424242424242", "4000000000000002"
ACH_SUCCESS, ACH_FAILURE = "000123456789", "000111111116"
ACH_SETTLE_SECONDS = 3.0


def decode_form(body: str) -> dict:
    """Stripe's form encoding (`a[b][0][c]=v`) back into nested dicts and lists."""
    root: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part, nxt in zip(parts, parts[1:]):
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class StripeStandIn:
    def __init__(self, deliver: Callable[[bytes, str], int], portal_url: str, auto_settle: bool = True):
        self.deliver = deliver  # (payload, Stripe-Signature header) -> HTTP status of the webhook route
        self.portal_url = portal_url.rstrip("/")
        self.auto_settle = auto_settle
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, list[dict]] = {}  # payment intent -> refunds
        self.idempotency: dict[str, tuple[str, str]] = {}  # key -> (request fingerprint, session id)
        self.sent: list[dict] = []  # every event delivered, with the route's answer
        self.lock = threading.Lock()

    # ---- secrets: the same ones the portal reads --------------------------------

    def _secrets(self) -> dict:
        from chalicelib.aws import client
        from chalicelib.config import get_settings

        return json.loads(client("secretsmanager").get_secret_value(
            SecretId=get_settings().payment_secret_id)["SecretString"])

    # ---- the API ----------------------------------------------------------------

    def api(self, method: str, path: str, headers: dict, body: str) -> tuple[int, dict]:
        auth = headers.get("authorization", "")
        if auth != f"Bearer {self._secrets()['api_key']}":
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create(decode_form(body), headers.get("idempotency-key"))
        found = re.fullmatch(r"/v1/checkout/sessions/(cs_[A-Za-z0-9_]+)", path)
        if method == "GET" and found and found.group(1) in self.sessions:
            return 200, self.sessions[found.group(1)]
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})."}}

    def _create(self, params: dict, key: str | None) -> tuple[int, dict]:
        fingerprint = json.dumps(params, sort_keys=True)
        with self.lock:
            if key and key in self.idempotency:
                seen, session_id = self.idempotency[key]
                if seen != fingerprint:
                    return 400, {"error": {"type": "idempotency_error", "message":
                                           "Keys for idempotent requests can only be used with the same parameters."}}
                return 200, self.sessions[session_id]
            item = params["line_items"][0]
            session_id = f"cs_test_{secrets.token_hex(12)}"
            session = {
                "id": session_id, "object": "checkout.session", "mode": params.get("mode", "payment"),
                "status": "open", "payment_status": "unpaid", "payment_intent": None,
                "amount_total": int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)),
                "currency": item["price_data"]["currency"], "description": item["price_data"]["product_data"]["name"],
                "metadata": params.get("metadata", {}), "payment_method_types": params.get("payment_method_types", []),
                "success_url": params["success_url"], "cancel_url": params["cancel_url"],
                "url": f"{self.portal_url}/_dev/checkout/{session_id}", "livemode": False,
            }
            self.sessions[session_id] = session
            if key:
                self.idempotency[key] = (fingerprint, session_id)
        return 200, session

    # ---- the hosted payment page -----------------------------------------------

    def pay(self, session_id: str, card: str = "", bank_account: str = "") -> tuple[str | None, str | None]:
        """The payer submits the page. Returns (redirect URL, error message)."""
        session = self.sessions.get(session_id)
        if session is None or session["status"] != "open":
            return None, "This payment page has expired."
        card, bank_account = re.sub(r"\D", "", card), re.sub(r"\D", "", bank_account)
        if card == DECLINED_CARD:
            return None, "Your card was declined. Try another card."
        if card and card != SUCCESS_CARD:
            return None, "Use a test card: 4242 4242 4242 4242 (pays) or 4000 0000 0000 0002 (declined)."
        if not card and bank_account not in (ACH_SUCCESS, ACH_FAILURE):
            return None, "Use the test bank account 000123456789 (or 000111111116 to fail later)."
        with self.lock:
            session.update(status="complete", payment_intent=f"pi_{secrets.token_hex(12)}",
                           payment_status="paid" if card else "unpaid")
        self.send("checkout.session.completed", session)
        if bank_account:
            outcome = "succeeded" if bank_account == ACH_SUCCESS else "failed"
            if self.auto_settle:
                threading.Timer(ACH_SETTLE_SECONDS, self.settle, (session_id, outcome)).start()
        return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id), None

    def settle(self, session_id: str, outcome: str = "succeeded") -> int:
        """The bank debit clears (or fails) days later; here, when called."""
        session = self.sessions[session_id]
        if outcome == "succeeded":
            session["payment_status"] = "paid"
        return self.send(f"checkout.session.async_payment_{outcome}", session)

    # ---- the dashboard ----------------------------------------------------------

    def refund(self, payment_intent: str, amount_cents: int) -> int:
        """A refund from the dashboard: Stripe sends refund.created and charge.refunded."""
        refunds = self.refunds.setdefault(payment_intent, [])
        refund = {"id": f"re_{secrets.token_hex(12)}", "object": "refund", "amount": amount_cents,
                  "status": "succeeded", "payment_intent": payment_intent}
        refunds.append(refund)
        created = self.send("refund.created", refund)
        if created != 200:
            return created
        paid = next(s for s in self.sessions.values() if s["payment_intent"] == payment_intent)
        charge = {"id": f"ch_{payment_intent[3:]}", "object": "charge", "payment_intent": payment_intent,
                  "amount": paid["amount_total"], "amount_refunded": sum(r["amount"] for r in refunds),
                  "refunded": True, "refunds": {"object": "list", "data": list(reversed(refunds))}}
        return self.send("charge.refunded", charge)

    def dispute(self, payment_intent: str, amount_cents: int, status: str = "needs_response",
                dispute_id: str | None = None) -> tuple[str, int]:
        dispute_id = dispute_id or f"dp_{secrets.token_hex(12)}"
        kind = "charge.dispute.created" if status == "needs_response" else "charge.dispute.closed"
        return dispute_id, self.send(kind, {"id": dispute_id, "object": "dispute", "amount": amount_cents,
                                            "payment_intent": payment_intent, "status": status,
                                            "charge": f"ch_{payment_intent[3:]}"})

    # ---- webhook delivery -------------------------------------------------------

    def event(self, kind: str, obj: dict, created: int) -> bytes:
        return json.dumps({"id": f"evt_{secrets.token_hex(12)}", "object": "event", "api_version": "2025-09-30",
                           "created": created, "type": kind, "livemode": False, "pending_webhooks": 1,
                           "data": {"object": json.loads(json.dumps(obj))},
                           "request": {"id": None, "idempotency_key": None}}).encode()

    def send(self, kind: str, obj: dict) -> int:
        from chalicelib import clock

        now = int(clock.epoch())
        payload = self.event(kind, obj, now)
        status = self.deliver(payload, sign(payload, self._secrets()["webhook_secret"], now))
        self.sent.append({"type": kind, "payload": payload, "status": status})
        return status

    # ---- the page ---------------------------------------------------------------

    def page(self, session_id: str, error: str | None = None) -> tuple[int, str]:
        session = self.sessions.get(session_id)
        if session is None:
            return 404, _html("Payment page not found", "<p>This payment page does not exist.</p>")
        amount = session["amount_total"]
        alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
        body = f"""
<p class="standin">Local stand-in for the payment provider's hosted page (development only).</p>
<p>{html.escape(session["description"])}</p>
<p class="amount">Amount: <strong>${amount // 100:,}.{amount % 100:02d}</strong></p>
{alert}
<form method="post" action="/_dev/checkout/{session_id}">
  <h2>Pay by card</h2>
  <label for="card">Card number</label>
  <input id="card" name="card" inputmode="numeric" autocomplete="off" value="4242 4242 4242 4242">
  <button type="submit">Pay</button>
</form>
<form method="post" action="/_dev/checkout/{session_id}">
  <h2>Pay from a bank account (ACH)</h2>
  <label for="bank_account">Account number (routing 110000000)</label>
  <input id="bank_account" name="bank_account" inputmode="numeric" autocomplete="off" value="000123456789">
  <button type="submit">Pay by bank</button>
</form>
<p><a href="{html.escape(session["cancel_url"])}">Cancel and return to the portal</a></p>
<p class="hint">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.
Bank account 000123456789 pays a few seconds later; 000111111116 fails later.</p>"""
        return 200, _html("Pay your statement", body)


def _html(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1d2733}}
form{{border:1px solid #c5ccd6;border-radius:8px;padding:1rem;margin:1rem 0}}label{{display:block;margin:.5rem 0}}
input{{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box}}button{{margin-top:.75rem;font-size:1rem;
padding:.6rem 1.2rem;background:#1f5fbf;color:#fff;border:0;border-radius:6px}}.error{{color:#a3191f}}
.standin{{background:#fff4d6;padding:.5rem}}h2{{font-size:1.1rem;margin:0}}</style></head>
<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"""
