"""The Lambda functions' role, log group and environment.

Chalice generates the functions (API handler, authorizer, later jobs) with
`manage_iam_role: false` and a placeholder `iam_role_arn`; `bind_functions`
then points every generated function at ROLE, so any function added later gets
the same role without naming it here. The environment comes through SAM
`Globals`, which SAM merges into every function's own variables.
"""
from __future__ import annotations

import json

from typing import Any

from infra.security import KEY
from infra.template import Context, Fragment, get_att, ref

ROLE = "FunctionRole"
LOG_GROUP = "FunctionLogGroup"
PORTAL_URL = "PortalUrl"
LOG_RETENTION = "LogRetentionDays"
FUNCTION = "AWS::Serverless::Function"


def fragment(ctx: Context) -> Fragment:
    return Fragment(
        parameters={
            PORTAL_URL: {"Type": "String",
                         "Description": "Where patients open the portal, e.g. https://portal.maple-street.example "
                                        "(scheme and host only: it is also the documents bucket's CORS origin)",
                         "AllowedPattern": r"^https://[A-Za-z0-9.-]+(:[0-9]+)?$"},
            LOG_RETENTION: {"Type": "Number", "Default": 90, "Description": "Days to keep function logs",
                            "AllowedValues": [30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                                              2192, 2557, 2922, 3288, 3653]},
        },
        resources={
            # One group for every function (Globals LoggingConfig), with a retention and
            # the stack's key, instead of Lambda's default never-expiring groups.
            LOG_GROUP: {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": {"Fn::Sub": "/aws/lambda/${AWS::StackName}"},
                    "RetentionInDays": ref(LOG_RETENTION),
                    "KmsKeyId": get_att(KEY, "Arn"),
                },
            },
        },
        outputs={"FunctionLogGroupName": {"Value": ref(LOG_GROUP)}},
        # Powertools metrics are EMF log lines: no cloudwatch:PutMetricData needed.
        policy=[{"Sid": "WriteLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                 "Resource": get_att(LOG_GROUP, "Arn")}],
        environment={"PORTAL_URL": ref(PORTAL_URL)},
    )


def role(statements: list[dict[str, Any]]) -> dict:
    sids = [s.get("Sid") for s in statements]
    duplicates = {sid for sid in sids if sid and sids.count(sid) > 1}
    if duplicates:
        raise ValueError(f"policy statement ids used twice: {sorted(duplicates)}")
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": {"Fn::Sub": "Patient portal ${AWS::StackName}: Lambda functions"},
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
            }]},
            "Policies": [{"PolicyName": "portal-functions",
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
        },
    }


def globals_section(environment: dict[str, Any]) -> dict:
    return {"Function": {
        "Environment": {"Variables": environment},
        "LoggingConfig": {"LogGroup": ref(LOG_GROUP)},
    }}


def bind_functions(template: dict) -> list[str]:
    """Give every Chalice-generated function the stack's role; refuse silent overrides.

    Returns the functions' logical ids.
    """
    global_env = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    names = []
    for name, resource in template["Resources"].items():
        if resource.get("Type") != FUNCTION:
            continue
        props = resource["Properties"]
        if not isinstance(props.get("Role"), str):
            raise ValueError(f"{name}: Chalice made its own role; set manage_iam_role false and "
                             "a placeholder iam_role_arn in .chalice/config.json")
        props["Role"] = get_att(ROLE, "Arn")
        # A function-level variable would win over the wired Globals value without a word.
        clash = set(props.get("Environment", {}).get("Variables", {})) & set(global_env)
        if clash:
            raise ValueError(f"{name}: {sorted(clash)} set in .chalice/config.json; they come from the stack")
        _depend_on_subscribed_topics(template, resource)
        from infra import exports, inbound_mail

        inbound_mail.harden_function(template, resource)
        exports.harden_function(template, name, resource)
        names.append(name)
    if not names:
        raise ValueError("the Chalice template has no functions")
    return names


def _depend_on_subscribed_topics(template: dict, function: dict) -> None:
    """Chalice subscribes @on_sns_message functions to a topic ARN built from its
    name; when this stack creates that topic, the subscription must wait for it."""
    topics = {r["Properties"].get("TopicName"): logical for logical, r in template["Resources"].items()
              if r.get("Type") == "AWS::SNS::Topic" and isinstance(r.get("Properties", {}).get("TopicName"), str)}
    for event in (function["Properties"].get("Events") or {}).values():
        if event.get("Type") != "SNS":
            continue
        arn = json.dumps(event["Properties"].get("Topic"))
        for topic_name, logical in topics.items():
            if arn.rstrip('"}').endswith(":" + topic_name):
                depends = function.setdefault("DependsOn", [])
                if logical not in depends:
                    depends.append(logical)


def effective_environment(template: dict, function: str) -> dict:
    """What SAM will give `function`: Globals variables, then the function's own."""
    global_env = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    own = template["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
    return {**global_env, **own}
