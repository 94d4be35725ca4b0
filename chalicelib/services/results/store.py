"""Filing reports: each arrival adds an append-only version; the report item holds the
current state (what the patient and clinician read), and one trend point per value.

All of it, plus the caller's own record (the lab message), in one transaction: a
failure leaves nothing half written, a retry finds the message already taken.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from chalicelib.errors import ConflictError
from chalicelib.ids import sortable_id
from chalicelib.models._base import iso_now, transact_write
from chalicelib.models.patient import Patient
from chalicelib.models.result_point import ResultPoint
from chalicelib.models.result_report import ResultReport
from chalicelib.models.result_version import ResultVersion
from chalicelib.services.results import release
from chalicelib.services.results.hl7v2 import CRITICAL_FLAGS, MessageError

MAX_ITEMS = 100  # DynamoDB's limit on one transaction
RANK = {"critical": "0", "abnormal": "1", "normal": "2"}


@dataclass
class Filed:
    report: ResultReport
    created: bool  # a new report (not a new version of one)
    current: bool  # this version is now what people read (a late preliminary is history only)


def severity(observations: list[dict]) -> str:
    flags = {o.get("flag") for o in observations}
    if flags & CRITICAL_FLAGS:
        return "critical"
    return "abnormal" if flags - {None, "", "N"} else "normal"


def file_reports(patient: Patient, reports: list[dict], *, source: str, received_by: str,
                 message_key: str | None, extra: Callable | None = None) -> list[Filed]:
    """reports: parsed reports (hl7v2 shape) each with an `order_key`. `extra(tx, filed)`
    adds the caller's own item (e.g. the lab message naming the reports) to the transaction."""
    now = iso_now()
    plans = [_plan(patient, report, now, source, received_by, message_key) for report in reports]
    items = sum(2 + (len(p[3]) if p[0].current else 0) for p in plans) + (1 if extra else 0)
    if items > MAX_ITEMS:
        raise MessageError("The message has too many observations for one transaction; send one order "
                           "per message.", condition="207")
    from pynamodb.exceptions import TransactWriteError

    try:
        with transact_write() as tx:
            for filed, version, previous_version, points in plans:
                tx.save(version, condition=ResultVersion.version_key.does_not_exist())
                if filed.current and filed.created:
                    tx.save(filed.report, condition=ResultReport.report_id.does_not_exist())
                elif filed.current:
                    tx.save(filed.report, condition=ResultReport.version == previous_version)
                else:
                    tx.condition_check(ResultReport, filed.report.patient_id, filed.report.report_id,
                                       condition=ResultReport.version == previous_version)
                for point in points if filed.current else []:
                    tx.save(point)
            if extra:
                extra(tx, [p[0] for p in plans])
    except TransactWriteError:
        raise ConflictError("The result changed meanwhile (or the message was already taken); "
                            "send it again.") from None
    return [p[0] for p in plans]


def _plan(patient: Patient, report: dict, now: str, source: str, received_by: str, message_key: str | None):
    existing = next(iter(ResultReport.order_index.query(report["order_key"], limit=1)), None)
    if existing is not None and existing.patient_id != patient.patient_id:
        raise MessageError("This order number already has a result for another patient.", condition="207")
    number = int(existing.version) + 1 if existing else 1
    late_preliminary = bool(existing) and existing.status in ("final", "corrected") \
        and report["status"] == "preliminary"
    head = existing or ResultReport(patient.patient_id, sortable_id(), order_key=report["order_key"],
                                    received_at=now, **_initial_release(patient, report, now))
    earlier = {o.get("code"): o for o in json.loads(existing.observations)} if existing else {}
    observations = [_replacing(earlier.get(o.get("code")),
                               _with_prior(patient.patient_id, head.report_id, o, report.get("collected_at")))
                    for o in report["observations"]]
    snapshot = {**report, "observations": observations}
    version = ResultVersion(patient.patient_id, f"{head.report_id}#{number:04d}", report_id=head.report_id,
                            version=number, status=report["status"], content=json.dumps(snapshot),
                            received_at=now, source=source, message_key=message_key, received_by=received_by)
    previous_version = int(existing.version) if existing else None
    if late_preliminary:
        return Filed(head, False, False), version, previous_version, []
    level = severity(observations)
    head.source, head.code, head.code_system, head.name = source, report["code"], report["system"], \
        report["text"] or report["code"]
    head.category, head.status, head.severity, head.version = report["category"], report["status"], level, number
    head.observations, head.notes = json.dumps(observations), json.dumps(report.get("notes") or [])
    head.specimen = json.dumps(report["specimen"]) if report.get("specimen") else None
    head.ordering_provider = json.dumps(report["ordering_provider"]) if report.get("ordering_provider") else None
    head.ordering_user_id = report.get("ordering_user_id")
    head.performing_lab = json.dumps(report["performing_lab"]) if report.get("performing_lab") else None
    head.collected_at, head.reported_at, head.updated_at = report.get("collected_at"), report.get("reported_at"), now
    head.message_key = message_key
    # Every new version goes back to the clinician's inbox, unreviewed.
    head.reviewed_at = head.reviewed_by = head.reviewed_by_name = None
    head.inbox_owner = report.get("ordering_user_id") or "unassigned"
    head.inbox_sort = f"{RANK[level]}#{now}#{head.report_id}"
    points = [_point(patient.patient_id, head, o) for o in observations if o.get("value") and o.get("code")]
    return Filed(head, existing is None, True), version, previous_version, points


def _initial_release(patient: Patient, report: dict, now: str) -> dict:
    state, until = release.initial(patient, report["category"], now)
    return {"release": state, "release_at": until, "due": "awaiting" if state == release.AWAITING else None}


def _with_prior(patient_id: str, report_id: str, observation: dict, collected_at: str | None) -> dict:
    """The latest earlier value of the same test, for the clinician's inbox (one Query)."""
    code = observation.get("code")
    if not code:
        return observation
    upper = f"{code}#{collected_at or '~'}"
    for point in ResultPoint.query(patient_id, ResultPoint.point_key.between(f"{code}#", upper),
                                   scan_index_forward=False, limit=3):
        if point.report_id != report_id and point.point_key < upper:
            return {**observation, "prior": {"value": point.value, "units": point.units, "flag": point.flag,
                                             "collected_at": point.collected_at}}
    return observation


def _replacing(earlier: dict | None, observation: dict) -> dict:
    """A corrected value says what it replaces (the earlier version stays in the history)."""
    if earlier and earlier.get("value") != observation.get("value"):
        return {**observation, "replaces": {"value": earlier.get("value"), "units": earlier.get("units"),
                                            "flag": earlier.get("flag")}}
    return observation


def _point(patient_id: str, head: ResultReport, o: dict) -> ResultPoint:
    collected = head.collected_at or o.get("observed_at") or head.received_at
    rng = o.get("range") or {}
    return ResultPoint(patient_id, f"{o['code']}#{collected}#{head.report_id}", report_id=head.report_id,
                       code=o["code"], name=o.get("text") or o["code"], collected_at=collected,
                       value=str(o["value"]), number=o.get("number"), units=o.get("units"),
                       range_text=rng.get("text"), range_low=rng.get("low"), range_high=rng.get("high"),
                       flag=o.get("flag"), status=o.get("status") or head.status)
