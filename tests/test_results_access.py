"""Every results route against every kind of caller (as tests/test_health_access.py):
alex on himself ("self"), jordan on her son sam ("proxy", full), priya on a child she
holds a limited grant for ("limited": results are not for limited proxies), alex on
priya ("other": 404), each staff role on priya. None Scans; each stays within budget."""
from __future__ import annotations

import re

import pytest

from tests.test_health_access import CREATED, OK, WHO, caller_for, expect, limited_child  # noqa: F401 (fixture)

READ = expect(patient=OK, provider=OK)
ROUTES = {
    "list results": ("GET", "/patients/{pid}/results", None, READ, 6),
    # 8: a first view by the patient side adds the once-marker and the 7-day counter (docs/adoption.md)
    "read result": ("GET", "/patients/{pid}/results/{report}", None, READ, 8),
    "trend": ("GET", "/patients/{pid}/results/trend?code=4548-4", None, READ, 6),
    "read wait choice": ("GET", "/patients/{pid}/results/preferences", None, expect(patient=OK), 4),
    "set wait choice": ("PUT", "/patients/{pid}/results/preferences", {"categories": []}, expect(patient=OK), 5),
    "review": ("POST", "/patients/{pid}/results/{report*}/review", {}, expect(provider=OK), 6),
    "hold": ("POST", "/patients/{pid}/results/{report*}/hold", {"reason": "Discuss first"},
             expect(provider=OK, nurse=403), 8),
    "release hold": ("POST", "/patients/{pid}/results/{held*}/release", {}, expect(provider=OK, nurse=403), 12),
    "point of care": ("POST", "/patients/{pid}/results", {"test": "glucose", "values": {"2345-7": "92"}},
                      expect(provider=CREATED), 12),
    "inbox": ("GET", "/results-inbox?owner=unassigned", None, expect(provider=OK, other=403), 6),
    "match queue": ("GET", "/results-match-queue", None,
                    expect(provider=OK, front_desk=OK, admin=OK, other=403), 5),
    # A queued id that is not there: the allowed roles get 409, the rest 403 (nothing written).
    "dismiss queued": ("POST", "/results-match-queue/" + "0" * 32 + "/dismiss", {"note": "Not ours"},
                       expect(provider=(409,), front_desk=(409,), admin=(409,), other=403), 4),
    "upload": ("POST", "/results/upload", {"message": "MSH|^~\\&|X|Y|||20261130||ADT^A01|1|P|2.5.1"},
               expect(provider=OK, front_desk=OK, admin=OK, other=403), 4),
    "interface accounts": ("GET", "/interface-accounts?scope=results", None, expect(admin=OK, other=403), 3),
}
CASES = [(name, who) for name in ROUTES for who in WHO]


def make(name: str, pid: str) -> str:
    from chalicelib.services.results import clinician, point_of_care

    report = point_of_care.enter(caller_for("nurse"), pid, {"test": "a1c", "values": {"4548-4": "5.4"}},
                                 send=False)["report_id"]
    if name == "held":
        clinician.hold(caller_for("provider"), pid, report, "Discuss first")
    return report


_made: dict[tuple[str, str], str] = {}


def fill(text: str, pid: str) -> str:
    def one(match):
        name, fresh = match.group(1), match.group(2) == "*"
        if fresh:
            return make(name, pid)
        if (name, pid) not in _made:
            _made[(name, pid)] = make(name, pid)
        return _made[(name, pid)]

    return re.sub(r"{(\w+)(\*?)}", lambda m: pid if m.group(1) == "pid" else one(m), text)


def target(demo, limited_child, who):
    return {"self": ("alex", demo["alex"]), "proxy": ("jordan", demo["sam"]), "limited": ("priya", limited_child),
            "other": ("alex", demo["priya"])}.get(who, (who, demo["priya"]))


@pytest.mark.parametrize("name,who", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_results_route_access(api, demo, limited_child, ddb_calls, name, who):
    method, template, body, expected, budget = ROUTES[name]
    user, pid = target(demo, limited_child, who)
    path = fill(template, pid)
    api.token(user)
    with ddb_calls() as calls:
        res = api.request(method, path, body=body, as_user=user)
    allowed = expected[who] if isinstance(expected[who], tuple) else (expected[who],)
    assert res.status in allowed, (res, allowed)
    if res.status >= 400:
        assert set(res.json) == {"error"}
    assert "Scan" not in calls
    assert len(calls) <= budget, calls


def test_another_patients_result_is_indistinguishable_from_a_missing_one(api, demo):
    report = make("report", demo["priya"])
    real = api.get(f"/patients/{demo['priya']}/results/{report}", as_user="alex")
    fake = api.get(f"/patients/does-not-exist/results/{report}", as_user="alex")
    assert real.status == fake.status == 404 and real.json == fake.json
    # Priya's report id under Alex's own record is just a missing result.
    own = api.get(f"/patients/{demo['alex']}/results/{report}", as_user="alex")
    missing = api.get(f"/patients/{demo['alex']}/results/{'0' * 32}", as_user="alex")
    assert own.status == missing.status == 404 and own.json == missing.json
