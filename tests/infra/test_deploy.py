"""infra.deploy offline: parameters, artifact upload and the change-set flow against moto."""
from __future__ import annotations

import json

import boto3
import pytest

from infra.deploy import DeployError, deploy, given_parameters, resolve_parameters, upload_code

DECLARED = {
    "PortalUrl": {"Type": "String"},
    "MailFromAddress": {"Type": "String"},
    "LogRetentionDays": {"Type": "Number", "Default": 90},
}


def test_parameters_come_from_args_then_environment_then_the_previous_stack_then_defaults():
    given = given_parameters(["PortalUrl=https://portal.clinic.example"],
                             {"PORTAL_URL": "https://ignored.example", "MAIL_FROM": "no-reply@clinic.example"})
    assert given == {"PortalUrl": "https://portal.clinic.example", "MailFromAddress": "no-reply@clinic.example"}
    assert resolve_parameters(DECLARED, given, previous=set()) == [
        {"ParameterKey": "PortalUrl", "ParameterValue": "https://portal.clinic.example"},
        {"ParameterKey": "MailFromAddress", "ParameterValue": "no-reply@clinic.example"},
    ]
    assert resolve_parameters(DECLARED, {}, previous={"PortalUrl", "MailFromAddress", "LogRetentionDays"}) == [
        {"ParameterKey": "PortalUrl", "UsePreviousValue": True},
        {"ParameterKey": "MailFromAddress", "UsePreviousValue": True},
        {"ParameterKey": "LogRetentionDays", "UsePreviousValue": True},
    ]


def test_a_missing_or_unknown_parameter_is_named_before_anything_is_deployed():
    with pytest.raises(DeployError, match=r"MailFromAddress=\.\.\. \(or set MAIL_FROM\)"):
        resolve_parameters(DECLARED, {"PortalUrl": "https://p.example"}, previous=set())
    with pytest.raises(DeployError, match="no parameter Typo"):
        resolve_parameters(DECLARED, {"Typo": "x"}, previous=set())
    with pytest.raises(DeployError, match="Name=value"):
        given_parameters(["PortalUrl"], {})


@pytest.fixture
def session(moto_server):
    return boto3.session.Session(region_name="us-east-1")


@pytest.fixture
def artifacts(session):
    s3 = session.client("s3")
    s3.create_bucket(Bucket="portal-artifacts")
    yield "portal-artifacts"
    for obj in s3.list_objects_v2(Bucket="portal-artifacts").get("Contents", []):
        s3.delete_object(Bucket="portal-artifacts", Key=obj["Key"])
    s3.delete_bucket(Bucket="portal-artifacts")


def test_code_bundles_are_uploaded_once_by_content_and_the_template_points_at_them(tmp_path, session, artifacts):
    (tmp_path / "deployment.zip").write_bytes(b"app code")
    (tmp_path / "layer-deployment.zip").write_bytes(b"dependencies")
    template = {"Resources": {
        "APIHandler": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "./deployment.zip"}},
        "Authorizer": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "./deployment.zip"}},
        "ManagedLayer": {"Type": "AWS::Serverless::LayerVersion",
                         "Properties": {"ContentUri": "./layer-deployment.zip"}},
    }}
    s3 = session.client("s3")
    out = upload_code(s3, template, tmp_path, artifacts, "patient-portal-prod")

    assert template["Resources"]["APIHandler"]["Properties"]["CodeUri"] == "./deployment.zip"  # input untouched
    code = out["Resources"]["APIHandler"]["Properties"]["CodeUri"]
    assert out["Resources"]["Authorizer"]["Properties"]["CodeUri"] == code
    layer = out["Resources"]["ManagedLayer"]["Properties"]["ContentUri"]
    assert code["Bucket"] == layer["Bucket"] == artifacts and code["Key"].startswith("patient-portal-prod/")
    assert s3.get_object(Bucket=artifacts, Key=code["Key"])["Body"].read() == b"app code"
    assert s3.get_object(Bucket=artifacts, Key=layer["Key"])["Body"].read() == b"dependencies"
    assert len(s3.list_objects_v2(Bucket=artifacts)["Contents"]) == 2

    # An unchanged bundle keeps its key; a changed one gets a new one.
    assert upload_code(s3, template, tmp_path, artifacts, "patient-portal-prod") == out
    (tmp_path / "deployment.zip").write_bytes(b"app code v2")
    again = upload_code(s3, template, tmp_path, artifacts, "patient-portal-prod")
    assert again["Resources"]["APIHandler"]["Properties"]["CodeUri"]["Key"] != code["Key"]


def test_a_missing_bundle_says_to_package_first(tmp_path, session, artifacts):
    template = {"Resources": {"Fn": {"Type": "AWS::Serverless::Function",
                                     "Properties": {"CodeUri": "./deployment.zip"}}}}
    with pytest.raises(DeployError, match="make package"):
        upload_code(session.client("s3"), template, tmp_path, artifacts, "stack")


def test_deploy_creates_then_updates_the_stack_and_returns_its_outputs(tmp_path, session, artifacts):
    # moto cannot run the SAM transform: a plain template exercises the same change-set flow.
    template = {
        "Parameters": {"PortalUrl": {"Type": "String"}, "Label": {"Type": "String", "Default": "portal"}},
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "PortalUrl"}}}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}, "Url": {"Value": {"Ref": "PortalUrl"}}},
    }
    (tmp_path / "sam.json").write_text(json.dumps(template))
    stack = "portal-deploy-test"
    cfn = session.client("cloudformation")
    try:
        with pytest.raises(DeployError, match="PortalUrl"):
            deploy(stage="prod", build=tmp_path, bucket=artifacts, stack=stack, given={}, session=session, delay=0)

        deploy(stage="prod", build=tmp_path, bucket=artifacts, stack=stack,
               given={"PortalUrl": "https://portal.clinic.example"}, session=session, delay=0)
        # (moto does not recompute a stack's Outputs after a change set, so check the stack itself)
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        assert described["StackStatus"] == "CREATE_COMPLETE"
        assert {p["ParameterKey"]: p["ParameterValue"] for p in described["Parameters"]}["PortalUrl"] \
            == "https://portal.clinic.example"
        assert {t["Key"]: t["Value"] for t in described["Tags"]} == {"app": "patient-portal", "stage": "prod"}
        assert [r["ResourceType"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]] \
            == ["AWS::SNS::Topic"]

        # An update without parameters keeps the previous values.
        template["Resources"]["Second"] = {"Type": "AWS::SNS::Topic", "Properties": {}}
        (tmp_path / "sam.json").write_text(json.dumps(template))
        deploy(stage="prod", build=tmp_path, bucket=artifacts, stack=stack, given={}, session=session, delay=0)
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        assert described["StackStatus"] == "UPDATE_COMPLETE"
        assert {p["ParameterKey"]: p["ParameterValue"] for p in described["Parameters"]}["PortalUrl"] \
            == "https://portal.clinic.example"
        assert len(cfn.describe_stack_resources(StackName=stack)["StackResources"]) == 2
    finally:
        cfn.delete_stack(StackName=stack)


def test_deploy_without_a_package_says_so(tmp_path, session):
    with pytest.raises(DeployError, match="make package"):
        deploy(stage="prod", build=tmp_path, bucket="b", stack="s", given={}, session=session)


def test_the_first_admin_is_made_the_way_the_portal_makes_accounts(demo):
    from chalicelib.errors import ConflictError
    from chalicelib.models.user import User
    from chalicelib.services import accounts
    from infra.first_admin import create_first_admin, environment_for

    assert environment_for({"UserPoolId": "us-east-1_abc", "UserPoolClientId": "client", "Other": "x"},
                           "portal-prod", "eu-west-1") == {
        "TABLE_PREFIX": "portal-prod", "AWS_DEFAULT_REGION": "eu-west-1",
        "USER_POOL_ID": "us-east-1_abc", "USER_POOL_CLIENT_ID": "client"}
    with pytest.raises(SystemExit, match="UserPoolClientId"):
        environment_for({"UserPoolId": "us-east-1_abc"}, "portal-prod", "eu-west-1")

    user_id = create_first_admin("Founding.Admin@clinic.example", "Founding Admin", "Correct-Horse-42-battery")
    try:
        user = User.get(user_id)
        assert (user.email, user.roles) == ("founding.admin@clinic.example", {"admin"})
        assert "access_token" in accounts.sign_in("founding.admin@clinic.example", "Correct-Horse-42-battery")
        with pytest.raises(ConflictError):
            create_first_admin("founding.admin@clinic.example", "Again", "Correct-Horse-42-battery")
        with pytest.raises(ValueError, match="role"):
            create_first_admin("someone@clinic.example", "Someone", "Correct-Horse-42-battery", role="patient")
    finally:  # the demo practice is shared by the whole session
        from chalicelib import cognito

        cognito.delete_user("founding.admin@clinic.example")
        User(user_id).delete()
