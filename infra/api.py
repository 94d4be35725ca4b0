"""The REST API that `chalice package` generates (RestAPI, a SAM Api), finished here:
gateway responses in the portal's error shape and stage throttling.

Both are properties of the SAM Api, so SAM puts them in the API definition and they
are deployed with it (separate AWS::ApiGateway::GatewayResponse resources would wait
for the next deployment of the stage).
"""
from __future__ import annotations

import json

from chalicelib.gateway_errors import RESPONSES, THROTTLED_RETRY_AFTER, body

API = "RestAPI"
# Whole-stage limits, every method: well above a practice's peak (a few requests a
# second), low enough that a script cannot run up the Lambda and Cognito bill.
# Per-account and per-address limits on sign-in, reset and codes live in the app.
STAGE_RATE_PER_SECOND = 50
STAGE_BURST = 100


def gateway_responses() -> dict:
    responses = {}
    for kind, (status, code, message) in RESPONSES.items():
        response = {
            "ResponseTemplates": {"application/json": body(code, message)},
            "ResponseParameters": {"Headers": {"Cache-Control": "'no-store'",
                                               "Content-Type": "'application/json'"}},
        }
        if status:
            response["StatusCode"] = str(status)
        if kind == "THROTTLED":
            response["ResponseParameters"]["Headers"]["Retry-After"] = f"'{THROTTLED_RETRY_AFTER}'"
        responses[kind] = response
    return responses


def configure(template: dict) -> None:
    """Add the gateway responses and stage throttles to Chalice's RestAPI."""
    api = template["Resources"].get(API)
    if not api or api.get("Type") != "AWS::Serverless::Api":
        raise ValueError(f"the Chalice template has no {API} (AWS::Serverless::Api)")
    props = api["Properties"]
    props["GatewayResponses"] = gateway_responses()
    props["MethodSettings"] = [{"ResourcePath": "/*", "HttpMethod": "*",
                                "ThrottlingRateLimit": STAGE_RATE_PER_SECOND,
                                "ThrottlingBurstLimit": STAGE_BURST}]
    json.dumps(props)  # fail here, not in CloudFormation, if something is not serialisable
