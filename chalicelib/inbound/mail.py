"""Reading one inbound mail: sender, recipients, Message-ID and the reply text
above the quoted part (Gmail, Outlook and Apple Mail styles, by mail-parser-reply)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class InboundMail:
    message_id: str
    sender: str  # the From address, lower case
    recipients: tuple[str, ...]  # To and Cc addresses, lower case
    reply: str  # the new text only, quoted history and signature removed


def parse(raw: bytes) -> InboundMail:
    from email import policy
    from email.parser import BytesParser
    from email.utils import getaddresses

    message = BytesParser(policy=policy.default).parsebytes(raw)
    senders = getaddresses([str(message.get("From", ""))])
    recipients = getaddresses([str(v) for v in message.get_all("To", []) + message.get_all("Cc", [])])
    return InboundMail(
        message_id=str(message.get("Message-ID", "")).strip(),
        sender=(senders[0][1] if senders else "").strip().lower(),
        recipients=tuple(addr.strip().lower() for _, addr in recipients if addr),
        reply=reply_text(_body_text(message)),
    )


def _body_text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</(p|div|blockquote)>", "\n", content)
        content = html.unescape(re.sub(r"<[^>]+>", "", content))
    return content


def reply_text(body: str) -> str:
    """The latest reply in `body`, without quoted history or signature."""
    from mailparser_reply import EmailReplyParser

    latest = EmailReplyParser(languages=["en"]).parse_reply(body.replace("\r\n", "\n")) or ""
    # Outlook-style quotes without a header still start with ">": drop them too.
    lines = [line for line in latest.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip()
