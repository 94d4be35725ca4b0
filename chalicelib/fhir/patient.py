"""Patient: demographics, the MRN as identifier."""
from __future__ import annotations

from chalicelib.fhir import Context, Item, compact


def build(ctx: Context) -> list[Item]:
    p = ctx.patient
    address = p.address.as_dict() if p.address else None
    resource = compact({
        "resourceType": "Patient",
        "id": p.patient_id,
        "identifier": [{
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
            "system": f"{ctx.portal_url}/mrn", "value": p.mrn}],
        "name": [{"use": "official", "family": p.family_name, "given": [p.given_name]}],
        "gender": p.sex,
        "birthDate": p.birth_date,
        "telecom": [{"system": "email", "value": p.email} if p.email else None,
                    {"system": "phone", "value": p.phone, "use": "mobile"} if p.phone else None],
        "address": [{
            "line": [address.get("line1"), address.get("line2")], "city": address.get("city"),
            "state": address.get("state"), "postalCode": address.get("postal_code"),
            "country": address.get("country")}] if address else None,
    })
    return [Item(resource, None)]
