"""/practice: public practice settings; admins edit them."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import ADDRESS, EMAIL, PHONE, body, caller, obj, route, text
from chalicelib.services import practice

bp = Blueprint(__name__)

DAY = {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
HOURS = {"type": "array", "maxItems": 14,
         "items": obj({"day": DAY, "open": TIME, "close": TIME}, ("day", "open", "close"))}
SETTINGS = obj({"name": text(120), "timezone": text(64), "phone": PHONE, "email": EMAIL,
                "address": ADDRESS, "hours": HOURS})


@route(bp, "/practice", public=True, tag="practice", summary="Practice name, timezone, phone, address and hours")
def get_practice():
    return practice.public_settings()


@route(bp, "/practice", "PATCH", body=SETTINGS, tag="practice", summary="Edit practice settings (admin)")
def update_practice():
    return practice.update_settings(caller(bp), body(bp, SETTINGS))
