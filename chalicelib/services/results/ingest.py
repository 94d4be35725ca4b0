"""One HL7 message in: parsed, answered, filed or queued, never half written.

- Malformed or not ours: nothing is written; ACK AE (content) or AR (type, version).
- The same sending system's control id again: nothing changes; the first answer again.
- The patient matches exactly (MRN + birth date + name): reports filed; ACK AA.
- Otherwise: the message waits in the staff match queue; ACK AA (the lab must not
  resend: the practice has it), with the reason in MSA-3.
"""
from __future__ import annotations

import hashlib

from chalicelib import audit
from chalicelib.auth import Caller, authorize_interface
from chalicelib.errors import ConflictError
from chalicelib.models._base import iso_now
from chalicelib.models.lab_message import LabMessage
from chalicelib.observability import logger
from chalicelib.services.results import hl7v2, matching, notices, store
from chalicelib.services.results.hl7v2 import MessageError


def message_id(header: dict) -> str:
    """Control ids are unique per sending system: the key is app + facility + control id."""
    key = "|".join((header["sending_application"], header["sending_facility"], header["control_id"]))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def receive(caller: Caller, raw: bytes | str, via: str = "interface", *, send: bool = True) -> dict:
    """-> {"ack": the HL7 ACK text, "code": AA|AE|AR, "reason", "outcome", "report_ids"}.
    send False: no email/SMS (the demo seed); the home still shows new results."""
    authorize_interface(caller, "results", "results.ingest")
    try:
        parsed = hl7v2.parse(raw)
    except MessageError as exc:
        logger.info("hl7 message refused", extra={"by": caller.user_id, "ack": exc.ack, "condition": exc.condition})
        return _answer(exc.header, exc.ack, exc.reason, "refused", [], exc.condition)
    header = parsed.header
    mid = message_id(header)
    try:
        seen = LabMessage.get(mid)
        return _answer(header, seen.ack_code, "Duplicate control id: already received, nothing changed.",
                       "duplicate", list(seen.report_ids or []))
    except LabMessage.DoesNotExist:
        pass
    matches = [matching.match(group["patient"]) for group in parsed.patients]
    if any(patient is None for patient, _ in matches):
        reason = next(why for patient, why in matches if patient is None)
        return _queue(caller, parsed, mid, raw, via, reason)
    try:
        report_ids = []
        for (patient, _), group in zip(matches, parsed.patients):
            report_ids += file_for(caller, patient, group["reports"], header, mid, via, send=send)
    except MessageError as exc:
        return _answer(header, exc.ack, exc.reason, "refused", [], exc.condition)
    except ConflictError:  # the same message filed a moment ago by a retry, or the report changed
        try:
            seen = LabMessage.get(mid)
            return _answer(header, seen.ack_code, "Duplicate control id: already received, nothing changed.",
                           "duplicate", list(seen.report_ids or []))
        except LabMessage.DoesNotExist:
            return _answer(header, "AE", "The result changed while this message was filed; nothing was "
                                         "stored. Send it again.", "refused", [])
    return _answer(header, "AA", f"Filed {len(report_ids)} report(s).", "stored", report_ids)


def file_for(caller: Caller, patient, reports: list[dict], header: dict, mid: str, via: str,
             message_update=None, send: bool = True) -> list[str]:
    """File one patient's reports with the lab message written in the same transaction."""
    for report in reports:
        report["order_key"] = f"{header['sending_facility'].upper()}|{report['filler_order']}"
        report["performing_lab"] = _lab(report, header)
        report["ordering_user_id"] = _ordering_user(report.get("ordering_provider"))

    def lab_message(tx, planned: list) -> None:
        ids = [f.report.report_id for f in planned]
        if message_update:
            message_update(tx, ids)
            return
        tx.save(LabMessage(mid, message_key=mid, message_id=mid, control_id=header["control_id"],
                           received_at=iso_now(), received_by=caller.user_id, via=via, outcome="stored",
                           ack_code="AA", ack_reason="Filed.", patient_id=patient.patient_id,
                           report_ids=ids, sending_facility=header["sending_facility"]),
                condition=LabMessage.message_key.does_not_exist())

    filed = store.file_reports(patient, reports, source="hl7", received_by=caller.user_id, message_key=mid,
                               extra=lab_message)
    announce(caller, patient, filed, send=send)
    return [f.report.report_id for f in filed]


def announce(caller: Caller, patient, filed: list, send: bool = True) -> None:
    """After filing: audit each report; tell the patient when they may see it; critical
    values to the ordering provider at once."""
    from chalicelib.services.results.release import visible

    owners: dict[str, bool] = {}  # ordering clinician -> any critical value
    for item in filed:
        report = item.report
        if item.current and report.ordering_user_id:
            owners[report.ordering_user_id] = owners.get(report.ordering_user_id, False) \
                or report.severity == "critical"
        audit.record(caller, patient.patient_id, "create" if item.created else "update", "lab-result",
                     report.report_id)
        if not item.current:
            continue
        if visible(report):
            notices.tell_patient(patient, report, send=send)
        if report.severity == "critical" and send and not report.ordering_user_id:
            notices.tell_provider_critical(report)  # no clinician named: the practice's address
    if send:
        from chalicelib.services.results import email_review

        # One email per clinician, at once: the critical alert or "N results to review".
        for owner, critical in sorted(owners.items()):
            if owner != caller.user_id:  # a clinician entering their own point-of-care result knows it
                email_review.send_digest(owner, patient.patient_id, critical=critical)


def _queue(caller: Caller, parsed, mid: str, raw: bytes | str, via: str, reason: str) -> dict:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    now = iso_now()
    from pynamodb.exceptions import PutError

    try:
        LabMessage(mid, message_key=mid, message_id=mid, control_id=parsed.header["control_id"], received_at=now,
                   received_by=caller.user_id, via=via, outcome="queued", ack_code="AA",
                   ack_reason="Held for patient matching at the practice.", queue="open", queue_reason=reason,
                   sending_facility=parsed.header["sending_facility"], raw=text
                   ).save(condition=LabMessage.message_key.does_not_exist())
    except PutError:  # the same message a moment ago (a retry racing the first send)
        pass
    logger.info("hl7 message queued for matching", extra={"by": caller.user_id, "message_id": mid})
    return _answer(parsed.header, "AA", f"Held for patient matching at the practice: {reason}.", "queued", [])


def _answer(header: dict | None, code: str, reason: str, outcome: str, report_ids: list[str],
            condition: str = "207") -> dict:
    return {"ack": hl7v2.ack(header, code, reason, condition=condition), "code": code, "reason": reason,
            "outcome": outcome, "report_ids": report_ids}


def _lab(report: dict, header: dict) -> dict:
    """CLIA (42 CFR 493.1291(c)): the performing lab's name and address. 2.5.1 labs put it in
    OBX-23/24; older ones only name themselves in MSH-4."""
    for observation in report["observations"]:
        if observation.get("performing_lab"):
            return observation["performing_lab"]
    return {"name": header["sending_facility"].title(), "address": None,
            "clia": header.get("facility_id") or None, "director": None}


def _ordering_user(provider: dict | None) -> str | None:
    """The clinician whose inbox gets the report: their NPI from OBR-16 (or ORC-12)."""
    npi = (provider or {}).get("id")
    if not npi:
        return None
    from chalicelib.models.user import User

    user = next(iter(User.npi_index.query(npi, limit=1)), None)
    return user.user_id if user and user.status == "active" else None
