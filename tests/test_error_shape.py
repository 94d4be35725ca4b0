"""One error shape everywhere (security review, finding 9): the answers made before a
view runs (no or bad token, unknown path, wrong method or media type) carry
{"error": {code, message, field}} locally exactly as the deployed API's gateway
responses (infra/api.py) do."""
from __future__ import annotations

import json

import pytest

from chalicelib.gateway_errors import RESPONSES


def assert_shape(res, status, code):
    assert res.status == status, res
    assert res.json == {"error": {"code": code, "message": res.error["message"], "field": None}}, res
    assert res.error["message"]


def test_no_token_is_a_401_in_the_shape(api, demo):
    assert_shape(api.get(f"/patients/{demo['alex']}"), 401, "unauthenticated")


@pytest.mark.parametrize("token", ["garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_a_refused_token_is_a_401_the_web_app_answers_by_signing_in_again(api, demo, token):
    assert_shape(api.get(f"/patients/{demo['alex']}", token=token), 401, "unauthenticated")


def test_an_unknown_path_is_a_404_in_the_shape(api):
    assert_shape(api.get("/no-such-thing"), 404, "not_found")


def test_a_method_the_route_does_not_take_is_a_405_in_the_shape(api, demo):
    res = api.request("DELETE", "/auth/sign-in")
    assert_shape(res, 405, "method_not_allowed")
    assert res.headers.get("Allow") == "POST"


def test_a_body_that_is_not_json_is_a_415_in_the_shape(api):
    res = api.request("POST", "/auth/sign-in", raw=b"email=a", headers={"content-type": "text/plain"})
    assert_shape(res, 415, "unsupported_media_type")


def test_the_deployed_api_answers_the_same(api):
    """infra/api.py: every gateway response is our shape, with the local statuses."""
    from infra import api as infra_api

    template = {"Resources": {"RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "api"}}}}
    infra_api.configure(template)
    props = template["Resources"]["RestAPI"]["Properties"]
    responses = props["GatewayResponses"]
    assert {"UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "UNSUPPORTED_MEDIA_TYPE",
            "THROTTLED", "DEFAULT_4XX", "DEFAULT_5XX"} <= set(responses)
    for kind, response in responses.items():
        shaped = json.loads(response["ResponseTemplates"]["application/json"])
        assert set(shaped["error"]) == {"code", "message", "field"}, kind
        status = RESPONSES[kind][0]
        assert response.get("StatusCode") == (str(status) if status else None), kind
    assert responses["ACCESS_DENIED"]["StatusCode"] == "401"
    assert responses["THROTTLED"]["ResponseParameters"]["Headers"]["Retry-After"] == "'60'"
    (stage,) = props["MethodSettings"]
    assert stage["ResourcePath"] == "/*" and stage["ThrottlingRateLimit"] > 0 and stage["ThrottlingBurstLimit"] > 0
