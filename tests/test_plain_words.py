"""What a patient reads when a form is wrong: sentences for people, not schema paths, and
every problem of the form at once, each named by its field."""
from __future__ import annotations


def test_a_correction_without_the_allergys_name_says_so_in_words(api, demo):
    res = api.post(f"/patients/{demo['alex']}/corrections",
                   {"kind": "allergies", "action": "add", "fields": {"reaction": "hives"}}, as_user="alex")
    assert res.status == 400
    assert res.error["field"] == "fields.substance" and res.error["message"] == "Enter the allergy's name."
    too_long = api.post(f"/patients/{demo['alex']}/corrections",
                        {"kind": "allergies", "action": "add", "fields": {"substance": "x" * 201}}, as_user="alex")
    assert too_long.error["message"] == "The allergy's name can be at most 200 characters."


def test_an_upload_of_another_kind_of_file_names_the_kinds_it_takes(api, demo):
    res = api.post(f"/patients/{demo['alex']}/documents/uploads",
                   {"category": "form", "content_type": "text/plain", "filename": "notes.txt"}, as_user="alex")
    assert res.status == 400 and res.error["field"] == "content_type"
    assert res.error["message"] == "Upload a PDF, JPEG, PNG or HEIC file."


def test_every_problem_of_the_contact_form_comes_back_at_once_each_at_its_field(api, demo):
    res = api.patch(f"/patients/{demo['priya']}/contact", {
        "email": "priya @example.org", "phone": "555-0101",
        "address": {"line1": "", "city": "Springfield", "state": "IL", "postal_code": "6270", "country": "US"}},
        as_user="priya")
    assert res.status == 400
    assert res.error["errors"] == [
        {"field": "email", "message": "Enter an email address like name@example.com."},
        {"field": "phone", "message": "Enter a phone number with its area code, for example (312) 555-0101."},
        {"field": "address.line1", "message": "Enter the street address."},
        {"field": "address.postal_code", "message": "Enter a ZIP code of 5 digits, like 62704 (or 62704-1234)."},
    ]
    assert (res.error["field"], res.error["message"]) == ("email", "Enter an email address like name@example.com.")
    after = api.get(f"/patients/{demo['priya']}", as_user="priya").json
    assert after.get("email") != "priya @example.org"  # nothing half written


def test_a_us_zip_code_is_five_digits_and_other_countries_keep_theirs(api, demo):
    address = {"line1": "9 Oak St", "city": "Springfield", "state": "IL", "country": "US"}
    for good in ("62704", "62704-1234"):
        res = api.patch(f"/patients/{demo['priya']}/contact", {"address": {**address, "postal_code": good}},
                        as_user="priya")
        assert res.status == 200, res
    bad = api.patch(f"/patients/{demo['priya']}/contact", {"address": {**address, "postal_code": "ABCDE"}},
                    as_user="priya")
    assert bad.status == 400 and bad.error["field"] == "address.postal_code"
    canada = {**address, "state": "ON", "country": "CA", "postal_code": "K1A 0B1"}
    assert api.patch(f"/patients/{demo['priya']}/contact", {"address": canada}, as_user="priya").status == 200


def test_sign_in_activation_and_codes_ask_in_words(api):
    empty = api.post("/auth/sign-in", {})
    assert [e["message"] for e in empty.error["errors"]] == [
        "Enter an email address like name@example.com.", "Enter your password."]
    activate = api.post("/auth/activate", {"code": "", "birth_date": "23/04/1980"})
    assert [(e["field"], e["message"]) for e in activate.error["errors"]] == [
        ("code", "Enter the activation code."), ("birth_date", "Enter your date of birth as a date."),
        ("password", "Enter a new password.")]
    token = api.token("alex")
    code = api.post("/auth/mfa/verify", {"code": "12ab"}, token=token)
    assert code.error["message"] == "Enter the 6-digit code your authenticator app shows."
