"""The local mailbox: every email (SES) and SMS (SNS) the portal sent, read from moto."""
from __future__ import annotations

import html
import re

from devserver.stack import REGION


# Sent mail never changes in moto: each message is parsed once (re-parsing every message on
# every look cost the test suite ~14 s). Keyed by moto's message id, unique per send.
_parsed: dict[str, dict] = {}


def messages() -> list[dict]:
    """Newest first: {"id", "channel", "to", "from", "subject", "body_html", "body_text"}."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    result = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages:
        parsed = _parsed.get(message.id)
        if parsed is None:
            parsed = _parsed[message.id] = _email(message)
        result.append(dict(parsed))
    for message_id, (phone, text) in sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.items():
        result.append({"id": message_id, "channel": "sms", "to": phone, "from": "SMS", "subject": "",
                       "body_html": html.escape(text), "body_text": text, "attachments": [], "reply_to": ""})
    result.reverse()
    return result


def _email(message) -> dict:
    if getattr(message, "raw_data", None):  # send_raw_email: attachments, Reply-To
        return {"id": message.id, "channel": "email", **parse_raw(message.raw_data)}
    body = getattr(message, "body", None) or ""
    destinations = getattr(message, "destinations", {}) or {}
    to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else list(destinations)
    return {
        "id": message.id, "channel": "email", "to": ", ".join(to),
        "from": getattr(message, "source", ""), "subject": getattr(message, "subject", ""),
        "body_html": body, "body_text": html_to_text(body), "attachments": [], "reply_to": "",
    }


def parse_raw(raw) -> dict:
    """Subject, text body, attachment names and Reply-To of a raw MIME email."""
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(raw if isinstance(raw, bytes) else raw.encode())
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    text = text_part.get_content() if text_part else html_to_text(html_part.get_content() if html_part else "")
    return {
        "to": str(message.get("To", "")), "from": str(message.get("From", "")),
        "subject": " ".join(str(message.get("Subject", "")).split()), "reply_to": str(message.get("Reply-To", "")),
        "body_html": html_part.get_content() if html_part else html.escape(text), "body_text": text.strip(),
        "attachments": [part.get_filename() for part in message.iter_attachments() if part.get_filename()],
    }


def reply(message_id: str, text: str, style: str = "gmail") -> str:
    """Answer a portal email as its recipient would, through the production inbound path
    (passing SES verdicts). Returns the router's outcome."""
    from devserver.inbound import deliver, reply_mime

    original = next((m for m in messages() if m["id"] == message_id and m["reply_to"]), None)
    if original is None:
        return "no such message"
    raw = reply_mime(style, sender=original["to"], to=original["reply_to"], subject=original["subject"],
                     text=text, original_from=original["from"], original_text=original["body_text"])
    return deliver(raw)


def html_to_text(body: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", body)
    text = re.sub(r"</p>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def _preview(m: dict) -> str:
    """The HTML part as a mail client would show it (sandboxed: no scripts, links open in a new tab)."""
    if m.get("channel") != "email" or not m.get("body_html"):
        return ""
    return ('<details><summary>HTML part</summary><iframe title="HTML part" sandbox="allow-popups" '
            f'style="width:100%;height:28rem;border:1px solid #c9d3dd" srcdoc="{html.escape(m["body_html"])}">'
            '</iframe></details>')


def _extras(m: dict) -> str:
    parts = []
    if m.get("attachments"):
        parts.append(f'<p class="att">Attachments: {html.escape(", ".join(m["attachments"]))}</p>')
    if m.get("channel") == "sms":
        # Dev only: a text reply (STOP, START, HELP) goes through the same SNS -> handler path as production.
        parts.append(
            f'<form class="reply" method="post" action="/_dev/mailbox/sms-reply">'
            f'<input type="hidden" name="phone" value="{html.escape(m["to"])}">'
            f'<label>Text back as {html.escape(m["to"])}: <input name="text" value="STOP" size="12"></label> '
            f'<button type="submit">Send text</button></form>')
    if m.get("reply_to"):
        # Dev only: the reply goes through the same SES -> S3 -> SNS -> router path as production.
        parts.append(
            f'<form class="reply" method="post" action="/_dev/mailbox/reply">'
            f'<input type="hidden" name="id" value="{html.escape(m["id"])}">'
            f'<label>Reply as {html.escape(m["to"])}: <input name="text" value="{_suggested(m)}" size="40"></label> '
            f'<button type="submit">Reply</button></form>')
    return "".join(parts)


def _suggested(m: dict) -> str:
    """The reply the dev mailbox offers: the word the email's workflow takes."""
    return "reviewed" if m.get("reply_to", "").startswith("results.") else "approve"


def page(notice: str = "") -> str:
    rows = []
    for m in messages():
        link_body = re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', html.escape(m["body_text"]))
        rows.append(
            f'<article class="msg" data-channel="{m["channel"]}" data-to="{html.escape(m["to"])}">'
            f'<header><span class="badge">{m["channel"].upper()}</span> '
            f'<strong>To:</strong> {html.escape(m["to"])} &nbsp; <strong>From:</strong> {html.escape(m["from"])}'
            f'<h2>{html.escape(m["subject"]) or "(text message)"}</h2></header>'
            f'<pre>{link_body}</pre>{_preview(m)}{_extras(m)}</article>')
    body = "\n".join(rows) or "<p>No messages yet.</p>"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local mailbox · Patient Portal (dev only)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:56rem;margin:1rem auto;padding:0 1rem;color:#1d2733}}
.msg{{border:1px solid #c9d3dd;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}}
h2{{font-size:1.05rem;margin:.4rem 0 0}} pre{{white-space:pre-wrap;font:inherit}}
.badge{{background:#1f5f8b;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8rem}}
.note{{background:#fff6d6;padding:.5rem 1rem;border-radius:6px}}</style></head>
<body><h1>Local mailbox</h1>
<p class="note">Development only: every email and text message the portal sent, newest first.
Nothing here is delivered. <a href="/_dev/mailbox">Refresh</a></p>
<form method="post" action="/_dev/jobs/run"><button type="submit">Run scheduled jobs now</button>
<small>(reminders, overdue messages, result releases; they also run on a timer)</small></form>
{f'<p class="note" role="status">{html.escape(notice)}</p>' if notice else ""}
<main>{body}</main></body></html>"""
