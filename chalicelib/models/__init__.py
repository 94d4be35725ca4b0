"""One PynamoDB model (one table) per module. ALL_MODELS feeds provisioning and the infra test."""
from __future__ import annotations


def all_models() -> list:
    from chalicelib.models.audit import AuditEvent
    from chalicelib.models.counter import Counter
    from chalicelib.models.notification import NotificationLog
    from chalicelib.models.one_time_code import OneTimeCode
    from chalicelib.models.patient import Patient
    from chalicelib.models.practice import PracticeSection
    from chalicelib.models.proxy_grant import ProxyGrant
    from chalicelib.models.user import User

    return [AuditEvent, Counter, NotificationLog, OneTimeCode, Patient, PracticeSection, ProxyGrant, User]
