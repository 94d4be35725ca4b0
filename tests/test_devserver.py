"""`make run` as a new user meets it: one command, a URL, logins that work, a mailbox."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Demo-Portal-2026!"
ACCOUNTS = {
    "alex.morgan@example.org": ["patient"], "priya.shah@example.org": ["patient"],
    "jordan.morgan@example.org": ["patient"], "dr.chen@example.org": ["provider"],
    "nina.patel@example.org": ["nurse"], "frank.ortiz@example.org": ["front_desk"],
    "bea.king@example.org": ["billing"], "ada.admin@example.org": ["admin"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"content-type": "application/json",
                                          **({"authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture(scope="module")
def running():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "USER_POOL", "JWKS"))}
    proc = subprocess.Popen([sys.executable, "-m", "devserver", "--port", str(port), "--jobs-every", "3600"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started, lines = time.monotonic(), []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Ctrl-C"):
            break
    elapsed = time.monotonic() - started
    yield {"base": f"http://127.0.0.1:{port}", "output": "".join(lines), "elapsed": elapsed}
    proc.terminate()
    proc.wait(timeout=10)


def test_make_run_prints_the_urls_and_every_demo_login(running):
    out = running["output"]
    assert f"{running['base']}/" in out and "/_dev/mailbox" in out and "/api/" in out
    for email in ACCOUNTS:
        assert email in out
    assert PASSWORD in out
    assert running["elapsed"] < 20  # about 5 s on a developer machine; generous for CI


def test_every_demo_account_signs_in_over_http_and_me_is_right(running):
    def check(email):
        status, body = call(running["base"], "POST", "/api/auth/sign-in", {"email": email, "password": PASSWORD})
        assert status == 200, body
        status, body = call(running["base"], "GET", "/api/me", token=json.loads(body)["access_token"])
        assert status == 200, body
        return json.loads(body)

    # Concurrently: each thread must see its own caller (request state is per thread).
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(ACCOUNTS, pool.map(check, ACCOUNTS)))
    for email, roles in ACCOUNTS.items():
        assert results[email]["email"] == email and results[email]["roles"] == roles
    jordan = results["jordan.morgan@example.org"]
    assert [p["given_name"] for p in jordan["patients"]] == ["Jordan", "Sam"]


def test_json_answers_say_they_are_json_as_api_gateway_does(running):
    request = urllib.request.Request(running["base"] + "/api/practice")
    with urllib.request.urlopen(request, timeout=30) as res:
        assert res.headers["Content-Type"] == "application/json"
        assert json.loads(res.read())["timezone"]
    with pytest.raises(urllib.error.HTTPError) as refused:  # an answer of the authorizer too
        urllib.request.urlopen(running["base"] + "/api/me", timeout=30)
    assert refused.value.code in (401, 403)
    assert refused.value.headers["Content-Type"].startswith("application/json")


def test_forged_token_is_refused_over_http(running):
    status, _ = call(running["base"], "GET", "/api/me", token="eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
    assert status in (401, 403)


def test_mailbox_shows_sent_mail(running):
    call(running["base"], "POST", "/api/auth/forgot-password", {"email": "alex.morgan@example.org"})
    status, page = call(running["base"], "GET", "/_dev/mailbox")
    assert status == 200
    assert b"alex.morgan@example.org" in page and b"reset code" in page
    status, listing = call(running["base"], "GET", "/_dev/mailbox.json")
    assert any(m["to"] == "alex.morgan@example.org" for m in json.loads(listing))
