"""The payment provider: Stripe, through its official library (imported lazily).

The portal never sees card or bank data (PCI SAQ A): it creates a hosted Checkout
Session and learns the outcome only from signed webhook events. Secrets come from
Secrets Manager at first use and are cached for a while (a rotated key is picked up
within SECRETS_TTL). Locally the same calls go to the stand-in in devserver/payments.py
(config.payment_api_base(), never set in production).
"""
from __future__ import annotations

import json
import threading

from chalicelib import clock
from chalicelib.config import get_settings, payment_api_base

SECRETS_TTL = 600  # seconds
WEBHOOK_TOLERANCE = 300  # seconds; Stripe's default: older signed events are refused

_cache: dict = {}
_lock = threading.Lock()


def _secrets() -> dict:
    with _lock:
        if _cache and _cache["at"] + SECRETS_TTL > clock.epoch():
            return _cache["value"]
    from chalicelib.aws import client

    value = json.loads(client("secretsmanager").get_secret_value(
        SecretId=get_settings().payment_secret_id)["SecretString"])
    with _lock:
        _cache.update(value=value, at=clock.epoch())
    return value


def forget_secrets() -> None:
    with _lock:
        _cache.clear()


def _client():
    import stripe

    base = payment_api_base()
    return stripe.StripeClient(_secrets()["api_key"], base_addresses={"api": base} if base else None,
                               max_network_retries=2)


def create_checkout_session(*, amount_cents: int, description: str, metadata: dict[str, str],
                            success_url: str, cancel_url: str, idempotency_key: str) -> dict:
    """A hosted payment page for one amount; card or US bank account (ACH) where offered.

    The idempotency key makes a retried request return the same session.
    """
    params = {
        "mode": "payment",
        "payment_method_types": ["card", "us_bank_account"],
        "line_items": [{"quantity": 1, "price_data": {
            "currency": get_settings().payment_currency, "unit_amount": amount_cents,
            "product_data": {"name": description}}}],
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    session = _client().v1.checkout.sessions.create(params=params, options={"idempotency_key": idempotency_key})
    return {"id": session.id, "url": session.url}


def verify_event(payload: bytes, signature: str) -> dict:
    """The event if `signature` is the provider's over `payload` within the tolerance; else ValueError."""
    import stripe

    try:
        event = stripe.Webhook.construct_event(payload, signature, _secrets()["webhook_secret"],
                                               tolerance=WEBHOOK_TOLERANCE)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise ValueError(str(exc)) from None
    return event.to_dict()
