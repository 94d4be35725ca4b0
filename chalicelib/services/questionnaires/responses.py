"""Answers in the patient's record (QuestionnaireResponse) and questionnaires a
clinician sends ad hoc. Check-in answers are written by services/checkin with the
visit's other steps; this module builds, reads and lists them."""
from __future__ import annotations

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, NotFoundError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.form import PracticeForm
from chalicelib.models.patient_form import PatientForm
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.questionnaires import forms

RESPONSE, ASK = "response#", "ask#"


def build(caller: Caller, patient_id: str, how: str, form: PracticeForm, answers: dict, response_id: str,
          appointment_id: str | None = None) -> PatientForm:
    """A checked, scored response item (not yet written): UnprocessableError naming
    answers.<linkId> when the answers do not fit the questionnaire."""
    from chalicelib.services.questionnaires.engine import check_answers, response_items
    from chalicelib.services.questionnaires.scoring import score

    given = check_answers(form.definition, answers)
    result = score(form.definition, given)
    return PatientForm(patient_id, RESPONSE + response_id, form_id=form.form_id, version=int(form.version),
                       title=form.title, appointment_id=appointment_id, status="completed",
                       data={"items": response_items(form.definition, given), "score": result},
                       flagged=bool(result and result["flags"]), at=iso_now(), by=caller.user_id,
                       by_name=caller.display_name, submitted_as=how)


def list_responses(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    """Answered questionnaires with their scores, newest first (clinicians, the patient side)."""
    authorize_patient(caller, patient_id, "questionnaires.read")
    scope = f"responses:{patient_id}"
    result = PatientForm.query(patient_id, PatientForm.key.startswith(RESPONSE), limit=limit,
                               last_evaluated_key=decode_cursor(cursor, scope))
    items = sorted((to_dict(r) for r in result), key=lambda r: r["authored_at"], reverse=True)
    if caller.is_staff:  # open follow-ups, or who followed up and when (one Query)
        from chalicelib.services.questionnaires import followups

        found = followups.for_patient(patient_id)
        for i in items:
            i["follow_up"] = found.get(i["response_id"])
    audit.record(caller, patient_id, "read", "questionnaire-response")
    return {"items": items, "cursor": encode_cursor(result.last_evaluated_key, scope)}


def load_response(patient_id: str, response_id: str) -> PatientForm | None:
    try:
        return PatientForm.get(patient_id, RESPONSE + response_id)
    except PatientForm.DoesNotExist:
        return None


# ---- sent by a clinician ----------------------------------------------------------


def send(caller: Caller, patient_id: str, form_id: str, *, quiet: bool = False) -> dict:
    """Ask the patient to fill in a questionnaire; they are told (no PHI) and see it on
    their home until they answer."""
    authorize_patient(caller, patient_id, "questionnaires.send")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    form = forms.load_current("questionnaire", form_id, missing_field="form_id")
    ask = PatientForm(patient_id, ASK + sortable_id(), form_id=form.form_id, version=int(form.version),
                      title=form.title, status="pending", data={}, at=iso_now(), by=caller.user_id,
                      by_name=caller.display_name, submitted_as="staff")
    ask.save(condition=PatientForm.key.does_not_exist())
    ask_id = ask.key[len(ASK):]
    audit.record(caller, patient_id, "create", "questionnaire-request", ask_id)
    from chalicelib import clock, notify
    from chalicelib.services import home

    home.notice(patient_id, "questionnaire", ask_id, title=f"Questionnaire from {caller.display_name}",
                on=clock.today().isoformat())
    if not quiet:
        notify.notify_patient(patient, "new_item", {"link": f"/#/questionnaires/{ask_id}"})
    return ask_dict(ask)


def list_requests(caller: Caller, patient_id: str) -> dict:
    """Questionnaires sent to the patient, pending first (a patient has few: one Query)."""
    authorize_patient(caller, patient_id, "questionnaires.read")
    asks = [ask_dict(a) for a in PatientForm.query(patient_id, PatientForm.key.startswith(ASK),
                                                     scan_index_forward=False, limit=100)]
    audit.record(caller, patient_id, "read", "questionnaire-request")
    return {"items": sorted(asks, key=lambda a: a["status"] != "pending")}


def get_request(caller: Caller, patient_id: str, ask_id: str) -> dict:
    """One request with the questionnaire (the version sent) to fill in."""
    authorize_patient(caller, patient_id, "questionnaires.read")
    ask = _load_ask(patient_id, ask_id)
    form = forms.load_version("questionnaire", ask.form_id, int(ask.version))
    audit.record(caller, patient_id, "read", "questionnaire-request", ask_id)
    shown = ask_dict(ask)
    shown["questionnaire"] = forms.questionnaire_resource(form)
    if ask.status == "answered":
        response = load_response(patient_id, ask_id)
        shown["response"] = with_crisis(to_dict(response)) if response else None
    return shown


def answer_request(caller: Caller, patient_id: str, ask_id: str, answers: dict) -> dict:
    """Answer a sent questionnaire, exactly once: the response and the request's status
    are written together, on the condition it is still pending."""
    how = authorize_patient(caller, patient_id, "questionnaires.answer")
    ask = _load_ask(patient_id, ask_id)
    if ask.status != "pending":
        raise ConflictError("This questionnaire was already answered.")
    form = forms.load_version("questionnaire", ask.form_id, int(ask.version))
    response = build(caller, patient_id, how, form, answers, ask_id)
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.services.questionnaires import followups

    follow_up = followups.to_open(response, ask.by)  # the clinician who sent it follows up
    try:
        with transact_write() as tx:
            tx.save(response, condition=PatientForm.key.does_not_exist())
            tx.update(ask, actions=[PatientForm.status.set("answered"), PatientForm.answered_at.set(response.at)],
                      condition=PatientForm.status == "pending")
            if follow_up:
                tx.save(follow_up, condition=followups.condition())
    except TransactWriteError:
        raise ConflictError("This questionnaire was already answered.") from None
    audit.record(caller, patient_id, "create", "questionnaire-response", ask_id)
    from chalicelib.services import home

    home.clear(patient_id, "questionnaire", ask_id)
    if follow_up:
        followups.tell(follow_up)
    return with_crisis(to_dict(response))


def with_crisis(shown: dict) -> dict:
    """A flagged answer shows the patient where to get help now (the practice's words)."""
    if shown.get("flagged"):
        from chalicelib.services.questionnaires.followups import crisis_message

        shown["crisis_message"] = crisis_message()
    return shown


def _load_ask(patient_id: str, ask_id: str) -> PatientForm:
    if looks_like_id(ask_id):
        try:
            return PatientForm.get(patient_id, ASK + ask_id)
        except PatientForm.DoesNotExist:
            pass
    raise NotFoundError("Questionnaire not found.")


def ask_dict(ask: PatientForm) -> dict:
    return {"request_id": ask.key[len(ASK):], "form_id": ask.form_id, "version": int(ask.version),
            "title": ask.title, "status": ask.status, "asked_at": ask.at, "asked_by_name": ask.by_name,
            "answered_at": ask.answered_at}


def to_dict(item: PatientForm) -> dict:
    from chalicelib.services.questionnaires.engine import answer_words
    from chalicelib.services.questionnaires.scoring import words

    data = item.data or {}
    score = data.get("score")
    return {"response_id": item.key[len(RESPONSE):], "form_id": item.form_id, "version": int(item.version or 1),
            "title": item.title, "appointment_id": item.appointment_id, "authored_at": item.at,
            "author_name": item.by_name, "submitted_as": item.submitted_as, "score": score,
            "score_words": words(score), "flagged": bool(item.flagged),
            "items": [{"linkId": i["linkId"], "text": i["text"], "answer": answer_words(i)}
                      for i in data.get("items", [])]}
