"""`make deploy`: what `aws cloudformation package` + `deploy` do, with boto3.

    python -m infra.deploy --stage prod --build build/prod --artifacts-bucket <bucket>

Uploads the code bundles named by the template (deployment.zip, layer-deployment.zip)
and the template itself to the artifacts bucket (content-addressed, so an unchanged
bundle is not uploaded again), then creates or updates the stack through a change set,
waits, and prints the stack's outputs.

Stack parameters come from `--param Name=value`, else the environment (PARAMETER_ENV),
else the stack's previous value, else the template's default.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

PARAMETER_ENV = {"PortalUrl": "PORTAL_URL", "MailFromAddress": "MAIL_FROM", "SesDomain": "SES_DOMAIN",
                 "LogRetentionDays": "LOG_RETENTION_DAYS"}
# The template is a SAM template (CAPABILITY_AUTO_EXPAND) that creates an IAM role.
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
LOCAL_CODE = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")


class DeployError(RuntimeError):
    pass


def resolve_parameters(declared: dict[str, Any], given: dict[str, str], previous: set[str]) -> list[dict]:
    """CloudFormation Parameters: given values, else the stack's previous ones, else defaults."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise DeployError(f"the template has no parameter {', '.join(unknown)}")
    parameters, missing = [], []
    for name, spec in declared.items():
        if name in given:
            parameters.append({"ParameterKey": name, "ParameterValue": str(given[name])})
        elif name in previous:
            parameters.append({"ParameterKey": name, "UsePreviousValue": True})
        elif "Default" not in spec:
            hint = f" (or set {PARAMETER_ENV[name]})" if name in PARAMETER_ENV else ""
            missing.append(f"--param {name}=...{hint}")
    if missing:
        raise DeployError("missing stack parameters: " + "; ".join(missing))
    return parameters


def given_parameters(pairs: list[str], environ: dict[str, str]) -> dict[str, str]:
    given = {name: environ[var] for name, var in PARAMETER_ENV.items() if environ.get(var)}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise DeployError(f"--param wants Name=value, got {pair!r}")
        given[name] = value
    return given


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload(s3, path: Path, bucket: str, key: str) -> None:
    from botocore.exceptions import ClientError

    try:
        s3.head_object(Bucket=bucket, Key=key)
        return  # content-addressed: already there
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
            raise
    s3.upload_file(str(path), bucket, key)


def upload_code(s3, template: dict, build: Path, bucket: str, prefix: str) -> dict:
    """Upload every local code bundle and point the template at S3 (returns a new template)."""
    template = json.loads(json.dumps(template))
    uploaded: dict[Path, dict] = {}
    for name, resource in template["Resources"].items():
        prop = LOCAL_CODE.get(resource.get("Type"))
        value = resource.get("Properties", {}).get(prop) if prop else None
        if not isinstance(value, str) or value.startswith("s3://"):
            continue
        path = (build / value).resolve()
        if not path.is_file():
            raise DeployError(f"{name}: {value} not found in {build} (run make package)")
        if path not in uploaded:
            key = f"{prefix}/{_sha256(path)}{path.suffix}"
            upload(s3, path, bucket, key)
            uploaded[path] = {"Bucket": bucket, "Key": key}
        resource["Properties"][prop] = dict(uploaded[path])
    return template


def upload_template(s3, template: dict, bucket: str, prefix: str) -> str:
    body = json.dumps(template, indent=1).encode()
    key = f"{prefix}/{hashlib.sha256(body).hexdigest()}.template.json"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    region = s3.meta.region_name
    return f"https://{bucket}.s3.{region}.amazonaws.com/{key}"


def stack_status(cfn, stack: str) -> str | None:
    from botocore.exceptions import ClientError

    try:
        return cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    except ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise


def _failures(cfn, stack: str) -> str:
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    failed = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason', '')}" for e in events
              if e.get("ResourceStatus", "").endswith("_FAILED")]
    return "\n  ".join(failed[:10]) or "(no failed resource events)"


def deploy_stack(cfn, stack: str, template_url: str, declared: dict, given: dict[str, str],
                 tags: dict[str, str], delay: int = 10) -> dict[str, str]:
    """Create or update `stack` through a change set and wait; returns its outputs."""
    from botocore.exceptions import WaiterError

    status = stack_status(cfn, stack)
    if status == "ROLLBACK_COMPLETE":
        raise DeployError(f"{stack} failed to create and rolled back; delete it (see docs/deploy.md) and retry")
    if status and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
        raise DeployError(f"{stack} is busy ({status}); wait for it to finish")
    creating = status in (None, "REVIEW_IN_PROGRESS")
    previous = set()
    if not creating:
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        previous = {p["ParameterKey"] for p in described.get("Parameters", [])}
    parameters = resolve_parameters(declared, given, previous)

    change_set = f"deploy-{time.strftime('%Y%m%d-%H%M%S')}"
    cfn.create_change_set(
        StackName=stack, ChangeSetName=change_set, ChangeSetType="CREATE" if creating else "UPDATE",
        TemplateURL=template_url, Parameters=parameters, Capabilities=CAPABILITIES,
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    waiter_config = {"Delay": delay, "MaxAttempts": 360}
    try:
        cfn.get_waiter("change_set_create_complete").wait(
            StackName=stack, ChangeSetName=change_set, WaiterConfig=waiter_config)
    except WaiterError:
        described = cfn.describe_change_set(StackName=stack, ChangeSetName=change_set)
        reason = described.get("StatusReason", "")
        if any(text in reason for text in NO_CHANGES):
            cfn.delete_change_set(StackName=stack, ChangeSetName=change_set)
            print(f"{stack}: no changes")
            return outputs(cfn, stack)
        raise DeployError(f"change set {change_set} failed: {reason}") from None

    cfn.execute_change_set(StackName=stack, ChangeSetName=change_set)
    try:
        cfn.get_waiter("stack_create_complete" if creating else "stack_update_complete").wait(
            StackName=stack, WaiterConfig=waiter_config)
    except WaiterError:
        raise DeployError(f"{stack} did not deploy ({stack_status(cfn, stack)}):\n  {_failures(cfn, stack)}") from None
    return outputs(cfn, stack)


def outputs(cfn, stack: str) -> dict[str, str]:
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def deploy(*, stage: str, build: Path, bucket: str, stack: str, given: dict[str, str],
           session=None, delay: int = 10) -> dict[str, str]:
    import boto3

    session = session or boto3.session.Session()
    template_path = build / "sam.json"
    if not template_path.is_file():
        raise DeployError(f"{template_path} not found: run make package STAGE={stage}")
    template = json.loads(template_path.read_text())
    s3 = session.client("s3")
    template = upload_code(s3, template, build, bucket, stack)
    url = upload_template(s3, template, bucket, stack)
    return deploy_stack(session.client("cloudformation"), stack, url, template.get("Parameters", {}), given,
                        tags={"app": "patient-portal", "stage": stage}, delay=delay)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--build", type=Path, help="output of make package (default build/<stage>)")
    parser.add_argument("--stack-name", help="default patient-portal-<stage>")
    parser.add_argument("--artifacts-bucket", default=os.environ.get("ARTIFACTS_BUCKET"),
                        help="an existing S3 bucket for code and templates (default $ARTIFACTS_BUCKET)")
    parser.add_argument("--param", action="append", default=[], metavar="Name=value",
                        help="a stack parameter; repeatable")
    args = parser.parse_args(argv)
    if not args.artifacts_bucket:
        parser.error("no artifacts bucket: pass --artifacts-bucket or set ARTIFACTS_BUCKET")
    build = args.build or Path("build") / args.stage
    stack = args.stack_name or f"patient-portal-{args.stage}"
    try:
        result = deploy(stage=args.stage, build=build, bucket=args.artifacts_bucket, stack=stack,
                        given=given_parameters(args.param, dict(os.environ)))
    except DeployError as exc:
        print(f"deploy failed: {exc}", file=sys.stderr)
        return 1
    print(f"{stack} deployed. Outputs:")
    for key, value in sorted(result.items()):
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
