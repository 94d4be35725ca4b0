"""/patients/...: create, search, demographics, name, preferences, invitations, unlock, proxies, access log."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import (ADDRESS, DATE, EMAIL, PHONE, body, caller, idempotency_key, obj, query_param,
                                       route, text)
from chalicelib.pagination import parse_limit
from chalicelib.services import access_log, accounts, directory, invitations, patients, proxy, proxy_consent

bp = Blueprint(__name__)

SEX = {"type": "string", "enum": ["female", "male", "other", "unknown"]}
CREATE = obj({
    "given_name": text(80), "family_name": text(80), "birth_date": DATE, "sex": SEX,
    "email": EMAIL, "phone": PHONE, "address": ADDRESS,
}, ("given_name", "family_name", "birth_date", "sex"))
CONTACT = obj({"email": {"anyOf": [EMAIL, {"type": "null"}]},
               "phone": {"anyOf": [PHONE, {"type": "null"}]},
               "address": {"anyOf": [ADDRESS, {"type": "null"}]}})
NAME = obj({"given_name": text(80), "family_name": text(80)}, ("given_name", "family_name"))
PREFERENCES = obj({"email": {"type": "boolean"}, "sms": {"type": "boolean"}})
GRANT = obj({"grantee_email": EMAIL, "scope": {"type": "string", "enum": ["full", "limited"]},
             "relationship": text(40), "expires_at": DATE}, ("grantee_email", "scope"))
CONSENT = obj({"decision": {"type": "string", "enum": ["approve", "decline"], "title": "your answer"}},
              ("decision",))
# The scanned consent form (issue 9): a registered document of this patient, uploaded as
# category proxy_consent; it is linked to the grant and shared with the patient.
FORM_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "title": "the scanned consent form",
           "description": "a registered document of this patient, category proxy_consent"}
WRITTEN_CONSENT = obj({"signed_on": {**DATE, "title": "the date the patient signed the form"},
                       "reference": text(120), "document_id": FORM_ID},
                      ("signed_on",))
EMPTY = obj({})
IMPORT = obj({"csv": {**text(60000), "title": "the CSV file"},
              "apply": {"type": "boolean", "title": "apply (false: a dry run)"}}, ("csv", "apply"))
PAGE = {"limit": "1-100, default 25", "cursor": "from the previous page"}


@route(bp, "/patients", "POST", body=CREATE, tag="patients",
       summary="Register a patient (staff); assigns the MRN")
def create_patient():
    from chalice import Response

    return Response(status_code=201, body=patients.create_patient(caller(bp), body(bp, CREATE)))


@route(bp, "/patients/import", "POST", body=IMPORT, tag="patients",
       summary="Import patients from the practice system's CSV export (admin): a dry run reports per row "
               "(created, updated, unchanged, error with the field); apply writes; idempotent by MRN")
def import_patients():
    from chalicelib.services.rollout import patient_import

    data = body(bp, IMPORT)
    return patient_import.import_csv(caller(bp), data["csv"], data["apply"])


CHANNEL = {"type": "string", "enum": ["email", "sms"], "title": "the channel"}
PATIENT_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
INVITE_QUEUE = obj({"channel": CHANNEL,
                    "patient_ids": {"type": "array", "minItems": 1, "maxItems": 500, "items": PATIENT_ID,
                                    "title": "the patients to invite"}})
INVITE_SETTINGS = obj({"invitations_per_hour": {"type": "integer", "minimum": 1, "maximum": 1000,
                                                "title": "invitations per hour"},
                       "channel": CHANNEL}, ("invitations_per_hour", "channel"))
BATCH_ACTION = obj({"action": {"type": "string", "enum": ["pause", "resume", "cancel"], "title": "the action"}},
                   ("action",))


@route(bp, "/rollout/invitations", tag="patients",
       summary="Batch invitations (admin): patients waiting, queued, failed; the hourly rate, channel and batch "
               "size; the current batch's progress (queued, sent, failed, skipped by reason)")
def invitation_queue_status():
    from chalicelib.services.rollout import invite_batches

    return invite_batches.status(caller(bp))


@route(bp, "/rollout/invitations", "POST", body=INVITE_QUEUE, tag="patients",
       summary="Queue every patient waiting for a first invitation, or the listed ones (admin), by the channel "
               "given or set; a job sends them in throttled batches; queuing again queues no one twice")
def queue_invitations():
    from chalicelib.services.rollout import invite_batches

    data = body(bp, INVITE_QUEUE)
    return invite_batches.queue(caller(bp), data.get("channel"), data.get("patient_ids"))


@route(bp, "/rollout/invitations/settings", "PUT", body=INVITE_SETTINGS, tag="patients",
       summary="Set the batch invitations' hourly rate (1-1000) and channel (admin; audited)")
def invitation_settings():
    from chalicelib.services.rollout import batch_state

    data = body(bp, INVITE_SETTINGS)
    return batch_state.update_settings(caller(bp), data["invitations_per_hour"], data["channel"])


@route(bp, "/rollout/invitations/batch", "POST", body=BATCH_ACTION, tag="patients",
       summary="Pause, resume or cancel the current invitation batch (admin; audited): a cancel returns the "
               "patients still queued to the waiting list; asking for the state it is in changes nothing")
def invitation_batch_action():
    from chalicelib.services.rollout import batch_state

    return batch_state.control(caller(bp), body(bp, BATCH_ACTION)["action"])


@route(bp, "/rollout/invitations/retry", "POST", body=EMPTY, tag="patients",
       summary="Try again (admin; audited): the patients whose invitation could not be sent go back in the "
               "queue of the current or a new batch; the job sends them")
def retry_failed_invitations():
    from chalicelib.services.rollout import invite_batches

    body(bp, EMPTY)
    return invite_batches.retry_failed(caller(bp))


@route(bp, "/patients", tag="patients",
       summary="Search the directory: one box (q) or by name, phone, birth date or MRN; recent patients first",
       query={"q": "what was typed: 'given family', 'family, given', a prefix of either, a phone number, "
                   "a birth date (YYYY-MM-DD or MM/DD/YYYY) or an MRN",
              "name": "name words in either order, or 'family, given'; prefixes match",
              "phone": "a phone number", "birth_date": "YYYY-MM-DD", "mrn": "exact MRN", **PAGE})
def search_patients():
    return directory.search(
        caller(bp), q=query_param(bp, "q"), name=query_param(bp, "name"), phone=query_param(bp, "phone"),
        birth_date=query_param(bp, "birth_date"), mrn=query_param(bp, "mrn"),
        limit=parse_limit(query_param(bp, "limit")), cursor=query_param(bp, "cursor"))


@route(bp, "/patients/{patient_id}", tag="patients", summary="A patient's demographics and contact details")
def get_patient(patient_id):
    return patients.get_patient(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/contact", "PATCH", body=CONTACT, tag="patients",
       summary="Change email, phone or address (null clears)")
def update_contact(patient_id):
    return patients.update_contact(caller(bp), patient_id, body(bp, CONTACT))


@route(bp, "/patients/{patient_id}/name", "PUT", body=NAME, tag="patients",
       summary="Correct a patient's name (staff); the directory finds the new name at once")
def rename(patient_id):
    data = body(bp, NAME)
    return directory.rename(caller(bp), patient_id, data["given_name"], data["family_name"])


@route(bp, "/patients/{patient_id}/preferences", "PATCH", body=PREFERENCES, tag="patients",
       summary="Notification channels: email and/or text message")
def update_preferences(patient_id):
    return patients.update_preferences(caller(bp), patient_id, body(bp, PREFERENCES))


@route(bp, "/patients/{patient_id}/invitation", "POST", body=EMPTY, tag="patients",
       summary="Send or re-send the portal invitation (a re-send cancels the earlier code)")
def invite(patient_id):
    body(bp, EMPTY)
    return invitations.invite(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/in-portal", tag="patients",
       summary="What the portal holds for the patient (kinds and counts, no contents) for the desk on the phone")
def in_portal_glance(patient_id):
    from chalicelib.services import in_portal

    return in_portal.glance(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/in-portal/pointer", "POST", body=EMPTY, tag="patients",
       summary="Send the patient \"the information you asked about is in your portal\" and count a deflected "
               "call; send an Idempotency-Key header so a retried click sends once")
def in_portal_send(patient_id):
    from chalicelib.services import in_portal

    body(bp, EMPTY)
    key = idempotency_key(bp)
    return in_portal.send_once(caller(bp), patient_id, key, bp.lambda_context)


@route(bp, "/patients/{patient_id}/unlock", "POST", body=EMPTY, tag="patients",
       summary="Clear a sign-in lockout (staff)")
def unlock(patient_id):
    body(bp, EMPTY)
    return accounts.unlock_patient(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/proxies", tag="proxy", summary="Who holds proxy access to this patient")
def list_proxies(patient_id):
    return proxy.list_for_patient(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/proxies", "POST", body=GRANT, tag="proxy",
       summary="Grant a portal user proxy access to this patient (staff): a minor's parent or guardian at once, "
               "an adult patient's proxy once the patient consents")
def grant_proxy(patient_id):
    from chalice import Response

    data = body(bp, GRANT)
    return Response(status_code=201, body=proxy.grant(
        caller(bp), patient_id, data["grantee_email"], data["scope"], data.get("relationship"),
        data.get("expires_at")))


@route(bp, "/patients/{patient_id}/proxies/{grantee_id}", "DELETE", tag="proxy",
       summary="Revoke a proxy grant, or withdraw a request waiting for consent (staff)")
def revoke_proxy(patient_id, grantee_id):
    return proxy.revoke(caller(bp), patient_id, grantee_id)


@route(bp, "/patients/{patient_id}/proxies/{grantee_id}/consent", "POST", body=CONSENT, tag="proxy",
       summary="Approve or decline a request for access to your record (the patient themself)")
def answer_proxy_request(patient_id, grantee_id):
    return proxy_consent.answer(caller(bp), patient_id, grantee_id, body(bp, CONSENT)["decision"])


@route(bp, "/patients/{patient_id}/proxies/{grantee_id}/written-consent", "POST", body=WRITTEN_CONSENT,
       tag="proxy", summary="Record the patient's signed consent to a pending proxy grant (front desk, admin): the "
                           "form's date, where the paper is kept and/or the scanned form (front desk), which is "
                           "linked to the grant and shared with the patient")
def record_written_consent(patient_id, grantee_id):
    data = body(bp, WRITTEN_CONSENT)
    return proxy_consent.record_written(caller(bp), patient_id, grantee_id, data["signed_on"],
                                        data.get("reference"), data.get("document_id"))


@route(bp, "/patients/{patient_id}/access-log", tag="audit", query=PAGE,
       summary="Who viewed or changed this record, newest first, in plain words")
def access_log_route(patient_id):
    return access_log.patient_access_log(caller(bp), patient_id, parse_limit(query_param(bp, "limit")),
                                         query_param(bp, "cursor"))
