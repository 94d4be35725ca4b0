"""HL7 fixtures for the results tests: the corpus in tests/fixtures/hl7 is written for a
fictional patient (EVERYWOMAN^EVE, MRN 555444); `message()` points one at a test's own
patient and makes its control id and order numbers unique, so tests do not collide."""
from __future__ import annotations

import uuid
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "hl7"
HL7 = "application/hl7-v2"


def message(name: str, patient: dict | None = None, tag: str | None = None, control: str | None = None) -> bytes:
    """tag: the same tag keeps order numbers equal across messages (preliminary then final)."""
    tag = tag or uuid.uuid4().hex[:8]
    out = []
    for segment in (FIXTURES / name).read_bytes().decode().split("\r"):
        fields = segment.split("|")
        if fields[0] == "MSH" and len(fields) > 9:
            fields[9] = control or f"{fields[9]}-{uuid.uuid4().hex[:8]}"  # MSH-10
        if fields[0] == "PID" and patient:
            fields[2] = ""
            fields[3] = f"{patient['mrn']}^^^MAPLE STREET FP^MR"
            fields[5] = f"{patient['family_name'].upper()}^{patient['given_name'].upper()}"
            fields[7] = patient["birth_date"].replace("-", "")
        if fields[0] in ("ORC", "OBR"):
            for index in (2, 3):  # placer and filler order numbers
                if len(fields) > index and fields[index]:
                    first, sep, rest = fields[index].partition("^")
                    fields[index] = f"{first}-{tag}{sep}{rest}"
        out.append("|".join(fields))
    return "\r".join(out).encode()


def post_hl7(api, raw: bytes, credential: str | None, content_type: str = HL7):
    headers = {"content-type": content_type}
    if credential:
        headers["authorization"] = f"Bearer {credential}"
    return api.request("POST", "/results/hl7", raw=raw, headers=headers)


def ack_fields(res) -> dict:
    """MSA-1..3 of an ACK response."""
    body = res.raw_body.decode() if isinstance(res.raw_body, bytes) else res.raw_body
    segments = {s.split("|")[0]: s.split("|") for s in body.split("\r") if s}
    msa = segments["MSA"]
    return {"code": msa[1], "control_id": msa[2], "reason": msa[3] if len(msa) > 3 else "",
            "msh": segments["MSH"], "err": segments.get("ERR")}


def control_id(raw: bytes) -> str:
    return raw.decode().split("\r")[0].split("|")[9]
