"""The one authentication rule for inbound mail, and the staff member it names.

A message is authentic when SES says it is clean (spam and virus PASS) and the
From domain is vouched for: DMARC PASS, or (no DMARC verdict for the domain)
SPF PASS for an envelope sender in the From domain or a verified DKIM signature
of the From domain. A DMARC FAIL is refused even when SPF and DKIM pass (they
passed for some other domain). From need not equal the envelope sender: mail
gateways rewrite it. A "send mail as" address reaches its staff member through
STAFF_MAIL_ALIASES (alias=sign-in email, comma separated).
"""
from __future__ import annotations

from chalicelib.auth import Caller
from chalicelib.config import get_settings


class NotAuthentic(Exception):
    """Why the mail is not trusted (for logs only: forged mail gets no answer)."""


def status(receipt: dict, name: str) -> str:
    return str((receipt.get(f"{name}Verdict") or {}).get("status", "")).upper()


def check_clean(receipt: dict) -> None:
    failed = [v for v in ("spam", "virus") if status(receipt, v) != "PASS"]
    if failed:
        raise NotAuthentic("verdict")


def check_from(receipt: dict, sender: str, envelope_source: str, dkim_domains: tuple[str, ...]) -> None:
    """Raise unless the From domain is authenticated (see the module docstring)."""
    domain = sender.rpartition("@")[2]
    if not domain:
        raise NotAuthentic("no From")
    dmarc = status(receipt, "dmarc")
    if dmarc == "PASS":
        return
    if dmarc == "FAIL":
        raise NotAuthentic("dmarc")
    spf_aligned = status(receipt, "spf") == "PASS" and _aligned(envelope_source.rpartition("@")[2], domain)
    dkim_aligned = status(receipt, "dkim") == "PASS" and any(_aligned(d, domain) for d in dkim_domains)
    if not (spf_aligned or dkim_aligned):
        raise NotAuthentic("not aligned")


def _aligned(a: str, b: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    a, b = a.strip().lower().rstrip("."), b.strip().lower().rstrip(".")
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def staff_member(address: str, ses_message_id: str | None) -> Caller | None:
    """The active staff user this address belongs to (directly or as a configured alias)."""
    from chalicelib.services.accounts import find_user

    address = get_settings().staff_aliases.get(address, address)
    user = find_user(address)
    if user is None or user.status != "active" or not set(user.roles or ()) - {"patient"}:
        return None
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles or ()), request_id=ses_message_id, source_ip="email")
