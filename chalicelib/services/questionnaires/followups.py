"""A flagged answer (PHQ-9 item 9 above "Not at all": thoughts of self-harm) is followed
up by a clinician, not just shown in the chart.

When a response is flagged, a `followup#<response id>` item is written in the same
transaction as the response, on the condition that none exists: so a retry, a double
click or answering the check-in again opens nothing more and tells no one twice. The
request that opened it then tells the responsible clinician at once, by email, without
PHI (no name, answers or score: a link to the chart), and the item sits in the sparse
follow-up index that the provider's and the nurse's Today read until a clinician marks
it "Followed up" (who and when are kept and shown in the chart).

Responsible: the visit's clinician for check-in answers, the clinician who sent the
questionnaire for ad hoc ones; when that account is not active, the clinical pool (the
pool medical questions go to: its lead, else the people of its first role).
"""
from __future__ import annotations

import re

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import NotFoundError
from chalicelib.models._base import iso_now
from chalicelib.models.patient_form import PatientForm
from chalicelib.observability import logger

FOLLOWUP, OPEN = "followup#", "open"
RESPONSE_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{7,160}$")  # "<request id>" or "<visit id>.<form id>"
# Shown to the patient right after a flagged answer (practice setting `crisis_message`).
CRISIS_MESSAGE = ("If you are thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) "
                  "or call 911 now. Your care team will see your answers, but they may not read them right away.")


def crisis_message() -> str:
    from chalicelib.services.practice import current_settings

    return (current_settings().get("crisis_message") or "").strip() or CRISIS_MESSAGE


def to_open(response: PatientForm, owner: str | None) -> PatientForm | None:
    """The follow-up to write with a flagged response, or None (not flagged, or one is
    already there for this response: one GetItem, only for flagged answers)."""
    if not response.flagged:
        return None
    response_id = response.key.split("#", 1)[1]
    try:
        PatientForm.get(response.patient_id, FOLLOWUP + response_id, attributes_to_get=["key"])
        return None
    except PatientForm.DoesNotExist:
        pass
    return PatientForm(response.patient_id, FOLLOWUP + response_id, form_id=response.form_id,
                       version=response.version, title=response.title, appointment_id=response.appointment_id,
                       status="open", at=response.at, by=response.by, by_name=response.by_name,
                       followup_owner=owner or None, followup_queue=OPEN)


def condition():
    return PatientForm.key.does_not_exist()


def chart_link(patient_id: str) -> str:
    return f"/#/staff/patients/{patient_id}#chart-questionnaires"


def tell(item: PatientForm) -> None:
    """Email the responsible clinician (or the clinical pool) now. No PHI: the template
    takes nothing but the link. A failure is logged; the Today item stands."""
    from chalicelib import notify

    try:
        people = recipients(item.followup_owner)
        for user in people:
            notify.send("questionnaire_followup_staff", email=user.email, user_id=user.user_id,
                        values={"link": chart_link(item.patient_id)})
        if not people:
            logger.warning("flagged answer without anyone to tell", extra={"patient_id": item.patient_id})
    except Exception:
        logger.exception("follow-up notice failed", extra={"patient_id": item.patient_id})


def recipients(owner: str | None) -> list:
    from chalicelib.auth import CLINICIANS
    from chalicelib.models.user import User

    if owner:
        try:
            user = User.get(owner)
            if user.status == "active" and set(user.roles or ()) & CLINICIANS:
                return [user]
        except User.DoesNotExist:
            pass
    return pool_people()


def pool_people() -> list:
    """The clinical pool: where medical questions go (messaging settings)."""
    from chalicelib.services.accounts import find_user
    from chalicelib.services.messaging import settings
    from chalicelib.services.messaging.notices import users_in_role

    pool = settings.pools().get((settings.topic("medical") or {}).get("pool") or "nurses") or {}
    lead = find_user(pool["lead_email"]) if pool.get("lead_email") else None
    if lead is not None and lead.status == "active":
        return [lead]
    roles = pool.get("roles") or ["nurse"]
    return users_in_role(roles[0])


def mark(caller: Caller, patient_id: str, response_id: str) -> dict:
    """"Followed up" (clinicians): records who and when and takes the item out of the
    index. Idempotent: marking again answers with the first mark."""
    from pynamodb.exceptions import UpdateError

    authorize_patient(caller, patient_id, "questionnaires.follow_up")
    item = _load(patient_id, response_id)
    if not item.followed_up_at:
        try:
            item.update(actions=[PatientForm.followed_up_at.set(iso_now()), PatientForm.followed_up_by.set(caller.user_id),
                                 PatientForm.followed_up_by_name.set(caller.display_name),
                                 PatientForm.status.set("done"), PatientForm.followup_queue.remove()],
                        condition=PatientForm.followed_up_at.does_not_exist())
            audit.record(caller, patient_id, "update", "questionnaire-follow-up", response_id)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            item = _load(patient_id, response_id)  # someone marked it a moment before
    return to_dict(item)


def _load(patient_id: str, response_id: str) -> PatientForm:
    if RESPONSE_ID.match(response_id or ""):
        try:
            return PatientForm.get(patient_id, FOLLOWUP + response_id)
        except PatientForm.DoesNotExist:
            pass
    raise NotFoundError("No follow-up for this answer.")


def for_patient(patient_id: str) -> dict[str, dict]:
    """The patient's follow-ups by response id (one Query; a patient has few)."""
    return {f.key[len(FOLLOWUP):]: to_dict(f)
            for f in PatientForm.query(patient_id, PatientForm.key.startswith(FOLLOWUP), limit=100)}


def to_dict(item: PatientForm) -> dict:
    return {"response_id": item.key[len(FOLLOWUP):], "open": not item.followed_up_at,
            "followed_up_at": item.followed_up_at, "followed_up_by_name": item.followed_up_by_name}
