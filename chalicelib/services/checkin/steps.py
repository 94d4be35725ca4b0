"""The steps of eCheck-in. Each is one transaction: the step's item with whatever it
creates. Taken again (a retry, a double click), a step that created something answers
with the visit's state and creates nothing more; confirming steps are simply rewritten."""
from __future__ import annotations

from datetime import datetime

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import ConflictError, UnprocessableError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.patient_form import PatientForm
from chalicelib.services import checkin


def _begin(caller: Caller, patient_id: str, appointment_id: str, now: datetime | None):
    from chalicelib.services.appointments import load

    how = authorize_patient(caller, patient_id, "checkin.write")
    appt = load(patient_id, appointment_id)
    checkin.guard(appt, now)
    return how, appt


def _step(caller: Caller, appt, name: str, data: dict) -> PatientForm:
    return PatientForm(appt.patient_id, checkin.prefix(appt.appointment_id) + name, appointment_id=appt.appointment_id,
                       data=data, at=iso_now(), by=caller.user_id, by_name=caller.display_name)


def _finish(caller: Caller, appt, name: str, now: datetime | None) -> dict:
    audit.record(caller, appt.patient_id, "update", "checkin", f"{appt.appointment_id}:{name}")
    return checkin._state(caller, appt, checkin.load_steps(appt.patient_id, appt.appointment_id), now)


def _write(items: list, conditions: dict | None = None) -> bool:
    """Save every item in one transaction; False when a condition failed (taken already)."""
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            for item in items:
                tx.save(item, condition=(conditions or {}).get(id(item)))
    except TransactWriteError as exc:
        if exc.cause_response_code == "TransactionCanceledException":
            return False
        raise
    return True


def contact(caller: Caller, patient_id: str, appointment_id: str, changes: dict | None,
            now: datetime | None = None) -> dict:
    """Confirm contact details, or propose changes: they wait for the front desk's review."""
    from chalicelib.services import change_requests, patients

    how, appt = _begin(caller, patient_id, appointment_id, now)
    changes = {k: v for k, v in (changes or {}).items() if k in patients.CONTACT_FIELDS}
    if how == "proxy" and "email" in changes:
        raise UnprocessableError("A caregiver cannot change the patient's email address. Ask the practice.",
                                 field="changes.email")
    if changes.get("phone"):
        try:
            changes["phone"] = patients.checked_phone(changes["phone"])
        except Exception as exc:
            raise UnprocessableError(getattr(exc, "message", "Enter a valid phone number."),
                                     field="changes.phone") from None
    current = patients.to_dict(patients.load(patient_id))
    changes = {k: v for k, v in changes.items() if v != current.get(k)}  # only what differs
    existing = checkin.load_steps(patient_id, appointment_id).get("contact")
    if existing and (existing.data or {}).get("request_id"):
        return _finish(caller, appt, "contact", now)  # the change already waits for review: once
    data: dict = {"changes": changes or None}
    items, conditions = [_step(caller, appt, "contact", data)], {}
    if changes:
        # One proposed change per visit's check-in: its id is the visit's, so a retry or a
        # second click fails the condition and writes nothing more.
        request = change_requests.contact_request(caller, patient_id, how, changes, appointment_id)
        data["request_id"] = request.request_id
        items.append(request)
        conditions[id(request)] = request.__class__.request_id.does_not_exist()
    if _write(items, conditions) and changes:
        audit.record(caller, patient_id, "create", "change-request", data["request_id"])
    return _finish(caller, appt, "contact", now)


def insurance(caller: Caller, patient_id: str, appointment_id: str, document_ids: list[str] | None,
              on_file: bool, now: datetime | None = None) -> dict:
    """New cards (front and back, uploaded through the document flow) or the cards on file."""
    from chalicelib.models.document import Document

    _, appt = _begin(caller, patient_id, appointment_id, now)
    if document_ids:
        titles = []
        for i, document_id in enumerate(document_ids):
            try:
                doc = Document.get(patient_id, document_id) if looks_like_id(document_id) else None
            except Document.DoesNotExist:
                doc = None
            if doc is None or doc.status != "available" or doc.deleted_at or doc.category != "insurance_card":
                raise UnprocessableError("This is not an insurance card uploaded for this patient.",
                                         field=f"document_ids[{i}]")
            titles.append(doc.title)
        data = {"document_ids": list(document_ids), "titles": titles, "on_file": False}
    elif on_file:
        on_record = [d for state in ("shared", "staff") for d in Document.category_index.query(
            f"{patient_id}#insurance_card#{state}", limit=1)]
        if not on_record:
            raise UnprocessableError("No insurance card is on file yet: upload the front and back.",
                                     field="document_ids")
        data = {"document_ids": [], "titles": [], "on_file": True}
    else:
        raise UnprocessableError("Upload your insurance card, or confirm the one on file.", field="document_ids")
    _write([_step(caller, appt, "insurance", data)])
    return _finish(caller, appt, "insurance", now)


def health(caller: Caller, patient_id: str, appointment_id: str, request_ids: list[str] | None,
           now: datetime | None = None) -> dict:
    """Medications and allergies reviewed; corrections were sent through the usual
    correction requests (their ids are kept so the review shows them)."""
    from chalicelib.models.change_request import ChangeRequest

    _, appt = _begin(caller, patient_id, appointment_id, now)
    for i, request_id in enumerate(request_ids or []):
        try:
            found = ChangeRequest.get(patient_id, request_id) if looks_like_id(request_id) else None
        except ChangeRequest.DoesNotExist:
            found = None
        if found is None or found.type != "correction":
            raise UnprocessableError("There is no such correction request.", field=f"request_ids[{i}]")
    _write([_step(caller, appt, "health", {"request_ids": list(request_ids or [])})])
    return _finish(caller, appt, "health", now)


def consents(caller: Caller, patient_id: str, appointment_id: str, signatures: list[dict],
             now: datetime | None = None) -> dict:
    """Sign every current consent form not signed in its current version: the signature
    (name typed, time) and a PDF copy in the patient's documents, all or nothing."""
    from chalicelib.services.checkin import consent_pdf, todo

    how, appt = _begin(caller, patient_id, appointment_id, now)
    needed = {c["form_id"]: c for c in todo.consents(patient_id) if c["needs_signature"]}
    given = {}
    for i, signature in enumerate(signatures):
        consent = needed.get(signature["form_id"])
        if consent is None:
            continue  # signed already (a retry): nothing more to write
        if int(signature["version"]) != consent["version"]:
            raise ConflictError("The practice has published a new version of this form. Reload to read it.",
                                field=f"signatures[{i}].version")
        given[consent["form_id"]] = (consent, signature["signed_name"].strip())
    missing = [fid for fid in needed if fid not in given]
    if missing:
        index = len(signatures)
        raise UnprocessableError(f"Sign {needed[missing[0]]['title']} to continue.", field=f"signatures[{index}]")
    items, conditions, signed = [], {}, []
    at = iso_now()
    for consent, name in given.values():
        document = consent_pdf.document(caller, patient_id, consent, at)
        signature = PatientForm(patient_id, f"{todo.SIGNATURE}{consent['form_id']}#{consent['version']:04d}",
                                form_id=consent["form_id"], version=consent["version"], title=consent["title"],
                                signed_name=name, document_id=document.document_id, at=at, by=caller.user_id,
                                by_name=caller.display_name, submitted_as=how, appointment_id=appointment_id)
        conditions[id(signature)] = PatientForm.key.does_not_exist()
        items += [signature, document]
        signed.append({"form_id": consent["form_id"], "version": consent["version"], "title": consent["title"],
                       "signed_name": name, "signed_at": at, "document_id": document.document_id})
    before = checkin.load_steps(patient_id, appointment_id).get("consents")
    earlier = ((before.data or {}).get("signed") or []) if before else []
    items.insert(0, _step(caller, appt, "consents", {"signed": earlier + signed}))
    if _write(items, conditions):
        consent_pdf.queue(patient_id, signed)  # the export worker makes the PDF copies
        for entry in signed:
            audit.record(caller, patient_id, "create", "consent", f"{entry['form_id']}:{entry['version']}")
            audit.record(caller, patient_id, "create", "document", entry["document_id"])
    return _finish(caller, appt, "consents", now)


def questionnaires(caller: Caller, patient_id: str, appointment_id: str, answers: list[dict],
                   now: datetime | None = None) -> dict:
    """Answers to every questionnaire of the visit type, checked and scored together.
    Answering again before the visit replaces the answers (same response ids)."""
    from chalicelib.services.questionnaires import responses
    from chalicelib.services.questionnaires.scoring import words

    how, appt = _begin(caller, patient_id, appointment_id, now)
    from chalicelib.services.questionnaires.forms import for_visit_type

    asked = {f.form_id: f for f in for_visit_type(appt.visit_type_id)}
    by_form = {}
    for i, entry in enumerate(answers):
        if entry["form_id"] not in asked:
            raise UnprocessableError("This questionnaire is not asked for this visit.", field=f"responses[{i}].form_id")
        try:
            by_form[entry["form_id"]] = responses.build(caller, patient_id, how, asked[entry["form_id"]],
                                                        entry.get("answers") or {},
                                                        f"{appointment_id}.{entry['form_id']}", appointment_id)
        except UnprocessableError as exc:  # named within the list: responses[0].answers.phq9-9
            raise UnprocessableError(exc.message, field=f"responses[{i}].{exc.field}",
                                     details=[{**d, "field": f"responses[{i}].{d['field']}"}
                                              for d in exc.details or []]) from None
    missing = [f for f in asked if f not in by_form]
    if missing:
        raise UnprocessableError(f"Answer {asked[missing[0]].title} to continue.", field=f"responses[{len(answers)}]")
    summary = {fid: {"response_id": r.key.split("#", 1)[1], "title": r.title, "version": int(r.version),
                     "score_words": words((r.data or {}).get("score")), "flagged": bool(r.flagged)}
               for fid, r in by_form.items()}
    from chalicelib.services.questionnaires import followups

    # A flagged answer opens a follow-up for the visit's clinician, once per response.
    opened = [f for f in (followups.to_open(r, appt.provider_id) for r in by_form.values()) if f]
    written = _write([_step(caller, appt, "questionnaires", {"responses": summary}), *by_form.values(), *opened],
                     {id(f): followups.condition() for f in opened})
    for r in by_form.values():
        audit.record(caller, patient_id, "create", "questionnaire-response", r.key.split("#", 1)[1])
    for f in opened if written else []:
        followups.tell(f)
    return _finish(caller, appt, "questionnaires", now)
