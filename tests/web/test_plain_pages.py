"""Pages without traps, found on a walk as a new user: the emergency notice is one quiet line
after what is new; a pending visit summary's sentence stands on its own; the practice's time
zone is chosen from the IANA zones; the staff day schedule fits a 320 px phone."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.steps import heading, open_menu_item, sign_in
from tests.web.test_visit_marks import _booked_for_priya, time_words

NARROW = {"width": 320, "height": 640}


def test_the_emergency_notice_is_one_quiet_line_after_what_is_new(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "alex")
    heading(page, "Hello, Alex")
    lines = page.locator("main").get_by_text("For emergencies call 911")
    expect(lines).to_have_count(1)
    line = lines.first
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"  # no red box
    features = page.get_by_role("heading", name="In the portal").bounding_box()
    assert line.bounding_box()["y"] > features["y"]  # below what is new, not above everything
    shot(page, "home")


def test_a_pending_visit_summary_says_who_and_why_in_separate_sentences(new_page):
    page = new_page()
    sign_in(page, "priya")
    open_menu_item(page, "Visit summaries")
    pending = page.locator("main li").filter(has_text="Pending")
    expect(pending.locator("p").first).to_have_text("With Dr. Wei Chen")
    expect(pending.locator("p").nth(1)).to_have_text(
        "Your clinician is reviewing this visit summary. It will appear here when it is ready.")


def test_the_practice_time_zone_is_chosen_from_a_list(new_page):
    page = new_page()
    sign_in(page, "admin")
    open_menu_item(page, "Practice information")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("America/Chicago")
    assert zone.evaluate("e => e.tagName") == "SELECT"
    labels = zone.locator("option").all_inner_texts()
    assert labels[1] == "Central time (America/Chicago)" and "Europe/London" in labels and len(labels) > 300
    page.get_by_role("button", name="Save practice information").click()
    expect(page.get_by_role("status").filter(has_text="Practice information saved")).to_be_visible()


def test_the_day_schedule_fits_a_320_px_phone(new_page, portal, shot):
    visit = _booked_for_priya(portal)
    page = new_page(viewport=NARROW)
    sign_in(page, "front_desk")
    page.goto(f"/#/staff/schedule?date={visit['date']}")  # the time grid: one clinician at a time on a phone
    heading(page, "Schedule")
    expect(page.locator("main").get_by_text("Shah, Priya").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto(f"/#/staff/schedule?date={visit['date']}&layout=list")
    heading(page, "Schedule")
    mine = page.locator("main li.schedule-visit").filter(has_text="Shah, Priya").filter(has_text=time_words(visit["time"]))
    expect(mine.get_by_role("button", name="Arrived")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = mine.get_by_role("button", name="Arrived").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    shot(page, "schedule-320")


def test_a_caregivers_pages_say_sams_not_your(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "jordan")
    page.get_by_label("Switch record").select_option(label="Sam Morgan")
    heading(page, "Sam Morgan's record")
    expect(page.get_by_role("heading", name="New in Sam's record")).to_be_visible()
    expect(page.get_by_text("Needs your attention")).to_have_count(0)
    open_menu_item(page, "Appointments")
    expect(page.get_by_text("Sam's upcoming visits and requests.")).to_be_visible()
    open_menu_item(page, "Health summary")
    expect(page.get_by_role("heading", name="Sam's requests")).to_be_visible()
    open_menu_item(page, "Account")
    log = page.locator(".access-log li").filter(has_text="Jordan Morgan (proxy) viewed").first
    expect(log).to_be_visible()
    shot(page, "sams-account")
    page.get_by_label("Switch record").select_option(label="Myself (Jordan Morgan)")
    open_menu_item(page, "Appointments")
    expect(page.get_by_text("Your upcoming visits and requests.")).to_be_visible()


def test_home_cards_say_what_is_new(new_page, shot):
    page = new_page(viewport=PHONE)
    sign_in(page, "jordan")
    page.get_by_label("Switch record").select_option(label="Sam Morgan")
    cards = page.locator("li.card.attention h3").filter(has_text="Visit summary from Dr. Wei Chen, ")
    expect(cards).to_have_count(2)
    titles = cards.all_inner_texts()
    assert len(set(titles)) == 2, titles  # two visits, two different days, not one title twice
    shot(page, "home-cards")


def test_the_upload_form_shows_every_problem_at_once_and_names_the_kinds_of_file(new_page, tmp_path):
    page = new_page()
    sign_in(page, "priya")
    open_menu_item(page, "Documents")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-field=category] .error")).to_have_text("Choose what kind of document this is.")
    expect(page.locator("[data-field=file] .error")).to_have_text("Choose a file to upload.")
    (tmp_path / "notes.txt").write_text("not a document")
    page.get_by_label("What is it?").select_option("form")
    page.get_by_label("File").set_input_files(str(tmp_path / "notes.txt"))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-field=file] .error")).to_have_text("Upload a PDF, JPEG, PNG or HEIC file.")
    expect(page.locator("[data-field=category] .error")).to_be_hidden()
    expect(page.locator(".upload-progress")).to_be_hidden()


def test_a_missing_allergy_name_is_asked_for_in_words(new_page):
    page = new_page(viewport=PHONE)
    sign_in(page, "priya")
    open_menu_item(page, "Health summary")
    page.get_by_text("Add a missing allergy", exact=True).click()
    form = page.get_by_role("form", name="Add a missing allergy")
    form.get_by_role("button", name="Send to the practice").click()
    expect(form.locator("[data-field='fields.substance'] .error")).to_have_text("Enter the allergy's name.")
