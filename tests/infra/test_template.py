"""The infra template: tables exactly as the models define them, least-privilege IAM,
private storage, the Cognito pool the app expects; and `make package` lint-clean."""
from __future__ import annotations

import fnmatch
import json
import zipfile

import pytest
from pynamodb.attributes import TTLAttribute

from chalicelib.models import all_models
from infra import exports, functions, layers, site, tables
from infra.package import PackageError, check_requirements, check_wheels, package
from infra.template import PROJECT_DIR, Fragment, build_template, get_att, stage_context

AUDIT = get_att("AuditTable", "Arn")


@pytest.fixture(scope="module")
def prod():
    return build_template(stage_context("prod"))


def role_statements(template: dict) -> list[dict]:
    found = []
    for resource in template["Resources"].values():
        if resource["Type"] in ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            props = resource["Properties"]
            docs = [p["PolicyDocument"] for p in props.get("Policies", [])]
            docs += [props["PolicyDocument"]] if "PolicyDocument" in props else []
            found += [s for doc in docs for s in doc["Statement"]]
    return found


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def _applies(statement: dict, action: str, resource) -> bool:
    actions = _list(statement["Action"])
    return (any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in actions)
            and any(r == "*" or r == resource for r in _list(statement["Resource"])))


def allowed(statements: list[dict], action: str, resource) -> bool:
    """IAM evaluation for one action on one (symbolic) resource: an explicit Deny wins."""
    if any(s["Effect"] == "Deny" and _applies(s, action, resource) for s in statements):
        return False
    return any(s["Effect"] == "Allow" and _applies(s, action, resource) for s in statements)


def template_tables(template: dict) -> dict[str, dict]:
    return {r["Properties"]["TableName"]: r["Properties"] for r in template["Resources"].values()
            if r["Type"] == "AWS::DynamoDB::Table"}


# ---- tables ----

def test_every_model_has_one_table_named_with_the_stages_prefix(prod):
    expected = {f"portal-prod-{tables.short_name(m)}" for m in all_models()}
    assert set(template_tables(prod)) == expected
    assert len(expected) == len(all_models())


@pytest.fixture(scope="module")
def created_by_pynamodb(moto_server):
    """What PynamoDB's own create_table makes (as local provisioning does), described by DynamoDB."""
    described = {}
    for model in all_models():
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=False)
        described[tables.short_name(model)] = model.describe_table()
    return described


def _indexes(described: list[dict] | None) -> dict:
    return {i["IndexName"]: (i["KeySchema"], i["Projection"]) for i in described or []}


def test_tables_match_what_pynamodb_creates_from_the_models(created_by_pynamodb):
    template = build_template(stage_context("dev"))
    by_short = {name.removeprefix("portal-dev-"): props for name, props in template_tables(template).items()}
    assert set(by_short) == set(created_by_pynamodb)
    for short, real in created_by_pynamodb.items():
        mine = by_short[short]
        assert mine["KeySchema"] == real["KeySchema"], short
        assert ({(d["AttributeName"], d["AttributeType"]) for d in mine["AttributeDefinitions"]}
                == {(d["AttributeName"], d["AttributeType"]) for d in real["AttributeDefinitions"]}), short
        # Every attribute definition is a key of the table or an index (CloudFormation rejects others).
        assert len(mine["AttributeDefinitions"]) == len({d["AttributeName"] for d in mine["AttributeDefinitions"]})
        assert _indexes(mine.get("GlobalSecondaryIndexes")) == _indexes(real.get("GlobalSecondaryIndexes")), short
        assert _indexes(mine.get("LocalSecondaryIndexes")) == _indexes(real.get("LocalSecondaryIndexes")), short


def test_every_table_is_on_demand_point_in_time_recoverable_kms_encrypted_and_protected(prod):
    for name, props in template_tables(prod).items():
        assert props["BillingMode"] == "PAY_PER_REQUEST", name
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS",
                                             "KMSMasterKeyId": {"Ref": "PortalKey"}}, name
        assert props["DeletionProtectionEnabled"] is True, name
    for resource in prod["Resources"].values():
        if resource["Type"] == "AWS::DynamoDB::Table":
            assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"


def test_ttl_is_on_where_the_model_expires_items(prod):
    by_short = {name.removeprefix("portal-prod-"): props for name, props in template_tables(prod).items()}
    expected = {tables.short_name(m): a.attr_name for m in all_models()
                for a in m.get_attributes().values() if isinstance(a, TTLAttribute)}
    expected["idempotency"] = "expiration"  # Powertools writes epoch seconds there
    actual = {short: p["TimeToLiveSpecification"]["AttributeName"] for short, p in by_short.items()
              if p.get("TimeToLiveSpecification", {}).get("Enabled")}
    assert actual == expected


# ---- IAM ----

def test_no_statement_grants_scan_or_partiql(prod):
    statements = role_statements(prod)
    assert statements
    for statement in statements:
        assert "NotAction" not in statement and "NotResource" not in statement
        if statement["Effect"] == "Allow":
            for action in ("dynamodb:Scan", "dynamodb:PartiQLSelect"):
                assert not any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in _list(statement["Action"])), \
                    (action, statement)


def test_the_audit_table_is_append_only(prod):
    statements = role_statements(prod)
    for action in ("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"):
        assert allowed(statements, action, AUDIT), action
    for action in ("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:Scan"):
        assert not allowed(statements, action, AUDIT), action
    # ...while other tables keep full item access.
    assert allowed(statements, "dynamodb:UpdateItem", get_att("PatientsTable", "Arn"))
    assert allowed(statements, "dynamodb:Query", {"Fn::Sub": "${PatientsTable.Arn}/index/*"})


def test_the_role_reaches_only_the_stacks_own_resources(prod):
    statements = role_statements(prod)
    pool, bucket_objects = get_att("UserPool", "Arn"), {"Fn::Sub": "${DocumentsBucket.Arn}/*"}
    for action in ("cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword",
                   "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminDeleteUser",
                   "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminSetUserMFAPreference"):
        assert allowed(statements, action, pool), action
    assert not allowed(statements, "cognito-idp:AdminGetUser", pool)
    assert allowed(statements, "s3:GetObject", bucket_objects) and allowed(statements, "s3:PutObject", bucket_objects)
    assert not allowed(statements, "s3:DeleteBucket", get_att("DocumentsBucket", "Arn"))
    # "*" only where AWS offers nothing narrower: SES (scoped by sender instead) and SMS.
    wide = {a for s in statements if s["Effect"] == "Allow" and "*" in _list(s["Resource"]) for a in _list(s["Action"])}
    assert wide == {"ses:SendRawEmail", "sns:Publish", "sns:OptInPhoneNumber"}  # START (SMS)
    ses = next(s for s in statements if "ses:SendRawEmail" in _list(s["Action"]))
    assert ses["Condition"] == {"StringLike": {"ses:FromAddress": {"Fn::Sub": "*@${SesDomain}"}}}
    kms = [s for s in statements if any(a.startswith("kms:") for a in _list(s["Action"]))]
    assert kms and all("kms:ViaService" in s["Condition"]["StringEquals"] for s in kms)


# ---- storage, identity, wiring ----

def test_documents_bucket_is_private_kms_encrypted_versioned_and_tls_only(prod):
    bucket = prod["Resources"]["DocumentsBucket"]
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert sse == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": get_att("PortalKey", "Arn")}
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["DeletionPolicy"] == "Retain"
    policy = prod["Resources"]["DocumentsBucketPolicy"]["Properties"]
    assert policy["Bucket"] == {"Ref": "DocumentsBucket"}
    tls = [s for s in policy["PolicyDocument"]["Statement"]
           if s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}]
    assert tls and tls[0]["Effect"] == "Deny" and tls[0]["Principal"] == "*" and tls[0]["Action"] == "s3:*"
    assert set(map(json.dumps, tls[0]["Resource"])) == {
        json.dumps(get_att("DocumentsBucket", "Arn")), json.dumps({"Fn::Sub": "${DocumentsBucket.Arn}/*"})}


def test_kms_key_rotates_and_has_an_alias(prod):
    key = prod["Resources"]["PortalKey"]
    assert key["Properties"]["EnableKeyRotation"] is True
    assert prod["Resources"]["PortalKeyAlias"]["Properties"]["TargetKeyId"] == {"Ref": "PortalKey"}


def test_user_pool_is_the_one_the_app_expects(prod):
    from chalicelib.cognito import PASSWORD_POLICY
    from chalicelib.config import ROLES

    resources = prod["Resources"]
    pool = resources["UserPool"]["Properties"]
    assert pool["Policies"]["PasswordPolicy"] == PASSWORD_POLICY
    assert pool["MfaConfiguration"] == "OPTIONAL" and pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}
    client = resources["UserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert (client["AccessTokenValidity"], client["TokenValidityUnits"]["AccessToken"]) == (15, "minutes")
    assert client["EnableTokenRevocation"] is True
    groups = {r["Properties"]["GroupName"] for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == set(ROLES)


def test_every_setting_the_app_reads_comes_from_the_stack(prod):
    env = prod["Globals"]["Function"]["Environment"]["Variables"]
    assert env == {
        "USER_POOL_ID": {"Ref": "UserPool"},
        "USER_POOL_CLIENT_ID": {"Ref": "UserPoolClient"},
        "DOCUMENTS_BUCKET": {"Ref": "DocumentsBucket"},
        "MAIL_FROM": {"Ref": "MailFromAddress"},
        "PORTAL_URL": {"Ref": "PortalUrl"},
        "NOTIFICATIONS_TOPIC_ARN": {"Ref": "NotificationsTopic"},
        "INBOUND_BUCKET": {"Ref": "InboundMailBucket"},
        "INBOUND_DOMAIN": {"Ref": "InboundDomain"},
        # staff email with a patient's words goes only through it (messaging, issue 11)
        "SES_TLS_CONFIGURATION_SET": {"Ref": "TlsRequiredConfigurationSet"},
        # resolved by CloudFormation at deploy time: the secret never sits in a file
        "SIGNING_SECRET": {"Fn::Sub": "{{resolve:secretsmanager:${SigningSecret}:SecretString}}"},
        # the payment provider's secrets are read at first use, by id (issue 13)
        "PAYMENT_SECRET_ID": {"Ref": "PaymentSecret"},
        # export jobs go on this queue; the export worker reads it (issue 16)
        "EXPORT_QUEUE_URL": {"Ref": "ExportQueue"},
    }
    assert set(prod["Parameters"]) >= {"PortalUrl", "MailFromAddress", "SesDomain"}


def test_staff_email_with_patient_text_has_a_tls_required_configuration_set(prod):
    tls = prod["Resources"]["TlsRequiredConfigurationSet"]
    assert tls["Type"] == "AWS::SES::ConfigurationSet"
    assert tls["Properties"]["DeliveryOptions"] == {"TlsPolicy": "REQUIRE"}


def test_another_engineer_can_add_a_fragment():
    def example(ctx):
        return Fragment(resources={"ExampleBucket": {"Type": "AWS::S3::Bucket", "Properties": {}}},
                        policy=[{"Sid": "ReadExample", "Effect": "Allow", "Action": "s3:GetObject",
                                 "Resource": {"Fn::Sub": "${ExampleBucket.Arn}/*"}}],
                        environment={"EXAMPLE_BUCKET": {"Ref": "ExampleBucket"}},
                        key_policy=[{"Sid": "SesEncrypts", "Effect": "Allow",
                                     "Principal": {"Service": "ses.amazonaws.com"},
                                     "Action": "kms:GenerateDataKey*", "Resource": "*"}])

    template = build_template(stage_context("prod"), extra=[example])
    assert "ExampleBucket" in template["Resources"]
    assert allowed(role_statements(template), "s3:GetObject", {"Fn::Sub": "${ExampleBucket.Arn}/*"})
    assert template["Globals"]["Function"]["Environment"]["Variables"]["EXAMPLE_BUCKET"] == {"Ref": "ExampleBucket"}
    key_sids = [s["Sid"] for s in template["Resources"]["PortalKey"]["Properties"]["KeyPolicy"]["Statement"]]
    assert "SesEncrypts" in key_sids

    def clash(ctx):
        return Fragment(resources={"DocumentsBucket": {"Type": "AWS::S3::Bucket", "Properties": {}}})

    with pytest.raises(ValueError, match="DocumentsBucket"):
        build_template(stage_context("prod"), extra=[clash])


# ---- packaging ----

def test_every_chalice_function_gets_the_stacks_role_and_no_silent_env_override():
    template = {
        "Globals": {"Function": {"Environment": {"Variables": {"USER_POOL_ID": {"Ref": "UserPool"}}}}},
        "Resources": {
            "APIHandler": {"Type": "AWS::Serverless::Function",
                           "Properties": {"Role": "arn:aws:iam::000000000000:role/placeholder",
                                          "Environment": {"Variables": {"STAGE": "prod"}}}},
            "NightlyJob": {"Type": "AWS::Serverless::Function", "Properties": {"Role": "arn:placeholder"}},
        },
    }
    assert sorted(functions.bind_functions(template)) == ["APIHandler", "NightlyJob"]
    assert all(r["Properties"]["Role"] == get_att("FunctionRole", "Arn") for r in template["Resources"].values())
    assert functions.effective_environment(template, "APIHandler") == {"USER_POOL_ID": {"Ref": "UserPool"},
                                                                      "STAGE": "prod"}

    template["Resources"]["APIHandler"]["Properties"].update(
        Role="arn:placeholder", Environment={"Variables": {"USER_POOL_ID": "local-pool"}})
    with pytest.raises(ValueError, match="USER_POOL_ID"):
        functions.bind_functions(template)
    template["Resources"]["APIHandler"]["Properties"].update(Role={"Fn::GetAtt": ["ApiHandlerRole", "Arn"]},
                                                            Environment={})
    with pytest.raises(ValueError, match="manage_iam_role"):
        functions.bind_functions(template)


def _bundle(tmp_path, *tags: str):
    path = tmp_path / "layer.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n"
                   + "".join(f"Tag: {t}\n" for t in tags))
    return path


def test_a_wheel_compiled_here_or_for_a_newer_glibc_is_refused(tmp_path):
    for tags in (["cp311-cp311-linux_x86_64"], ["cp311-cp311-manylinux_2_28_x86_64"]):
        with pytest.raises(PackageError, match="will not load on python3.11"):
            check_wheels(_bundle(tmp_path, *tags), "python3.11")
    check_wheels(_bundle(tmp_path, "cp311-cp311-manylinux_2_28_x86_64"), "python3.12")
    check_wheels(_bundle(tmp_path, "cp311-abi3-manylinux_2_17_x86_64", "cp311-abi3-manylinux2014_x86_64"),
                 "python3.11")
    check_wheels(_bundle(tmp_path, "py3-none-any"), "python3.11")


def test_a_bundle_missing_a_pinned_requirement_is_refused(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# runtime\nPyJWT[crypto]==2.15.1\naws-lambda-powertools==3.37.0  # logs\n")
    bundle = tmp_path / "layer.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("python/lib/python3.11/site-packages/pyjwt-2.15.1.dist-info/METADATA", "Name: PyJWT\n")
    with pytest.raises(PackageError, match="aws_lambda_powertools"):
        check_requirements([bundle], requirements)
    with zipfile.ZipFile(bundle, "a") as z:
        z.writestr("python/lib/python3.11/site-packages/aws_lambda_powertools-3.37.0.dist-info/METADATA", "")
    check_requirements([bundle], requirements)


@pytest.mark.slow
def test_make_package_builds_a_lint_clean_stack_with_every_function_wired(tmp_path):
    # chalice package (PyPI on the first build; then cached in .chalice/deployments) + cfn-lint.
    # It raises on any cfn-lint finding, on a missing package index, on a bad wheel.
    sam_path = package("prod", tmp_path / "prod", "us-east-1")
    assert {p.name for p in sam_path.parent.iterdir()} >= {"sam.json", "deployment.zip", "layer-deployment.zip",
                                                          "infra.json"}
    sam = json.loads(sam_path.read_text())
    assert set(template_tables(sam)) == {f"portal-prod-{tables.short_name(m)}" for m in all_models()}
    names = [n for n, r in sam["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]
    assert "APIHandler" in names
    api = sam["Resources"]["RestAPI"]["Properties"]  # infra/api.py: error shape and throttles
    assert api["GatewayResponses"]["ACCESS_DENIED"]["StatusCode"] == "401" and api["MethodSettings"]
    for name in names:
        props = sam["Resources"][name]["Properties"]
        assert props["Role"] == get_att("FunctionRole", "Arn"), name
        env = functions.effective_environment(sam, name)
        assert env["STAGE"] == "prod" and env["TABLE_PREFIX"] == "portal-prod", name
        assert env["STAFF_MFA_REQUIRED"] == "true", name
        for wired in ("USER_POOL_ID", "USER_POOL_CLIENT_ID", "DOCUMENTS_BUCKET", "MAIL_FROM", "PORTAL_URL",
                      "NOTIFICATIONS_TOPIC_ARN", "SIGNING_SECRET"):
            assert isinstance(env[wired], dict), (name, wired)  # a Ref/Sub, never a literal
    # Nothing Chalice added widens access: still no Scan anywhere.
    for statement in role_statements(sam):
        if statement["Effect"] == "Allow":
            assert not any(fnmatch.fnmatchcase("dynamodb:scan", p.lower()) for p in _list(statement["Action"]))

    # Lean functions (issue 16): the PDF layer only where PDFs are made; no second botocore;
    # API Gateway compresses (CloudFront forwards the viewer's Accept-Encoding to it on /api/*);
    # reserved concurrency; and the API function's package measured (docs/performance.md).
    layered = {n: sam["Resources"][n]["Properties"].get("Layers", []) for n in names}
    assert [n for n, refs in layered.items() if {"Ref": "PdfLayer"} in refs] == ["ExportWorker"]
    assert sam["Resources"]["PdfLayer"]["Properties"]["ContentUri"] == "./pdf-layer.zip"
    for bundle in ("deployment.zip", "layer-deployment.zip", "pdf-layer.zip"):
        assert not layers.packages_in(sam_path.parent / bundle, ("boto3", "botocore", "s3transfer")), bundle
    for bundle in ("deployment.zip", "layer-deployment.zip"):
        assert not layers.packages_in(sam_path.parent / bundle, ("fpdf", "fontTools", "PIL")), bundle
    assert api["MinimumCompressionSize"] == 1024
    behavior = sam["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"][0]
    assert behavior["PathPattern"] == "/api/*" and behavior["Compress"] is True
    assert behavior["OriginRequestPolicyId"] == site.ALL_VIEWER_EXCEPT_HOST  # Accept-Encoding reaches the API
    handler = sam["Resources"]["APIHandler"]["Properties"]
    assert handler["ReservedConcurrentExecutions"] == {"Ref": "ApiReservedConcurrency"}
    worker = sam["Resources"]["ExportWorker"]["Properties"]
    assert worker["ReservedConcurrentExecutions"] == 3 and worker["MemorySize"] == 1536 and worker["Timeout"] == 300
    (event,) = worker["Events"].values()
    assert event["Type"] == "SQS" and event["Properties"]["ScalingConfig"] == {"MaximumConcurrency": 2}
    sizes = layers.zipped_sizes(sam_path.parent)
    assert sizes["api_function"] < 20_000_000, sizes  # 45.5 MB before issue 16


def test_export_jobs_have_their_queue_a_dead_letter_queue_and_expire(prod):
    from chalicelib.config import export_queue_name

    resources = prod["Resources"]
    queue = resources[exports.QUEUE]["Properties"]
    assert queue["QueueName"] == export_queue_name() and queue["SqsManagedSseEnabled"] is True
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == get_att(exports.DLQ, "Arn")
    assert queue["VisibilityTimeout"] >= 6 * exports.WORKER_TIMEOUT
    assert prod["Globals"]["Function"]["Environment"]["Variables"]["EXPORT_QUEUE_URL"] == {"Ref": exports.QUEUE}
    statements = role_statements(prod)
    arn = get_att(exports.QUEUE, "Arn")
    for action in ("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
        assert allowed(statements, action, arn), action
    assert not allowed(statements, "sqs:PurgeQueue", arn)
    rules = {r["Id"]: r for r in resources["DocumentsBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-record-exports"]["Prefix"] == "exports/" and rules["expire-record-exports"]["ExpirationInDays"] == 1
    from chalicelib.services.exports.jobs import KEEP_SECONDS, LINK_SECONDS

    assert LINK_SECONDS <= 300 and KEEP_SECONDS <= 24 * 3600  # links short-lived, jobs gone with their files


def test_api_compression_is_configured_for_chalice():
    config = json.loads((PROJECT_DIR / ".chalice" / "config.json").read_text())
    assert config["minimum_compression_size"] == 1024  # generated into the RestAPI (the slow package test)
    assert config["lambda_functions"]["export-worker"]["lambda_timeout"] == exports.WORKER_TIMEOUT


def _layer(tmp_path, *names: str):
    path = tmp_path / "layer-deployment.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            z.writestr(f"python/lib/python3.11/site-packages/{name}", "x")
    return path


def test_the_runtimes_botocore_is_stripped_and_pdf_libraries_are_refused_outside_their_layer(tmp_path):
    from infra.package import check_lean

    layer = _layer(tmp_path, "botocore/__init__.py", "botocore-1.44.8.dist-info/METADATA", "boto3/session.py",
                   "s3transfer/__init__.py", "pynamodb/models.py", "jmespath/__init__.py")
    assert layers.strip_runtime_packages(layer) == ["boto3", "botocore", "s3transfer"]
    with zipfile.ZipFile(layer) as z:
        assert sorted(z.namelist()) == ["python/lib/python3.11/site-packages/jmespath/__init__.py",
                                        "python/lib/python3.11/site-packages/pynamodb/models.py"]
    pdf = tmp_path / "pdf-layer.zip"
    with zipfile.ZipFile(pdf, "w") as z:
        z.writestr("python/fpdf/__init__.py", "x")
        z.writestr("fonts/DejaVuSans.ttf", "x")
    check_lean([layer], pdf)
    with pytest.raises(PackageError, match="PDF layer"):
        check_lean([_layer(tmp_path, "fpdf/__init__.py")], pdf)
    with pytest.raises(PackageError, match="come with the Lambda runtime"):
        check_lean([_layer(tmp_path, "boto3/__init__.py")], pdf)


def test_payment_secrets_are_read_from_secrets_manager_not_the_template(prod):
    secret = prod["Resources"]["PaymentSecret"]["Properties"]
    assert json.loads(secret["SecretString"]) == {"api_key": "", "webhook_secret": ""}
    assert allowed(role_statements(prod), "secretsmanager:GetSecretValue", {"Ref": "PaymentSecret"})
    env = prod["Globals"]["Function"]["Environment"]["Variables"]
    assert not any(name.startswith("STRIPE") or "PAYMENT_API" in name for name in env)


def test_money_tables_are_append_only(prod):
    statements = role_statements(prod)
    for table in ("LedgerTable", "PaymentEventsTable", "StatementVersionsTable"):
        arn = get_att(table, "Arn")
        assert allowed(statements, "dynamodb:PutItem", arn)
        assert not allowed(statements, "dynamodb:UpdateItem", arn)
        assert not allowed(statements, "dynamodb:DeleteItem", arn)
