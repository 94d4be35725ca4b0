"""`make bench-scale`: growing the practice's patients (devserver/bench_scale.py grows the history).

Each unit of history adds PER_UNIT patients. The patient and its directory name-token rows
are the items `patients.create_patient` writes (built by the same code: `directory.name_entries`,
`Patient.name_key`, `invite_queue` "waiting"), batch-written because a thousand transactions
would make CI slow; every second patient has been invited already (out of the sparse
invitation queue). Half the families start "Mor" (Morgan, Morrison, Moreno, Moore, Morales) as
the demo's Morgans do, so a directory search for "mor" meets a full page of them, and
every tenth shares Alex Morgan's birth date.

Some patients have what a real practice has open, written through the services (the
sparse index keys as they set them): a waiting conversation in the nurses' pool
(`threads.start`), a result in Dr. Chen's inbox and a flagged one with no clinician
(`point_of_care.enter`), one of them held (`clinician.hold`), a pending correction
(`change_requests.submit_correction`), an unpaid statement (`csv_import.import_csv`), a
visit request in the queue. Per unit: 10 patients, one of each of those.
"""
from __future__ import annotations

from datetime import timedelta

PER_UNIT = 10
FAMILIES = ("Morgan", "Morrison", "Moreno", "Moore", "Morales", "Shah", "Rivera", "Nguyen", "Okafor", "Becker")
GIVEN = ("Avery", "Blake", "Chris", "Dana", "Eli", "Fern", "Gus", "Hana", "Ivo", "June", "Kai", "Lena", "Milo")


def grow_patients(ids: dict, units: int, unit_offset: int) -> int:
    """Add `units` x PER_UNIT patients and their open items; returns the patients added."""
    from chalicelib.models._base import iso_now
    from chalicelib.models.patient import Patient, name_key
    from chalicelib.models.patient_name import PatientNameToken
    from chalicelib.services.directory import name_entries
    from chalicelib.services.patients import MRN_START

    born = Patient.get(ids["alex"]).birth_date
    created, now = [], iso_now()
    with Patient.batch_write() as patients, PatientNameToken.batch_write() as names:
        for n in range(unit_offset * PER_UNIT, (unit_offset + units) * PER_UNIT):
            family, given = FAMILIES[n % len(FAMILIES)], GIVEN[n % len(GIVEN)]
            invited = n % 2 == 1
            patient = Patient(
                f"bench{n:06d}", mrn=str(MRN_START + 500000 + n), given_name=given, family_name=family,
                birth_date=born if n % 10 == 3 else f"19{50 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                sex=("female", "male", "other")[n % 3], email=f"bench{n}@example.net",
                phone=f"+1312556{n % 10000:04d}", preferences={"email": True, "sms": True},
                invite_queue=None if invited else "waiting", account_status="invited" if invited else "none",
                invited_at=now if invited else None, name_key=name_key(family, given),
                recent_at=now if n % 4 == 0 else None, created_at=now, updated_at=now)
            patients.save(patient)
            for entry in name_entries(patient.patient_id, given, family):
                names.save(entry)
            created.append(patient)
    _open_items(ids, created[::PER_UNIT])
    return len(created)


def _open_items(ids: dict, patients: list) -> None:
    """One of each open item per unit, through the services (as staff and patients do)."""
    from chalicelib.auth import Caller
    from chalicelib.services import change_requests
    from chalicelib.services.messaging import threads
    from chalicelib.services.results import clinician, point_of_care

    chen = _staff(ids, "dr.chen@example.org", "Dr. Wei Chen", "provider")
    nurse = _staff(ids, "nina.patel@example.org", "Nina Patel, RN", "nurse")
    rows = []
    for p in patients:
        me = Caller(user_id=f"user-{p.patient_id}", email=p.email, display_name=p.given_name,
                    roles=frozenset({"patient"}), patient_id=p.patient_id)
        threads.start(me, p.patient_id, {"topic": "medical", "subject": "A question",
                                         "body": "Is it fine to take ibuprofen with my other medicines?"})
        change_requests.submit_correction(me, p.patient_id, "allergies", "add",
                                          fields={"substance": "Penicillin"}, note="Rash as a child")
        mine = point_of_care.enter(chen, p.patient_id, {"test": "a1c", "values": {"4548-4": "5.9"}}, send=False)
        point_of_care.enter(nurse, p.patient_id, {"test": "glucose", "values": {"2345-7": "240"}}, send=False)
        clinician.hold(chen, p.patient_id, mine["report_id"], "To discuss at the visit first")
        rows.append(p.mrn)
        _request(ids, p)
    _statements(ids, rows)


def _staff(ids: dict, email: str, name: str, role: str):
    from chalicelib.auth import Caller

    return Caller(user_id=ids[email], email=email, display_name=name, roles=frozenset({role}))


def _request(ids: dict, patient) -> None:
    """A visit request waiting in the queue, as booking a request-only visit type writes it."""
    from datetime import datetime, time

    from chalicelib import clock
    from devserver.bench_scale import _visit

    start = datetime.combine(clock.today() + timedelta(days=9), time(9), tzinfo=clock.practice_tz())
    _visit(patient.patient_id, (ids["dr.chen@example.org"], "Dr. Wei Chen"), start, "proposed",
           f"{patient.family_name}, {patient.given_name}").save()


def _statements(ids: dict, mrns: list[str]) -> None:
    from chalicelib import clock
    from chalicelib.auth import Caller
    from chalicelib.services.billing import csv_import
    from devserver.seed_billing import HEADER

    today = clock.today()
    rows = [f"B-{mrn},{mrn},{today - timedelta(days=5 + i % 100)},{today + timedelta(days=25)},"
            f"{today - timedelta(days=20)},Office visit established patient,99213,180.00,100.00,20.00,60.00"
            for i, mrn in enumerate(mrns)]
    bea = Caller(user_id=ids["bea.king@example.org"], email="bea.king@example.org", display_name="Bea King",
                 roles=frozenset({"billing"}))
    report = csv_import.import_csv(bea, "\n".join([HEADER, *rows]) + "\n", dry_run=False, send=False)
    if report.get("errors"):
        raise SystemExit(f"bench statements refused: {report['errors'][:3]}")
