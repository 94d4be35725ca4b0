"""Quick replies: practice-wide templates (clinical staff and the admin write them) and
each staff member's own. Placeholders are filled where the reply is inserted:
{first_name} (the patient's), {practice_phone}, {practice_name}, {my_name}."""
from __future__ import annotations

import re

from chalicelib.auth import Caller, require
from chalicelib.errors import UnprocessableError
from chalicelib.ids import sortable_id
from chalicelib.models._base import iso_now
from chalicelib.models.quick_reply import QuickReply

PRACTICE = "practice"
PLACEHOLDERS = ("first_name", "practice_phone", "practice_name", "my_name")
MAX_PER_OWNER = 100


def list_replies(caller: Caller) -> dict:
    require(caller, "inbox.read")
    practice = list(QuickReply.query(PRACTICE, limit=MAX_PER_OWNER))
    mine = list(QuickReply.query(caller.user_id, limit=MAX_PER_OWNER))
    from chalicelib.services.messaging.threads import _phone, _practice

    settings = _practice()
    return {"items": [_dict(r) for r in practice + mine], "placeholders": list(PLACEHOLDERS),
            "values": {"practice_phone": _phone(settings.get("phone", "")),
                       "practice_name": settings.get("name", ""), "my_name": caller.display_name}}


def create(caller: Caller | None, title: str, text: str, scope: str = "mine") -> dict:
    """scope "practice" (clinical staff, admin) or "mine". caller None is the seed (practice-wide)."""
    if caller is not None:
        require(caller, "inbox.read")
        if scope == "practice":
            require(caller, "quick_replies.practice")
    unknown = sorted(set(re.findall(r"\{(\w+)\}", text)) - set(PLACEHOLDERS))
    if unknown:
        raise UnprocessableError(f"Unknown placeholder {{{unknown[0]}}}; use "
                                 + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ".", field="text")
    owner = PRACTICE if caller is None or scope == "practice" else caller.user_id
    item = QuickReply(owner, sortable_id(), title=title.strip(), text=text.strip(), created_at=iso_now(),
                      created_by=caller.user_id if caller else "system")
    item.save()
    return _dict(item)


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced (unknown ones stay as written)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _dict(item: QuickReply) -> dict:
    return {"id": item.reply_id, "scope": "practice" if item.owner == PRACTICE else "mine",
            "title": item.title, "text": item.text}
