"""The patient side of results (and the same reads for clinicians): the list, one
report, and the trend of one test. A report not yet visible to the patient side
(held, or waiting for review at the patient's own choice) shows as pending, never
as nothing; clinicians always see everything."""
from __future__ import annotations

import json

from chalicelib import audit
from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import InvalidError, NotFoundError
from chalicelib.ids import looks_like_id
from chalicelib.models.attention import AttentionItem
from chalicelib.models.result_point import ResultPoint
from chalicelib.models.result_report import ResultReport
from chalicelib.models.result_version import ResultVersion
from chalicelib.pagination import decode_cursor, encode_cursor
from chalicelib.services.results import release
from chalicelib.services.results.notices import reference
from chalicelib.services.results.plain_names import plain_name

PENDING = {
    "held": "Your clinician is reviewing this result. It will appear here when it is ready.",
    "awaiting-review": "You asked to see this kind of result after your clinician has reviewed it. "
                       "It will appear here then, or on {date} at the latest.",
}
MARKERS = {  # flag -> (marker for colour, words)
    "N": ("normal", "In the normal range"),
    "H": ("high", "Above the normal range"), "L": ("low", "Below the normal range"),
    "HH": ("critical", "Far above the normal range"), "LL": ("critical", "Far below the normal range"),
    "A": ("abnormal", "Outside the normal result"), "AA": ("critical", "Far outside the normal result"),
    ">": ("high", "Above the normal range"), "<": ("low", "Below the normal range"),
}
STATUS_WORDS = {"preliminary": "Preliminary: the lab may still change this result",
                "final": "Final", "corrected": "Corrected by the lab", "cancelled": "Cancelled by the lab"}


def list_results(caller: Caller, patient_id: str, limit: int, cursor: str | None) -> dict:
    """Newest first; `new` marks what the patient side has not opened yet."""
    authorize_patient(caller, patient_id, "results.read")
    scope = f"results:{patient_id}"
    result = ResultReport.query(patient_id, scan_index_forward=False, limit=limit,
                                last_evaluated_key=decode_cursor(cursor, scope))
    reports = list(result)
    new = {i.resource_id for i in AttentionItem.query(patient_id, AttentionItem.item_key.startswith("result:"))}
    audit.record(caller, patient_id, "read", "lab-result")
    return {"items": [{**summary(r, caller.is_staff), "new": r.report_id in new} for r in reports],
            "cursor": encode_cursor(result.last_evaluated_key, scope)}


def get_result(caller: Caller, patient_id: str, report_id: str) -> dict:
    authorize_patient(caller, patient_id, "results.read")
    report = load(patient_id, report_id)
    audit.record(caller, patient_id, "read", "lab-result", report_id)
    out = detail(report, caller.is_staff)
    if out["status"] != "pending":
        versions = ResultVersion.query(patient_id, ResultVersion.version_key.startswith(f"{report_id}#"))
        out["history"] = [{"version": int(v.version), "status": v.status, "received_at": v.received_at,
                           "received": release.practice_day_label(v.received_at)} for v in versions]
        if not caller.is_staff:
            from chalicelib.services import home

            home.clear(patient_id, "result", report_id)
            from chalicelib.services.adoption import events

            events.result_viewed(report)
    return out


def trend(caller: Caller, patient_id: str, code: str | None) -> dict:
    """Every value of one test, oldest first, with the latest range (for the band)."""
    authorize_patient(caller, patient_id, "results.read")
    if not code or len(code) > 40 or "#" in code:
        raise InvalidError("code is required (a test code such as 13457-7).", field="code")
    points = list(ResultPoint.query(patient_id, ResultPoint.point_key.startswith(f"{code}#"), limit=200))
    if points and not caller.is_staff:
        ids = sorted({p.report_id for p in points})
        shown = {r.report_id for r in ResultReport.batch_get([(patient_id, i) for i in ids]) if release.visible(r)}
        points = [p for p in points if p.report_id in shown]
    audit.record(caller, patient_id, "read", "result-trend", code)
    latest = points[-1] if points else None
    return {
        "code": code, "name": plain_name(code, latest.name if latest else code),
        "lab_name": latest.name if latest else None, "units": latest.units if latest else None,
        "range": {"text": latest.range_text, "low": latest.range_low, "high": latest.range_high} if latest else None,
        "points": [{"report_id": p.report_id, "collected_at": p.collected_at,
                    "when": release.practice_day_label(p.collected_at), "value": p.value, "number": p.number,
                    "units": p.units, "flag": p.flag, **marker(p.flag, p.number, p.range_low, p.range_high)}
                   for p in points],
    }


def load(patient_id: str, report_id: str) -> ResultReport:
    if not looks_like_id(report_id):
        raise NotFoundError("Result not found.")
    try:
        return ResultReport.get(patient_id, report_id)
    except ResultReport.DoesNotExist:
        raise NotFoundError("Result not found.") from None


def summary(report: ResultReport, staff: bool) -> dict:
    shown = staff or release.visible(report)
    out = {"report_id": report.report_id, "patient_id": report.patient_id,
           "name": plain_name(report.code, report.name), "lab_name": report.name,
           "collected_at": report.collected_at, "collected": release.practice_day_label(report.collected_at),
           "received_at": report.received_at, "status": report.status if shown else "pending",
           "source": report.source, "reference": reference(report.report_id)}
    if not shown:
        out["message"] = PENDING.get(report.release, PENDING["held"]).format(
            date=release.practice_day_label(report.release_at))
        return out
    out.update(severity=report.severity, status_words=STATUS_WORDS.get(report.status, report.status),
               reviewed=bool(report.reviewed_at), has_comment=bool(report.comment))
    if staff:
        out.update(release=report.release, hold_reason=report.hold_reason, held_by_name=report.held_by_name,
                   reviewed_by_name=report.reviewed_by_name)
    return out


def detail(report: ResultReport, staff: bool) -> dict:
    out = summary(report, staff)
    if out["status"] == "pending":
        return out
    observations = json.loads(report.observations)
    out.update(
        observations=[_observation(o, staff) for o in observations],
        notes=json.loads(report.notes or "[]"),
        specimen=json.loads(report.specimen) if report.specimen else None,
        ordering_provider=(json.loads(report.ordering_provider) or {}).get("name") if report.ordering_provider else None,
        performing_lab=json.loads(report.performing_lab) if report.performing_lab else None,
        reported=release.practice_day_label(report.reported_at),
        comment={"text": report.comment, "by": report.comment_by_name,
                 "when": release.practice_day_label(report.comment_at)} if report.comment else None,
        reviewed_by_name=report.reviewed_by_name,
        reviewed=release.practice_day_label(report.reviewed_at) if report.reviewed_at else None,
    )
    return out


def _observation(o: dict, staff: bool) -> dict:
    rng = o.get("range") or {}
    out = {"code": o.get("code"), "code_system": o.get("system"), "name": plain_name(o.get("code"), o.get("text")),
           "lab_name": o.get("text"), "value": o.get("value"), "units": o.get("units"),
           "range": rng.get("text"), "flag": o.get("flag"), "status": o.get("status"), "notes": o.get("notes") or [],
           "trend": bool(o.get("number")), **marker(o.get("flag"), o.get("number"), rng.get("low"), rng.get("high"))}
    if o.get("replaces"):
        out["replaces"] = o["replaces"]
    if staff and o.get("prior"):
        out["prior"] = {**o["prior"], "when": release.practice_day_label(o["prior"].get("collected_at"))}
    return out


def marker(flag: str | None, number: str | None, low: str | None, high: str | None) -> dict:
    """The in/out-of-range marker in words (and a key the page colours). The lab's flag
    decides; without one, a number is compared with a numeric range."""
    if flag in MARKERS:
        key, words = MARKERS[flag]
        return {"marker": key, "marker_words": words}
    try:
        value = float(number) if number is not None else None
        if value is not None and high is not None and value > float(high):
            return {"marker": "high", "marker_words": "Above the normal range"}
        if value is not None and low is not None and value < float(low):
            return {"marker": "low", "marker_words": "Below the normal range"}
        if value is not None and (low is not None or high is not None):
            return {"marker": "normal", "marker_words": "In the normal range"}
    except ValueError:
        pass
    return {"marker": "none", "marker_words": "No range given"}
