"""Issue 11's walk: Alex asks a medication question with a photo; it lands in the nurses'
inbox; Nina answers with a quick reply; Alex reads it (the email said only that a message
is waiting); Dr. Chen answers another conversation by replying in the mailbox; a message
sent while the practice is closed gets the automatic answer; Jordan writes for Sam."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.steps import USERS, heading, open_menu_item, sign_in

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100


def test_alex_asks_nina_answers_with_a_quick_reply(portal, new_page, shot, tmp_path):
    photo = tmp_path / "pill-bottle.jpg"
    photo.write_bytes(JPEG)
    alex = new_page()
    sign_in(alex, "alex")
    open_menu_item(alex, "Messages")
    heading(alex, "Messages")
    alex.get_by_role("link", name="Write a message").click()
    heading(alex, "Write a message")
    expect(alex.get_by_role("note")).to_contain_text("Not for emergencies: call 911 or (312) 555-0100")
    closed_now = alex.get_by_role("note").get_by_text(re.compile("We are closed now")).count() > 0
    alex.get_by_label("Topic").select_option(label="Medication question")
    alex.get_by_label("Subject").fill("New pill looks different")
    alex.get_by_label("Your message").fill("My refill of lisinopril looks different from the last one. Is it right?")
    alex.get_by_label("Photo or file (optional)").set_input_files(str(photo))
    shot(alex, "alex-compose")
    alex.get_by_role("button", name="Send message").click()
    heading(alex, "New pill looks different")
    conversation = alex.get_by_role("region", name="Conversation")
    expect(conversation.get_by_role("button", name="Open pill-bottle.jpg")).to_be_visible()
    expect(conversation.get_by_text("Not read yet")).to_be_visible()
    if closed_now:  # the practice's own answer, once, when it is closed
        expect(conversation.get_by_text(re.compile("We are closed now; we will answer from"))).to_have_count(1)
    ref = re.search(r"M-\d+", alex.locator("main").inner_text()).group(0)
    staff_mail = portal.wait_for_message(USERS["nurse"], ref)
    assert "lisinopril" not in staff_mail["body_text"] and "Alex" not in staff_mail["body_text"]

    nina = new_page()
    sign_in(nina, "nurse")
    open_menu_item(nina, "Inbox")
    heading(nina, "Inbox")
    row = nina.get_by_role("link", name="Alex Morgan: New pill looks different")
    expect(row).to_be_visible()
    shot(nina, "nina-inbox")
    row.click()
    heading(nina, "New pill looks different")
    nina.get_by_role("button", name="Assign to me").click()
    expect(nina.get_by_text(re.compile("assigned to Nina Patel, RN"))).to_be_visible()
    answer = nina.get_by_label("Answer", exact=True)
    answer.focus()
    nina.keyboard.press("Alt+1")  # the first quick reply, by keystroke
    expect(answer).to_have_value(re.compile("^Hi Alex, "))
    answer.fill("")
    nina.get_by_role("button", name=re.compile("Refill sent")).click()  # the same by a click
    expect(answer).to_have_value(re.compile("Hi Alex, your refill has been sent.*\\(312\\) 555-0100"))
    shot(nina, "nina-quick-reply")
    nina.get_by_role("button", name="Send to patient").click()
    expect(nina.get_by_role("region", name="Conversation").get_by_text(
        re.compile("Hi Alex, your refill has been sent"))).to_be_visible()
    nina.get_by_label("Answer", exact=True).fill("Called the pharmacy: same drug, new maker.")
    nina.get_by_role("button", name="Save as internal note").click()
    expect(nina.get_by_text("Nina Patel, RN, internal note")).to_be_visible()
    # One step from message to refill request (into the clinicians' review queue).
    alex_id = portal.patient_id(USERS["alex"])
    portal.call("POST", f"/patients/{alex_id}/health/medications",
                {"medication": "Amlodipine 5 mg tablet", "dosage": "5 mg once daily"}, as_user=USERS["nurse"])
    nina.reload()
    nina.get_by_label("Medication").select_option(label="Amlodipine 5 mg tablet")
    nina.get_by_role("button", name="Make refill request").click()
    expect(nina.get_by_role("region", name="Conversation").get_by_text(
        re.compile("turned your message into a refill request for Amlodipine"))).to_be_visible()

    # Hand it to a colleague who works the same inbox.
    nina.get_by_label("Assign to", exact=True).select_option(label="Dr. Wei Chen")
    nina.get_by_role("button", name="Assign", exact=True).click()
    expect(nina.get_by_text(re.compile("assigned to Dr. Wei Chen"))).to_be_visible()

    # The inbox's clock: the seeded five-day-old question shows under Overdue.
    open_menu_item(nina, "Inbox")
    nina.get_by_label("Show").select_option(label="Overdue")
    nina.get_by_role("button", name="Show", exact=True).click()
    expect(nina).to_have_url(re.compile("status=overdue"))
    overdue = nina.locator("ul.inbox li").filter(has_text="Priya Shah: Lisinopril and a cough")
    expect(overdue.get_by_text("Overdue", exact=True)).to_be_visible()
    shot(nina, "nina-overdue")

    notice = portal.wait_for_message(USERS["alex"], "You have a new message from Maple Street Family Practice")
    assert "refill" not in notice["body_text"].lower() and "lisinopril" not in notice["body_text"]
    alex.reload()
    conversation = alex.get_by_role("region", name="Conversation")
    expect(conversation.get_by_text(re.compile("Hi Alex, your refill has been sent"))).to_be_visible()
    expect(conversation.get_by_text("Read by the care team").first).to_be_visible()
    expect(conversation.get_by_text("Called the pharmacy")).to_have_count(0)  # notes stay internal
    shot(alex, "alex-reads-answer")


def test_dr_chen_answers_by_replying_in_the_mailbox(portal, new_page, shot):
    alex_id = portal.patient_id(USERS["alex"])
    thread = portal.call("POST", f"/patients/{alex_id}/messages", {
        "topic": "test-result", "subject": "Cholesterol result", "body": "Is my LDL too high?"}, as_user=USERS["alex"])
    mail = portal.wait_for_message(USERS["provider"], thread["ref"])
    assert "LDL" not in mail["body_text"]
    box = new_page()
    box.goto("/_dev/mailbox")
    article = box.locator(f'article.msg[data-to="{USERS["provider"]}"]').filter(has_text=thread["ref"]).first
    article.get_by_role("textbox").fill("Hi Alex, 128 is fine for you. No change needed.")
    article.get_by_role("button", name="Reply").click()
    expect(box.get_by_role("status")).to_be_visible()
    portal.wait_for_message(USERS["provider"], f"Posted: your answer in {thread['ref']}")
    alex = new_page()
    sign_in(alex, "alex")
    alex.goto(f"/#/messages/{thread['thread_id']}")
    heading(alex, "Cholesterol result")
    staff = alex.locator("li.message.staff")
    expect(staff).to_contain_text("Hi Alex, 128 is fine for you. No change needed.")
    expect(staff).to_contain_text("Dr. Wei Chen")
    shot(alex, "alex-reads-email-answer")


def test_jordan_writes_for_sam_as_themself(new_page, shot):
    jordan = new_page()
    sign_in(jordan, "jordan")
    jordan.get_by_label("Switch record").select_option(label="Sam Morgan")
    jordan.goto("/#/messages/new")
    heading(jordan, "Write a message")
    jordan.get_by_label("Topic").select_option(label="Appointment question")
    jordan.get_by_label("Subject").fill("School form before the visit")
    jordan.get_by_label("Your message").fill("Can we bring the school form to Sam's visit?")
    jordan.get_by_role("button", name="Send message").click()
    heading(jordan, "School form before the visit")
    expect(jordan.locator("li.message.patient").first).to_contain_text("Jordan Morgan for Sam")
    shot(jordan, "jordan-for-sam")


def test_ask_about_this_from_a_visit_summary(new_page):
    alex = new_page()
    sign_in(alex, "alex")
    alex.goto("/#/visits")
    alex.locator("main a[href^='#/visits/']").first.click()
    alex.get_by_role("link", name="Ask about this").click()
    heading(alex, "Write a message")
    expect(alex.get_by_text("About your visit summary.")).to_be_visible()
    alex.get_by_label("Topic").select_option(label="Medical question")
    alex.get_by_label("Subject").fill("Question about my visit")
    alex.get_by_label("Your message").fill("What did the doctor mean by follow up in spring?")
    alex.get_by_role("button", name="Send message").click()
    heading(alex, "Question about my visit")
    expect(alex.get_by_text(re.compile("^About: Visit summary, "))).to_be_visible()
