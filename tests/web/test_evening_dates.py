"""At 9 pm in Chicago the UTC date is already tomorrow. The browser walks run on the
session's clock (Tue Dec 1, from 21:00 practice time), so every date a person reads here
must be the practice's: the visit summary written tonight, the upload, the answered
request, the record PDF, the schedule's "today". None may say December 2."""
from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import USERS, heading, open_menu_item, sign_in
from tests.web.test_chart_and_account import open_chart
from tests.web.test_patient_walk import PDF


def words(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_an_evening_in_chicago_reads_in_practice_dates_everywhere(portal, new_page, shot, tmp_path):
    from zoneinfo import ZoneInfo

    from chalicelib import clock

    today = portal.today()
    assert clock.now().astimezone(ZoneInfo("America/Chicago")).hour >= 18, "the walk is meant for the evening"
    assert clock.now().date() > today, "UTC is already on the next day"
    tomorrow = words(today + timedelta(days=1))
    tag = uuid.uuid4().hex[:6]
    priya = portal.patient_id(USERS["priya"])

    # Dr. Chen writes tonight's summary from the chart: the visit date defaults to the practice's today.
    doctor = new_page()
    sign_in(doctor, "provider")
    open_chart(doctor, "Shah", "Priya")
    summaries = doctor.locator("#chart-visits")
    summaries.get_by_text("Write a visit summary").click()
    expect(summaries.get_by_label("Visit date")).to_have_value(today.isoformat())
    summaries.get_by_label("Reason for the visit").fill(f"Evening call {tag}")
    summaries.get_by_label("Assessment").fill("Better.")
    summaries.get_by_role("button", name="Save visit summary").click()
    expect(summaries.get_by_role("status")).to_contain_text("Saved")
    shot(doctor, "chart-summary-written-tonight")

    # A correction Priya sent, answered by the nurse tonight.
    entry = portal.call("POST", f"/patients/{priya}/health/allergies",
                        {"substance": f"Latex {tag}", "status": "active"}, as_user=USERS["nurse"])
    request = portal.call("POST", f"/patients/{priya}/corrections",
                          {"kind": "allergies", "action": "retire", "entry_id": entry["entry_id"],
                           "note": "I was never allergic."}, as_user=USERS["priya"])
    portal.call("POST", f"/patients/{priya}/requests/{request['request_id']}/decision",
                {"decision": "accept"}, as_user=USERS["nurse"])

    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    open_menu_item(page, "Visit summaries")
    page.get_by_role("link", name=f"Visit on {words(today)}").first.click()
    heading(page, f"Visit on {words(today)}")
    written = page.get_by_text(re.compile("^Written by"))
    expect(written).to_contain_text(f"{today:%a}, {today:%b} {today.day}, {today.year}, ")
    expect(written).to_contain_text(" PM")
    shot(page, "visit-summary-tonight")

    open_menu_item(page, "Documents")
    heading(page, "Documents")
    upload = tmp_path / f"evening-{tag}.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("What is it?").select_option("other")
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()
    listed = page.locator("li.doc").filter(has_text=f"evening-{tag}.pdf")
    expect(listed).to_contain_text(words(today))
    expect(listed).not_to_contain_text(tomorrow)
    shot(page, "documents-uploaded-tonight")

    open_menu_item(page, "Health summary")
    requests = page.locator("section[aria-labelledby=requests-h]")
    answered = requests.locator("li").filter(has_text=f"Latex {tag}")
    expect(answered).to_contain_text(f"answered {words(today)}")
    expect(answered).not_to_contain_text(tomorrow)

    # The record PDF says when it was made in practice time and words, never UTC.
    page.goto("/#/account")
    page.get_by_role("button", name="Download PDF (to read or print)").click()  # the export worker makes it
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile(r"^Save health-record-.*\.pdf$")).click()
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(pdf.value.path(), "rb").read())).pages)
    text = re.sub(r"\s+", " ", text)
    assert f"generated {today:%A}, {words(today)} at " in text, text[:400]
    assert "UTC" not in text and not re.search(r"\d{4}-\d{2}-\d{2}T", text)

    # The front desk's schedule opens on the practice's today.
    desk = new_page()
    sign_in(desk, "front_desk")
    open_menu_item(desk, "Schedule")
    heading(desk, "Schedule")
    expect(desk.locator("main .page-head p")).to_contain_text(f"{today:%A}, {today:%B} {today.day}")
    shot(desk, "schedule-today-in-the-evening")
