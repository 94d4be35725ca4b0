"""Every spine route against every role: own record, proxy record, another patient's.

Patients reach their own id and ids they hold an active grant for; anything
else answers 404. Staff reach patients by role (403 when the role lacks it).
"""
from __future__ import annotations

import pytest

from tests.helpers import make_patient

STAFF = ("provider", "nurse", "front_desk", "billing", "admin")
OK = (200, 201)

# route -> (method, path template, body, {who: expected status})
# who: "self" = alex on alex, "proxy" = jordan on sam, "other" = alex on priya, plus staff roles.
ROUTES = {
    "read demographics": ("GET", "/patients/{pid}", None,
                          {"self": OK, "proxy": OK, "other": 404, **{r: OK for r in STAFF}}),
    # The seeded address again: demo data other tests rely on stays as it was.
    "update contact": ("PATCH", "/patients/{pid}/contact",
                       {"address": {"line1": "48 Elm Court", "city": "Springfield", "state": "IL",
                                    "postal_code": "62704", "country": "US"}},
                       {"self": OK, "proxy": OK, "other": 404, "billing": 403,
                        **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    # Priya's own name again (an unchanged name writes nothing): demo data stays as it was.
    "correct the name": ("PUT", "/patients/{pid}/name", {"given_name": "Priya", "family_name": "Shah"},
                         {"self": 403, "proxy": 403, "other": 404, "billing": 403,
                          **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    "update preferences": ("PATCH", "/patients/{pid}/preferences", {"email": True},
                           {"self": OK, "proxy": OK, "other": 404, "provider": 403, "nurse": 403,
                            "billing": 403, "front_desk": OK, "admin": OK}),
    "access log": ("GET", "/patients/{pid}/access-log", None,
                   {"self": OK, "proxy": OK, "other": 404, "admin": OK,
                    **{r: 403 for r in ("provider", "nurse", "front_desk", "billing")}}),
    "list proxies": ("GET", "/patients/{pid}/proxies", None,
                     {"self": OK, "proxy": OK, "other": 404, "billing": 403,
                      **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    # consent to a proxy grant (issue 9): only the patient answers a request; the front desk
    # and admin record written consent. "nobody" is no request: an allowed caller gets 404.
    "answer proxy request": ("POST", "/patients/{pid}/proxies/nobody/consent", {"decision": "decline"},
                             {"self": 404, "proxy": 403, "other": 404, **{r: 403 for r in STAFF}}),
    "record written consent": ("POST", "/patients/{pid}/proxies/nobody/written-consent",
                               {"signed_on": "2026-11-30", "reference": "Consent binder"},
                               {"self": 403, "proxy": 403, "other": 404, "provider": 403, "nurse": 403,
                                "billing": 403, "front_desk": 404, "admin": 404}),
    "unlock": ("POST", "/patients/{pid}/unlock", {},
               {"self": 403, "proxy": 403, "other": 404, "provider": 403, "nurse": 403, "billing": 403,
                "front_desk": (200, 409), "admin": (200, 409)}),
    # statements (issue 13): billing and admin by role; limited proxies not (auth.py)
    "list statements": ("GET", "/patients/{pid}/statements", None,
                        {"self": OK, "proxy": OK, "other": 404, "billing": OK, "admin": OK,
                         **{r: 403 for r in ("provider", "nurse", "front_desk")}}),
    # visit summaries (issue 14): clinicians write; drafts are refused to the patient side
    "list visit summaries": ("GET", "/patients/{pid}/visit-summaries", None,
                             {"self": OK, "proxy": OK, "other": 404, "provider": OK, "nurse": OK,
                              **{r: 403 for r in ("front_desk", "billing", "admin")}}),
    "save a visit summary draft": ("POST", "/patients/{pid}/visit-summaries",
                                   {"visit_date": "2026-11-02", "assessment": "Matrix draft", "draft": True},
                                   {"self": 403, "proxy": 403, "other": 404, "provider": OK, "nurse": OK,
                                    **{r: 403 for r in ("front_desk", "billing", "admin")}}),
    # "it's in the portal" (issue 15): whoever keeps the chart, not billing, not the patient side
    "in-portal glance": ("GET", "/patients/{pid}/in-portal", None,
                         {"self": 403, "proxy": 403, "other": 404, "billing": 403,
                          **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    "in-portal pointer": ("POST", "/patients/{pid}/in-portal/pointer", {},
                          {"self": 403, "proxy": 403, "other": 404, "billing": 403,
                           **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
}

CASES = [(name, who) for name, (_, _, _, expect) in ROUTES.items() for who in expect]


def target(demo, who):
    if who == "proxy":
        return "jordan", demo["sam"]
    if who == "other":
        return "alex", demo["priya"]
    if who == "self":
        return "alex", demo["alex"]
    return who, demo["priya"]


@pytest.mark.parametrize("name,who", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_route_access(api, demo, name, who, ddb_calls):
    method, template, body, expect = ROUTES[name]
    user, pid = target(demo, who)
    _call_as(api, ddb_calls, method, template.format(pid=pid), body, user, expect[who])


def _call_as(api, ddb_calls, method: str, path: str, body, user: str, allowed) -> None:
    """One request as `user`: the expected status, the error shape, no Scan, a small budget."""
    api.token(user)
    with ddb_calls() as calls:
        res = api.request(method, path, body=body, as_user=user)
    assert res.status in (allowed if isinstance(allowed, tuple) else (allowed,)), res
    if res.status >= 400:
        assert set(res.json) == {"error"} and {"code", "message", "field"} <= set(res.error)
    assert "Scan" not in calls
    assert len(calls) <= 8, calls


def test_other_patients_id_is_indistinguishable_from_a_missing_one(api, demo):
    real = api.get(f"/patients/{demo['priya']}", as_user="alex")
    fake = api.get("/patients/does-not-exist", as_user="alex")
    assert real.status == fake.status == 404
    assert real.json == fake.json


def test_alex_cannot_reach_sam_but_jordan_can(api, demo):
    assert api.get(f"/patients/{demo['sam']}", as_user="alex").status == 404
    sam = api.get(f"/patients/{demo['sam']}", as_user="jordan")
    assert sam.status == 200 and sam.json["given_name"] == "Sam" and sam.json["age"] == 8


def test_staff_only_routes(api):
    for role in STAFF:
        assert api.get("/patients?name=mor", as_user=role).status == 200
    assert api.get("/patients?name=mor", as_user="alex").status == 403
    body = {"given_name": "Matrix", "family_name": "Case", "birth_date": "2000-01-01", "sex": "unknown"}
    assert api.post("/patients", body, as_user="alex").status == 403
    assert api.post("/patients", body, as_user="billing").status == 403
    assert api.post("/patients", body, as_user="front_desk").status == 201
    assert api.patch("/practice", {"phone": "+13125550100"}, as_user="front_desk").status == 403
    assert api.patch("/practice", {"phone": "+13125550100"}, as_user="admin").status == 200


@pytest.mark.parametrize("action", ["read", "edit", "publish", "amend"])
def test_visit_summary_routes_by_role(api, demo, action, ddb_calls):
    """A draft answers 404 to the patient side (it does not exist for them yet); edits are clinicians'."""
    pid = demo["priya"]
    draft = api.post(f"/patients/{pid}/visit-summaries", {"visit_date": "2026-11-02", "assessment": "Draft",
                                                          "draft": True}, as_user="nurse").json["summary_id"]
    published = api.post(f"/patients/{pid}/visit-summaries", {"visit_date": "2026-11-02", "assessment": "Seen"},
                         as_user="nurse").json["summary_id"]
    base = f"/patients/{pid}/visit-summaries"
    calls = {"read": ("GET", f"{base}/{draft}", None), "edit": ("PATCH", f"{base}/{draft}", {"follow_up": "2 weeks"}),
             "publish": ("POST", f"{base}/{draft}/publish", {}),
             "amend": ("POST", f"{base}/{published}/amend", {"amend_reason": "Clearer", "follow_up": "1 week"})}
    method, path, body = calls[action]
    for who, allowed in (("alex", 404), ("priya", 403 if action != "read" else 404), ("front_desk", 403),
                         ("billing", 403), ("admin", 403)):
        res = api.request(method, path, body=body, as_user=who)
        assert res.status == allowed, (who, res)
        assert set(res.json) == {"error"}
    api.token("provider")
    with ddb_calls() as seen:
        res = api.request(method, path, body=body, as_user="provider")
    assert res.status == 200, res
    assert "Scan" not in seen and len(seen) <= 12, seen


def test_summary_templates_are_clinicians_only(api):
    for who in ("alex", "front_desk", "billing", "admin"):
        assert api.get("/me/summary-templates", as_user=who).status == 403
        assert api.post("/me/summary-templates", {"name": "x", "reason": "y"}, as_user=who).status == 403
    for who in ("provider", "nurse"):
        assert api.get("/me/summary-templates", as_user=who).status == 200


def test_staff_management_routes_are_the_admins(api, demo):
    """Issue 14: every staff route answers 403 to other roles and patients, before any lookup."""
    chen = api.get("/me", as_user="provider").json["user_id"]
    routes = [("GET", "/staff", None), ("GET", "/staff/activity", None),
              ("POST", "/staff/invitations", {"email": "x.matrix@example.org", "display_name": "X", "roles": ["nurse"]}),
              ("POST", f"/staff/{chen}/invitation", {}), ("PUT", f"/staff/{chen}/roles", {"roles": ["provider"]}),
              ("POST", f"/staff/{chen}/deactivate", {}), ("POST", f"/staff/{chen}/reactivate", {})]
    for who in ("alex", "jordan", "provider", "nurse", "front_desk", "billing"):
        for method, path, body in routes:
            res = api.request(method, path, body=body, as_user=who)
            assert res.status == 403, (who, method, path, res)
    assert api.get("/staff", as_user="admin").status == 200
    assert api.request("PUT", f"/staff/{chen}/roles", {"roles": ["provider"]}, as_user="admin").status == 200
    assert api.post(f"/staff/{chen}/reactivate", {}, as_user="admin").status == 409  # active: nothing to do


def test_today_is_for_staff_only(api):
    """GET /staff/today (issue 14): every staff role, each its own cards; patients 403."""
    for role in STAFF:
        res = api.get("/staff/today", as_user=role)
        assert res.status == 200 and [s["role"] for s in res.json["sections"]] == [role], (role, res)
    for who in ("alex", "jordan"):
        res = api.get("/staff/today", as_user=who)
        assert res.status == 403 and res.error["code"], res


def test_the_adoption_dashboard_is_for_the_admin_and_providers(api):
    """GET /staff/adoption (issue 15): counts only, still for the admin and providers."""
    for role in STAFF:
        res = api.get("/staff/adoption", as_user=role)
        assert res.status == (200 if role in ("admin", "provider") else 403), (role, res)
    for who in ("alex", "jordan"):
        assert api.get("/staff/adoption", as_user=who).status == 403


def test_the_schedule_grid_is_for_the_chart_keepers(api, demo, ddb_calls):
    """GET /schedule/grid (issue 14): who keeps or works the schedule; billing and patients 403,
    whatever the clinician asked for; a few queries, no Scan."""
    chen = demo["dr.chen@example.org"]
    for query in ("date=2026-12-02", f"date=2026-12-02&days=7&provider_id={chen}"):
        for who in ("provider", "nurse", "front_desk", "admin"):
            api.token(who)
            with ddb_calls() as calls:
                res = api.get(f"/schedule/grid?{query}", as_user=who)
            assert res.status == 200 and res.json["columns"], (who, res)
            assert "Scan" not in calls and len(calls) <= 8, calls
        for who in ("billing", "alex", "jordan"):
            res = api.get(f"/schedule/grid?{query}", as_user=who)
            assert res.status == 403 and set(res.json) == {"error"}, (who, res)
    assert api.get("/schedule/grid?date=2026-12-02").status == 401


def test_proxy_grant_and_revoke(api, demo):
    child = make_patient(api, given="Kid", family="Shah", birth_date="2019-04-04")
    pid = child["patient_id"]
    assert api.get(f"/patients/{pid}", as_user="priya").status == 404
    grant = {"grantee_email": "priya.shah@example.org", "scope": "full", "relationship": "parent"}
    assert api.post(f"/patients/{pid}/proxies", grant, as_user="priya").status == 404
    assert api.post(f"/patients/{pid}/proxies", grant, as_user="nurse").status == 403
    res = api.post(f"/patients/{pid}/proxies", grant, as_user="front_desk")
    assert res.status == 201, res
    assert api.get(f"/patients/{pid}", as_user="priya").status == 200
    assert any(p["patient_id"] == pid for p in api.get("/me", as_user="priya").json["patients"])
    grantee = res.json["grantee_id"]
    assert api.delete(f"/patients/{pid}/proxies/{grantee}", as_user="front_desk").status == 200
    assert api.get(f"/patients/{pid}", as_user="priya").status == 404
    assert api.delete(f"/patients/{pid}/proxies/{grantee}", as_user="front_desk").status == 409
    listed = api.get(f"/patients/{pid}/proxies", as_user="front_desk").json["items"]
    assert listed[0]["active"] is False and listed[0]["revoked_at"]


def test_expired_grant_gives_no_access(api):
    from chalicelib.models.proxy_grant import ProxyGrant

    child = make_patient(api, given="Old", family="Grant", birth_date="2015-04-04")
    pid = child["patient_id"]
    res = api.post(f"/patients/{pid}/proxies", {"grantee_email": "priya.shah@example.org", "scope": "full"},
                   as_user="admin")
    ProxyGrant(res.json["grantee_id"], pid).update(actions=[ProxyGrant.expires_at.set("2020-01-01")])
    assert api.get(f"/patients/{pid}", as_user="priya").status == 404


def test_limited_proxy_reads_demographics_but_cannot_change_them(api):
    child = make_patient(api, given="Teen", family="Shah", birth_date="2010-04-04")
    pid = child["patient_id"]
    api.post(f"/patients/{pid}/proxies", {"grantee_email": "priya.shah@example.org", "scope": "limited"},
             as_user="front_desk")
    assert api.get(f"/patients/{pid}", as_user="priya").status == 200
    assert api.patch(f"/patients/{pid}/contact", {"phone": "+13125550177"}, as_user="priya").status == 403
    assert api.get(f"/patients/{pid}/access-log", as_user="priya").status == 403


def test_statement_routes_follow_the_billing_rules(api, demo):
    """One statement, its PDF: the patient and billing staff; another patient 404; a limited proxy 403."""
    base = f"/patients/{demo['alex']}/statements/{demo['alex_statement']}"
    assert api.get(base, as_user="alex").status == 200
    assert api.get(base, as_user="billing").status == 200
    assert api.get(base, as_user="priya").status == 404
    assert api.get(base, as_user="front_desk").status == 403
    # The PDF is made by the export worker: starting it follows the same rules.
    assert api.post(base + "/pdf", {}, as_user="alex").status == 202
    assert api.post(base + "/pdf", {}, as_user="billing").status == 202
    assert api.post(base + "/pdf", {}, as_user="priya").status == 404
    assert api.post(base + "/pdf", {}, as_user="front_desk").status == 403
    assert api.get(f"/patients/{demo['alex']}/statements/0000000000000000", as_user="alex").status == 404
    child = make_patient(api, given="Limited", family="Bill", birth_date="2011-04-04")
    api.post(f"/patients/{child['patient_id']}/proxies",
             {"grantee_email": "priya.shah@example.org", "scope": "limited"}, as_user="front_desk")
    assert api.get(f"/patients/{child['patient_id']}/statements", as_user="priya").status == 403


def test_payment_routes_follow_the_billing_rules(api, demo, payments):
    """Pay: the patient and full proxies only (staff take no payments in the portal)."""
    from tests.billing_helpers import checkout

    statement = demo["priya_statement"]
    for who, status in (("alex", 404), ("billing", 403), ("admin", 403), ("front_desk", 403)):
        assert checkout(api, demo["priya"], statement, as_user=who).status == status, who
    for who, status in (("priya", 200), ("billing", 200), ("alex", 404), ("provider", 403)):
        assert api.get(f"/patients/{demo['priya']}/payments", as_user=who).status == status, who
    assert api.post("/payments/webhook", {"id": "evt_1"}).status == 400  # public, but only signed events


def test_billing_staff_routes(api):
    assert api.get("/statements", as_user="billing").status == 200
    assert api.get("/statements", as_user="admin").status == 200
    for who in ("alex", "front_desk", "provider", "nurse"):
        assert api.get("/statements", as_user=who).status == 403, who
    assert api.get("/statements?number=A&mrn=1", as_user="billing").status == 400


def test_guest_pay_and_export_routes(api, demo):
    """Guest pay is public (the code and birth date are the key); the export is billing's."""
    assert api.post("/guest-pay/lookup", {"code": demo["priya_guest_code"], "birth_date": "1991-07-28"}).status == 200
    assert api.post("/guest-pay/lookup", {"code": "AAAAA-AAAAA"}).status == 400
    for who, status in (("billing", 200), ("admin", 200), ("front_desk", 403), ("alex", 403), ("provider", 403)):
        assert api.get("/payments/export?since=" + demo_today(), as_user=who).status == status, who


def demo_today() -> str:
    from chalicelib import clock

    return clock.today().isoformat()


def test_before_the_visit_routes_follow_the_rules(api, demo):
    """eCheck-in, questionnaires and forms (issue 17): the patient and full proxies check in;
    the chart keepers read the check-in; clinicians read answers and send questionnaires;
    the admin publishes forms. Another patient's id answers 404."""
    sam_visits = api.get(f"/patients/{demo['sam']}/appointments?when=upcoming", as_user="jordan").json["items"]
    sam_visit = sam_visits[0]["appointment_id"]
    checkin = f"/patients/{{pid}}/appointments/{{aid}}/checkin"
    reads = {
        checkin: {"self": 200, "proxy": 200, "other": 404, "provider": 200, "nurse": 200, "front_desk": 200,
                  "admin": 200, "billing": 403},
        "/patients/{pid}/questionnaire-responses": {"self": 200, "proxy": 200, "other": 404, "provider": 200,
                                                    "nurse": 200, "front_desk": 403, "admin": 403, "billing": 403},
        "/patients/{pid}/questionnaire-requests": {"self": 200, "proxy": 200, "other": 404, "provider": 200,
                                                   "nurse": 200, "front_desk": 403, "billing": 403},
    }
    targets = {"self": ("alex", demo["alex"], demo["alex_physical"]), "proxy": ("jordan", demo["sam"], sam_visit),
               "other": ("priya", demo["alex"], demo["alex_physical"])}
    for template, expect in reads.items():
        for who, status in expect.items():
            user, pid, aid = targets.get(who, (who, demo["alex"], demo["alex_physical"]))
            res = api.get(template.format(pid=pid, aid=aid), as_user=user)
            assert res.status == status, (template, who, res)
    # Steps are the patient side's: staff 403, another patient 404 (before any body check).
    step = checkin.format(pid=demo["alex"], aid=demo["alex_physical"]) + "/health"
    for who, status in (("priya", 404), ("front_desk", 403), ("nurse", 403), ("admin", 403)):
        assert api.post(step, {}, as_user=who).status == status, who
    send = f"/patients/{demo['alex']}/questionnaire-requests"
    for who, status in (("alex", 403), ("priya", 404), ("front_desk", 403), ("billing", 403), ("admin", 403)):
        assert api.post(send, {"form_id": demo["form_gad7"]}, as_user=who).status == status, who
    for who, status in (("alex", 403), ("billing", 200), ("front_desk", 200), ("provider", 200)):
        assert api.get("/forms", as_user=who).status == status, who
    for who in ("alex", "front_desk", "provider", "nurse", "billing"):
        assert api.post("/forms/consents", {"title": "T", "text": "x"}, as_user=who).status == 403, who
        assert api.post("/forms/questionnaires", {"questionnaire": {}}, as_user=who).status == 403, who


# Before the visit (issue 17): a video visit's link is set by staff who keep the schedule;
# patients and proxies never (403), another patient's id 404. The clinician's link is setup.
VIDEO_LINK = {"telehealth_url": "https://telehealth.example/maple-street/dr-chen"}
VISIT_ROUTES = {
    "set a visit's video link": ("PUT", "/patients/{pid}/appointments/{priya_video_visit}/video-link", VIDEO_LINK,
                                 {"self": 403, "proxy": 403, "other": 404, "billing": 403,
                                  **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    "read one visit": ("GET", "/patients/{pid}/appointments/{priya_video_visit}", None,
                       {"self": 404, "other": 404, **{r: OK for r in STAFF}}),
    # the waitlist (issue 17): asking for an earlier time is booking's rule ("join": false on a
    # visit not waiting changes nothing)
    "ask for an earlier time": ("POST", "/patients/{pid}/appointments/{priya_video_visit}/waitlist", {"join": False},
                                {"self": 404, "proxy": 404, "other": 404, "billing": 403,
                                 **{r: OK for r in ("provider", "nurse", "front_desk", "admin")}}),
    "set a clinician's video link": ("PUT", "/scheduling/providers/{chen}/video-link", VIDEO_LINK,
                                     {"self": 403, "proxy": 403, "other": 403, "provider": 403, "nurse": 403,
                                      "billing": 403, "front_desk": OK, "admin": OK}),
}
VISIT_CASES = [(name, who) for name, (_, _, _, expect) in VISIT_ROUTES.items() for who in expect]


@pytest.mark.parametrize("name,who", VISIT_CASES, ids=[f"{n}-{w}" for n, w in VISIT_CASES])
def test_before_the_visit_route_access(api, demo, name, who, ddb_calls):
    method, template, body, expect = VISIT_ROUTES[name]
    user, pid = target(demo, who)
    path = template.format(pid=pid, **{k: demo[k] for k in ("priya_video_visit", "chen")})
    _call_as(api, ddb_calls, method, path, body, user, expect[who])


ROLLOUT_ROUTES = [  # issue 15: the CSV import and the batch invitations' settings and controls
    ("POST", "/patients/import", {"csv": "mrn,given_name,family_name,birth_date\n", "apply": False}),
    ("GET", "/rollout/invitations", None),
    ("POST", "/rollout/invitations", {"patient_ids": ["no-such-patient"]}),
    ("PUT", "/rollout/invitations/settings", {"invitations_per_hour": 200, "channel": "email"}),
    ("POST", "/rollout/invitations/retry", {}),
    ("POST", "/rollout/invitations/batch", {"action": "pause"}),
]


def test_rollout_tools_are_the_admins(api):
    """Issue 15: the CSV import and the batch invitations answer 403 to every other role and
    to patients, and write nothing for them."""
    from chalicelib.services.rollout import batch_state

    before = batch_state.current()
    for method, path, body in ROLLOUT_ROUTES:
        for who in ("alex", "jordan", "provider", "nurse", "front_desk", "billing"):
            res = api.request(method, path, body, as_user=who)
            assert res.status == 403 and set(res.json) == {"error"}, (who, method, path, res)
    assert batch_state.current() == before
    for method, path, body in ROLLOUT_ROUTES[:5]:  # pausing depends on a batch running (test_invite_batch_controls.py)
        assert api.request(method, path, body, as_user="admin").status == 200, (method, path)


def test_waitlist_offer_routes_follow_the_patient_compartment(api, demo, ddb_calls):
    """An offer is read by the patient, proxies and staff; taken or declined by the patient, proxies
    and the staff who book; another patient's id answers 404 (nothing is decided here: it is expired)."""
    import uuid

    from chalicelib.models.waitlist import WaitlistOffer

    offer = WaitlistOffer(demo["priya"], uuid.uuid4().hex, appointment_id=demo["priya_video_visit"],
                          visit_type_id=demo["visit_type_telehealth"], provider_id=demo["chen"],
                          start="2030-01-07T15:00:00.000Z", end="2030-01-07T15:20:00.000Z",
                          slot_key=f"{demo['chen']}#2030-01-07T15:00:00.000Z", status="open",
                          expires_at="2020-01-01T00:00:00.000Z", created_at="2020-01-01T00:00:00.000Z")
    offer.save()
    path = f"/patients/{demo['priya']}/waitlist-offers/{offer.offer_id}"
    for who, status in (("priya", 200), ("alex", 404), ("jordan", 404), *((r, 200) for r in STAFF)):
        res = api.get(path, as_user=who)
        assert res.status == status, (who, res)
    assert api.get(f"/patients/{demo['alex']}/waitlist-offers/{offer.offer_id}", as_user="alex").status == 404
    # The open offers (the appointments page): the same readers; an expired offer is not listed.
    for who, status in (("priya", 200), ("alex", 404), ("jordan", 404), *((r, 200) for r in STAFF)):
        res = api.get(f"/patients/{demo['priya']}/waitlist-offers", as_user=who)
        assert res.status == status, (who, res)
        assert status != 200 or offer.offer_id not in {o["offer_id"] for o in res.json["items"]}
    # call budget: authorizer, offer, its visit, audit (reading); and the same before a refusal
    for method, tail in (("GET", ""), ("POST", "/accept"), ("POST", "/decline")):
        with ddb_calls() as calls:
            api.request(method, path + tail, body={} if method == "POST" else None, as_user="priya")
        assert "Scan" not in calls and len(calls) <= 5, calls
    with ddb_calls() as calls:  # authorizer, one Query, audit
        api.get(f"/patients/{demo['priya']}/waitlist-offers", as_user="priya")
    assert "Scan" not in calls and len(calls) <= 3, calls
    for tail in ("/accept", "/decline"):  # declining is the same rule as taking
        for who, status in (("alex", 404), ("billing", 403), ("priya", 409), ("front_desk", 409)):
            res = api.post(path + tail, {}, as_user=who)
            assert res.status == status, (tail, who, res)
            assert set(res.json) == {"error"}
            assert status != 409 or res.json["error"]["code"] == "offer_expired"


def test_problem_reports_anyone_signed_in_reports_only_the_admin_manages(api):
    """Issue 15 (speak up): every signed-in user reports and reads their own; the admin lists and answers."""
    for who in ("alex", "jordan", *STAFF):
        assert api.get("/me/problems", as_user=who).status == 200, who
    for who in ("alex", "jordan", "provider", "nurse", "front_desk", "billing"):
        assert api.get("/problems", as_user=who).status == 403, who
        assert api.patch("/problems/x", {"status": "resolved"}, as_user=who).status == 403, who
        assert api.get("/problems/x/screenshot", as_user=who).status == 403, who
    assert api.get("/problems", as_user="admin").status == 200
    assert api.get("/problems/x/screenshot", as_user="admin").status == 404
    assert api.post("/problems/screenshots", {"content_type": "image/png"}).status == 401
    assert api.get("/me/problems").status == 401
