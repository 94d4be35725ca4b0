"""The demo practice, created through the service layer (as staff would create it)."""
from __future__ import annotations

from chalicelib import clock

from dataclasses import dataclass

DEMO_PASSWORD = "Demo-Portal-2026!"


@dataclass(frozen=True)
class DemoStaff:
    email: str
    name: str
    role: str


STAFF = [
    DemoStaff("dr.chen@example.org", "Dr. Wei Chen", "provider"),
    # The pediatric nurse practitioner: a provider (NPs hold the provider role), seeded
    # without hours so the admin gives her hours in the scheduling setup (issue 14).
    DemoStaff("amara.okafor@example.org", "Amara Okafor, CPNP", "provider"),
    DemoStaff("nina.patel@example.org", "Nina Patel, RN", "nurse"),
    DemoStaff("frank.ortiz@example.org", "Frank Ortiz", "front_desk"),
    DemoStaff("bea.king@example.org", "Bea King", "billing"),
    DemoStaff("ada.admin@example.org", "Ada Admin", "admin"),
]

PATIENTS = [
    # (key, given, family, birth date, sex, email, phone)
    ("alex", "Alex", "Morgan", "1984-03-12", "male", "alex.morgan@example.org", "+13125550101"),
    ("priya", "Priya", "Shah", "1991-07-28", "female", "priya.shah@example.org", "+13125550102"),
    ("jordan", "Jordan", "Morgan", "1986-11-02", "female", "jordan.morgan@example.org", "+13125550103"),
    ("sam", "Sam", "Morgan", None, "male", None, None),  # birth date: 8 years ago
    ("casey", "Casey", "Rivera", "1975-05-19", "other", "casey.rivera@example.org", None),  # not yet invited
]

PRACTICE = {
    "name": "Maple Street Family Practice",
    "timezone": "America/Chicago",
    "phone": "+13125550100",
    "email": "frontdesk@maple-street.example",
    "address": {"line1": "1200 Maple Street", "line2": "Suite 200", "city": "Springfield",
                "state": "IL", "postal_code": "62701", "country": "US"},
    "hours": [{"day": d, "open": "08:00", "close": "17:00"} for d in ("mon", "tue", "wed", "thu")]
    + [{"day": "fri", "open": "08:00", "close": "15:00"}],
}


def eight_years_ago() -> str:
    from datetime import timedelta

    today = clock.today()  # the practice's day
    try:
        born = today.replace(year=today.year - 8)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - 8, day=28)
    return (born - timedelta(days=40)).isoformat()


def seed() -> dict:
    """Create the practice, staff, patients and accounts. Returns ids by key."""
    from chalicelib.services import accounts, patients, practice, proxy

    practice.update_settings(None, PRACTICE)
    ids: dict[str, str] = {}
    for staff in STAFF:
        ids[staff.email] = accounts.create_account(staff.email, DEMO_PASSWORD, staff.name, {staff.role})
    for key, given, family, born, sex, email, phone in PATIENTS:
        created = patients.create_patient(None, {
            "given_name": given, "family_name": family, "birth_date": born or eight_years_ago(),
            "sex": sex, "email": email, "phone": phone,
            "address": {"line1": "48 Elm Court", "city": "Springfield", "state": "IL",
                        "postal_code": "62704", "country": "US"},
        })
        ids[key] = created["patient_id"]
        if email and key != "casey":
            accounts.create_account(email, DEMO_PASSWORD, f"{given} {family}", {"patient"},
                                    patient_id=created["patient_id"])
    proxy.grant(None, ids["sam"], "jordan.morgan@example.org", "full", relationship="parent")
    from devserver.seed_health import seed_health  # issue 3

    seed_health(ids)
    from devserver.seed_appointments import seed_appointments  # issue 5

    ids.update(seed_appointments(ids, ids["dr.chen@example.org"]))
    from devserver.seed_billing import seed_billing  # issue 13

    ids.update(seed_billing(ids))
    from devserver.seed_results import seed_results  # issue 12

    ids.update(seed_results(ids))
    from devserver.seed_messaging import seed_messaging  # issue 11

    ids.update(seed_messaging(ids))
    from devserver.seed_forms import seed_forms  # issue 17

    ids.update(seed_forms(ids))
    from devserver.seed_adoption import seed_adoption  # issue 15

    seed_adoption()
    return ids
