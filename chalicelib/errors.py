"""Domain errors. No HTTP in them: handlers/_http.py maps them to status codes.

Messages must never carry PHI: they end up in response bodies.
"""
from __future__ import annotations


class PortalError(Exception):
    code = "error"

    def __init__(self, message: str, field: str | None = None, code: str | None = None,
                 details: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details  # every problem of a form, [{field, message}], so a page shows them all
        if code:
            self.code = code


class InvalidError(PortalError):
    """The request is malformed: a field is missing, of the wrong type or unknown."""
    code = "invalid"


class UnprocessableError(PortalError):
    """Well formed, but the values break a rule (wrong code, weak password...)."""
    code = "unprocessable"


class UnauthenticatedError(PortalError):
    code = "unauthenticated"


class ForbiddenError(PortalError):
    code = "forbidden"


class NotFoundError(PortalError):
    code = "not_found"


class ConflictError(PortalError):
    code = "conflict"


class TooManyRequestsError(PortalError):
    code = "too_many_requests"

    def __init__(self, message: str, field: str | None = None, code: str | None = None,
                 retry_after: int | None = None):
        super().__init__(message, field=field, code=code)
        self.retry_after = retry_after  # seconds: the Retry-After header


class PayloadTooLargeError(PortalError):
    code = "payload_too_large"
