"""Settings: the only reader of os.environ.

Table names are needed at import time (PynamoDB reads Meta.table_name when the
model class is created), so `table_name()` reads the prefix directly with a
default; everything else comes from the frozen `Settings` built on first use.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

STAFF_ROLES = ("provider", "nurse", "front_desk", "billing", "admin")
ROLES = ("patient",) + STAFF_ROLES


def table_name(short: str) -> str:
    return f"{os.environ.get('TABLE_PREFIX', 'portal-dev')}-{short}"


def inbound_topic_name() -> str:
    """The SNS topic SES notifies for inbound mail; needed at import time by
    @on_sns_message, so read directly with a default (like table_name)."""
    return os.environ.get("INBOUND_TOPIC_NAME", "patient-portal-inbound-mail")


def payment_api_base() -> str | None:
    """Local stand-in for the payment provider's API (dev and tests only; production
    always talks to the provider). Read at use: the stand-in may start after Settings."""
    if os.environ.get("STAGE", "dev") == "prod":
        return None
    return os.environ.get("PAYMENT_API_BASE") or None


def sms_replies_topic_name() -> str:
    """The SNS topic two-way SMS publishes replies (STOP, START, HELP) to; read at import time."""
    return os.environ.get("SMS_REPLIES_TOPIC_NAME", "patient-portal-sms-replies")


def export_queue_name() -> str:
    """The SQS queue of export jobs (issue 16) the export worker reads; read at import time
    by @on_sqs_message, so directly with a default (like inbound_topic_name)."""
    return os.environ.get("EXPORT_QUEUE_NAME", "patient-portal-exports")


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    user_pool_id: str
    user_pool_client_id: str
    documents_bucket: str
    mail_from: str
    portal_url: str
    jwks_url: str
    notifications_topic_arn: str
    staff_mfa_required: bool
    access_token_minutes: int
    max_failed_sign_ins: int
    lockout_minutes: int
    invitation_days: int
    max_body_bytes: int
    signing_secret: str
    aws_endpoint_url: str | None  # set only against a local moto server
    inbound_domain: str = "inbound.portal.example"
    inbound_bucket: str = "portal-dev-inbound-mail"
    # Payments (issue 13): the Secrets Manager secret holding the provider's API key and
    # webhook signing secret (JSON); never the values themselves.
    payment_secret_id: str = "portal-dev-payments"
    payment_currency: str = "usd"
    # An SES configuration set whose delivery options require TLS: staff email that
    # carries a patient's words goes out only through it (messaging, issue 11).
    tls_configuration_set: str = ""
    # "send mail as" addresses of staff: alias -> sign-in email (STAFF_MAIL_ALIASES="a@x=b@y,...")
    staff_aliases: dict = field(default_factory=dict)
    # Export jobs (issue 16): the queue the API puts jobs on (its URL, from the stack).
    export_queue_url: str = ""

    @property
    def token_issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"


def _flag(name: str, default: str = "false") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes")


@functools.cache
def get_settings() -> Settings:
    env = os.environ
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
    pool = env.get("USER_POOL_ID", "")
    stage = env.get("STAGE", "dev")
    return Settings(
        stage=stage,
        region=region,
        user_pool_id=pool,
        user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
        documents_bucket=env.get("DOCUMENTS_BUCKET", "portal-dev-documents"),
        mail_from=env.get("MAIL_FROM", "no-reply@portal.example"),
        portal_url=env.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/"),
        # Locally the pool lives in the moto server, which serves its JWKS itself.
        jwks_url=env.get("JWKS_URL")
        or f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json",
        notifications_topic_arn=env.get("NOTIFICATIONS_TOPIC_ARN", ""),
        staff_mfa_required=_flag("STAFF_MFA_REQUIRED", "true" if stage == "prod" else "false"),
        access_token_minutes=int(env.get("ACCESS_TOKEN_MINUTES", "15")),
        max_failed_sign_ins=int(env.get("MAX_FAILED_SIGN_INS", "5")),
        lockout_minutes=int(env.get("LOCKOUT_MINUTES", "15")),
        invitation_days=int(env.get("INVITATION_DAYS", "14")),
        max_body_bytes=int(env.get("MAX_BODY_BYTES", str(64 * 1024))),
        signing_secret=env.get("SIGNING_SECRET", "local-development-only-secret"),
        aws_endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        # Staff replies arrive here (SES receipt rule -> INBOUND_BUCKET + topic).
        inbound_domain=env.get("INBOUND_DOMAIN", "inbound.portal.example").lower(),
        inbound_bucket=env.get("INBOUND_BUCKET", "portal-dev-inbound-mail"),
        tls_configuration_set=env.get("SES_TLS_CONFIGURATION_SET", ""),
        staff_aliases=_aliases(env.get("STAFF_MAIL_ALIASES", "")),
        export_queue_url=env.get("EXPORT_QUEUE_URL", ""),
    )


def _aliases(value: str) -> dict:
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {alias.strip().lower(): email.strip().lower() for alias, email in pairs if alias.strip() and email.strip()}
