"""Every read or change of patient data is audited; the patient sees who looked."""
from __future__ import annotations

import pathlib
import re

from tests.helpers import make_patient


def events(pid):
    from chalicelib import audit

    items, _ = audit.query(pid, limit=100)
    return items


def test_each_patient_route_leaves_an_audit_entry_with_who_what_where(api, demo):
    pid = make_patient(api)["patient_id"]
    before = len(events(pid))
    api.get(f"/patients/{pid}", as_user="nurse")
    api.patch(f"/patients/{pid}/contact", {"phone": "+13125550123"}, as_user="front_desk")
    api.patch(f"/patients/{pid}/preferences", {"sms": True}, as_user="front_desk")
    api.get(f"/patients/{pid}/proxies", as_user="provider")
    api.get(f"/patients/{pid}/access-log", as_user="admin")
    new = events(pid)[: len(events(pid)) - before]
    actions = {(e.action, e.resource, e.actor_role) for e in new}
    assert {("read", "demographics", "nurse"), ("update", "demographics", "front_desk"),
            ("update", "preferences", "front_desk"), ("read", "proxy-grant", "provider"),
            ("read", "access-log", "admin")} <= actions
    for event in new:
        assert event.request_id and event.at and event.actor_id and event.source_ip


def test_patient_sees_staff_reads_in_plain_words(api, demo):
    api.get(f"/patients/{demo['alex']}", as_user="provider")
    log = api.get(f"/patients/{demo['alex']}/access-log?limit=5", as_user="alex")
    assert log.status == 200
    descriptions = [item["description"] for item in log.json["items"]]
    assert "Dr. Wei Chen (provider) viewed contact details and demographics" in descriptions


def test_access_log_paginates_with_a_cursor_bound_to_the_patient(api, demo):
    for _ in range(3):
        api.get(f"/patients/{demo['jordan']}", as_user="jordan")
    first = api.get(f"/patients/{demo['jordan']}/access-log?limit=2", as_user="jordan").json
    assert len(first["items"]) == 2 and first["cursor"]
    second = api.get(f"/patients/{demo['jordan']}/access-log?limit=2&cursor={first['cursor']}", as_user="jordan").json
    assert [i["at"] for i in second["items"]] < [i["at"] for i in first["items"]]
    # The same cursor cannot walk into Sam's partition, even for someone allowed there.
    stolen = api.get(f"/patients/{demo['sam']}/access-log?cursor={first['cursor']}", as_user="jordan")
    assert stolen.status == 400 and stolen.error["field"] == "cursor"


def test_admin_searches_by_patient_and_date_range(api, demo):
    api.get(f"/patients/{demo['priya']}", as_user="billing")
    today = events(demo["priya"])[0].at[:10]
    res = api.get(f"/audit?patient_id={demo['priya']}&since={today}&until={today}", as_user="admin")
    assert res.status == 200 and res.json["items"]
    assert all(i["at"].startswith(today) for i in res.json["items"])
    assert api.get(f"/audit?patient_id={demo['priya']}&since=2001-01-01&until=2001-12-31",
                   as_user="admin").json["items"] == []
    assert api.get(f"/audit?patient_id={demo['priya']}", as_user="provider").status == 403
    assert api.get("/audit", as_user="admin").error["field"] == "patient_id"


def test_no_code_path_updates_or_deletes_audit_events():
    """Only chalicelib/audit.py touches the audit table, and it only appends."""
    root = pathlib.Path(__file__).resolve().parent.parent
    sources = list((root / "chalicelib").rglob("*.py")) + [root / "app.py"]
    touching = {p.relative_to(root).as_posix() for p in sources
                if re.search(r"\bAuditEvent\b", p.read_text())}
    assert touching <= {"chalicelib/audit.py", "chalicelib/models/audit.py", "chalicelib/models/__init__.py"}
    audit_source = (root / "chalicelib/audit.py").read_text()
    assert not re.search(r"\.(update|delete)\(", audit_source)
