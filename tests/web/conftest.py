"""Browser tests: the real local stack (`python -m devserver`, as `make run` starts it)
in a subprocess on a free port, driven by Playwright with Debian's chromium.

The stack runs in its own process with its own embedded AWS and demo seed, so
what a walk changes (a new patient, an accepted correction) never leaks into the
API tests, and the invitation links point at the origin the browser uses.
Screenshots of each page of a walk, and of any failure, go to test-artifacts/.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# A 2-core CI machine running the whole suite is slow; waits are generous, never sleeps.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Set by the parent test process (tests/conftest.py); the stack provisions its own.
STACK_OWNED = ("AWS_ENDPOINT_URL", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "JWKS_URL", "NOTIFICATIONS_TOPIC_ARN",
               "PORTAL_URL", "PORT", "EXPORT_QUEUE_URL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Portal:
    """The running local stack: its URL, the local mailbox, and the demo logins."""

    def __init__(self, url: str):
        self.url = url

    def messages(self) -> list[dict]:
        with urllib.request.urlopen(f"{self.url}/_dev/mailbox.json", timeout=10) as res:
            return json.load(res)

    def wait_for_message(self, to: str, subject_contains: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages():
                if message["to"] == to and subject_contains.lower() in message["subject"].lower():
                    return message
            time.sleep(0.2)
        raise AssertionError(f"no message to {to} about {subject_contains!r} in the local mailbox")

    def call(self, method: str, path: str, body: dict | None = None, as_user: str | None = None) -> dict:
        """The API as a staff member or patient would use it (test setup only)."""
        headers = {"Content-Type": "application/json"}
        if as_user:
            headers["Authorization"] = f"Bearer {self.token(as_user)}"
        request = urllib.request.Request(f"{self.url}/api{path}", method=method, headers=headers,
                                         data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(request, timeout=15) as res:
            return json.load(res)

    def token(self, email: str) -> str:
        from devserver.seed import DEMO_PASSWORD

        return self.call("POST", "/auth/sign-in", {"email": email, "password": DEMO_PASSWORD})["access_token"]

    def today(self):
        """The practice's day on the stack's clock (the session's clock, in the practice's zone)."""
        from zoneinfo import ZoneInfo

        from chalicelib import clock

        return clock.now().astimezone(ZoneInfo(self.call("GET", "/practice")["timezone"])).date()

    def patient_id(self, email: str) -> str:
        return self.call("GET", "/me", as_user=email)["patient_id"]

    @staticmethod
    def first_link(message: dict) -> str:
        match = re.search(r"https?://\S+", message["body_text"])
        assert match, message["body_text"]
        return match.group(0)


@pytest.fixture(scope="session")
def portal():
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "devserver.log", "w")
    env = {k: v for k, v in os.environ.items() if k not in STACK_OWNED}
    env["PYTHONUNBUFFERED"] = "1"
    from devserver.clock import real_epoch

    env["PORTAL_NOW_SAID_AT"] = str(real_epoch())  # the stack adds its own start-up time
    # The stack runs on the test session's clock (tests/conftest.py): same instant, ticking.
    from chalicelib import clock

    proc = subprocess.Popen([sys.executable, "-m", "devserver", "--port", str(port), "--jobs-every", "3600",
                             "--now", clock.now().isoformat()],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 240  # seeding takes longer on a busy 2-core machine
    while True:
        if proc.poll() is not None:
            log.flush()
            raise RuntimeError(f"the local stack exited early:\n{(ARTIFACTS / 'devserver.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the local stack did not start within 240 s") from None
            time.sleep(0.2)
    yield Portal(url)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}. Install Debian's chromium: "
                    "`apt-get update && apt-get install -y chromium` (`make test` does this when run as root), "
                    "or set CHROMIUM_PATH.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


class Shots:
    """Numbered screenshots of one test's walk: test-artifacts/<test>/<NN>-<name>.png."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def _test_folder(node) -> Path:
    return ARTIFACTS / re.sub(r"[^\w.-]+", "_", node.name)


@pytest.fixture(autouse=True)
def _fresh_artifacts(request):
    """Each run's screenshots replace the last run's for that test."""
    shutil.rmtree(_test_folder(request.node), ignore_errors=True)


@pytest.fixture
def shot(request):
    return Shots(_test_folder(request.node))


@pytest.fixture
def new_page(browser, portal, request):
    """Open pages in fresh browser contexts (own sessionStorage): new_page(viewport=PHONE).

    JavaScript errors fail the test; a failing test leaves a screenshot of every open page.
    """
    contexts, errors = [], []

    def make(viewport=None, idle_seconds: int | None = None, warn_seconds: int | None = None):
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=portal.url)
        # The browser reads the same clock as the stack (its time then flows on); its own
        # time zone stays the machine's, so a page that used the device's zone would show it.
        from chalicelib import clock

        context.clock.set_system_time(clock.now())
        if idle_seconds:
            # The test-only override: it can shorten the idle timeout, never lengthen it.
            value = json.dumps({"idle_seconds": idle_seconds, "warn_seconds": warn_seconds or 1})
            context.add_init_script(f"sessionStorage.setItem('portal.idle-test', {json.dumps(value)})")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        contexts.append(context)
        return page

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = _test_folder(request.node)
        folder.mkdir(parents=True, exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(folder / f"FAILED-{i}-{j}.png"), full_page=True)
                except Exception:  # the page may already be gone
                    pass
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
