"""Every AWS call the portal's own code makes during the suite, checked against the
functions' role policy that infra/ generates (moto does not enforce IAM).

`install()` wraps botocore's one entry point for API calls (`BaseClient._make_api_call`,
which boto3 clients and PynamoDB both go through) and the presigners (a presigned URL
acts with the role's permissions when the browser uses it). A call counts as the
portal's when the nearest project frame on the stack is in chalicelib/ or app.py; calls
made by tests, the devserver (provisioning, mailbox) or infra/ scripts are not the role's.

Each call becomes (IAM action, resource ARN) pairs, e.g. TransactWriteItems with a Put
on the audit table -> ("dynamodb:PutItem", "arn:aws:dynamodb:...:table/portal-dev-audit").
`Policy.allows` evaluates them like IAM (explicit Deny wins, then any Allow; `*`/`?`
wildcards); Conditions are not evaluated (none of ours narrows an action the code uses).
"""
from __future__ import annotations

import fnmatch
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
ACCOUNT = "123456789012"  # moto's account: local ARNs and the resolved template agree
PORTAL_PATHS = (str(PROJECT / "chalicelib") + os.sep, str(PROJECT / "app.py"))
NOT_PORTAL_PATHS = tuple(str(PROJECT / d) + os.sep for d in ("tests", "devserver", "infra"))

# Cognito operations authorised by the user's own token or none (not by IAM).
COGNITO_PUBLIC = frozenset({
    "InitiateAuth", "RespondToAuthChallenge", "SignUp", "ConfirmSignUp", "ForgotPassword",
    "ConfirmForgotPassword", "ResendConfirmationCode", "GlobalSignOut", "ChangePassword",
    "AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference", "GetUser",
    "UpdateUserAttributes", "DeleteUser", "RevokeToken", "GetUserAttributeVerificationCode",
    "VerifyUserAttribute", "SetUserSettings", "DeleteUserAttributes",
})
# Actions the role needs without the code calling them itself: services act for it (KMS
# for encrypted tables, buckets and topics; CloudWatch Logs), and Lambda writes a failed
# event to the function's dead-letter queue with the function's role.
# Lambda's SQS event source mapping (the export worker, issue 16) polls and deletes with
# the function's role too; the local stack plays it from devserver/queues.py.
IMPLIED = ("kms:", "logs:", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")

TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                    "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
S3_ACTIONS = {"HeadObject": "GetObject", "GetObject": "GetObject", "PutObject": "PutObject",
              "DeleteObject": "DeleteObject", "CopyObject": "PutObject",
              # a managed (multipart) upload is authorised as PutObject, part by part
              "CreateMultipartUpload": "PutObject", "UploadPart": "PutObject",
              "CompleteMultipartUpload": "PutObject"}


def _region() -> str:
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


def table_arn(name: str) -> str:
    return f"arn:aws:dynamodb:{_region()}:{ACCOUNT}:table/{name}"


def pool_arn(pool_id: str) -> str:
    return f"arn:aws:cognito-idp:{_region()}:{ACCOUNT}:userpool/{pool_id}"


def s3_object_arn(bucket: str, key: str) -> str:
    return f"arn:aws:s3:::{bucket}/{key}"


def requirements(service: str, operation: str, params: dict) -> list[tuple[str, str]]:
    """(IAM action, resource ARN) pairs one API call needs."""
    if service == "dynamodb":
        if operation in ("TransactWriteItems", "TransactGetItems"):
            pairs = []
            for item in params.get("TransactItems", []):
                (kind, body), = item.items()
                pairs.append((f"dynamodb:{TRANSACT_ACTIONS[kind]}", table_arn(body["TableName"])))
            return pairs
        if operation in ("BatchGetItem", "BatchWriteItem"):
            return [(f"dynamodb:{operation}", table_arn(name)) for name in params.get("RequestItems", {})]
        arn = table_arn(params.get("TableName", "?"))
        if params.get("IndexName"):
            arn += f"/index/{params['IndexName']}"
        return [(f"dynamodb:{operation}", arn)]
    if service == "s3":
        bucket = params.get("Bucket", "?")
        if operation in ("ListObjectsV2", "ListObjects"):
            return [("s3:ListBucket", f"arn:aws:s3:::{bucket}")]
        action = S3_ACTIONS.get(operation, operation)
        if action == "GetObject" and params.get("VersionId"):
            action = "GetObjectVersion"
        pairs = [(f"s3:{action}", s3_object_arn(bucket, params.get("Key", "?")))]
        if operation == "HeadObject":
            # storage.stored() reads "not uploaded yet" from a 404, which S3 answers for a
            # missing key only to a caller that may list the bucket (403 otherwise).
            pairs.append(("s3:ListBucket", f"arn:aws:s3:::{bucket}"))
        if operation == "CopyObject":
            source = params["CopySource"]
            if isinstance(source, str):
                src_bucket, _, src_key = source.lstrip("/").partition("/")
                src_key, _, version = src_key.partition("?versionId=")
                source = {"Bucket": src_bucket, "Key": src_key, "VersionId": version or None}
            get = "s3:GetObjectVersion" if source.get("VersionId") else "s3:GetObject"
            pairs.append((get, s3_object_arn(source["Bucket"], source["Key"])))
        return pairs
    if service == "cognito-idp":
        if operation in COGNITO_PUBLIC:
            return []
        return [(f"cognito-idp:{operation}", pool_arn(params.get("UserPoolId", "?")))]
    if service == "sns":
        target = params.get("TopicArn") or params.get("TargetArn") or "*"
        return [(f"sns:{operation}", target)]
    if service == "ses":
        return [(f"ses:{operation}", f"arn:aws:ses:{_region()}:{ACCOUNT}:identity/*")]
    if service == "sqs":
        # https://sqs.<region>.amazonaws.com/<account>/<name> (or the local endpoint's form)
        name = params.get("QueueUrl", "?").rstrip("/").rsplit("/", 1)[-1]
        return [(f"sqs:{operation}", f"arn:aws:sqs:{_region()}:{ACCOUNT}:{name}")]
    if service == "secretsmanager":
        # The env var holds what the template's Ref gives (the secret's ARN), resolved alike.
        return [(f"secretsmanager:{operation}", params.get("SecretId", "?"))]
    return [(f"{service}:{operation}", "*")]


@dataclass
class Statement:
    sid: str
    effect: str
    actions: list[str]
    resources: list[str]

    def matches(self, action: str, resource: str) -> bool:
        return (any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in self.actions)
                and any(fnmatch.fnmatchcase(resource, r) for r in self.resources))


@dataclass
class Policy:
    statements: list[Statement]

    @functools.lru_cache(maxsize=None)  # noqa: B019 (one policy per session)
    def allows(self, action: str, resource: str) -> bool:
        if any(s.effect == "Deny" and s.matches(action, resource) for s in self.statements):
            return False
        return any(s.effect == "Allow" and s.matches(action, resource) for s in self.statements)

    def __hash__(self) -> int:
        return id(self)

    def unused(self, used: set[tuple[str, str]]) -> list[str]:
        """Allowed actions (per statement) that no recorded call needed: least privilege."""
        found = []
        for s in self.statements:
            if s.effect != "Allow":
                continue
            for action in s.actions:
                if action.startswith(IMPLIED):
                    continue
                if not any(fnmatch.fnmatchcase(a.lower(), action.lower()) and s.matches(a, r) for a, r in used):
                    found.append(f"{s.sid}: {action}")
        return found


class _Resolver:
    """Intrinsic functions of the template -> the local stack's names and ARNs."""

    def __init__(self, template: dict):
        self.resources = template["Resources"]
        self.physical: dict[str, str] = {}
        env = template["Globals"]["Function"]["Environment"]["Variables"]
        from chalicelib.config import get_settings

        settings = get_settings()
        for variable, value in env.items():
            # What the code reads: the variable, or the Settings default the local stack uses.
            local = os.environ.get(variable) or getattr(settings, variable.lower(), None)
            if isinstance(value, dict) and "Ref" in value and isinstance(local, str) and local:
                self.physical[value["Ref"]] = local

    def arn(self, logical: str) -> str:
        resource = self.resources.get(logical, {})
        kind, props = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::DynamoDB::Table":
            return table_arn(props["TableName"])
        if kind == "AWS::S3::Bucket":
            return f"arn:aws:s3:::{self.physical.get(logical, logical)}"
        if kind == "AWS::SQS::Queue" and props.get("QueueName"):
            return f"arn:aws:sqs:{_region()}:{ACCOUNT}:{props['QueueName']}"
        if kind == "AWS::Cognito::UserPool":
            return pool_arn(self.physical.get(logical, logical))
        return f"arn:unresolved:{logical}"  # logs, KMS: nothing the code calls itself

    def value(self, node) -> str:
        if isinstance(node, str):
            return node
        if "Ref" in node:
            return self.physical.get(node["Ref"], f"unresolved:{node['Ref']}")
        if "Fn::GetAtt" in node:
            return self.arn(node["Fn::GetAtt"][0])
        if "Fn::Sub" in node:
            text = node["Fn::Sub"]
            for logical in self.resources:
                text = text.replace("${%s.Arn}" % logical, self.arn(logical))
            return text.replace("${AWS::Region}", _region()).replace("${AWS::AccountId}", ACCOUNT) \
                .replace("${AWS::Partition}", "aws")
        raise ValueError(f"cannot resolve {node!r}")


def role_policy(template: dict | None = None) -> Policy:
    """The functions' role policy of the template for stage dev, resolved locally."""
    if template is None:
        from infra.template import build_template, stage_context

        template = build_template(stage_context("dev"))
    from infra.functions import ROLE

    resolver = _Resolver(template)
    statements = []
    for doc in template["Resources"][ROLE]["Properties"]["Policies"]:
        for raw in doc["PolicyDocument"]["Statement"]:
            actions = raw["Action"] if isinstance(raw["Action"], list) else [raw["Action"]]
            resources = raw["Resource"] if isinstance(raw["Resource"], list) else [raw["Resource"]]
            statements.append(Statement(raw.get("Sid", "?"), raw["Effect"], actions,
                                        [resolver.value(r) for r in resources]))
    return Policy(statements)


@dataclass
class Recorder:
    """What the portal's code called: every pair used, and the ones not allowed."""

    used: set[tuple[str, str]] = field(default_factory=set)
    denied: list[str] = field(default_factory=list)
    policy: Policy | None = None
    reported: int = 0

    def note(self, service: str, operation: str, params: dict) -> None:
        if not _portal_is_calling():
            return
        if self.policy is None:
            self.policy = role_policy()
        for action, resource in requirements(service, operation, params):
            pair = (action, resource)
            if pair in self.used:
                continue
            self.used.add(pair)
            if not self.policy.allows(action, resource):
                self.denied.append(f"{action} on {resource} (called as {service}.{operation})")

    def new_denials(self) -> list[str]:
        fresh = self.denied[self.reported:]
        self.reported = len(self.denied)
        return fresh


RECORDER = Recorder()


def _portal_is_calling() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if name == __file__ or frame.f_code.co_name == "_make_api_call":
            # Ours, or another hook wrapped around botocore's entry point later (devserver/
            # meter.py, installed by the first metered test): the caller is further out.
            pass
        elif name.startswith(PORTAL_PATHS):
            return True
        elif name.startswith(NOT_PORTAL_PATHS):
            return False
        frame = frame.f_back
    return False


def install() -> Recorder:
    """Hook botocore once per process (idempotent)."""
    import botocore.client
    import botocore.signers

    if getattr(botocore.client.BaseClient, "_iam_recorder", None):
        return RECORDER
    original = botocore.client.BaseClient._make_api_call

    def _make_api_call(self, operation_name, api_params):
        RECORDER.note(self.meta.service_model.service_name, operation_name, api_params)
        return original(self, operation_name, api_params)

    botocore.client.BaseClient._make_api_call = _make_api_call
    botocore.client.BaseClient._iam_recorder = True

    presign_url = botocore.signers.generate_presigned_url
    presign_post = botocore.signers.generate_presigned_post

    def generate_presigned_url(self, ClientMethod, Params=None, *args, **kwargs):  # noqa: N803 (botocore's names)
        operation = self._PY_TO_OP_NAME.get(ClientMethod, ClientMethod)
        RECORDER.note(self.meta.service_model.service_name, operation, Params or {})
        return presign_url(self, ClientMethod, Params, *args, **kwargs)

    def generate_presigned_post(self, Bucket, Key, *args, **kwargs):  # noqa: N803
        RECORDER.note("s3", "PutObject", {"Bucket": Bucket, "Key": Key.replace("${filename}", "*")})
        return presign_post(self, Bucket, Key, *args, **kwargs)

    botocore.signers.generate_presigned_url = generate_presigned_url
    botocore.signers.generate_presigned_post = generate_presigned_post
    return RECORDER
