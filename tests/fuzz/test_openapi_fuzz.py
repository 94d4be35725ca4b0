"""A bounded property-based fuzz of the whole OpenAPI document (security review): for
every operation, as a patient, a provider and the practice admin, Hypothesis sends bodies
drawn from the operation's own schema and arbitrary JSON, odd path ids and query values.
Nothing may answer 5xx, and every error body is in the one shape.

Runs in its own session (`make fuzz`, run by .ci/run after `make test`): it writes
through every route. Operations that end the fuzzing users' sessions are left out; the
session tests cover them. FUZZ_EXAMPLES sets the examples per operation and role.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
ROLES = ("alex", "provider", "admin")
# They end or lock the caller's own sessions, or wait on purpose (forgot-password's floor).
SKIP = {("POST", "/auth/sign-out"), ("POST", "/auth/password"), ("POST", "/auth/mfa/disable"),
        ("POST", "/auth/mfa/verify"), ("POST", "/auth/forgot-password")}
ERROR_KEYS = {"code", "message", "field"}


def operations():
    import app as portal  # noqa: F401  (registers the routes)
    from chalicelib.openapi import document

    spec = document()
    return [(method.upper(), path, op) for path, ops in sorted(spec["paths"].items())
            for method, op in sorted(ops.items()) if (method.upper(), path) not in SKIP]


def json_values():
    scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) \
        | st.text(max_size=40)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


def body_strategy(op):
    content = (op.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema")
    if schema is None:
        return st.just(None) if not content else st.binary(max_size=200)
    return st.one_of(from_schema(schema), json_values())


def from_schema(schema: dict):
    """Values for the subset of JSON Schema our routes declare (handlers/_http.py), mostly
    valid, sometimes at the edges. (hypothesis-jsonschema does not run on this Hypothesis.)"""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    if kind == "object":
        props = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries({k: from_schema(v) for k, v in props.items() if k in required},
                                     optional={k: from_schema(v) for k, v in props.items() if k not in required})
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=min(schema.get("maxItems", 3), 3))
    if kind == "integer":
        return st.integers(schema.get("minimum", -10**6), schema.get("maximum", 10**6))
    if kind == "number":
        return st.floats(schema.get("minimum", -1e6), schema.get("maximum", 1e6), allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(lambda d: d.isoformat()) | st.sampled_from(["9999-12-31", "0001-01-01"])
        if schema.get("format") == "email":
            return st.from_regex(r"\A[a-z]{1,8}@example\.org\Z") | st.text(max_size=20)
        low, high = schema.get("minLength", 0), min(schema.get("maxLength", 60), 60)
        if schema.get("pattern") and schema["pattern"] != r"\S":
            return st.from_regex(schema["pattern"].replace("\x24", "$"), fullmatch=False).filter(
                lambda v: len(v) <= schema.get("maxLength", 10**6)) | st.text(max_size=high)
        return st.text(min_size=low, max_size=max(low, high))
    return json_values()


def path_strategy(path, demo):
    names = re.findall(r"{(\w+)}", path)
    known = [demo["alex"], demo["priya"], demo["sam"]]
    ids = st.sampled_from(known) | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"),
                                           min_size=1, max_size=40)
    return st.fixed_dictionaries({name: ids for name in names})


def query_strategy(op):
    names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
    values = st.text(max_size=20) | st.sampled_from(["2026-12-01", "9999-12-31", "0", "-1", "100", "abc"])
    return st.fixed_dictionaries({}, optional={name: values for name in names})


@pytest.mark.parametrize("who", ROLES)
def test_no_operation_answers_a_server_error_and_errors_keep_the_shape(api, demo, who):
    from urllib.parse import urlencode

    token = api.token(who)
    failures = []
    for method, path, op in operations():
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(params=path_strategy(path, demo), query=query_strategy(op), body=body_strategy(op))
        def probe(params, query, body):
            url = path
            for name, value in params.items():
                url = url.replace("{" + name + "}", _quote(value))
            if query:
                url += "?" + urlencode(query)
            raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
            res = api.request(method, url, raw=raw, token=None if op.get("security") == [] else token)
            problem = _problem(res)
            if problem:
                failures.append(f"{method} {url} {raw[:200]!r}: {problem}")

        probe()
    assert not failures, "\n".join(failures[:30])


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _problem(res) -> str | None:
    if res.status >= 500:
        return f"answered {res.status}: {res.raw_body[:200]!r}"
    if res.status >= 400:
        error = (res.json or {}).get("error") if isinstance(res.json, dict) else None
        if not isinstance(error, dict) or not ERROR_KEYS <= set(error) or set(res.json) != {"error"}:
            return f"{res.status} not in the error shape: {res.raw_body[:200]!r}"
    return None
