"""Priya joins her video visit through the device check (issue 17, item 3): the seed gives
her a video visit 25 minutes after the clock's now, so the Join link is already open.

Chromium gets fake camera and microphone devices (--use-fake-device-for-media-stream); a
context granted camera and microphone sees the preview and the level move, a context that
was not granted them reads what to do."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.conftest import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE
from tests.web.steps import open_menu_item, sign_in

VIDEO_ROOM = "https://telehealth.example/maple-street/dr-chen"


@pytest.fixture(scope="module")
def media_browser(browser):
    """A second chromium from the session's Playwright (one per process), with fake devices."""
    launched = browser.browser_type.launch(executable_path=CHROMIUM,
                                           args=[*LAUNCH_ARGS, "--use-fake-device-for-media-stream"])
    yield launched
    launched.close()


@pytest.fixture
def media_page(media_browser, portal):
    contexts, errors = [], []

    def make(viewport=DESKTOP, allow: bool = True):
        from chalicelib import clock

        context = media_browser.new_context(viewport=viewport, base_url=portal.url,
                                            permissions=["camera", "microphone"] if allow else [])
        context.clock.set_system_time(clock.now())
        context.set_default_timeout(20_000)
        # The practice's video service is not the portal's: a stand-in page answers for it.
        context.route("https://telehealth.example/**", lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Video room</title><h1>Dr. Chen's video room</h1>"))
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_priya_joins_her_video_visit_through_the_device_check(media_page, shot):
    page = media_page()
    sign_in(page, "priya")
    open_menu_item(page, "Appointments")
    card = page.locator(".appointment").filter(has_text="Telehealth follow-up").first
    expect(card).to_contain_text("Video visit")
    shot(page, "appointments")
    card.get_by_role("link", name="Check your camera and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Telehealth follow-up")
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    join = page.get_by_role("link", name="Join the video visit")
    expect(join).to_have_attribute("href", VIDEO_ROOM)
    page.get_by_role("button", name="Test camera and microphone").click()
    expect(page.get_by_role("status").filter(has_text="Your camera and microphone work")).to_be_visible()
    preview = page.locator("video.device-preview")
    expect(preview).to_be_visible()
    # Polled from here: wait_for_function's own polling evals its expression in the page,
    # which the portal's CSP (script-src 'self') refuses whenever the first check is false.
    for _ in range(100):
        if page.evaluate("document.querySelector('video.device-preview').videoWidth") > 0:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the camera preview shows no picture")
    expect(page.locator("#mic-level")).to_have_attribute("data-heard", "yes")  # the fake microphone beeps
    shot(page, "device-check")
    assert _serious(page) == []
    with page.context.expect_page() as opened:
        join.click()
    room = opened.value
    expect(room.get_by_role("heading", level=1)).to_have_text("Dr. Chen's video room")
    # Leaving the page turns the camera off.
    page.get_by_role("link", name="← Appointments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appointments")
    assert page.evaluate("navigator.mediaDevices !== undefined")


def test_a_refused_camera_says_how_to_allow_it_on_a_phone(media_page, portal, shot):
    page = media_page(viewport=PHONE, allow=False)
    sign_in(page, "priya")
    page.goto("/#/appointments")
    page.locator(".appointment").filter(has_text="Telehealth follow-up").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Telehealth follow-up")
    page.get_by_role("button", name="Test camera and microphone").click()
    expect(page.get_by_role("status")).to_contain_text("was not allowed to use your camera and microphone")
    expect(page.locator("video.device-preview")).to_be_hidden()
    shot(page, "refused")
    assert _serious(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
