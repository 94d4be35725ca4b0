"""Test stack: one in-process moto server (loopback, single threaded), provisioned and
seeded with the demo practice once per session; the app driven by chalice.test.Client.

Order matters: fake credentials and the endpoint are set before anything
imports boto3 users, so no test can reach real AWS.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from devserver import clock as test_clock
from devserver import stack

stack.prepare_environment({"PORTAL_URL": "http://portal.test", "STAGE": "dev"})

from tests import iam  # noqa: E402 (after the environment, before any boto3 client exists)

# The OpenAPI fuzz writes through every route: its own session (`make fuzz`).
collect_ignore = [] if os.environ.get("PORTAL_FUZZ") else ["fuzz"]

IAM_CALLS = iam.install()

# The whole session runs on a clock that starts at a fixed instant and ticks on, so the
# suite passes at any hour of the real day. The instant bites: 9 pm in Chicago is already
# tomorrow in UTC. The browser tests' devserver and browser start from this clock too.
# Tests that need another instant use `time_machine.travel(...)` (see docs/developing.md).
SESSION_START = "2026-12-01T21:00:00-06:00"
test_clock.start_at(SESSION_START)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "clock: depends on the clock or time zone; CI runs these again under another TZ "
                   "(`make test-other-zone`)")


@pytest.fixture(scope="session")
def moto_server():
    server = stack.start_moto()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo(moto_server):
    """Provisioned and seeded stack. Returns ids: demo['alex'] is Alex's patient id..."""
    stack.provision(moto_server.endpoint)
    from devserver.seed import seed

    return seed()


@pytest.fixture(scope="session")
def chalice_app(demo):
    import app as portal

    return portal.app


@pytest.fixture(scope="session")
def api(chalice_app, demo):
    from chalice.test import Client

    from tests.helpers import Api

    from devserver.gateway import ShapedLocalGateway

    with Client(chalice_app, stage_name="dev") as client:
        # As the devserver and the deployed API: gateway answers in the error shape.
        client.http._local_gateway = ShapedLocalGateway(chalice_app, client.http._config)
        yield Api(client, demo)


@pytest.fixture
def ddb_calls(moto_server):
    """Record DynamoDB operations made inside the `with` block: `with ddb_calls() as calls:`."""
    recorder = moto_server.recorder

    @contextlib.contextmanager
    def recording():
        recorder.calls = []
        try:
            yield recorder.calls
        finally:
            recorder.calls = None

    return recording


@pytest.fixture(autouse=True)
def no_dynamodb_scan(moto_server):
    """Every test, whatever it exercises: no DynamoDB Scan anywhere."""
    before = moto_server.recorder.scans
    yield
    assert moto_server.recorder.scans == before, "a DynamoDB Scan was made during this test"


@pytest.fixture(autouse=True)
def calls_allowed_by_the_role():
    """Every test: each AWS call the portal made is allowed by infra/'s role policy
    (moto does not enforce IAM). Calls made before the first test (the seed) count too."""
    yield
    denied = IAM_CALLS.new_denials()
    assert not denied, ("the functions' role (infra/) does not allow: " + "; ".join(denied)
                        + " (docs/security.md: adding a policy statement)")


def _whole_suite_ran(session) -> bool:
    config = session.config
    tests_dir = iam.PROJECT / "tests"
    args = {Path(a.split("::")[0]).resolve() for a in config.args} or {iam.PROJECT}
    return (args <= {iam.PROJECT, tests_dir} and not config.getoption("keyword")
            and not config.getoption("markexpr") and not getattr(config, "_iam_deselected", False)
            and not config.getoption("collectonly") and not config.getoption("lf", False)
            and session.testsfailed == 0)


def pytest_deselected(items):
    if items:
        items[0].config._iam_deselected = True


def pytest_sessionfinish(session, exitstatus):
    """After the whole suite (not a subset): the role allows nothing the suite never used."""
    if exitstatus != 0 or not _whole_suite_ran(session) or IAM_CALLS.policy is None:
        return
    unused = IAM_CALLS.policy.unused(IAM_CALLS.used)
    if unused:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line("The functions' role allows actions no test used (least privilege): "
                                + "; ".join(unused), red=True)
        session.exitstatus = 1


@pytest.fixture
def mailbox(demo):
    """Messages sent through moto (SES + SNS), newest first."""
    from devserver import mailbox as box

    return box


@pytest.fixture(scope="session")
def payments(chalice_app):
    """The local stack's HTTP server in process, with the payment provider's stand-in
    (devserver/payments.py): the portal's stripe client reaches it over HTTP, and its
    webhook events go to the real /payments/webhook route, signed as Stripe signs them."""
    from devserver.server import serve

    server = serve(chalice_app, "127.0.0.1", 0)
    server.payments.auto_settle = False  # tests settle bank debits themselves
    yield server.payments
    server.shutdown()
