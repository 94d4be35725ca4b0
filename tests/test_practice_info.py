"""Practice information: one public call serves the front end; admins edit sections."""
from __future__ import annotations

import pytest

from datetime import timedelta
from chalicelib import clock


pytestmark = pytest.mark.clock  # run again under another TZ in CI

def test_one_public_call_has_everything_the_front_end_shows(api, demo):
    res = api.get("/practice")
    assert res.status == 200, res
    info = res.json
    assert info["name"] == "Maple Street Family Practice" and info["hours"]
    assert {loc["name"] for loc in info["locations"]} == {"Maple Street (main office)", "Westside clinic"}
    assert info["locations"][0]["map_url"].startswith("https://")
    chen = next(p for p in info["providers"] if p["name"] == "Dr. Wei Chen")
    assert chen["specialty"] == "Family medicine" and chen["bio"]
    assert any("refill" in q["question"].lower() for q in info["faq"])
    guide = " ".join(g["body"] for g in info["guide"])
    assert "911" in guide and "business day" in guide
    # Only announcements running today: not the coming closure, not last season's.
    assert [a["id"] for a in info["announcements"]] == ["flu-shots"]


def test_announcements_run_from_start_to_end_in_the_practice_time_zone():
    from chalicelib.services import practice_info

    today = clock.today()
    closure_day = (today + timedelta(days=21)).isoformat()
    shown = practice_info.public_sections(today=closure_day)["announcements"]
    assert "holiday-closure" in {a["id"] for a in shown}
    last_day = (today + timedelta(days=22)).isoformat()
    assert "holiday-closure" in {a["id"] for a in practice_info.public_sections(today=last_day)["announcements"]}
    after = (today + timedelta(days=23)).isoformat()
    assert "holiday-closure" not in {a["id"] for a in practice_info.public_sections(today=after)["announcements"]}


def test_admin_replaces_a_section_others_cannot(api, demo):
    stored = api.get("/practice/info/faq", as_user="admin")
    assert stored.status == 200, stored
    original = stored.json["items"]
    extra = {"question": "Do you offer telehealth?", "answer": "Yes, for follow-up visits."}
    for role in ("front_desk", "provider", "alex"):
        assert api.request("PUT", "/practice/info/faq", {"items": [extra]}, as_user=role).status == 403
    try:
        res = api.request("PUT", "/practice/info/faq", {"items": [*original, extra]}, as_user="admin")
        assert res.status == 200, res
        assert res.json["items"][-1]["id"]  # ids are given to new items
        assert api.get("/practice").json["faq"][-1]["question"] == "Do you offer telehealth?"
    finally:
        api.request("PUT", "/practice/info/faq", {"items": original}, as_user="admin")
    assert len(api.get("/practice").json["faq"]) == len(original)


def test_section_input_is_checked(api, demo):
    bad_dates = {"items": [{"title": "x", "body": "y", "starts_on": "2026-05-02", "ends_on": "2026-05-01"}]}
    res = api.request("PUT", "/practice/info/announcements", bad_dates, as_user="admin")
    assert res.status == 422 and res.error["field"] == "items.0.ends_on"
    missing = api.request("PUT", "/practice/info/locations", {"items": [{"name": "No address"}]}, as_user="admin")
    assert missing.status == 400 and missing.error["field"] == "items.0.address"
    unknown = api.request("PUT", "/practice/info/providers", {"items": [
        {"name": "Dr. X", "specialty": "Y", "location_ids": ["nowhere"]}]}, as_user="admin")
    assert unknown.status == 422 and unknown.error["field"] == "items.0.location_ids"
    assert api.request("PUT", "/practice/info/parking", {"items": []}, as_user="admin").status == 404
    http_map = {"items": [{"name": "A", "address": {"line1": "1 A St", "city": "B", "state": "IL",
                                                    "postal_code": "62701", "country": "US"},
                           "map_url": "javascript:alert(1)"}]}
    assert api.request("PUT", "/practice/info/locations", http_map, as_user="admin").error["field"] == \
        "items.0.map_url"
    assert len(api.get("/practice").json["locations"]) == 2


def test_the_public_call_is_at_most_one_read(api, demo, ddb_calls):
    from chalicelib.services import practice, practice_info

    practice_info._cache.clear()
    practice._cache.clear()
    with ddb_calls() as calls:
        first = api.get("/practice").json
    assert calls == ["BatchGetItem"]
    assert first["name"] == "Maple Street Family Practice" and first["faq"]
    with ddb_calls() as calls:
        api.get("/practice")
    assert calls == []


def test_practice_settings_are_read_at_most_once_within_a_request(demo, ddb_calls):
    """The minute cache may expire between two reads of one request: the request keeps
    the settings it read first (one GetItem, one zone), the next request reads again."""
    import time

    from chalicelib.services import practice

    practice.begin_request()
    try:
        with ddb_calls() as calls:
            first = practice.current_settings()
            expires, data = practice._cache[practice.SETTINGS]
            practice._cache[practice.SETTINGS] = (time.monotonic() - 1, data)  # the minute ran out
            assert practice.current_settings() is first
        assert calls.count("GetItem") <= 1
    finally:
        practice.end_request()
    with ddb_calls() as calls:
        practice.current_settings()
    assert calls == ["GetItem"]
