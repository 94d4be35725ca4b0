"""Speak up (issue 15, item 4): patients and staff report a problem with the portal; the admin
lists by status, replies and resolves; the reporter is told by email (a link, no report text,
no PHI) and reads the reply; reports are rate limited and never logged."""
from __future__ import annotations

import logging

from chalicelib.services import problems
from devserver.meter import measure

SECRET = "my A1c result page shows Metformin twice"


def test_report_reply_resolve_and_the_reporter_is_told(api, mailbox, caplog):
    caplog.set_level(logging.INFO)
    open_before = problems.open_count()
    made = api.post("/problems", {"what": SECRET, "page": "/results"}, as_user="priya")
    assert made.status == 200, made
    rid = made.json["report_id"]
    assert made.json["status"] == "new"
    assert problems.open_count() == open_before + 1  # the weekly email's "open problems"
    from chalicelib.services.adoption import weekly

    assert "open" in (weekly.open_problems() or "")
    listed = api.get("/problems?status=new", as_user="admin").json["items"]
    assert any(r["report_id"] == rid and r["page"] == "/results" and r["reporter_kind"] == "patient" for r in listed)
    assert api.patch(f"/problems/{rid}", {"status": "in_progress"}, as_user="admin").json["status"] == "in_progress"
    done = api.patch(f"/problems/{rid}", {"status": "resolved", "reply": "Fixed: the list no longer repeats."},
                     as_user="admin")
    assert done.status == 200 and done.json["status"] == "resolved", done
    assert problems.open_count() == open_before
    mine = api.get("/me/problems", as_user="priya").json["items"]
    ours = next(r for r in mine if r["report_id"] == rid)
    assert ours["status"] == "resolved" and ours["reply"] == "Fixed: the list no longer repeats."
    mails = [m for m in mailbox.messages() if m["to"] == "priya.shah@example.org"
             and m["subject"].startswith("Your report about the")]
    assert len(mails) >= 1
    mail = mails[0]
    assert "/#/problems" in mail["body_text"]
    for leak in ("A1c", "Metformin", "Fixed", "Priya", "Shah"):  # no report text, no reply, no PHI
        assert leak not in mail["body_text"] and leak not in mail["subject"] and leak not in mail["body_html"]
    before = len(mails)
    api.patch(f"/problems/{rid}", {"status": "resolved", "reply": "Fixed: the list no longer repeats."}, as_user="admin")
    assert len([m for m in mailbox.messages() if m["to"] == "priya.shah@example.org"
                and m["subject"].startswith("Your report about the")]) == before  # resolving again: no second email
    assert SECRET not in caplog.text and "Metformin" not in caplog.text


def test_staff_report_too_and_only_the_admin_manages(api):
    assert api.post("/problems", {"what": "The schedule is slow", "page": "/staff/schedule"},
                    as_user="front_desk").status == 200
    for who in ("priya", "front_desk", "provider", "billing"):
        assert api.get("/problems", as_user=who).status == 403
        assert api.patch("/problems/nope", {"status": "resolved"}, as_user=who).status == 403
    assert api.patch("/problems/nope", {"status": "resolved"}, as_user="admin").status == 404
    assert api.get("/problems?status=closed", as_user="admin").status == 400
    assert api.post("/problems", {"what": "x"}).status == 401


def test_reports_are_rate_limited_per_reporter(api):
    from tests.helpers import make_patient_account

    patient = make_patient_account(api)
    token = api.post("/auth/sign-in", {"email": patient["email"], "password": patient["password"]}).json["access_token"]
    codes = [api.post("/problems", {"what": f"Report {i}"}, token=token).status
             for i in range(problems.REPORT_LIMIT.hits + 1)]
    assert codes[:-1] == [200] * problems.REPORT_LIMIT.hits and codes[-1] == 429


def test_a_screenshot_is_kept_with_the_report_not_in_a_chart(api):
    from chalicelib import storage
    from devserver import samples

    start = api.post("/problems/screenshots", {"content_type": "image/png"}, as_user="front_desk")
    assert start.status == 200, start
    key = start.json["key"]
    me = api.get("/me", as_user="front_desk").json["user_id"]
    assert key.startswith(f"problems/{me}/")
    storage.put(key, samples.png(), "image/png")
    made = api.post("/problems", {"what": "Screenshot attached", "screenshot_key": key, "screenshot_type": "image/png"},
                    as_user="front_desk")
    assert made.status == 200 and made.json["has_screenshot"], made
    link = api.get(f"/problems/{made.json['report_id']}/screenshot", as_user="admin")
    assert link.status == 200 and link.json["url"].startswith("http")
    assert api.get(f"/problems/{made.json['report_id']}/screenshot", as_user="front_desk").status == 403
    # someone else's upload, or a file that is not an image, is refused
    other = api.post("/problems/screenshots", {"content_type": "image/png"}, as_user="nurse").json["key"]
    assert api.post("/problems", {"what": "x", "screenshot_key": other}, as_user="front_desk").status == 422
    fake = api.post("/problems/screenshots", {"content_type": "image/png"}, as_user="front_desk").json["key"]
    storage.put(fake, b"not an image at all", "image/png")
    bad = api.post("/problems", {"what": "x", "screenshot_key": fake}, as_user="front_desk")
    assert bad.status == 422 and bad.error["field"] == "screenshot_key"
    assert api.post("/problems/screenshots", {"content_type": "application/pdf"}, as_user="alex").status == 400


def test_the_weekly_emails_open_problem_count_reads_one_bounded_query_per_state(api):
    """PynamoDB's count(limit=n) paged through every open report; count_up_to reads one page."""
    import uuid

    from chalicelib.models._base import iso_now
    from chalicelib.models.problem_report import ProblemReport

    now = iso_now()
    made = [ProblemReport(uuid.uuid4().hex, reporter_id="count-test", reporter_email="t@example.org",
                          reporter_kind="staff", what="Slow", created_at=now, updated_at=now) for _ in range(30)]
    with ProblemReport.batch_write() as batch:
        for report in made:
            batch.save(report)
    try:
        with measure() as cost:
            assert problems.open_count(cap=10) >= 10
        assert cost.queries == 2 and cost.items_read <= 2 * 11, cost
        assert problems.open_count() >= 30
    finally:
        with ProblemReport.batch_write() as batch:
            for report in made:
                batch.delete(report)
