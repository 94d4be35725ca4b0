"""HL7 v2 ORU^R01 (2.3 to 2.5.1) to plain report dicts, and the ACK back.

Parsing uses python-hl7 (`hl7`, imported lazily): it splits any 2.x version into
segments, fields, repetitions and components without a version-specific message
structure, so 2.3 Quest, 2.3.1 LabCorp and 2.5.1 LRI messages go through one path;
grouping (patient -> order -> observations -> notes) follows segment order as the
standard defines it. hl7apy was compared on the same corpus (docs/results.md).

Anything we cannot read with certainty raises MessageError: the message is then
not stored at all and answered AE (content) or AR (not a message we take).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SUPPORTED_VERSIONS = ("2.3", "2.3.1", "2.4", "2.5", "2.5.1")
STATUSES = {"P": "preliminary", "F": "final", "C": "corrected", "X": "cancelled",
            "I": "preliminary", "R": "preliminary", "S": "preliminary", "A": "preliminary"}
FLAGS = {"L": "low", "H": "high", "LL": "critical-low", "HH": "critical-high", "A": "abnormal",
         "AA": "critical", "N": "normal", "<": "low", ">": "high"}
CRITICAL_FLAGS = frozenset({"LL", "HH", "AA"})
LOINC_SYSTEMS = frozenset({"LN", "LOINC", "2.16.840.1.113883.6.1"})
# OBR-24 diagnostic service section -> the categories a patient may choose to wait for.
CATEGORIES = {"MB": "microbiology", "MCB": "microbiology", "VR": "microbiology", "SP": "pathology",
              "PAT": "pathology", "CP": "pathology", "CY": "pathology", "SR": "general", "GE": "genetic"}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
RANGE = re.compile(r"^\s*([+-]?\d*\.?\d+)\s*-\s*([+-]?\d*\.?\d+)\s*$")
# HL7 table 0357 (message error condition codes) used in ERR-3.
CONDITIONS = {"100": "Segment sequence error", "101": "Required field missing", "102": "Data type error",
              "200": "Unsupported message type", "203": "Unsupported version id", "207": "Application internal error"}
BOUND = re.compile(r"^\s*(<=|>=|<|>)\s*([+-]?\d*\.?\d+)\s*$")


class MessageError(Exception):
    """The message cannot be taken. ack: AE (bad content) or AR (not ours to take)."""

    def __init__(self, reason: str, ack: str = "AE", control_id: str | None = None, condition: str = "102"):
        super().__init__(reason)
        self.reason, self.ack, self.control_id, self.condition = reason, ack, control_id, condition
        self.header: dict | None = None  # set once MSH was read, so the ACK answers the sender


@dataclass
class Parsed:
    header: dict
    patients: list[dict]  # [{"patient": {...}, "reports": [...]}]


def parse(raw: bytes | str) -> Parsed:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = text.replace("\r\n", "\r").replace("\n", "\r").strip("\r \ufeff\x0b\x1c")
    if not text.startswith("MSH") or len(text) < 9:
        raise MessageError("The message does not start with an MSH segment.")
    import hl7  # lazy: only the lab route needs it

    try:
        message = hl7.parse(text)
    except Exception:
        raise MessageError("The message could not be split into segments.") from None
    msh = message.segment("MSH")
    header = {
        "sending_application": _v(msh, 3), "sending_facility": _v(msh, 4),
        "facility_id": _v(msh, 4, 2), "receiving_application": _v(msh, 5), "receiving_facility": _v(msh, 6),
        "sent_at": hl7_time(_v(msh, 7)), "type": _v(msh, 9, 1), "event": _v(msh, 9, 2),
        "control_id": _v(msh, 10), "processing_id": _v(msh, 11), "version": _v(msh, 12),
    }
    try:
        return Parsed(header, _checked(message, header))
    except MessageError as exc:
        exc.header, exc.control_id = header, header["control_id"] or None
        raise


def _checked(message, header: dict) -> list[dict]:
    control = header["control_id"] or None
    if not control:
        raise MessageError("MSH-10 (message control id) is missing.", condition="101")
    if (header["type"], header["event"]) != ("ORU", "R01"):
        raise MessageError(f"Only ORU^R01 is accepted here, not {header['type']}^{header['event']}.", "AR", control,
                           "200")
    if header["version"] not in SUPPORTED_VERSIONS:
        raise MessageError(f"HL7 version {header['version'] or '(none)'} is not supported "
                           f"({', '.join(SUPPORTED_VERSIONS)}).", "AR", control, "203")
    return _groups(message)


def _groups(message) -> list[dict]:
    patients: list[dict] = []
    report = observation = None
    order_provider = None
    for segment in message[1:]:
        name = str(segment[0])
        if name == "PID":
            patients.append({"patient": _patient(segment), "reports": []})
            report = observation = order_provider = None
        elif name == "ORC":
            order_provider = _provider(segment, 12)
        elif name == "OBR":
            if not patients:
                raise MessageError("OBR comes before any PID segment.", condition="100")
            report = _report(segment, order_provider)
            patients[-1]["reports"].append(report)
            observation = None
        elif name == "OBX":
            if report is None:
                raise MessageError("OBX comes before any OBR segment.", condition="100")
            observation = _observation(segment, len(report["observations"]) + 1)
            report["observations"].append(observation)
        elif name == "NTE":
            note = _text(segment, 3)
            target = observation or report
            if target is not None and note:
                target["notes"].append(note)
        elif name == "SPM" and report is not None:
            report["specimen"] = {"id": _v(segment, 2), "type": _v(segment, 4, 2) or _v(segment, 4, 1),
                                  "type_code": _v(segment, 4, 1)}
            report["collected_at"] = report["collected_at"] or hl7_time(_v(segment, 17))
    if not patients:
        raise MessageError("The message has no PID segment.")
    for group in patients:
        if not group["reports"]:
            raise MessageError("A patient in the message has no OBR segment.")
        for report in group["reports"]:
            if not report["observations"] and report["status"] != "cancelled":
                raise MessageError(f"OBR {report['set_id'] or ''} has no OBX segments.".replace("  ", " "))
    return patients


def _patient(pid) -> dict:
    ids = []
    for rep in range(1, _reps(pid, 3) + 1):
        ids.append({"id": _v(pid, 3, 1, r=rep), "type": _v(pid, 3, 5, r=rep)})
    if _v(pid, 2):  # 2.3 labs still send the external id in PID-2
        ids.append({"id": _v(pid, 2), "type": "PI"})
    birth = _v(pid, 7)
    if not ids or not any(i["id"] for i in ids):
        raise MessageError("PID-3 (patient identifier) is missing.", condition="101")
    return {"identifiers": [i for i in ids if i["id"]], "family": _v(pid, 5, 1), "given": _v(pid, 5, 2),
            "birth_date": hl7_date(birth) if birth else None}


def _report(obr, order_provider) -> dict:
    status_code = _v(obr, 25) or "F"
    if status_code not in STATUSES:
        raise MessageError(f"OBR-25 result status {status_code!r} is not one of P, F, C, X.")
    filler = _v(obr, 3) or _v(obr, 2)
    if not filler:
        raise MessageError("OBR-3 (filler order number) and OBR-2 are both missing.")
    code = _coded(obr, 4)
    return {
        "set_id": _v(obr, 1), "placer_order": _v(obr, 2), "filler_order": filler, **code,
        "status_code": status_code, "status": STATUSES[status_code],
        "category": CATEGORIES.get(_v(obr, 24).upper(), "general"),
        "collected_at": hl7_time(_v(obr, 7)), "specimen_received_at": hl7_time(_v(obr, 14)),
        "reported_at": hl7_time(_v(obr, 22)),
        "specimen": {"type": _v(obr, 15, 2) or _v(obr, 15, 1)} if _v(obr, 15) else None,
        "ordering_provider": _provider(obr, 16) or order_provider,
        "observations": [], "notes": [],
    }


def _observation(obx, position: int) -> dict:
    value_type = _v(obx, 2).upper()
    status_code = _v(obx, 11) or "F"
    if status_code not in STATUSES and status_code not in ("D", "W", "N"):
        raise MessageError(f"OBX {position}: OBX-11 status {status_code!r} is not valid.")
    code = _coded(obx, 3)
    if not (code["code"] or code["text"]):
        raise MessageError(f"OBX {position}: OBX-3 (observation identifier) is missing.", condition="101")
    flag = _v(obx, 8).upper()
    if flag and flag not in FLAGS:
        raise MessageError(f"OBX {position}: OBX-8 abnormal flag {flag!r} is not one of L, H, LL, HH, A, AA, N.")
    value = _value(obx, value_type, position)
    range_text = _v(obx, 7)
    units = _v(obx, 6, 1)
    lab = None
    if _v(obx, 23):
        lab = {"name": _v(obx, 23, 1), "address": _address(obx, 24), "clia": _v(obx, 23, 10) or None,
               "director": _name(obx, 25, 2)}
    return {
        "position": position, "value_type": value_type, **code, **value,
        "units": units or None, "units_system": "UCUM" if _v(obx, 6, 3).upper() == "UCUM" else None,
        "range": _range(range_text), "flag": flag or None, "interpretation": FLAGS.get(flag) if flag else None,
        "status": STATUSES.get(status_code, "cancelled"), "observed_at": hl7_time(_v(obx, 14)),
        "performing_lab": lab, "notes": [],
    }


def _value(obx, value_type: str, position: int) -> dict:
    if value_type in ("NM",):
        raw = _v(obx, 5)
        if raw and not NUMBER.match(raw.strip()):
            raise MessageError(f"OBX {position}: OBX-5 is not a number but OBX-2 says NM.")
        return {"value": raw.strip(), "number": raw.strip() or None, "comparator": None}
    if value_type == "SN":
        comparator, first, separator, second = (_v(obx, 5, i) for i in (1, 2, 3, 4))
        if first and not NUMBER.match(first) or second and not NUMBER.match(second):
            raise MessageError(f"OBX {position}: OBX-5 is not a structured numeric value.")
        shown = f"{comparator}{first}{separator}{second}"
        plain = not separator and not comparator
        return {"value": shown, "number": first if plain or comparator in ("=",) else None,
                "comparator": comparator or None}
    if value_type in ("CWE", "CE", "CNE", "CF"):
        return {"value": _v(obx, 5, 2) or _v(obx, 5, 5) or _v(obx, 5, 1), "number": None, "comparator": None,
                "value_code": _v(obx, 5, 1) or None, "value_system": _v(obx, 5, 3) or None}
    if value_type in ("ST", "TX", "FT", ""):
        return {"value": _text(obx, 5), "number": None, "comparator": None}
    raise MessageError(f"OBX {position}: value type {value_type} is not supported (NM, SN, ST, TX, FT, CWE, CE).")


def _coded(segment, field: int) -> dict:
    """LOINC if either coding is LOINC, the lab's local code kept beside it."""
    first = (_v(segment, field, 1), _v(segment, field, 2), _v(segment, field, 3).upper())
    alt = (_v(segment, field, 4), _v(segment, field, 5), _v(segment, field, 6).upper())
    loinc = first if first[2] in LOINC_SYSTEMS else alt if alt[2] in LOINC_SYSTEMS else None
    local = first if loinc is not first else (alt if alt[0] else None)
    chosen = loinc or first
    return {"code": chosen[0], "text": chosen[1] or (local[1] if local else "") or first[1],
            "system": "LOINC" if loinc else "local",
            "local_code": local[0] if local and local is not chosen else None,
            "local_text": local[1] if local and local is not chosen else None}


def _range(text: str) -> dict | None:
    if not text:
        return None
    out = {"text": text, "low": None, "high": None}
    if m := RANGE.match(text):
        out["low"], out["high"] = m.group(1), m.group(2)
    elif m := BOUND.match(text):
        out["high" if m.group(1).startswith("<") else "low"] = m.group(2)
    return out


def _provider(segment, field: int) -> dict | None:
    if not _v(segment, field):
        return None
    family, given = _v(segment, field, 2), _v(segment, field, 3)
    degree = _v(segment, field, 7)
    name = " ".join(p for p in (given.title(), family.title()) if p)
    return {"id": _v(segment, field, 1) or None, "family": family, "given": given,
            "name": f"{name}, {degree}" if degree and name else name or None}


def _name(segment, field: int, start: int) -> str | None:
    family, given = _v(segment, field, start), _v(segment, field, start + 1)
    return " ".join(p for p in (given, family) if p) or None


def _address(segment, field: int) -> str | None:
    parts = [_v(segment, field, i) for i in (1, 2, 3, 4, 5)]
    street = ", ".join(p for p in parts[:2] if p)
    city = ", ".join(p for p in (parts[2], f"{parts[3]} {parts[4]}".strip()) if p)
    return ", ".join(p for p in (street, city) if p) or None


def _text(segment, field: int) -> str:
    """Free text: repetitions are lines; \\.br\\ is a line break (FT)."""
    lines = [_v(segment, field, r=rep) for rep in range(1, _reps(segment, field) + 1)]
    return "\n".join(lines).replace("\\.br\\", "\n").strip()


def _reps(segment, field: int) -> int:
    if field >= len(segment):
        return 0
    try:
        return max(1, len(segment(field))) if str(segment(field)) else 0
    except (IndexError, TypeError):
        return 0


def _v(segment, field: int, component: int = 1, r: int = 1) -> str:
    """One value, unescaped; "" when absent (optional fields are often left off)."""
    try:
        value = segment.extract_field(None, field, r, component, 1)
    except (IndexError, AttributeError):
        return ""
    return str(value).replace("\\.br\\", "\n").strip()


def hl7_time(value: str) -> str | None:
    """HL7 DTM (YYYY[MM[DD[HH[MM[SS]]]]][+-ZZZZ]) -> UTC ISO; no offset = practice time."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$", value.strip())
    if not m:
        raise MessageError(f"{value!r} is not an HL7 date and time.")
    year, month, day, hour, minute, second, offset = m.groups()
    try:
        if offset:
            sign = 1 if offset[0] == "+" else -1
            zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        else:
            from chalicelib import clock

            zone = clock.practice_tz()
        moment = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                          int(second or 0), tzinfo=zone)
    except ValueError:
        raise MessageError(f"{value!r} is not a valid date and time.") from None
    from chalicelib.models._base import iso

    return iso(moment)


def hl7_date(value: str) -> str:
    m = re.match(r"^(\d{4})(\d{2})(\d{2})", value.strip())
    if not m:
        raise MessageError("PID-7 (birth date) is not a date.")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def ack(header: dict | None, code: str, reason: str, control_id: str | None = None,
        condition: str = "207") -> str:
    """MSA AA/AE/AR with the reason in MSA-3 (and ERR for AE/AR). No PHI in reasons."""
    from chalicelib import clock
    from chalicelib.ids import random_id

    header = header or {}
    stamp = clock.local().strftime("%Y%m%d%H%M%S%z")
    version = header.get("version") if header.get("version") in SUPPORTED_VERSIONS else "2.5.1"
    msh = "|".join(["MSH", "^~\\&", _esc(header.get("receiving_application") or "PORTAL"),
                    _esc(header.get("receiving_facility") or "PORTAL"), _esc(header.get("sending_application") or ""),
                    _esc(header.get("sending_facility") or ""), stamp, "", "ACK^R01^ACK", "ACK" + random_id()[:17],
                    header.get("processing_id") or "P", version])
    segments = [msh, f"MSA|{code}|{_esc(control_id or header.get('control_id') or '')}|{_esc(reason)[:80]}"]
    if code != "AA":  # ERR-3 HL7 table 0357 condition, ERR-4 severity, ERR-8 the reason in words
        segments.append(f"ERR|||{condition}^{CONDITIONS.get(condition, '')}^HL70357|E||||{_esc(reason)}")
    return "\r".join(segments) + "\r"


def _esc(value: str) -> str:
    return (value.replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\")
            .replace("&", "\\T\\").replace("~", "\\R\\"))
