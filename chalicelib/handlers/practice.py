"""/practice: public practice settings and information; admins edit them."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.errors import NotFoundError
from chalicelib.handlers._http import VISIBLE, ADDRESS, DATE, EMAIL, PHONE, body, caller, obj, route, text
from chalicelib.services import practice, practice_info
from chalicelib.services.results import names as result_names

bp = Blueprint(__name__)

DAY = {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
HOURS = {"type": "array", "maxItems": 14,
         "items": obj({"day": DAY, "open": TIME, "close": TIME}, ("day", "open", "close"))}
# Statement reminders (issue 13): days after the statement date, while it is unpaid.
REMINDER_DAYS = {"type": "array", "maxItems": 6, "uniqueItems": True,
                 "items": {"type": "integer", "minimum": 1, "maximum": 365}}
# A parent's or guardian's access while the patient is 12 to 17 (issue 9, docs/security.md).
TEEN_ACCESS = {"type": "string", "enum": ["limited", "full"], "title": "parents' access for patients aged 12 to 17"}
# No portal account below this age (issue 9): from 12 (the teen band) to 18 (adulthood).
MIN_ACCOUNT_AGE = {"type": "integer", "minimum": 12, "maximum": 18, "title": "minimum age for a portal account"}
SETTINGS = obj({"name": text(120), "timezone": text(64), "phone": PHONE, "email": EMAIL,
                "address": ADDRESS, "hours": HOURS, "statement_reminder_days": REMINDER_DAYS,
                "teen_proxy_access": TEEN_ACCESS, "min_account_age": MIN_ACCOUNT_AGE,
                # eCheck-in window (issue 17): from N days before a visit to M minutes before it
                "checkin_opens_days": {"type": "integer", "minimum": 1, "maximum": 30},
                "checkin_closes_minutes": {"type": "integer", "minimum": 0, "maximum": 1440},
                # shown after a flagged questionnaire answer; "" restores the shipped text
                "crisis_message": text(600, min_length=0, title="the crisis message"),
                # small wins (issue 15): the weekly email's recipients, staff addresses
                "weekly_email_recipients": {"type": "array", "maxItems": 20, "uniqueItems": True, "items": EMAIL,
                                            "title": "weekly email recipients"}})


@route(bp, "/practice", public=True, tag="practice",
       summary="Everything the front end shows about the practice in one call: name, timezone, phone, address, "
               "hours, locations, providers, FAQ, the portal guide and current announcements")
def get_practice():
    sections = practice_info.public_sections()  # first: its one read also refreshes the settings
    return {**practice.public_settings(), **sections}


@route(bp, "/practice", "PATCH", body=SETTINGS, tag="practice", summary="Edit practice settings (admin)")
def update_practice():
    return practice.update_settings(caller(bp), body(bp, SETTINGS))


# ---- practice information sections (issue 3) ----

ITEM_ID = {"type": "string", "pattern": "^[a-z0-9-]{1,40}$"}
HTTPS_URL = {"type": "string", "pattern": "^https://", "maxLength": 500}


def _items(item: dict, max_items: int = 50) -> dict:
    return obj({"items": {"type": "array", "maxItems": max_items, "items": item}}, ("items",))


SECTION_BODIES = {
    "locations": _items(obj({"id": ITEM_ID, "name": text(120), "address": ADDRESS, "phone": PHONE,
                             "map_url": HTTPS_URL, "note": text(300),
                             "bring": text(1000, title="what to bring to a visit here (practice text)")},
                            ("name", "address"))),
    "providers": _items(obj({"id": ITEM_ID, "name": text(120), "credentials": text(40), "specialty": text(120),
                             "bio": text(1000), "location_ids": {"type": "array", "maxItems": 10, "items": ITEM_ID}},
                            ("name", "specialty"))),
    "faq": _items(obj({"id": ITEM_ID, "question": text(300), "answer": text(2000)}, ("question", "answer")), 100),
    "guide": _items(obj({"id": ITEM_ID, "title": text(120), "body": text(4000)}, ("title", "body"))),
    "announcements": _items(obj({"id": ITEM_ID, "title": text(120), "body": text(2000), "starts_on": DATE,
                                 "ends_on": DATE}, ("title", "body", "starts_on", "ends_on"))),
}


def _section_body(section: str) -> dict:
    if section not in SECTION_BODIES:
        raise NotFoundError("There is no such section of practice information.")
    return SECTION_BODIES[section]


@route(bp, "/practice/info/{section}", tag="practice",
       summary="A section as stored, all announcements included (admin)")
def get_info_section(section):
    return practice_info.get_section(caller(bp), section)


@route(bp, "/practice/info/{section}", "PUT", body=obj({"items": {"type": "array", "maxItems": 100}}, ("items",)),
       tag="practice", summary="Replace a section: locations, providers, faq, guide, announcements (admin)")
def put_info_section(section):
    data = body(bp, _section_body(section))
    return practice_info.replace_section(caller(bp), section, data["items"])


# ---- plain-language test names (issue 12) ----

# A LOINC code ("4548-4") or a lab's local code ("CBC", "GLU.FAST").
CODE = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", "title": "a LOINC or local test code"}
RESULT_NAME = obj({"code": CODE, "name": {"type": ["string", "null"], "minLength": 1, "maxLength": 120,
                                          "pattern": VISIBLE, "description": "null removes the override"}},
                  ("code", "name"))


@route(bp, "/practice/result-names", tag="practice",
       summary="Plain-language test names: the built-in defaults and the practice's own (admin, provider)")
def get_result_names():
    return result_names.list_names(caller(bp))


@route(bp, "/practice/result-names", "PATCH", body=RESULT_NAME, tag="practice",
       summary="Set the practice's plain name for a test code, or remove it (name null) to use the default")
def patch_result_names():
    data = body(bp, RESULT_NAME)
    return result_names.set_name(caller(bp), data["code"], data["name"])
