"""First requests of fresh processes, as a cold Lambda serves them (`make bench`, issue 16).

A request that finds both functions cold pays, in two processes: the authorizer function's
import and first call (verify the token: PyJWT, cryptography, the JWKS, the user), and the
API function's import and first request (the handler's first DynamoDB calls: botocore's
service model, the connection). Each probe is a fresh interpreter against the embedded stack
(moto, provisioned and seeded here), timed inside; the medians are reported with the
second (warm) call beside them.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

PROBE = r"""
import json, sys, time, types
t0 = time.perf_counter()
import app
t1 = time.perf_counter()
ctx = types.SimpleNamespace(aws_request_id="bench", function_name="bench",
                            get_remaining_time_in_millis=lambda: 29000)
spec = json.loads(sys.argv[1])
if spec["kind"] == "authorizer":
    from chalicelib.handlers._http import portal_authorizer
    call = lambda: portal_authorizer(spec["event"], ctx)
else:
    call = lambda: app.app(spec["event"], ctx)
t2 = time.perf_counter(); first = call(); t3 = time.perf_counter(); call(); t4 = time.perf_counter()
ok = first.get("statusCode", 200) == 200 and first.get("principalId", "x") != "anonymous"
print(json.dumps({"import": t1 - t0, "first": t3 - t2, "warm": t4 - t3, "ok": ok}))
"""


def _stack() -> dict:
    """Embedded AWS, provisioned and seeded; returns the token and ids the probes use."""
    from devserver import stack

    stack.prepare_environment({"PORTAL_URL": "http://127.0.0.1:8000", "STAGE": "dev",
                               "POWERTOOLS_LOG_LEVEL": "ERROR"})
    moto = stack.start_moto()
    stack.provision(moto.endpoint)
    from devserver.seed import DEMO_PASSWORD, seed

    ids = seed()
    import app as portal
    from chalice.test import Client

    with Client(portal.app, stage_name="dev") as client:
        res = client.http.post("/auth/sign-in", headers={"content-type": "application/json"},
                               body=json.dumps({"email": "alex.morgan@example.org", "password": DEMO_PASSWORD}))
        token = json.loads(res.body)["access_token"]
    from chalicelib.handlers._http import portal_authorizer

    import types

    ctx = types.SimpleNamespace(aws_request_id="bench")
    auth = portal_authorizer(_authorizer_event(token), ctx)
    return {"moto": moto, "token": token, "patient_id": ids["alex"],
            "authorizer": {**auth["context"], "principalId": auth["principalId"]}}


def _authorizer_event(token: str) -> dict:
    return {"type": "TOKEN", "authorizationToken": f"Bearer {token}",
            "methodArn": "arn:aws:execute-api:us-east-1:123456789012:bench/api/GET/patients/x/home"}


def _api_event(patient_id: str, authorizer: dict) -> dict:
    resource = "/patients/{patient_id}/home"
    return {"resource": resource, "path": f"/patients/{patient_id}/home", "httpMethod": "GET",
            "headers": {"accept": "application/json", "host": "bench.example"},
            "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
            "pathParameters": {"patient_id": patient_id}, "stageVariables": None, "body": None,
            "isBase64Encoded": False,
            "requestContext": {"resourcePath": resource, "httpMethod": "GET", "requestId": "bench",
                               "stage": "api", "identity": {"sourceIp": "127.0.0.1"}, "authorizer": authorizer}}


def _probe(spec: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(spec)], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise RuntimeError(f"the {spec['kind']} probe was refused: {out.stdout[-500:]}")
    return result


def measure() -> dict[str, dict[str, float]]:
    """{"authorizer"|"api": {"import", "first", "warm"} in ms, medians of RUNS fresh processes}."""
    found = _stack()
    try:
        specs = {"authorizer": {"kind": "authorizer", "event": _authorizer_event(found["token"])},
                 "api": {"kind": "api", "event": _api_event(found["patient_id"], found["authorizer"])}}
        _probe(specs["api"])  # bytecode cache warm, as a deployed package has .pyc files
        results = {}
        for name, spec in specs.items():
            runs = [_probe(spec) for _ in range(RUNS)]
            results[name] = {k: statistics.median(r[k] for r in runs) * 1000 for k in ("import", "first", "warm")}
        return results
    finally:
        found["moto"].stop()


def report(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [f"first requests of fresh processes (median of {RUNS}; ms):",
             f"  {'':<40} {'import app':>10} {'1st call':>9} {'2nd call':>9}"]
    names = {"authorizer": "authorizer function (verify token)", "api": "API function: GET /patients/{id}/home"}
    for key, label in names.items():
        r = results[key]
        lines.append(f"  {label:<40} {r['import']:>10.1f} {r['first']:>9.1f} {r['warm']:>9.1f}")
    both = sum(results[k]["import"] + results[k]["first"] for k in results)
    lines.append(f"  both cold (in Python, import + 1st call of each): {both:.0f} ms")
    return lines
