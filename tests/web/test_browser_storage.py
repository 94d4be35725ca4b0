"""Nothing of the record stays in the browser: no localStorage, no cookies, no
cached API responses, and sign-out forgets the session entirely."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.steps import open_menu_item, sign_in


def test_no_phi_or_tokens_persist_and_sign_out_forgets_everything(new_page):
    page = new_page()
    api_responses = []
    page.on("response", lambda r: api_responses.append(r) if "/api/patients/" in r.url else None)
    sign_in(page, "jordan")
    for item in ("Health summary", "Visit summaries", "Documents", "Account"):
        open_menu_item(page, item)
        expect(page.locator("main[aria-busy]")).to_have_count(0)

    assert page.evaluate("localStorage.length") == 0
    assert page.context.cookies() == []
    stored = page.evaluate("Object.keys(sessionStorage).map(k => k + '=' + sessionStorage.getItem(k)).join('\\n')")
    for phi in ("Jordan", "Morgan", "Sam", "1986-11-02"):
        assert phi not in stored, phi
    assert api_responses, "the pages read the record through the API"
    for response in api_responses:
        assert "no-store" in (response.headers.get("cache-control") or ""), response.url

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/#/sign-in*")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == page.evaluate(
        "Object.keys(sessionStorage).filter(k => k === 'portal.idle-test').length")
    assert page.evaluate("localStorage.length") == 0

    # Back and reload do not bring the record back.
    page.go_back()
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Morgan")).to_have_count(0)
