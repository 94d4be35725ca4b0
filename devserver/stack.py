"""An embedded AWS: a single-threaded moto server on loopback, provisioned from the
same definitions the code and infra use (PynamoDB models, auth roles, password policy).

Order matters: environment first (fake credentials, endpoint), then moto, then
anything that creates a boto3 session (`import app`).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

REGION = "us-east-1"
MAIL_DOMAIN = "maple-street.example"


def prepare_environment(extra: dict[str, str] | None = None) -> None:
    """Fake credentials so nothing can reach real AWS; call before importing boto3 users."""
    os.environ.update({
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        # moto then checks TOTP codes against its fixed secret, like Cognito would.
        "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true",
        "MAIL_FROM": f"no-reply@{MAIL_DOMAIN}",
        "TABLE_PREFIX": os.environ.get("TABLE_PREFIX", "portal-dev"),
        "DOCUMENTS_BUCKET": "portal-dev-documents",
        # Inbound mail (issue 5): staff replies land in this bucket, SES notifies the topic.
        "INBOUND_DOMAIN": f"inbound.{MAIL_DOMAIN}",
        "INBOUND_BUCKET": "portal-dev-inbound-mail",
        "INBOUND_TOPIC_NAME": "patient-portal-inbound-mail",
        # SMS replies (issue 10): STOP/START/HELP arrive on this topic (two-way SMS in production).
        "SMS_REPLIES_TOPIC_NAME": "patient-portal-sms-replies",
        "POWERTOOLS_METRICS_NAMESPACE": "PatientPortal",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        **(extra or {}),
    })


@dataclass
class MotoServer:
    endpoint: str
    server: object
    thread: threading.Thread

    @property
    def recorder(self) -> "CallRecorder":
        return self.server.app

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


class CallRecorder:
    """WSGI wrapper noting every DynamoDB operation (tests count calls per request)."""

    def __init__(self, app):
        self.app = app
        self.calls: list[str] | None = None  # None: not recording
        self.scans = 0  # always counted: no code path may Scan

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("DynamoDB_"):
            operation = target.split(".", 1)[1]
            self.scans += operation == "Scan"
            if self.calls is not None:
                self.calls.append(operation)
        return self.app(environ, start_response)


def start_moto(port: int = 0) -> MotoServer:
    """moto on 127.0.0.1, single threaded: its TransactWriteItems is not thread safe."""
    from moto.moto_server.werkzeug_app import (DomainDispatcherApplication, MotoRequestHandler,
                                               create_backend_app)
    from werkzeug.serving import make_server

    from devserver import moto_dynamodb

    moto_dynamodb.install()

    class QuietHandler(MotoRequestHandler):
        def log_request(self, *args, **kwargs):  # one line per AWS call drowns the portal's own output
            pass

    server = make_server("127.0.0.1", port, CallRecorder(DomainDispatcherApplication(create_backend_app)),
                         threaded=False, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="moto", daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    return MotoServer(endpoint, server, thread)


def reset_moto(endpoint: str) -> None:
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)


def _documents_bucket_rules(s3, bucket: str) -> None:
    """As in production: the browser uploads (presigned POST) and downloads (presigned GET)
    straight from the portal's origin, so the bucket answers its CORS; exports expire."""
    origin = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
    origins = sorted({origin, origin.replace("127.0.0.1", "localhost"), origin.replace("localhost", "127.0.0.1")})
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": origins, "AllowedMethods": ["GET", "POST", "HEAD"], "AllowedHeaders": ["*"],
        "ExposeHeaders": ["ETag", "Location"], "MaxAgeSeconds": 600}]})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [{
        "ID": "expire-record-exports", "Status": "Enabled", "Filter": {"Prefix": "exports/"},
        "Expiration": {"Days": 1}}]})


def provision(endpoint: str) -> dict[str, str]:
    """Create every table, the bucket, the user pool, SES identity, SNS topics and the export queue.

    Sets the resulting ids in the environment and clears cached settings/clients.
    """
    import boto3

    from chalicelib import aws, auth
    from chalicelib.cognito import PASSWORD_POLICY
    from chalicelib.config import ROLES, get_settings
    from chalicelib.models import all_models

    for model in all_models():
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=False)

    session = boto3.session.Session(region_name=REGION)
    session.client("s3").create_bucket(Bucket=os.environ["DOCUMENTS_BUCKET"])
    _documents_bucket_rules(session.client("s3"), os.environ["DOCUMENTS_BUCKET"])

    idp = session.client("cognito-idp")
    pool = idp.create_user_pool(
        PoolName="patient-portal-dev",
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        MfaConfiguration="OPTIONAL",
        AutoVerifiedAttributes=["email"],
    )["UserPool"]
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="portal-web", GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    for role in ROLES:
        idp.create_group(UserPoolId=pool["Id"], GroupName=role)

    ses = session.client("ses")
    ses.verify_domain_identity(Domain=MAIL_DOMAIN)
    # Messaging (issue 11): staff email with a patient's words goes only through a set that
    # requires TLS (production sets TlsPolicy Require; moto keeps the name).
    ses.create_configuration_set(ConfigurationSet={"Name": "portal-tls-required"})
    topic = session.client("sns").create_topic(Name="patient-portal-notifications")["TopicArn"]
    # Inbound mail (issue 5): what the SES receipt rule writes to and notifies in production.
    session.client("s3").create_bucket(Bucket=os.environ["INBOUND_BUCKET"])
    session.client("sns").create_topic(Name=os.environ["INBOUND_TOPIC_NAME"])
    session.client("sns").create_topic(Name=os.environ["SMS_REPLIES_TOPIC_NAME"])
    # Export jobs (issue 16): the API puts them here; devserver/queues.py runs the worker.
    from chalicelib.config import export_queue_name

    export_queue = session.client("sqs").create_queue(
        QueueName=export_queue_name(), Attributes={"VisibilityTimeout": "120"})["QueueUrl"]
    # Payments (issue 13): the provider's secrets, made up per run for the local stand-in
    # (devserver/payments.py), read by the portal from Secrets Manager as in production.
    import json
    import secrets

    session.client("secretsmanager").create_secret(
        Name=os.environ.get("PAYMENT_SECRET_ID", "portal-dev-payments"),
        SecretString=json.dumps({"api_key": f"sk_test_local_{secrets.token_hex(12)}",
                                 "webhook_secret": f"whsec_local_{secrets.token_hex(16)}"}))

    values = {
        "USER_POOL_ID": pool["Id"],
        "USER_POOL_CLIENT_ID": client["ClientId"],
        "JWKS_URL": f"{endpoint}/{pool['Id']}/.well-known/jwks.json",
        "NOTIFICATIONS_TOPIC_ARN": topic,
        "SES_TLS_CONFIGURATION_SET": "portal-tls-required",
        "EXPORT_QUEUE_URL": export_queue,
    }
    os.environ.update(values)
    get_settings.cache_clear()
    aws.reset_clients()
    auth._jwks_client.cache_clear()
    from chalicelib.services import practice

    practice._cache.clear()
    return values
