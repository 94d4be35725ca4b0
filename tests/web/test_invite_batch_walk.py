"""Ada (admin) invites an import's patients in a throttled batch (issue 15, item 5): she imports
three new patients (dry run, then apply), sets the rate and the channel (a bad rate is named),
queues the import's patients (the one without an email is skipped, with the reason), pauses
and resumes the batch, runs the scheduled jobs from the local mailbox, and sees the batch
finished: two sent. The invitations are in the mailbox (email, and the text for the mobile
number) without names or birth dates; the setup checklist has "First patients invited" done.
axe at 1280 and 375 px. Fresh patients: the devserver is shared by every walk."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.web.steps import USERS, heading
from tests.web.test_front_desk_chart import axe_both_widths
from tests.web.test_import_walk import dry_run_import


def _no_batch_running(portal):
    """An earlier walk (or a re-run) may have left a batch running: cancel it, so ours is new."""
    status = portal.call("GET", "/rollout/invitations", as_user=USERS["admin"])
    if status["batch"] and status["batch"]["state"] in ("running", "paused"):
        portal.call("POST", "/rollout/invitations/batch", {"action": "cancel"}, as_user=USERS["admin"])


def test_ada_invites_an_imports_patients_in_a_throttled_batch(portal, new_page, shot, tmp_path):
    tag = uuid.uuid4().hex[:6]
    mobile = f"(312) 555-{int(tag, 16) % 9000 + 1000:04d}"
    emails = [f"ines.{tag}@example.org", f"ivo.{tag}@example.org"]
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text("MRN,First Name,Last Name,DOB,Gender,Email,Mobile\n"
                        f"I{tag}-1,Ines,Inviteson{tag},04/05/1970,F,{emails[0]},{mobile}\n"
                        f"I{tag}-2,Ivo,Inviteson{tag},1979-09-09,M,{emails[1]},\n"
                        f"I{tag}-3,Ida,Inviteson{tag},1985-06-06,F,,(312) 555-0142\n")
    _no_batch_running(portal)
    before = len(portal.messages())

    page = new_page()
    totals = dry_run_import(page, csv_file, "3 new, 0 updated, 0 unchanged, 0 with errors (dry run")
    page.get_by_role("button", name="Apply the import").click()
    expect(totals).to_contain_text("3 new, 0 updated, 0 unchanged, 0 with errors — applied.")

    try:
        # How they go: a bad rate is named at its field; then 100 an hour, by email and text.
        rate = page.get_by_label("Invitations per hour")
        rate.fill("0")
        page.get_by_role("button", name="Save the settings").click()
        expect(page.locator("[data-field=invitations_per_hour] .error")).to_contain_text("nvitations per hour")
        shot(page, "rate-refused")
        rate.fill("100")
        page.get_by_label("Send by").select_option("sms")
        page.get_by_role("button", name="Save the settings").click()
        expect(page.get_by_role("status").filter(has_text="Saved")).to_contain_text(
            "Saved: at most 100 an hour, by email and text message.")
        expect(page.get_by_test_id("batch-status")).to_contain_text("at most 100 an hour")

        # Queue the import's three: two go in the batch, the one with only a phone is skipped.
        page.get_by_label("Who to invite").select_option(label="The 3 patients this import created")
        page.get_by_role("button", name="Queue the invitations").click()
        expect(page.get_by_role("status").filter(has_text="queued")).to_contain_text("2 queued; 1 skipped")
        progress = page.get_by_test_id("batch-progress")
        expect(page.get_by_test_id("batch-state")).to_have_text("Sending")
        expect(page.get_by_test_id("batch-queued")).to_have_text("Queued: 2")
        expect(page.get_by_test_id("batch-skipped")).to_contain_text("1: no email address")
        expect(page.get_by_test_id("batch-to-send")).to_have_text("Still to send: 2")
        axe_both_widths(page, "invitation batch")
        shot(page, "batch-queued")
        page.set_viewport_size({"width": 375, "height": 812})
        shot(page, "batch-queued-phone")
        page.set_viewport_size({"width": 1280, "height": 900})

        # Pause, resume; Cancel asks first, and "Keep it" keeps it.
        progress.get_by_role("button", name="Pause").click()
        expect(page.get_by_test_id("batch-state")).to_have_text("Paused")
        shot(page, "batch-paused")
        progress.get_by_role("button", name="Resume").click()
        expect(page.get_by_test_id("batch-state")).to_have_text("Sending")
        progress.get_by_role("button", name="Cancel the batch").click()
        progress.get_by_role("button", name="Keep it").click()
        expect(page.get_by_test_id("batch-state")).to_have_text("Sending")

        # The job runs (as the timer would); earlier walks' runs do not matter: the batch is ours.
        box = new_page()
        box.goto("/_dev/mailbox")
        box.get_by_role("button", name="Run scheduled jobs now").click()
        expect(box.get_by_role("status")).to_contain_text("scheduled jobs")
        for email in emails:
            mail = portal.wait_for_message(email, "invitation")
            text = mail["subject"] + mail["body_text"]
            for phi in ("Ines", "Ivo", "Inviteson", tag, "1970", "1979"):
                assert phi not in text, phi
            assert "/#/activate?code=" in portal.first_link(mail)
        texts = [m for m in portal.messages()[: len(portal.messages()) - before]
                 if m["channel"] == "sms" and m["to"].endswith(re.sub(r"\D", "", mobile)[-7:])]
        assert len(texts) == 1 and "invites you to its patient portal" in texts[0]["body_text"], texts
        assert "Ines" not in texts[0]["body_text"]
        assert not [m for m in portal.messages() if m["to"].endswith("3125550142") and tag in m["body_text"]]
        box.reload()
        shot(box, "mailbox-invitations")

        progress.get_by_role("button", name="Refresh").click()
        expect(page.get_by_test_id("batch-state")).to_have_text("Finished")
        expect(page.get_by_test_id("batch-sent")).to_have_text("Sent: 2")
        expect(page.get_by_test_id("batch-failed")).to_have_text("Could not be sent: 0")
        shot(page, "batch-finished")

        page.goto("/#/staff/today")
        heading(page, "Today")
        checklist = page.locator("[data-card=setup]")
        expect(checklist.locator("li").filter(has_text="First patients invited")).to_contain_text("Done")
        shot(page, "today-checklist")
    finally:  # the default rate and channel for later walks
        portal.call("PUT", "/rollout/invitations/settings", {"invitations_per_hour": 200, "channel": "email"},
                    as_user=USERS["admin"])
