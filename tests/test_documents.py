"""Documents: browser uploads straight to S3 (moto server here), the portal checks what
actually arrived before recording it, downloads go through short links."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import requests

from devserver import samples

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100


def start(api, pid, who, category="form", content_type="application/pdf", filename="form.pdf", **extra):
    res = api.post(f"/patients/{pid}/documents/uploads",
                   {"category": category, "content_type": content_type, "filename": filename, **extra}, as_user=who)
    assert res.status == 201, res
    return res.json


def upload(intent, payload: bytes, content_type="application/pdf"):
    """What the browser does with the presigned POST: the fields, then the file last."""
    res = requests.post(intent["upload"]["url"], data=intent["upload"]["fields"],
                        files={"file": ("upload", payload, content_type)}, timeout=30)
    assert res.status_code in (200, 204), res.text
    return res


def register(api, pid, who, key):
    return api.post(f"/patients/{pid}/documents", {"key": key}, as_user=who)


def all_documents(api, pid):
    return api.get(f"/patients/{pid}/documents?include_deleted=true&limit=100", as_user="nurse").json["items"]


def stored(key):
    from chalicelib import storage

    return storage.stored(key)


def test_patient_uploads_lists_and_downloads_a_document(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", filename="C:\\scans\\Referral letter.pdf", category="letter")
    assert intent["key"] == f"patients/{pid}/{intent['document_id']}"
    assert "Referral" not in intent["key"]
    payload = samples.pdf("Referral to cardiology")
    upload(intent, payload)
    done = register(api, pid, "alex", intent["key"])
    assert done.status == 201, done
    assert done.json["title"] == "Referral letter.pdf" and done.json["size"] == len(payload)
    assert done.json["status"] == "available" and done.json["shared_with_patient"] is True

    listed = api.get(f"/patients/{pid}/documents", as_user="alex").json["items"]
    assert listed[0]["document_id"] == intent["document_id"]
    link = api.get(f"/patients/{pid}/documents/{intent['document_id']}/download", as_user="alex")
    assert link.status == 200, link
    assert parse_qs(urlsplit(link.json["url"]).query)["X-Amz-Expires"] == ["60"]
    fetched = requests.get(link.json["url"], timeout=30)
    assert fetched.content == payload
    assert "attachment" in fetched.headers["Content-Disposition"]
    assert register(api, pid, "alex", intent["key"]).status == 422  # once only


def test_presigned_post_carries_the_size_and_type_conditions(api, demo):
    intent = start(api, demo["alex"], "alex", category="photo_id", content_type="image/jpeg", filename="id.jpg")
    policy = json.loads(base64.b64decode(intent["upload"]["fields"]["policy"]))
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert {"key": intent["key"]} in policy["conditions"]


def test_a_12_mb_file_is_refused_and_nothing_is_recorded(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex")
    upload(intent, b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024))
    res = register(api, pid, "alex", intent["key"])
    assert res.status == 422 and res.error["field"] == "file"
    assert "10 MB" in res.error["message"]
    assert intent["document_id"] not in {d["document_id"] for d in all_documents(api, pid)}
    assert stored(intent["key"]) is None
    assert register(api, pid, "alex", intent["key"]).status == 422
    log = api.get(f"/patients/{pid}/access-log?limit=20", as_user="alex").json["items"]
    about = [e for e in log if e["resource_id"] == intent["document_id"]]
    assert [e["description"] for e in about] == ["Alex Morgan (patient) started a document upload"]


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_recorded(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", filename="invoice.pdf")
    upload(intent, EXE)
    res = register(api, pid, "alex", intent["key"])
    assert res.status == 422 and res.error["field"] == "file"
    assert intent["document_id"] not in {d["document_id"] for d in all_documents(api, pid)}
    assert stored(intent["key"]) is None


def test_declared_type_must_match_the_bytes(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", category="photo_id", content_type="image/png", filename="id.png")
    upload(intent, JPEG, "image/png")
    assert register(api, pid, "alex", intent["key"]).status == 422


def test_heic_photos_are_accepted(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", category="photo_id", content_type="image/heic", filename="IMG_0001.HEIC")
    upload(intent, HEIC, "image/heic")
    assert register(api, pid, "alex", intent["key"]).status == 201


def test_a_file_uploaded_to_another_patients_key_is_refused(api, demo):
    sams = start(api, demo["sam"], "jordan", filename="school form.pdf")
    upload(sams, samples.pdf("Sam's form"))
    # Alex, under his own record, with Sam's key: outside his prefix.
    mine = register(api, demo["alex"], "alex", sams["key"])
    assert mine.status == 422 and mine.error["field"] == "key"
    # Alex, under Sam's record: not his patient.
    assert register(api, demo["sam"], "alex", sams["key"]).status == 404
    # Jordan, under her own record, with her child's key.
    assert register(api, demo["jordan"], "jordan", sams["key"]).status == 422
    # Nothing was recorded for Alex or Jordan, and Sam's upload is intact.
    assert sams["document_id"] not in {d["document_id"] for d in all_documents(api, demo["alex"])}
    assert sams["document_id"] not in {d["document_id"] for d in all_documents(api, demo["jordan"])}
    assert register(api, demo["sam"], "jordan", sams["key"]).status == 201


def test_a_key_not_issued_by_an_intent_is_refused(api, demo):
    from chalicelib import storage
    from chalicelib.ids import sortable_id

    pid = demo["alex"]
    key = f"patients/{pid}/{sortable_id()}"
    storage.put(key, samples.pdf(), "application/pdf")
    res = register(api, pid, "alex", key)
    assert res.status == 422 and res.error["field"] == "key"
    # Someone else's intent for the same patient is not yours to register either.
    staff_intent = start(api, pid, "nurse", category="letter")
    upload(staff_intent, samples.pdf())
    assert register(api, pid, "alex", staff_intent["key"]).status == 422


def test_registration_before_the_upload_arrives_can_be_retried(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex")
    early = register(api, pid, "alex", intent["key"])
    assert early.status == 422 and early.error["field"] == "key"
    upload(intent, samples.pdf())
    assert register(api, pid, "alex", intent["key"]).status == 201


def test_staff_documents_are_shared_explicitly_and_the_patient_is_told(api, demo, mailbox):
    pid = demo["alex"]
    intent = start(api, pid, "nurse", category="imaging_report", filename="Chest X-ray report.pdf")
    upload(intent, samples.pdf("Chest X-ray: no acute findings"))
    done = register(api, pid, "nurse", intent["key"]).json
    assert done["shared_with_patient"] is False
    doc = intent["document_id"]
    assert doc not in {d["document_id"] for d in api.get(f"/patients/{pid}/documents", as_user="alex").json["items"]}
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404
    assert api.post(f"/patients/{pid}/documents/{doc}/share", {}, as_user="alex").status == 404
    assert api.post(f"/patients/{pid}/documents/{doc}/share", {}, as_user="front_desk").status == 403
    sent_before = {m["id"] for m in mailbox.messages()}

    shared = api.post(f"/patients/{pid}/documents/{doc}/share", {}, as_user="provider")
    assert shared.status == 200 and shared.json["shared_with_patient"] is True
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 200
    home = api.get(f"/patients/{pid}/home", as_user="alex").json
    assert f"document-shared:{doc}" not in {i["id"] for i in home["attention"]}  # cleared by the download
    new = [m for m in mailbox.messages() if m["id"] not in sent_before]
    assert "alex.morgan@example.org" in {m["to"] for m in new}
    assert not any("x-ray" in (m["subject"] + m["body_text"]).lower() for m in new)


def test_deleting_hides_and_keeps(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", category="other", filename="old.pdf")
    upload(intent, samples.pdf())
    doc = register(api, pid, "alex", intent["key"]).json["document_id"]
    staff_doc = next(d for d in api.get(f"/patients/{pid}/documents", as_user="alex").json["items"]
                     if d["uploaded_side"] == "staff")
    assert api.delete(f"/patients/{pid}/documents/{staff_doc['document_id']}", as_user="alex").status == 403

    assert api.delete(f"/patients/{pid}/documents/{doc}", as_user="alex").status == 200
    assert doc not in {d["document_id"] for d in api.get(f"/patients/{pid}/documents", as_user="alex").json["items"]}
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="alex").status == 404
    kept = next(d for d in all_documents(api, pid) if d["document_id"] == doc)
    assert kept["deleted"] is True
    assert api.get(f"/patients/{pid}/documents/{doc}/download", as_user="nurse").status == 200
    from chalicelib.models.document import Document

    assert stored(Document.get(pid, doc).s3_key) is not None  # the checked copy that is served


def test_office_staff_see_identity_documents_only(api, demo):
    pid = demo["alex"]
    desk = api.get(f"/patients/{pid}/documents?limit=100", as_user="front_desk").json["items"]
    assert desk and {d["category"] for d in desk} <= {"insurance_card", "photo_id"}
    card = next(d for d in desk if d["category"] == "insurance_card")
    assert api.get(f"/patients/{pid}/documents/{card['document_id']}/download", as_user="billing").status == 200
    clinical = next(d for d in api.get(f"/patients/{pid}/documents?limit=100", as_user="nurse").json["items"]
                    if d["category"] not in ("insurance_card", "photo_id"))
    assert api.get(f"/patients/{pid}/documents/{clinical['document_id']}/download",
                   as_user="front_desk").status == 403
    res = api.post(f"/patients/{pid}/documents/uploads", {"category": "letter", "content_type": "application/pdf",
                                                          "filename": "x.pdf"}, as_user="front_desk")
    assert res.status == 403
    bad = api.post(f"/patients/{pid}/documents/uploads", {"category": "exe", "content_type": "application/pdf",
                                                          "filename": "x.pdf"}, as_user="alex")
    assert bad.status == 400 and bad.error["field"] == "category"


def test_the_bucket_answers_the_browsers_cors_preflight(api, demo):
    intent = start(api, demo["alex"], "alex")
    res = requests.options(intent["upload"]["url"], headers={
        "Origin": "http://portal.test", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, timeout=10)
    assert res.status_code == 200
    assert res.headers.get("Access-Control-Allow-Origin") in ("http://portal.test", "*")
    assert "POST" in res.headers.get("Access-Control-Allow-Methods", "")
