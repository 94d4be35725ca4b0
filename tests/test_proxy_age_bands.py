"""Age bands for a minor's parent or guardian (issue 9): under 12 the grant as given;
12 to 17 the practice's level (limited by default); from the 18th birthday nothing, the
grant ended by the daily job and the young adult invited. All in the practice's days."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.appointment_helpers import emails_to
from tests.helpers import make_patient, unique_email

pytestmark = pytest.mark.clock

CHICAGO = ZoneInfo("America/Chicago")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


def _parent(api, given="Parent"):
    from tests.helpers import make_patient_account

    from tests.helpers import DEMO_PASSWORD

    # the demo password: a test that travels in time signs in again with it
    return make_patient_account(api, password=DEMO_PASSWORD, given=given, family="Guardian")


def _grant(api, patient_id, email, scope="full"):
    res = api.post(f"/patients/{patient_id}/proxies", {"grantee_email": email, "scope": scope,
                                                       "relationship": "parent"}, as_user="front_desk")
    assert res.status == 201, res
    assert res.json["status"] == "active" and res.json["consent"] == "guardian"  # no consent for a minor
    return res.json


def _scope(api, who, patient_id):
    return next((p["scope"] for p in api.get("/me", as_user=who).json["patients"]
                 if p["patient_id"] == patient_id), None)


def _audited(patient_id, action):
    from chalicelib import audit

    events, _ = audit.query(patient_id, limit=100)
    return [e for e in events if e.action == action and e.resource == "proxy-grant"]


def test_a_full_grant_narrows_on_the_12th_birthday_in_practice_time(api, mailbox):
    from chalicelib.services import proxy_bands

    child = make_patient(api, given="Nearly", family="Twelve", birth_date="2014-12-10")
    parent = _parent(api)
    pid = child["patient_id"]
    granted = _grant(api, pid, parent["email"])
    assert granted["age_band"] == "child" and granted["scope_now"] == "full"
    assert api.get(f"/patients/{pid}/health", as_user=parent["email"]).status == 200

    with time_machine.travel(at(2026, 12, 9, 23, 30), tick=True):  # already the 10th in UTC: still 11
        assert api.get(f"/patients/{pid}/health", as_user=parent["email"]).status == 200
        proxy_bands.run()
        assert _audited(pid, "narrow") == []

    with time_machine.travel(at(2026, 12, 10, 0, 30), tick=True):
        # the access check narrows before any job runs
        assert api.get(f"/patients/{pid}/health", as_user=parent["email"]).status == 403
        assert api.get(f"/patients/{pid}/results", as_user=parent["email"]).status == 403
        assert api.get(f"/patients/{pid}/appointments", as_user=parent["email"]).status == 200
        assert api.get(f"/patients/{pid}", as_user=parent["email"]).status == 200
        assert _scope(api, parent["email"], pid) == "limited"
        listed = api.get(f"/patients/{pid}/proxies", as_user="front_desk").json["items"][0]
        assert listed["scope"] == "full" and listed["scope_now"] == "limited" and listed["age_band"] == "teen"
        proxy_bands.run()
        proxy_bands.run()  # a second run changes nothing
        assert len(_audited(pid, "narrow")) == 1
    told = emails_to(mailbox, parent["email"])[0]
    assert "You were moved to limited access" in told["body_text"] and "Nearly" not in told["body_text"]


def test_the_practice_may_keep_parents_full_access_for_12_to_17(api):
    assert api.get("/practice").json["teen_proxy_access"] == "limited"
    assert api.patch("/practice", {"teen_proxy_access": "full"}, as_user="front_desk").status == 403
    bad = api.patch("/practice", {"teen_proxy_access": "none"}, as_user="admin")
    assert bad.status == 400 and bad.error["field"] == "teen_proxy_access"
    teen = make_patient(api, given="Teen", family="Full", birth_date="2012-02-02")
    parent = _parent(api, "Trusting")
    _grant(api, teen["patient_id"], parent["email"])
    assert api.get(f"/patients/{teen['patient_id']}/health", as_user=parent["email"]).status == 403
    try:
        assert api.patch("/practice", {"teen_proxy_access": "full"}, as_user="admin").status == 200
        assert api.get(f"/patients/{teen['patient_id']}/health", as_user=parent["email"]).status == 200
        assert _scope(api, parent["email"], teen["patient_id"]) == "full"
    finally:
        assert api.patch("/practice", {"teen_proxy_access": "limited"}, as_user="admin").status == 200
    assert api.get(f"/patients/{teen['patient_id']}/health", as_user=parent["email"]).status == 403


def test_a_limited_grant_stays_limited_whatever_the_practice_level(api):
    child = make_patient(api, given="Always", family="Limited", birth_date="2020-05-05")
    parent = _parent(api, "Careful")
    granted = _grant(api, child["patient_id"], parent["email"], scope="limited")
    assert granted["scope_now"] == "limited"
    assert api.get(f"/patients/{child['patient_id']}/health", as_user=parent["email"]).status == 403


def test_the_grant_ends_on_the_18th_birthday_and_the_young_adult_is_invited(api, mailbox):
    from chalicelib.services import proxy_bands

    teen = make_patient(api, given="Almost", family="Adult", birth_date="2008-12-15",
                        email=unique_email("young.adult"))
    parent = _parent(api, "Ending")
    shared = make_patient(api, given="Shared", family="Inbox", birth_date="2008-12-15", email=parent["email"])
    pid = teen["patient_id"]
    granted = _grant(api, pid, parent["email"])
    _grant(api, shared["patient_id"], parent["email"])
    assert granted["age_band"] == "teen" and granted["scope_now"] == "limited"  # 17 today
    assert api.get(f"/patients/{pid}/appointments", as_user=parent["email"]).status == 200

    with time_machine.travel(at(2026, 12, 15, 7, 0), tick=True):
        # refused on the birthday even before the daily job runs
        assert api.get(f"/patients/{pid}", as_user=parent["email"]).status == 404
        assert _scope(api, parent["email"], pid) is None
        listed = api.get(f"/patients/{pid}/proxies", as_user="front_desk").json["items"][0]
        assert listed["status"] == "ended" and listed["active"] is False
        proxy_bands.run()
        proxy_bands.run()
        assert len(_audited(pid, "end")) == 1
        listed = api.get(f"/patients/{pid}/proxies", as_user="front_desk").json["items"][0]
        assert listed["status"] == "ended" and listed["ended_at"]
        assert api.get(f"/patients/{pid}", as_user="front_desk").json["account_status"] == "invited"
        # the record whose email is the guardian's own is not invited there
        assert api.get(f"/patients/{shared['patient_id']}", as_user="front_desk").json["account_status"] != "invited"
    invitations = [m for m in emails_to(mailbox, teen["email"]) if "invitation" in m["subject"].lower()]
    assert len(invitations) == 1
    assert not [m for m in emails_to(mailbox, parent["email"]) if "invitation" in m["subject"].lower()]
    assert "removed, as the patient turned 18, from access" in emails_to(mailbox, parent["email"])[0]["body_text"]
    # a revoked guardian grant on a teen is not brought back by the bands
    assert api.get(f"/patients/{pid}", as_user=parent["email"]).status == 404


def test_the_age_band_job_is_scheduled_daily(chalice_app):
    from devserver.server import scheduled_jobs

    assert "proxy-age-bands" in dict(scheduled_jobs(chalice_app))
