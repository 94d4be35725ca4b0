"""Results whose patient did not match exactly: staff see what the lab sent and file
it under the right patient (or leave it for the lab to correct). Never guessed."""
from __future__ import annotations

from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError, NotFoundError
from chalicelib.models._base import iso_now
from chalicelib.models.lab_message import LabMessage
from chalicelib.pagination import decode_cursor, encode_cursor, one_page
from chalicelib.services.results import hl7v2, ingest, release
from chalicelib.services.results.plain_names import plain_name


QUEUE_LIMIT = 50  # a page when the client asks for no `limit`


def list_queue(caller: Caller, limit: int = QUEUE_LIMIT, cursor: str | None = None) -> dict:
    """Queued lab messages, oldest first: one index Query of `limit` messages a page (a
    message may name more than one patient), `cursor` to go on."""
    require(caller, "results.match")
    scope = "results-match-queue"
    query = LabMessage.match_queue_index.query("open", limit=limit, page_size=limit,
                                               last_evaluated_key=decode_cursor(cursor, scope))
    messages, last_key = one_page(query, LabMessage)
    items = []
    for message in messages:
        parsed = hl7v2.parse(message.raw)
        for group in parsed.patients:
            p = group["patient"]
            items.append({
                "message_id": message.message_id, "received_at": message.received_at,
                "received": release.practice_day_label(message.received_at), "reason": message.queue_reason,
                "sending_facility": message.sending_facility, "via": message.via,
                "patient_in_message": {"mrn": ", ".join(i["id"] for i in p["identifiers"]),
                                       "family_name": p["family"], "given_name": p["given"],
                                       "birth_date": p["birth_date"]},
                "tests": [plain_name(r["code"], r["text"]) for r in group["reports"]],
            })
    # Not yet anyone's record: the read is logged by ids (the filing is audited on the patient).
    from chalicelib.observability import logger

    logger.info("match queue read", extra={"by": caller.user_id, "count": len(items)})
    return {"items": items, "cursor": encode_cursor(last_key, scope)}


def match(caller: Caller, message_id: str, patient_id: str) -> dict:
    """File a queued message under `patient_id` (staff chose it, looking at both)."""
    require(caller, "results.match")
    try:
        message = LabMessage.get(message_id)
    except LabMessage.DoesNotExist:
        raise NotFoundError("Queued result not found.") from None
    if message.queue != "open":
        raise ConflictError("This result was already matched.")
    from chalicelib.services.patients import load

    patient = load(patient_id)
    parsed = hl7v2.parse(message.raw)
    reports = [r for group in parsed.patients for r in group["reports"]]

    def resolve(tx, report_ids):
        tx.update(message, actions=[LabMessage.outcome.set("matched"), LabMessage.queue.remove(),
                                    LabMessage.raw.remove(), LabMessage.patient_id.set(patient_id),
                                    LabMessage.report_ids.set(report_ids),
                                    LabMessage.resolved_by_name.set(caller.display_name),
                                    LabMessage.resolved_at.set(iso_now())],
                  condition=LabMessage.queue == "open")

    ids = ingest.file_for(caller, patient, reports, parsed.header, message_id, message.via, resolve)
    return {"message_id": message_id, "patient_id": patient_id, "report_ids": ids}


def dismiss(caller: Caller, message_id: str, note: str) -> dict:
    """Not filed under anyone (another practice's patient, a test message): it leaves the
    queue and the message text (PHI) is deleted; who, when and why are kept."""
    require(caller, "results.match")
    from pynamodb.exceptions import UpdateError

    try:
        LabMessage(message_id).update(
            actions=[LabMessage.outcome.set("dismissed"), LabMessage.queue.remove(), LabMessage.raw.remove(),
                     LabMessage.resolved_by_name.set(caller.display_name), LabMessage.resolved_at.set(iso_now()),
                     LabMessage.resolution_note.set(note.strip())],
            condition=(LabMessage.message_key.exists()) & (LabMessage.queue == "open"))
    except UpdateError:
        raise ConflictError("This result is no longer waiting for a match.") from None
    from chalicelib.observability import logger

    logger.info("queued result dismissed", extra={"by": caller.user_id, "message_id": message_id})
    return {"message_id": message_id, "outcome": "dismissed"}
