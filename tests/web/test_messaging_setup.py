"""Issue 11, "the practice edits the list": Ada (admin) renames a topic and adds one routed to
the nurses on Messaging setup; Alex's "Write a message" offers exactly the edited list. Ada
then puts the list back (removing the topic), so the other walks see the practice's defaults."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.steps import heading, open_menu_item, sign_in


def topic_row(page, label: str):
    return page.get_by_role("group", name=label, exact=True)


def test_ada_edits_topics_and_alex_writes_about_the_new_one(portal, new_page, shot):
    ada = new_page()
    sign_in(ada, "admin")
    open_menu_item(ada, "Messaging setup")
    heading(ada, "Messaging setup")
    expect(ada.get_by_role("region", name="Pools", exact=True)).to_contain_text("Nurses")
    expect(ada.get_by_label("Our staff mailboxes are covered by a BAA and enforced TLS")).not_to_be_checked()

    forms = topic_row(ada, "Forms and letters")
    forms.get_by_label("In the patient's words").fill("Forms, letters and school notes")
    ada.get_by_role("button", name="Add topic").click()
    new = topic_row(ada, "New topic 7")
    expect(new.get_by_label("In the patient's words")).to_be_focused()
    ada.get_by_role("button", name="Save messaging setup").click()  # the new topic has no words yet
    expect(new.get_by_text("Write the topic in the patient's words.")).to_be_visible()
    expect(new.get_by_label("In the patient's words")).to_have_attribute("aria-invalid", "true")
    new.get_by_label("In the patient's words").fill("Travel vaccines")
    new.get_by_label("Goes to").select_option(label="Nurses")
    ada.get_by_label("Messages per patient per day").fill("0")  # the API's own check, shown at the field
    ada.get_by_role("button", name="Save messaging setup").click()
    expect(ada.get_by_label("Messages per patient per day")).to_have_attribute("aria-invalid", "true")
    expect(ada.locator("[data-field=max_messages_per_day] .error")).to_be_visible()
    ada.get_by_label("Messages per patient per day").fill("10")
    ada.get_by_role("button", name="Save messaging setup").click()
    expect(ada.get_by_role("status")).to_have_text(re.compile("Messaging setup saved"))
    shot(ada, "ada-messaging-setup")
    expect(topic_row(ada, "Travel vaccines").get_by_label("Goes to")).to_have_value("nurses")
    expect(topic_row(ada, "Forms, letters and school notes")).to_be_visible()

    alex = new_page()
    sign_in(alex, "alex")
    alex.goto("/#/messages/new")
    heading(alex, "Write a message")
    topic = alex.get_by_label("Topic")
    expect(topic.locator("option")).to_have_text(["Choose a topic", "Medical question", "Medication question",
                                                  "Test result question", "Appointment question", "Billing question",
                                                  "Forms, letters and school notes", "Travel vaccines"])
    topic.select_option(label="Travel vaccines")
    alex.get_by_label("Subject").fill("Trip to Peru")
    alex.get_by_label("Your message").fill("Which vaccines do I need before a trip to Peru in March?")
    alex.get_by_role("button", name="Send message").click()
    heading(alex, "Trip to Peru")

    nina = new_page()  # the new topic routes to the nurses' pool
    sign_in(nina, "nurse")
    open_menu_item(nina, "Inbox")
    expect(nina.get_by_role("link", name="Alex Morgan: Trip to Peru")).to_be_visible()
    alex.get_by_role("button", name="My question is answered: close").click()  # within the open-threads cap
    expect(alex.get_by_text(re.compile("This conversation is closed"))).to_be_visible()

    # Back to the practice's list: rename it back and remove the added topic.
    ada.reload()
    heading(ada, "Messaging setup")
    topic_row(ada, "Forms, letters and school notes").get_by_label("In the patient's words").fill("Forms and letters")
    ada.get_by_role("button", name="Remove Travel vaccines").click()
    ada.get_by_role("button", name="Save messaging setup").click()
    expect(ada.get_by_role("status")).to_have_text(re.compile("Messaging setup saved"))
    expect(topic_row(ada, "Travel vaccines")).to_have_count(0)
    alex.goto("/#/messages/new")
    heading(alex, "Write a message")
    expect(alex.get_by_label("Topic").locator("option")).to_have_count(7)
    expect(alex.get_by_label("Topic").get_by_text("Forms and letters")).to_have_count(1)
