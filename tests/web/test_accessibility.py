"""Every page has no serious or critical axe-core violations, at phone and desktop widths,
and fits a 375 px phone screen without sideways scrolling."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.web.conftest import DESKTOP, PHONE
from tests.web.steps import sign_in

PUBLIC = ["/sign-in", "/activate?code=ABCD-1234", "/forgot", "/reset?email=someone@example.org", "/practice",
          "/guest-pay", "/staff-activate?code=ABCD-1234"]
PATIENT = ["/home", "/appointments", "/appointments?when=past", "APPOINTMENT", "BOOK", "/health", "/visits", "VISIT", "/documents",
           "/practice", "/account", "/mfa-setup", "/billing", "STATEMENT", "/messages", "/messages/new", "MESSAGE",
           "/results", "RESULT", "/results/trend/13457-7", "CHECKIN"]
CLINICIAN = ["/staff/today", "/staff?q=Morgan", "/staff/new", "CHART", "/staff/review", "/staff/schedule", "/account",
             "/staff/inbox", "/staff/inbox?status=answered", "CONVERSATION", "/staff/results", "/staff/results-match",
             "SUMMARY_NEW", "/staff/summary-templates"]
ADMIN = ["/staff/today", "/staff/practice", "/staff/practice?section=locations", "/staff/audit", "AUDIT", "/staff/holds", "CHART", "/staff/messaging",
         "/staff/interfaces", "/staff/result-names", "/staff/forms", "/staff/team", "/staff/import",
         "/staff/adoption"]

GROUPS = {
    "public": (None, PUBLIC),
    "patient": ("alex", PATIENT),
    "caregiver": ("jordan", ["/home", "/account"]),
    # before the visit (issue 17): the visit page of a video visit (device check, Join) and,
    # for Alex, of a visit at the practice (what to bring)
    "video-visit": ("priya", ["APPOINTMENT"]),
    "front-desk": ("front_desk", ["/staff/today", "/staff/requests", "/staff/schedule", "/staff/scheduling",
                                  "/staff/scheduling?tab=hours", "/staff/scheduling?tab=holidays",
                                  "/staff/scheduling?tab=blocks", "/staff/schedule?view=week",
                                  "/staff/schedule?layout=list", "CHART"]),
    "clinician": ("provider", CLINICIAN),
    "admin": ("admin", ADMIN),
    "billing": ("billing", ["/staff/today", "/staff/billing", "/staff/billing?number=S-1002", "/account"]),
}


def settle(page: Page) -> None:
    """Wait until the page and the sections it loads after it are drawn."""
    expect(page.locator("main h1")).to_be_visible()
    # An error page is accessible too, but it is not the page under test.
    expect(page.locator("main h1")).not_to_have_text(re.compile("could not be loaded|Not available|Page not found"))
    expect(page.locator("main[aria-busy]")).to_have_count(0)
    expect(page.locator("main .loading")).to_have_count(0)
    page.wait_for_timeout(150)  # sections that load their own data (logs, lists) draw right after


def resolve(page: Page, path: str, portal) -> str:
    """Pages about one item: take the first one the user can open."""
    if path == "VISIT":
        page.goto("/#/visits")
        settle(page)
        return page.locator("main a[href^='#/visits/']").first.get_attribute("href")[1:]
    if path in ("MESSAGE", "CONVERSATION"):  # messaging (issue 11): a seeded conversation
        page.goto("/#/messages" if path == "MESSAGE" else "/#/staff/inbox?status=answered")
        settle(page)
        return page.locator("main section a.strong-link").first.get_attribute("href")[1:]
    if path == "RESULT":  # issue 12: the newest lipid panel (values table, comment)
        page.goto("/#/results")
        settle(page)
        return page.locator("main a[href^='#/results/']").first.get_attribute("href")[1:]
    if path == "APPOINTMENT":  # one visit's page (issue 17)
        page.goto("/#/appointments")
        settle(page)
        return page.locator("main .appointment h2 a").first.get_attribute("href")[1:]
    if path == "BOOK":  # the booking flow with every step open
        page.goto("/#/appointments/book")
        settle(page)
        page.get_by_text("Sick visit", exact=True).click()
        page.locator("fieldset.choices").filter(has_text="Which day?").locator("label").first.click()
        page.locator("fieldset.choices").filter(has_text="What time?").locator("label").first.click()
        return ""
    if path == "STATEMENT":
        page.goto("/#/billing")
        settle(page)
        return page.locator("main a[href^='#/billing/']").first.get_attribute("href")[1:]
    if path in ("CHECKIN", "CHECKIN_REVIEW"):  # issue 17: Alex's physical, inside the check-in window
        alex = portal.patient_id("alex.morgan@example.org")
        visits = portal.call("GET", f"/patients/{alex}/appointments?when=upcoming", as_user="alex.morgan@example.org")
        physical = next(v for v in visits["items"] if v["visit_type_name"] == "Annual physical")["appointment_id"]
        return f"/appointments/{physical}/checkin" if path == "CHECKIN" else f"/staff/checkin/{alex}/{physical}"
    if path == "SUMMARY_NEW":  # issue 14: the summary editor, with its visit and template pickers
        return f"/staff/patients/{portal.patient_id('alex.morgan@example.org')}/summaries/new"
    if path in ("CHART", "AUDIT"):
        alex = portal.patient_id("alex.morgan@example.org")
        return f"/staff/patients/{alex}" if path == "CHART" else f"/staff/audit?patient={alex}"
    return path


def serious(results) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("group", list(GROUPS))
def test_pages_have_no_serious_accessibility_violations(group, viewport, portal, new_page, shot):
    who, paths = GROUPS[group]
    page = new_page(viewport=viewport)
    if who:
        sign_in(page, who)
    axe = Axe()
    problems = {}
    for path in paths:
        path = resolve(page, path, portal) or page.url.split("#", 1)[1]
        if page.url.split("#", 1)[-1] != path:
            page.goto(f"/#{path}")
        settle(page)
        shot(page, path.strip("/").split("?")[0].replace("/", "-") or "root")
        found = serious(axe.run(page))
        if viewport is PHONE:  # readable on a phone: nothing wider than the screen
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"the page is {width}px wide on a {PHONE['width']}px phone")
        if who and viewport is PHONE:  # the phone menu, opened
            page.get_by_role("button", name="Menu").click()
            found += [f"(menu open) {f}" for f in serious(axe.run(page))]
            page.get_by_role("button", name="Menu").click()
        if found:
            problems[path] = found
    assert not problems, "\n".join(f"{p}: {f}" for p, fs in problems.items() for f in fs)
