""""It's in the portal" (issue 15, item 2): the desk's glance at what the portal holds and the
one-click pointer that counts a deflected call once per click."""
from __future__ import annotations

from chalicelib.services import adoption, home
from chalicelib import clock
from tests.helpers import make_patient, make_patient_account


def _deflected() -> int:
    today = clock.today()
    return int(adoption.history(today, today).get(today.isoformat(), {}).get("calls_deflected", 0))


def test_the_glance_lists_kinds_and_counts_not_contents(api):
    patient = make_patient_account(api, given="Glenda", family="Glance")
    pid = patient["patient_id"]
    home.notice(pid, "result", "r1", title="Lipid panel")
    home.notice(pid, "result", "r2", title="A1c")
    home.notice(pid, "visit-summary", "v1", title="Visit summary from Dr. Wei Chen")
    res = api.get(f"/patients/{pid}/in-portal", as_user="front_desk")
    assert res.status == 200, res
    assert res.json["account_status"] == "active" and res.json["channels"] == ["email"]
    assert {"label": "Released test result", "count": 2} in res.json["waiting"]
    assert {"label": "New visit summary", "count": 1} in res.json["waiting"]
    assert "Lipid" not in str(res.json) and "Chen" not in str(res.json)
    assert api.get(f"/patients/{pid}/in-portal", as_user="billing").status == 403


def test_one_click_sends_the_pointer_once_and_counts_one_deflected_call(api, mailbox):
    patient = make_patient_account(api, given="Delphine", family="Deflect", birth_date="1966-05-04")
    pid = patient["patient_id"]
    before = _deflected()
    headers = {"Idempotency-Key": f"nudge-{pid}"}
    first = api.post(f"/patients/{pid}/in-portal/pointer", {}, as_user="front_desk", headers=headers)
    assert first.status == 200, first
    assert first.json["channels"] == ["email"]
    again = api.post(f"/patients/{pid}/in-portal/pointer", {}, as_user="front_desk", headers=headers)
    assert again.status == 200 and again.json == first.json
    mails = [m for m in mailbox.messages() if m["to"] == patient["email"]]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["subject"] == "The information you asked about is in your Maple Street Family Practice portal"
    assert "/#/home" in mail["body_text"]
    for phi in ("Delphine", "Deflect", "1966", patient["mrn"]):  # no PHI
        assert phi not in mail["subject"] and phi not in mail["body_text"] and phi not in mail["body_html"]
    assert _deflected() == before + 1
    # a new click (a new key) is a new call
    assert api.post(f"/patients/{pid}/in-portal/pointer", {}, as_user="front_desk",
                    headers={"Idempotency-Key": f"nudge2-{pid}"}).status == 200
    assert _deflected() == before + 2


def test_no_account_means_invite_instead(api):
    patient = make_patient(api, given="Nora", family="Noaccount")
    res = api.post(f"/patients/{patient['patient_id']}/in-portal/pointer", {}, as_user="front_desk")
    assert res.status == 422 and res.error["code"] == "no_account"
    glance = api.get(f"/patients/{patient['patient_id']}/in-portal", as_user="front_desk").json
    assert glance["account_status"] == "none" and glance["waiting"] == []
