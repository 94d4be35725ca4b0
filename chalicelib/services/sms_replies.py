"""Replies to the portal's text messages: STOP, START and HELP (and their usual synonyms).

Two-way SMS publishes each reply to a topic (config.sms_replies_topic_name); the
sender's number finds the patient records that use it (phone index, no Scan).
STOP turns text messages off in the patient's preferences (SNS also keeps its own
opt-out list and answers the carrier-required confirmation); START turns them back on
and takes the number off SNS's opt-out list; HELP answers who we are and how to stop.
Anything else gets the HELP answer too: replies to texts are not read by a person.
"""
from __future__ import annotations

import json

from chalicelib.observability import logger

STOP = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "opt-out"})
START = frozenset({"start", "unstop", "subscribe", "yes", "optin"})
HELP = frozenset({"help", "info"})


def keyword(body: str) -> str:
    words = (body or "").strip().lower().split()
    first = words[0].strip(".!,") if words else ""
    if first in STOP:
        return "stop"
    if first in START:
        return "start"
    return "help"


def handle_notification(message: str) -> str:
    try:
        data = json.loads(message)
        number = str(data["originationNumber"]).strip()
        body = str(data.get("messageBody", ""))
    except (ValueError, KeyError, TypeError):
        return _log("ignored: not an SMS reply")
    action = keyword(body)
    patients = _patients(number)
    if action in ("stop", "start"):
        for patient in patients:
            _set_sms(patient, action == "start")
        if action == "start":
            _opt_in(number)
            _answer(number, "sms_started")
    else:
        _answer(number, "sms_help")
    return _log(action, patients=len(patients))


def _patients(number: str) -> list:
    from chalicelib.models.patient import Patient

    return list(Patient.phone_index.query(number, limit=20))


def _set_sms(patient, on: bool) -> None:
    from chalicelib import audit
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient

    merged = {**(patient.preferences.as_dict() if patient.preferences else {}), "sms": on}
    patient.update(actions=[Patient.preferences.set(merged), Patient.updated_at.set(iso_now())])
    audit.record(None, patient.patient_id, "update", "preferences")


def _opt_in(number: str) -> None:
    from chalicelib.aws import client

    try:
        client("sns").opt_in_phone_number(phoneNumber=number)
    except Exception:  # not on the list, or SNS refused (once per 30 days): the preference stands
        logger.info("sms opt-in not needed or refused")


def _answer(number: str, template: str) -> None:
    from chalicelib import notify

    notify.send(template, phone=number, preferences={"sms": True})


def _log(outcome: str, **ids) -> str:
    logger.info("sms reply", extra={"outcome": outcome, **ids})
    return outcome
