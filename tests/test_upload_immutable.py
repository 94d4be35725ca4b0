"""The file a patient or staff member downloads is the file that was checked (security
review, finding 5): registration copies the checked object to a key no upload form can
write, on condition it is still the object checked, and deletes the upload."""
from __future__ import annotations

import pytest
import requests

from tests.test_documents import EXE, register, start, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_reposting_the_upload_form_after_registration_changes_nothing_served(api, demo):
    pid = demo["alex"]
    intent = start(api, pid, "alex", category="photo_id", content_type="image/png", filename="card.png")
    upload(intent, PNG, "image/png")
    assert register(api, pid, "alex", intent["key"]).status == 201
    upload(intent, EXE, "image/png")  # the form is still valid for 15 minutes

    for who in ("alex", "front_desk"):
        link = api.get(f"/patients/{pid}/documents/{intent['document_id']}/download", as_user=who)
        assert link.status == 200, link
        assert requests.get(link.json["url"], timeout=30).content == PNG, who


def test_the_upload_key_is_not_what_is_served(api, demo):
    from chalicelib import storage
    from chalicelib.models.document import Document

    pid = demo["alex"]
    intent = start(api, pid, "alex", category="photo_id", content_type="image/png", filename="card.png")
    upload(intent, PNG, "image/png")
    assert register(api, pid, "alex", intent["key"]).status == 201
    kept = Document.get(pid, intent["document_id"]).s3_key
    assert kept != intent["key"] and kept.startswith(storage.CHECKED_PREFIX)
    assert storage.stored(intent["key"]) is None  # the upload itself is gone


def test_an_object_changed_after_the_check_is_not_kept(api, demo):
    from chalicelib import storage

    pid = demo["alex"]
    intent = start(api, pid, "alex", category="photo_id", content_type="image/png", filename="card.png")
    upload(intent, PNG, "image/png")
    _, _, etag = storage.stored(intent["key"])
    upload(intent, PNG + b"changed", "image/png")
    with pytest.raises(storage.ChangedError):
        storage.keep(intent["key"], etag)
