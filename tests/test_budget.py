"""DynamoDB calls per request stay within a small fixed budget (the authorizer's GetItem included)."""
from __future__ import annotations

import pytest

BUDGETS = [
    ("GET", "/me", "jordan", None, 4),
    ("GET", "/practice", None, None, 1),
    ("GET", "/patients?name=mor", "front_desk", None, 4),
    ("GET", "/patients?mrn=100001", "front_desk", None, 4),
    # the directory (issue 14): authorizer, one name-index Query, one BatchGet, the audit
    ("GET", "/patients?q=Alex%20Morgan", "front_desk", None, 4),
    ("GET", "/patients?q=Morgan,%20Alex", "front_desk", None, 4),
    ("GET", "/patients?q=(312)%20555-0100", "front_desk", None, 4),
    ("GET", "/patients?q=1990-01-15", "front_desk", None, 4),
    ("GET", "/patients/{alex}", "alex", None, 3),
    ("GET", "/patients/{sam}", "jordan", None, 4),
    # staff also see the portal state: one GetItem of the patient's account (issue 14)
    ("GET", "/patients/{alex}", "front_desk", None, 4),
    ("GET", "/patients/{alex}/access-log", "alex", None, 3),
    # proxies (issue 9): user, grant (authorizer), index query, users BatchGet, audit
    ("GET", "/patients/{sam}/proxies", "jordan", None, 5),
    ("GET", "/patients/{sam}/proxies", "front_desk", None, 4),
    # statements (issue 13)
    ("GET", "/patients/{alex}/statements", "alex", None, 4),
    ("GET", "/patients/{alex}/statements/{alex_statement}", "alex", None, 5),
    ("GET", "/statements", "billing", None, 3),
    ("GET", "/statements?number=S-1002", "billing", None, 4),
    ("GET", "/patients/{alex}/payments", "alex", None, 4),
    # guest pay: address counter, code counter, code index, statement, patient, audit
    ("POST", "/guest-pay/lookup", None, {"code": "{priya_guest_code}", "birth_date": "1991-07-28"}, 6),
    # visit summaries (issue 14)
    ("GET", "/patients/{alex}/visit-summaries", "alex", None, 4),
    ("GET", "/me/summary-templates", "provider", None, 2),
    # before the visit (issue 17): appointment, steps, consents + signatures, questionnaires, audit
    ("GET", "/patients/{alex}/appointments/{alex_physical}/checkin", "alex", None, 8),
    ("GET", "/patients/{alex}/questionnaire-responses", "alex", None, 3),
    ("GET", "/patients/{alex}/questionnaire-requests", "alex", None, 3),
    ("GET", "/forms", "admin", None, 3),
    # staff management (issue 14): the authorizer's GetItem and one Query
    ("GET", "/staff", "admin", None, 2),
    ("GET", "/staff/activity", "admin", None, 2),
    # Today (issue 14): one Query page per card (per message pool the role works), the
    # names of held patients, one audit batch for the patients named; last week's wins (issue 15).
    # Clinicians: + the open questionnaire follow-ups and their patients' names (issue 17); a
    # provider + their owners (one BatchGet: is another owner still an active provider?).
    ("GET", "/staff/today", "front_desk", None, 8),
    ("GET", "/staff/today", "provider", None, 12),
    ("GET", "/staff/today", "nurse", None, 10),
    ("GET", "/staff/today", "billing", None, 5),
    # admin: + the setup checklist's staff Query and first-invitation GetItem (issue 15)
    ("GET", "/staff/today", "admin", None, 12),
    # The adoption dashboard (issue 15): the session check, one Query of the settled weeks'
    # totals, one Query per month of the days since (at most 2; issue 16).
    ("GET", "/staff/adoption", "admin", None, 4),
    # the results inboxes (issue 16): authorizer, one index Query of a page, the patients'
    # BatchGet, the audit; the match queue: authorizer and one Query (a cursor goes on)
    ("GET", "/results-inbox", "provider", None, 4),
    ("GET", "/results-inbox?owner=unassigned&limit=100", "provider", None, 4),
    ("GET", "/results-match-queue", "front_desk", None, 2),
    # before the visit (issue 17): the visit page (visit, config, practice sections, audit)
    ("GET", "/patients/{priya}/appointments/{priya_video_visit}", "priya", None, 6),
    ("PUT", "/patients/{priya}/appointments/{priya_video_visit}/video-link", "front_desk",
     {"telehealth_url": "https://telehealth.example/maple-street/dr-chen"}, 6),
    # the waitlist: authorizer, visit, config, audit (leaving when not waiting writes nothing)
    ("POST", "/patients/{priya}/appointments/{priya_video_visit}/waitlist", "priya", {"join": False}, 5),
    ("PUT", "/scheduling/providers/{chen}/video-link", "admin",
     {"telehealth_url": "https://telehealth.example/maple-street/dr-chen"}, 5),
    # "it's in the portal" (issue 15): patient, attention items, next visit, audit
    ("GET", "/patients/{alex}/in-portal", "front_desk", None, 5),
    # CSV import (issue 15): one MRN-index Query per row (a one-row dry run)
    ("POST", "/patients/import", "admin", {"csv": "mrn,given_name,family_name,birth_date\nB-1,Bo,Budget,1990-01-01\n",
                                           "apply": False}, 2),
    # batch invitations (issue 15): authorizer, settings, the batch, three COUNT Queries
    ("GET", "/rollout/invitations", "admin", None, 6),
    # authorizer, settings read and write, the audit event
    ("PUT", "/rollout/invitations/settings", "admin", {"invitations_per_hour": 200, "channel": "email"}, 5),
    # speak up (issue 15): session, the reporter's throttle counter (two when a window starts), the report
    ("POST", "/problems", "alex", {"what": "Budget probe", "page": "/home"}, 4),
    ("GET", "/me/problems", "alex", None, 2),
    ("POST", "/problems/screenshots", "alex", {"content_type": "image/png"}, 3),
    ("GET", "/problems?status=new", "admin", None, 2),
    ("POST", "/auth/sign-in", None, {"email": "priya.shah@example.org", "password": "Demo-Portal-2026!"}, 3),
]


@pytest.mark.parametrize("method,path,user,body,budget", BUDGETS, ids=[f"{m} {p} {u or ''}".strip() for m, p, u, *_ in BUDGETS])
def test_request_stays_within_budget(api, demo, ddb_calls, method, path, user, body, budget):
    path = path.format(**demo)
    if body:
        body = {k: v.format(**demo) if isinstance(v, str) else v for k, v in body.items()}
    if user:
        api.token(user)
    if method == "GET":
        # The practice's settings are cached for a minute per process: when the suite took
        # longer than that since the last request, their reads are not this route's cost.
        api.request(method, path, as_user=user)
    with ddb_calls() as calls:
        res = api.request(method, path, body=body, as_user=user)
    assert res.status == 200, res
    assert "Scan" not in calls
    assert len(calls) <= budget, calls


def test_schedule_grid_stays_within_budget(api, demo, ddb_calls):
    """The time grid (issue 14): authorizer, config, blocks, and one query per clinician shown."""
    api.token("front_desk")
    for query, budget in ((f"date=2026-12-02&days=7&provider_id={demo['dr.chen@example.org']}", 4),
                          ("date=2026-12-02", 3 + len(api.get("/schedule/grid?date=2026-12-02",
                                                              as_user="front_desk").json["clinicians"]))):
        with ddb_calls() as calls:
            res = api.get(f"/schedule/grid?{query}", as_user="front_desk")
        assert res.status == 200, res
        assert "Scan" not in calls and len(calls) <= budget, calls
