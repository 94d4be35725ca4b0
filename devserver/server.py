"""One local origin: /api/* -> the Chalice app (in process, through Chalice's
LocalGateway, authorizer included), /_dev/* -> the mailbox, everything else ->
the static front end in web/."""
from __future__ import annotations

import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"


def make_gateway(chalice_app):
    from chalice.config import Config
    from devserver.gateway import ShapedLocalGateway

    return ShapedLocalGateway(chalice_app, Config.create(chalice_stage="dev", app_name="patient-portal"))


class PortalHandler(BaseHTTPRequestHandler):
    gateway = None  # set by serve()
    chalice_app = None  # set by serve(): the scheduled jobs run from the mailbox
    payments = None  # the payment provider's stand-in (devserver/payments.py), set by serve()
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the portal logs for itself
        pass

    def _dispatch(self):
        parts = urlsplit(self.path)
        if parts.path == "/api" or parts.path.startswith("/api/"):
            return self._api(parts)
        if parts.path.startswith(("/_dev/stripe/", "/_dev/checkout/")):
            return self._payments(parts)
        if parts.path.startswith("/_dev/"):
            return self._dev(parts.path)
        return self._static(parts.path)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _dispatch

    def _api(self, parts):
        from chalice.local import LocalGatewayException

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = parts.path[len("/api"):] or "/"
        if parts.query:
            path += "?" + parts.query
        headers = {k.lower(): v for k, v in self.headers.items()}
        headers.setdefault("x-forwarded-for", self.client_address[0])
        try:
            response = self.gateway.handle_request(self.command, path, headers, body)
            status, out_headers, out = response["statusCode"], response.get("headers", {}), response.get("body")
        except LocalGatewayException as exc:
            status, out_headers, out = exc.CODE, dict(exc.headers), exc.body
        # API Gateway answers a proxy response without a Content-Type as application/json
        # (Chalice leaves it out for dict bodies); do the same so clients see what AWS sends.
        if out and not any(name.lower() == "content-type" for name in out_headers):
            out_headers = {**out_headers, "Content-Type": "application/json"}
        if out is None:
            out = b""
        elif isinstance(out, str):
            out = out.encode()
        self._send(status, out, out_headers)

    def _dev(self, path):
        from devserver import mailbox

        if path == "/_dev/mailbox":
            return self._send(200, mailbox.page().encode(), {"Content-Type": "text/html; charset=utf-8"})
        if path == "/_dev/mailbox/reply" and self.command == "POST":
            return self._mailbox_reply()
        if path == "/_dev/mailbox/sms-reply" and self.command == "POST":
            return self._sms_reply()
        if path == "/_dev/jobs/run" and self.command == "POST":
            return self._run_jobs()
        if path == "/_dev/mailbox.json":
            return self._send(200, json.dumps(mailbox.messages()).encode(), {"Content-Type": "application/json"})
        return self._send(404, b"not found", {"Content-Type": "text/plain"})

    def _mailbox_reply(self):
        """Dev only (issue 5): a staff reply from the mailbox page, through the real inbound path."""
        from urllib.parse import parse_qs

        from devserver import mailbox

        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode() if length else "")
        outcome = mailbox.reply((form.get("id") or [""])[0], (form.get("text") or [""])[0])
        notice = f"Reply sent through the inbound pipeline: {outcome}."
        if self.headers.get("Accept", "").startswith("application/json"):
            return self._send(200, json.dumps({"outcome": outcome}).encode(), {"Content-Type": "application/json"})
        return self._send(200, mailbox.page(notice).encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _run_jobs(self):
        """Dev only: every scheduled job now (reminders, escalation, releases), not at the next tick."""
        from devserver import mailbox

        ran = run_jobs_once(scheduled_jobs(self.chalice_app))
        notice = f"Ran {ran} scheduled jobs."
        if self.headers.get("Accept", "").startswith("application/json"):
            return self._send(200, json.dumps({"ran": ran}).encode(), {"Content-Type": "application/json"})
        return self._send(200, mailbox.page(notice).encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _sms_reply(self):
        """Dev only (issue 10): a text reply from the mailbox page, through the real SMS-replies handler."""
        from urllib.parse import parse_qs

        from devserver import mailbox, sms

        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode() if length else "")
        outcome = sms.reply((form.get("phone") or [""])[0], (form.get("text") or [""])[0])
        return self._send(200, mailbox.page(f"Text reply handled: {outcome}.").encode(),
                          {"Content-Type": "text/html; charset=utf-8"})

    def _payments(self, parts):
        """Dev only (issue 13): the payment provider's API and hosted page, played locally."""
        from urllib.parse import parse_qs

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if parts.path.startswith("/_dev/stripe/"):
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = parts.path[len("/_dev/stripe"):] + (f"?{parts.query}" if parts.query else "")
            status, answer = self.payments.api(self.command, path.split("?")[0], headers, body)
            return self._send(status, json.dumps(answer).encode(), {"Content-Type": "application/json"})
        session_id = parts.path[len("/_dev/checkout/"):]
        error = None
        if self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(body).items()}
            redirect, error = self.payments.pay(session_id, form.get("card", ""), form.get("bank_account", ""))
            if redirect:
                return self._send(303, b"", {"Location": redirect})
        status, page = self.payments.page(session_id, error)
        return self._send(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _static(self, path):
        relative = path.lstrip("/") or "index.html"
        target = (WEB_ROOT / relative).resolve()
        if WEB_ROOT not in target.parents and target != WEB_ROOT:
            return self._send(404, b"not found", {"Content-Type": "text/plain"})
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, b"not found", {"Content-Type": "text/plain"})
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".js":
            ctype = "text/javascript"
        self._send(200, target.read_bytes(), {"Content-Type": ctype, "Cache-Control": "no-cache"})

    def _send(self, status, payload: bytes, headers: dict):
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a burst of connections (a page's assets, the booking race test) is not refused


def webhook_deliverer(gateway):
    """Deliver a provider event to the portal's real webhook route, as the provider would."""
    def deliver(payload: bytes, signature: str) -> int:
        headers = {"content-type": "application/json; charset=utf-8", "stripe-signature": signature,
                   "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}
        return gateway.handle_request("POST", "/payments/webhook", headers, payload)["statusCode"]

    return deliver


def serve(chalice_app, host: str = "127.0.0.1", port: int = 8000) -> PortalServer:
    import os

    from devserver.payments import StripeStandIn

    gateway = make_gateway(chalice_app)
    handler = type("BoundPortalHandler", (PortalHandler,), {"gateway": gateway, "chalice_app": chalice_app})
    server = PortalServer((host, port), handler)
    url = f"http://{host}:{server.server_address[1]}"  # port 0: the one the system chose
    # The portal's stripe client talks to the stand-in served here (config.payment_api_base).
    os.environ["PAYMENT_API_BASE"] = f"{url}/_dev/stripe"
    handler.payments = server.payments = StripeStandIn(webhook_deliverer(gateway), url)
    threading.Thread(target=server.serve_forever, name="portal-http", daemon=True).start()
    return server


def scheduled_jobs(chalice_app) -> list:
    """The app's @schedule functions (callables taking an EventBridge event)."""
    import importlib

    jobs = []
    for source in getattr(chalice_app, "event_sources", []):
        if type(source).__name__ != "ScheduledEventConfig":
            continue
        module, attr = source.handler_string.rsplit(".", 1)
        jobs.append((source.name, getattr(importlib.import_module(module), attr)))
    return jobs


def run_jobs_forever(chalice_app, interval_seconds: float, stop: threading.Event) -> None:
    """Run every scheduled function on a timer, as EventBridge would in production."""
    jobs = scheduled_jobs(chalice_app)
    while not stop.wait(interval_seconds):
        run_jobs_once(jobs)


_jobs_lock = threading.Lock()  # the timer and the mailbox's "run now" never run jobs at once


def run_jobs_once(jobs: list) -> int:
    """Every scheduled function once, with the event EventBridge would send. Returns how many ran."""
    from chalicelib import clock
    from chalicelib.observability import logger

    ran = 0
    with _jobs_lock:
        for name, job in jobs:
            event = {"version": "0", "id": "devserver", "detail-type": "Scheduled Event",
                     "source": "aws.events", "account": "123456789012", "region": "us-east-1",
                     "time": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "resources": [], "detail": {}}
            try:
                job(event, None)
                ran += 1
            except Exception:
                logger.exception("scheduled job failed", extra={"job": name})
    return ran
