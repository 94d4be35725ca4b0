"""Powertools Logger and Metrics. Log ids, never payloads or PHI."""
from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="patient-portal")
metrics = Metrics(namespace="PatientPortal", service="patient-portal")


def count(name: str, value: int = 1) -> None:
    """Add a business metric (sign-ins, invitations...). Flushed per invocation."""
    from aws_lambda_powertools.metrics import MetricUnit

    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
