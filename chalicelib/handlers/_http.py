"""The HTTP edge: routes with their docs, the Caller, body validation, error mapping.

One approach everywhere: a route declares its JSON Schema body; `body()` checks
the size, parses, rejects unknown fields and names the offending field. The
same declarations produce /openapi.json.
"""
from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from chalice import Blueprint, Response

from chalicelib import errors
from chalicelib.auth import Caller, caller_from_context
from chalicelib.config import get_settings
from chalicelib.handlers._validation import VISIBLE, validate  # noqa: F401  (handlers import it from here)

STATUS = {
    errors.InvalidError: 400,
    errors.UnauthenticatedError: 401,
    errors.ForbiddenError: 403,
    errors.NotFoundError: 404,
    errors.ConflictError: 409,
    errors.PayloadTooLargeError: 413,
    errors.UnprocessableError: 422,
    errors.TooManyRequestsError: 429,
}

# Staff without MFA (where it is required) may only reach these, to enrol.
MFA_ENROLMENT_PATHS = frozenset({"/me", "/auth/mfa/setup", "/auth/mfa/verify", "/auth/sign-out"})


@dataclass(frozen=True)
class RouteDoc:
    path: str
    method: str
    summary: str
    public: bool
    body: dict | None
    query: dict = field(default_factory=dict)
    tag: str = ""
    content_types: tuple[str, ...] = ()  # a non-JSON body (HL7 v2 from a lab interface)
    interface: str | None = None  # signed with an interface account of this scope, not a user token


ROUTE_DOCS: list[RouteDoc] = []
# (path, method) -> the view, so openapi.py can read what a view answers on success.
VIEWS: dict[tuple[str, str], Callable] = {}

authorizer_bp = Blueprint(__name__)


@authorizer_bp.authorizer(ttl_seconds=0)
def portal_authorizer(auth_request):
    """Verify the bearer token (auth.py) and hand the principal to the route."""
    from chalice import AuthResponse

    from chalicelib.auth import principal_context
    from chalicelib.observability import logger

    token = (auth_request.token or "").removeprefix("Bearer ").strip()
    try:
        context = principal_context(token)
    except errors.PortalError:
        return AuthResponse(routes=[], principal_id="anonymous")
    except Exception:  # a broken token must never become a 500 that hides a denial
        logger.exception("authorizer failure")
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(routes=["*"], principal_id=context["user_id"], context=context)


def route(bp: Blueprint, path: str, method: str = "GET", *, summary: str, body: dict | None = None,
          public: bool = False, query: dict | None = None, tag: str = "",
          content_types: list[str] | None = None, interface: str | None = None) -> Callable:
    """bp.route plus the route's documentation (auth, body schema) for OpenAPI.

    interface: the route takes an interface account's credential of that scope
    (auth.interface_caller), not a user's token: no user authorizer runs."""
    public = public or bool(interface)
    ROUTE_DOCS.append(RouteDoc(path, method, summary, public, body, query or {}, tag,
                               tuple(content_types or ()), interface))
    kwargs: dict[str, Any] = {"methods": [method]}
    if not public:
        kwargs["authorizer"] = portal_authorizer
    if method in ("POST", "PUT", "PATCH"):
        kwargs["content_types"] = content_types or ["application/json"]

    def register(view: Callable) -> Callable:
        VIEWS[(path, method)] = view
        # Chalice turns any exception a view raises into its own 500 before
        # middleware sees it, so domain errors are mapped here, per view.
        @functools.wraps(view)
        def mapped(*args, **kw):
            try:
                return view(*args, **kw)
            except errors.PortalError as exc:
                return error_response(exc)

        return bp.route(path, **kwargs)(mapped)

    return register


# ---- request helpers -----------------------------------------------------


def caller(bp: Blueprint) -> Caller:
    request = bp.current_request
    ctx = request.context or {}
    lambda_context = bp.lambda_context
    # API Gateway's request id; the local gateway has none, so fall back to Lambda's.
    request_id = ctx.get("requestId") or getattr(lambda_context, "aws_request_id", None)
    built = caller_from_context(ctx.get("authorizer") or {}, request_id,
                                (ctx.get("identity") or {}).get("sourceIp"))
    built = dataclasses.replace(built, route=f"{request.method} {ctx.get('resourcePath')}")
    if built.is_staff and get_settings().staff_mfa_required \
            and (ctx.get("authorizer") or {}).get("mfa_enabled") != "true" \
            and ctx.get("resourcePath") not in MFA_ENROLMENT_PATHS:
        raise errors.ForbiddenError("Turn on two-step sign-in to use the staff console.",
                                    code="mfa_required")
    return built


def source_ip(bp: Blueprint) -> str | None:
    """The caller's address as API Gateway saw it (public routes throttle by it)."""
    return ((bp.current_request.context or {}).get("identity") or {}).get("sourceIp")


def access_token(bp: Blueprint) -> str:
    header = bp.current_request.headers.get("authorization", "")
    return header.removeprefix("Bearer ").strip()


def query_param(bp: Blueprint, name: str) -> str | None:
    params = bp.current_request.query_params or {}
    value = params.get(name)
    return value.strip() if isinstance(value, str) else value


def idempotency_key(bp: Blueprint) -> str | None:
    """The Idempotency-Key header: a retry with it gets the first answer, not a second effect."""
    return (bp.current_request.headers.get("idempotency-key") or "").strip() or None


def body(bp: Blueprint, schema: dict) -> dict:
    raw = bp.current_request.raw_body or b""
    if len(raw) > get_settings().max_body_bytes:
        raise errors.PayloadTooLargeError("The request body is too large.")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise errors.InvalidError("The request body must be JSON.") from None
    except RecursionError:
        raise errors.InvalidError(f"The request body nests deeper than {MAX_DEPTH} levels.") from None
    _check_values(data)
    validate(schema, data)
    return data


# No body of ours nests deeper; deeper JSON only exhausts the validator's recursion.
MAX_DEPTH = 16


def _check_values(data: Any, path: tuple = (), depth: int = 0) -> None:
    """Refuse what JSON parses but nothing downstream can store: deep nesting and
    lone UTF-16 surrogates ("\\ud800"), which no UTF-8 encoder accepts."""
    if depth > MAX_DEPTH:
        raise errors.InvalidError(f"The request body nests deeper than {MAX_DEPTH} levels.")
    if isinstance(data, dict):
        for key, value in data.items():
            _check_values(key, path + (key,), depth + 1)
            _check_values(value, path + (key,), depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_values(value, path + (str(index),), depth + 1)
    elif isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            name = ".".join(map(str, path)) or None
            raise errors.InvalidError(f"{name or 'body'} contains characters that are not valid text.",
                                      field=name) from None


def error_response(exc: errors.PortalError) -> Response:
    status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
    return Response(
        status_code=status,
        body={"error": {"code": exc.code, "message": exc.message, "field": exc.field,
                        **({"errors": exc.details} if exc.details else {})}},
        headers={"Content-Type": "application/json", "Cache-Control": "no-store",
                 **({"Retry-After": str(exc.retry_after)} if getattr(exc, "retry_after", None) else {})},
    )


# ---- schema helpers ------------------------------------------------------


def obj(properties: dict, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def text(max_length: int = 200, min_length: int = 1, **extra) -> dict:
    """A string; a required one (min_length >= 1) must have a visible character: "   " is
    no name (services strip, and a blank would pass as "given")."""
    schema = {"type": "string", "minLength": min_length, "maxLength": max_length, **extra}
    if min_length >= 1 and "pattern" not in extra:
        schema["pattern"] = VISIBLE
    return schema


# The WHATWG form rule with a dot in the domain: "alex @example.org" or "x@example..org" are typos
# ("\x24" is "$": fastjsonschema rewrites a bare "$" into "\Z", even inside a character class).
EMAIL = {"type": "string", "format": "email", "maxLength": 254, "title": "the email address",
         "pattern": r"^[A-Za-z0-9.!#\x24%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
         "x-message": "Enter an email address like name@example.com."}
DATE = {"type": "string", "format": "date"}
PHONE = {"type": "string", "pattern": r"^\+[1-9][0-9]{7,14}$", "maxLength": 16, "title": "the phone number",
         "x-message": "Enter a phone number with its area code, for example (312) 555-0101."}
PASSWORD = {"type": "string", "minLength": 1, "maxLength": 256, "title": "the password"}
ZIP = {"pattern": r"^[0-9]{5}(-[0-9]{4})?$", "x-message": "Enter a ZIP code of 5 digits, like 62704 (or 62704-1234)."}
ADDRESS = {**obj({
    "line1": text(120, title="the street address"), "line2": text(120, 0, title="the apartment or suite"),
    "city": text(80, title="the city"), "state": text(40, title="the state"),
    "postal_code": text(12, title="the postal code"), "country": text(2, 2, title="the country"),
}), "if": {"properties": {"country": {"const": "US"}}, "required": ["country"]},
    "then": {"properties": {"postal_code": ZIP}}}
