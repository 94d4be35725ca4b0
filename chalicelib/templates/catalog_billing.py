"""Statements and payments (issue 13). No amounts, services or names: that a statement
exists, and where to see it."""
from __future__ import annotations

from chalicelib.templates import notice

TEMPLATES = {
    "statement_ready": notice(
        "Your statement from {{ practice_name }} is ready",
        "Hello,\n\nYou have a new billing statement from {{ practice_name }} in your patient portal. "
        "You can read it and pay online.",
        button="See your statement",
        sms="{{ practice_name }}: a new statement is waiting in your patient portal. {{ link }}"),
    "payment_received": notice(
        "Payment received by {{ practice_name }}",
        "Hello,\n\n{{ practice_name }} received a payment. Thank you.\n\nReceipt number: {{ receipt_number }}\n\n"
        "Your receipt is in the patient portal.",
        button="See your receipt", variables={"receipt_number"}),
    "statement_reminder": notice(
        "A reminder from {{ practice_name }} about your statement",
        "Hello,\n\nA statement from {{ practice_name }} is still open in your patient portal. "
        "You can pay it online in a few taps.",
        button="See your statement",
        sms="{{ practice_name }}: a statement is still open in your patient portal. {{ link }}"),
}
