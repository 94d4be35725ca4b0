"""Composition root: the Chalice app, middleware and blueprints. No routes here."""
from __future__ import annotations

import threading

from chalice import Chalice, Response

from chalicelib.gateway_errors import CHALICE as CHALICE_ERRORS, body as error_body
from chalicelib.handlers import _http, audit, auth, me, meta, patients, practice
from chalicelib.observability import logger, metrics
from chalicelib.services import practice as practice_settings


class PortalApp(Chalice):
    """Chalice keeps current_request on the app object; under the threaded local
    server two requests would overwrite each other's. Keep it per thread (on
    Lambda a process serves one request at a time, so nothing changes there)."""

    _local = threading.local()

    @property
    def current_request(self):  # type: ignore[override]
        return getattr(self._local, "request", None)

    @current_request.setter
    def current_request(self, value):
        self._local.request = value

    @property
    def lambda_context(self):  # type: ignore[override]
        return getattr(self._local, "context", None)

    @lambda_context.setter
    def lambda_context(self, value):
        self._local.context = value


app = PortalApp(app_name="patient-portal", configure_logs=False)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache", "X-Content-Type-Options": "nosniff"}


@app.middleware("http")
def http_edge(event, get_response):
    """Request ids in every log line, the one error shape for surprises (no stack
    traces out), metrics flushed, and no browser caching of PHI."""
    ctx = event.context or {}
    request_id = ctx.get("requestId") or getattr(app.lambda_context, "aws_request_id", None)
    logger.thread_safe_append_keys(request_id=request_id, route=ctx.get("resourcePath"),
                                   user_id=(ctx.get("authorizer") or {}).get("principalId"))
    practice_settings.begin_request()  # practice settings: read at most once per request
    try:
        response = get_response(event)
        if response.status_code == 500:  # Chalice's own answer to an unhandled view error
            response = _internal_error()
        elif response.status_code in CHALICE_ERRORS and isinstance(response.body, dict) \
                and "Code" in response.body:  # Chalice's own 405/415/400, before any view
            code, message = CHALICE_ERRORS[response.status_code]
            response = Response(status_code=response.status_code, body=error_body(code, message),
                                headers={**response.headers, "Content-Type": "application/json"})
    except Exception:
        logger.exception("unhandled error")
        response = _internal_error()
    finally:
        practice_settings.end_request()
        logger.thread_safe_clear_keys()
        if metrics.metric_set:
            metrics.flush_metrics()
    for name, value in NO_STORE.items():
        response.headers.setdefault(name, value)
    return response


def _internal_error() -> Response:
    return Response(status_code=500, headers={"Content-Type": "application/json"},
                    body={"error": {"code": "internal", "message": "Something went wrong. Try again.",
                                    "field": None}})


app.register_blueprint(_http.authorizer_bp)
for module in (auth, me, patients, practice, audit, meta):
    app.register_blueprint(module.bp)

# ---- staff management (issue 14) ----
from chalicelib.handlers import staff  # noqa: E402

app.register_blueprint(staff.bp)

# ---- speak up: problem reports about the portal (issue 15) ----
from chalicelib.handlers import problems as problem_handlers  # noqa: E402

app.register_blueprint(problem_handlers.bp)

# ---- notifications (issue 10): one-click unsubscribe ----
from chalicelib.handlers import notifications  # noqa: E402

app.register_blueprint(notifications.bp)

# ---- appointments (issue 5) ----
from chalicelib.handlers import appointments, jobs, scheduling  # noqa: E402

for module in (appointments, scheduling, jobs):
    app.register_blueprint(module.bp)

# ---- health record (issue 3) ----
from chalicelib.handlers import (documents, export, health, health_requests, home,  # noqa: E402
                                 visit_summaries)

for module in (health, health_requests, visit_summaries, documents, home, export):
    app.register_blueprint(module.bp)

# ---- statements and payments (issue 13) ----
from chalicelib.handlers import billing, payments  # noqa: E402

for module in (billing, payments):
    app.register_blueprint(module.bp)

# ---- test results (issue 12) ----
from chalicelib.handlers import results, results_in  # noqa: E402

for module in (results_in, results):
    app.register_blueprint(module.bp)
# ---- messaging (issue 11) ----
from chalicelib.handlers import messages  # noqa: E402

app.register_blueprint(messages.bp)

# ---- before the visit: eCheck-in, questionnaires, consents (issue 17) ----
from chalicelib.handlers import checkin as checkin_handlers, questionnaires  # noqa: E402

for module in (checkin_handlers, questionnaires):
    app.register_blueprint(module.bp)

# ---- the staff workspace (issue 14) ----
from chalicelib.handlers import today  # noqa: E402

app.register_blueprint(today.bp)

# ---- practice success: the adoption dashboard (issue 15) ----
from chalicelib.handlers import adoption as adoption_handlers  # noqa: E402

app.register_blueprint(adoption_handlers.bp)
