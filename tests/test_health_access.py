"""Every health record route against every kind of caller.

Callers: alex on his own record ("self"), jordan on her son sam ("proxy", full),
priya on a child she holds a limited grant for ("limited"), alex on priya's record
("other": always 404), and each staff role on priya. Each allowed call leaves an
audit entry on the patient's trail; none Scans; each stays within a small budget
of DynamoDB calls.
"""
from __future__ import annotations

import functools

import pytest

from tests.helpers import DEMO_USERS, make_patient

OK, CREATED, ACCEPTED = (200,), (201,), (202,)
STAFF = ("provider", "nurse", "front_desk", "billing", "admin")
WHO = ("self", "proxy", "limited", "other", *STAFF)


def expect(*, patient=403, limited=403, provider=403, nurse=None, office=403, front_desk=None, billing=None,
           admin=403, proxy=None, other=404):
    """Expected statuses by caller; nurse follows provider and front desk/billing follow office unless given."""
    return {"self": patient, "proxy": patient if proxy is None else proxy, "limited": limited, "other": other,
            "provider": provider, "nurse": provider if nurse is None else nurse,
            "front_desk": office if front_desk is None else front_desk,
            "billing": office if billing is None else billing, "admin": admin}


CLINICAL_READ = expect(patient=OK, provider=OK)
CLINICAL_WRITE = expect(provider=CREATED)
CLINICAL_CHANGE = expect(provider=OK)
PATIENT_SIDE = expect(patient=CREATED)
EXPORT = expect(patient=ACCEPTED)

# name -> (method, path, body, expected, DynamoDB call budget). {name*} placeholders are made
# fresh for each case (the route changes them); {name} ones are made once per patient.
ROUTES = {
    "health summary": ("GET", "/patients/{pid}/health", None, CLINICAL_READ, 4),
    "health section": ("GET", "/patients/{pid}/health/medications", None, CLINICAL_READ, 4),
    "health entry": ("GET", "/patients/{pid}/health/medications/{entry}", None, CLINICAL_READ, 4),
    "add entry": ("POST", "/patients/{pid}/health/allergies", {"substance": "Bee stings", "severity": "severe"},
                  CLINICAL_WRITE, 5),
    "change entry": ("PATCH", "/patients/{pid}/health/medications/{entry*}", {"dosage": "2 tablets"},
                     CLINICAL_CHANGE, 5),
    "retire entry": ("POST", "/patients/{pid}/health/medications/{entry*}/retire", {"reason": "Finished"},
                     CLINICAL_CHANGE, 5),
    "correction": ("POST", "/patients/{pid}/corrections",
                   {"kind": "allergies", "action": "add", "fields": {"substance": "Cats", "reaction": "Sneezing"}},
                   PATIENT_SIDE, 5),
    "refill": ("POST", "/patients/{pid}/refills", {"entry_id": "{entry*}"}, PATIENT_SIDE, 6),
    "requests": ("GET", "/patients/{pid}/requests", None, CLINICAL_READ, 6),
    "decide request": ("POST", "/patients/{pid}/requests/{request*}/decision", {"decision": "accept"},
                       CLINICAL_CHANGE, 12),
    "review queue": ("GET", "/review-queue", None, expect(provider=OK, other=403), 5),
    "visit summaries": ("GET", "/patients/{pid}/visit-summaries", None, CLINICAL_READ, 4),
    "visit summary": ("GET", "/patients/{pid}/visit-summaries/{summary}", None, CLINICAL_READ, 5),
    "write summary": ("POST", "/patients/{pid}/visit-summaries", {"visit_date": "2025-11-03", "reason": "Cough"},
                      CLINICAL_WRITE, 9),
    "release summary": ("POST", "/patients/{pid}/visit-summaries/{held*}/release", {},
                        expect(provider=OK, nurse=403), 10),
    "holds report": ("GET", "/reports/holds", None, expect(admin=OK, other=403), 5),
    # visit summaries that fit a clinician's day (issue 14): drafts, publish, amend. The clinicians'
    # own templates hold no patient data (tests/test_access_matrix.py covers them).
    "edit draft summary": ("PATCH", "/patients/{pid}/visit-summaries/{draft*}", {"follow_up": "2 weeks"},
                           CLINICAL_CHANGE, 6),
    "publish draft summary": ("POST", "/patients/{pid}/visit-summaries/{draft*}/publish", {}, CLINICAL_CHANGE, 12),
    "amend summary": ("POST", "/patients/{pid}/visit-summaries/{summary*}/amend",
                      {"amend_reason": "Clearer", "follow_up": "1 week"}, CLINICAL_CHANGE, 12),
    # the preferred pharmacy (issue 14): read like demographics, kept like contact details
    "pharmacy": ("GET", "/patients/{pid}/pharmacy", None,
                 expect(patient=OK, limited=OK, provider=OK, office=OK, admin=OK), 5),
    "keep pharmacy": ("PUT", "/patients/{pid}/pharmacy", {"pharmacy": {"name": "Elm Pharmacy", "phone": "+13125550188"}},
                      expect(patient=OK, provider=OK, front_desk=OK, admin=OK), 5),
    "documents": ("GET", "/patients/{pid}/documents", None, expect(patient=OK, provider=OK, office=OK), 4),
    "download letter": ("GET", "/patients/{pid}/documents/{letter}/download", None, CLINICAL_READ, 5),
    "download insurance card": ("GET", "/patients/{pid}/documents/{card}/download", None,
                                expect(patient=OK, provider=OK, office=OK), 5),
    "start clinical upload": ("POST", "/patients/{pid}/documents/uploads",
                              {"category": "form", "content_type": "application/pdf", "filename": "f.pdf"},
                              expect(patient=CREATED, provider=CREATED), 5),
    "start id upload": ("POST", "/patients/{pid}/documents/uploads",
                        {"category": "insurance_card", "content_type": "image/png", "filename": "card.png"},
                        expect(patient=CREATED, provider=CREATED, office=CREATED), 5),
    "register upload": ("POST", "/patients/{pid}/documents", {"key": "{intent*}"},
                        expect(patient=CREATED, provider=CREATED, office=CREATED), 5),
    "share document": ("POST", "/patients/{pid}/documents/{unshared*}/share", {},
                       expect(patient=404, provider=OK), 10),
    "delete document": ("DELETE", "/patients/{pid}/documents/{own_upload*}", None,
                        expect(patient=OK, provider=OK), 5),
    "home": ("GET", "/patients/{pid}/home", None, expect(patient=OK, limited=OK), 4),
    "dismiss home item": ("DELETE", "/patients/{pid}/home/items/visit-summary:{summary}", None,
                          expect(patient=OK, limited=404), 4),
    # Exports are made by the export worker (issue 16): the request reads nothing of the record.
    # The caller (and the proxy grant), the running marker, the job, the audit entry.
    "export fhir": ("POST", "/patients/{pid}/exports", {"format": "fhir"}, EXPORT, 6),
    "export pdf": ("POST", "/patients/{pid}/exports", {"format": "pdf"}, EXPORT, 6),
}

CASES = [(name, who) for name in ROUTES for who in WHO]


# ---- callers and targets --------------------------------------------------------


@functools.cache
def caller_for(who: str):
    """The Caller a demo user's request would build (for making fixtures through services)."""
    from chalicelib.auth import Caller
    from chalicelib.services.accounts import find_user

    user = find_user(DEMO_USERS.get(who, who))
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles), patient_id=user.patient_id)


def patient_side(pid: str):
    """A patient-side caller on `pid` (as the patient themself)."""
    from chalicelib.auth import Caller

    return Caller(user_id=f"test-patient-{pid}", email="", display_name="Test Patient",
                  roles=frozenset({"patient"}), patient_id=pid)


@pytest.fixture(scope="session")
def limited_child(api, demo):
    """A child whose only proxy, priya, has a limited grant."""
    child = make_patient(api, given="Limited", family="Shah", birth_date="2012-06-06")
    res = api.post(f"/patients/{child['patient_id']}/proxies",
                   {"grantee_email": DEMO_USERS["priya"], "scope": "limited", "relationship": "aunt"},
                   as_user="front_desk")
    assert res.status == 201, res
    return child["patient_id"]


def target(demo, limited_child, who):
    if who == "self":
        return "alex", demo["alex"]
    if who == "proxy":
        return "jordan", demo["sam"]
    if who == "limited":
        return "priya", limited_child
    if who == "other":
        return "alex", demo["priya"]
    return who, demo["priya"]


# ---- placeholders -----------------------------------------------------------------


def _upload(caller, pid, category, content_type, body, **extra):
    from chalicelib import storage
    from chalicelib.services import documents

    intent = documents.start_upload(caller, pid, category, content_type, f"{category}.bin", **extra)
    storage.put(intent["key"], body, content_type)
    return intent


def _registered(caller, pid, category, content_type, body, **extra):
    from chalicelib.services import documents

    intent = _upload(caller, pid, category, content_type, body, **extra)
    return documents.register(caller, pid, intent["key"], send=False)["document_id"]


def make(name: str, pid: str, user: str) -> str:
    from chalicelib.services import change_requests, health, visit_summaries
    from devserver import samples

    provider, nurse = caller_for("provider"), caller_for("nurse")
    if name == "entry":
        return health.create_entry(nurse, pid, "medications", {"medication": "Test tablet", "dosage": "1"})["entry_id"]
    if name == "request":
        return change_requests.submit_correction(patient_side(pid), pid, "social-history", "add",
                                                 fields={"topic": "Diet", "value": "Vegetarian"})["request_id"]
    if name == "draft":
        return visit_summaries.create(provider, pid, {"visit_date": "2025-10-01", "reason": "Check-up", "draft": True},
                                      send=False)["summary_id"]
    if name in ("summary", "held"):
        data = {"visit_date": "2025-10-01", "reason": "Check-up"}
        if name == "held":
            data["hold_reason"] = "Discuss first"
        return visit_summaries.create(provider, pid, data, send=False)["summary_id"]
    if name == "letter":
        return _registered(provider, pid, "letter", "application/pdf", samples.pdf(), share=True)
    if name == "unshared":
        return _registered(provider, pid, "letter", "application/pdf", samples.pdf())
    if name == "card":
        return _registered(patient_side(pid), pid, "insurance_card", "image/png", samples.png())
    if name == "own_upload":
        return _registered(patient_side(pid), pid, "other", "application/pdf", samples.pdf())
    if name == "intent":
        try:
            return _upload(caller_for(user), pid, "insurance_card", "image/png", samples.png())["key"]
        except Exception:  # this caller may not start one: any key of the patient will do
            return f"patients/{pid}/0000000000000000000000000000"
    raise KeyError(name)


_made: dict[tuple[str, str], str] = {}


def fill(text: str, pid: str, user: str) -> str:
    import re

    def one(match):
        name, fresh = match.group(1), match.group(2) == "*"
        if fresh:
            return make(name, pid, user)
        if (name, pid) not in _made:
            _made[(name, pid)] = make(name, pid, user)
        return _made[(name, pid)]

    return re.sub(r"{(\w+)(\*?)}", lambda m: pid if m.group(1) == "pid" else one(m), text)


def audited_since(pid: str, user: str, since: str) -> bool:
    from chalicelib.models.audit import AuditEvent

    actor = caller_for(user).user_id
    return any(e.actor_id == actor for e in AuditEvent.query(pid, AuditEvent.event_key >= since))


# ---- the matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("name,who", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_route_access(api, demo, limited_child, ddb_calls, name, who):
    from chalicelib.models._base import iso_now

    method, template, body, expected, budget = ROUTES[name]
    if name == "home":  # plus one read per live section other features plug in
        from chalicelib.services.home import SECTIONS

        budget += len(SECTIONS)
    user, pid = target(demo, limited_child, who)
    path = fill(template, pid, user)
    if body is not None:
        import json

        body = json.loads(fill(json.dumps(body), pid, user))
    api.token(user)
    since = iso_now()
    with ddb_calls() as calls:
        res = api.request(method, path, body=body, as_user=user)
    allowed = expected[who]
    assert res.status in (allowed if isinstance(allowed, tuple) else (allowed,)), res
    if res.status >= 400:
        assert set(res.json) == {"error"} and {"code", "message", "field"} <= set(res.error)
    else:
        audited = pid
        if "{pid}" not in template:  # practice-wide lists audit each patient they show
            first = res.json["items"][0]
            audited = first.get("patient_id") or first["patient"]["patient_id"]
        assert audited_since(audited, user, since), f"{name} by {who} left no audit entry"
    assert "Scan" not in calls
    assert len(calls) <= budget, calls


def test_every_health_record_route_is_in_the_matrix():
    from chalicelib.handlers._http import ROUTE_DOCS

    mine = {"health", "health-requests", "visit-summaries", "reports", "documents", "home", "export"}
    documented = {(d.method, d.path) for d in ROUTE_DOCS if d.tag in mine}
    covered = {(m, t.replace("{pid}", "{patient_id}")) for m, t, *_ in ROUTES.values()}
    normalise = {
        "/patients/{patient_id}/health/medications": "/patients/{patient_id}/health/{kind}",
        "/patients/{patient_id}/health/allergies": "/patients/{patient_id}/health/{kind}",
        "/patients/{patient_id}/health/medications/{entry}": "/patients/{patient_id}/health/{kind}/{entry_id}",
        "/patients/{patient_id}/health/medications/{entry*}": "/patients/{patient_id}/health/{kind}/{entry_id}",
        "/patients/{patient_id}/health/medications/{entry*}/retire":
            "/patients/{patient_id}/health/{kind}/{entry_id}/retire",
        "/patients/{patient_id}/requests/{request*}/decision": "/patients/{patient_id}/requests/{request_id}/decision",
        "/patients/{patient_id}/visit-summaries/{summary}": "/patients/{patient_id}/visit-summaries/{summary_id}",
        "/patients/{patient_id}/visit-summaries/{held*}/release":
            "/patients/{patient_id}/visit-summaries/{summary_id}/release",
        "/patients/{patient_id}/visit-summaries/{draft*}": "/patients/{patient_id}/visit-summaries/{summary_id}",
        "/patients/{patient_id}/visit-summaries/{draft*}/publish":
            "/patients/{patient_id}/visit-summaries/{summary_id}/publish",
        "/patients/{patient_id}/visit-summaries/{summary*}/amend":
            "/patients/{patient_id}/visit-summaries/{summary_id}/amend",
        "/patients/{patient_id}/documents/{letter}/download":
            "/patients/{patient_id}/documents/{document_id}/download",
        "/patients/{patient_id}/documents/{card}/download": "/patients/{patient_id}/documents/{document_id}/download",
        "/patients/{patient_id}/documents/{unshared*}/share": "/patients/{patient_id}/documents/{document_id}/share",
        "/patients/{patient_id}/documents/{own_upload*}": "/patients/{patient_id}/documents/{document_id}",
        "/patients/{patient_id}/home/items/visit-summary:{summary}": "/patients/{patient_id}/home/items/{item_id}",
    }
    covered = {(m, normalise.get(p, p)) for m, p in covered}
    # An export's status is the requester's own job, no record data (test_export_jobs.py).
    covered.add(("GET", "/patients/{patient_id}/exports/{export_id}"))
    assert documented <= covered, documented - covered
