"""The corpus: raw replies as real clients write them (tests/fixtures/replies, one file
each), run through the production path (S3 object, SES notification over SNS, the
app's handler), each with the outcome a person would expect. 0 false approvals, 0 crashes.

Placeholders in the files: {{TO}} the reply address signed for Frank, {{FROM}} Frank's
address, {{MSGID}} a fresh Message-ID, {{REF}} the request's reference."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from devserver.inbound import deliver
from tests.appointment_helpers import emails_to
from tests.test_inbound_email import request_mail  # noqa: F401  (the fixture: a fresh request and its email)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "replies"
FRANK = "frank.ortiz@example.org"
BOOKED, UNCHANGED = "booked", "unchanged"
IGNORED = "ignored: auto-reply"


def declined(reason: str) -> tuple[str, str]:
    return ("declined", reason)


# file -> (router outcome, what happens to the request, delivery options)
EXPECTED = {
    "gmail_web_approve.eml": ("done", BOOKED, {}),
    "gmail_android_approved.eml": ("done", BOOKED, {}),
    "outlook_desktop_decline_signature.eml": (
        "done", declined("Dr. Chen is out that week. Please choose another day in the portal."), {}),
    "outlook_web_html_only_approve.eml": ("done", BOOKED, {}),
    "outlook_ios_approve.eml": ("done", BOOKED, {}),
    "apple_mail_bottom_posted_approve.eml": ("done", BOOKED, {}),
    "iphone_decline_reason_below.eml": (
        "done", declined("She needs a longer visit for this. Please call us so we can book one."), {}),
    "thunderbird_bottom_posted_decline.eml": (
        "done", declined("the clinic is closed that afternoon for training."), {}),
    "yahoo_approve.eml": ("done", BOOKED, {}),
    "samsung_decline.eml": ("done", declined("we are closed on the 17th, please pick another day"), {}),
    "ok_thanks.eml": ("done", BOOKED, {}),
    "emoji_nbsp_approve.eml": ("done", BOOKED, {}),
    "crlf_line_endings_approve.eml": ("done", BOOKED, {}),
    "encoded_from_name_approve.eml": ("done", BOOKED, {}),
    "decline_with_disclaimer.eml": (
        "done", declined("Dr. Chen is away that day. Please book with Dr. Patel instead."), {}),
    # odd charsets fall back safely
    "windows_874_thai_approve.eml": ("done", BOOKED, {}),
    "iso_8859_8_i_hebrew_decline.eml": (
        "done", declined("\u05d4\u05e8\u05d5\u05e4\u05d0 \u05dc\u05d0 \u05e0\u05de\u05e6\u05d0 (the doctor is away)"), {}),
    "mislabelled_utf8_is_latin1_decline.eml": ("done", declined("le m\u00e9decin est absent ce jour-l\u00e0"), {}),
    "unknown_charset_approve.eml": ("done", BOOKED, {}),
    "broken_mime_no_end_boundary.eml": ("done", BOOKED, {}),
    # not a command: the sender is asked to choose, nothing changes
    "conditional_approve_if.eml": ("refused", UNCHANGED, {}),
    "negated_do_not_approve.eml": ("refused", UNCHANGED, {}),
    "question_approve.eml": ("refused", UNCHANGED, {}),
    "approve_but_later_line.eml": ("refused", UNCHANGED, {}),
    "two_verbs.eml": ("refused", UNCHANGED, {}),
    "decline_without_reason.eml": ("refused", UNCHANGED, {}),
    "quoted_only_no_new_text.eml": ("refused", UNCHANGED, {}),
    "sure_sounds_good.eml": ("refused", UNCHANGED, {}),
    "attachment_named_approve.eml": ("refused", UNCHANGED, {}),
    "huge_single_line_64k.eml": ("refused", UNCHANGED, {}),
    "html_only_64k_unclosed_tags.eml": ("refused", UNCHANGED, {}),
    # automatic mail: ignored silently
    "auto_reply_out_of_office.eml": (IGNORED, UNCHANGED, {}),
    "exchange_automatic_reply.eml": (IGNORED, UNCHANGED, {}),
    "precedence_bulk.eml": (IGNORED, UNCHANGED, {}),
    "delivery_status_notification.eml": (IGNORED, UNCHANGED, {"source": ""}),
    # authentication
    "dmarc_fail_approve.eml": ("rejected: not authenticated", UNCHANGED,
                               {"verdicts": {"dmarc": "FAIL", "spf": "PASS", "dkim": "PASS"}}),
    "forwarded_to_colleague_approve.eml": ("refused", UNCHANGED, {}),
    "stranger_with_valid_token.eml": ("rejected: unknown sender", UNCHANGED, {}),
}
OWNER_TOLD = {"forwarded_to_colleague_approve.eml", "stranger_with_valid_token.eml"}
SILENT = {name for name, (outcome, _, _) in EXPECTED.items() if not outcome.startswith(("done", "refused"))}


def test_every_fixture_has_an_expected_outcome():
    assert sorted(p.name for p in FIXTURES.glob("*.eml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_client_reply_gets_the_outcome_a_person_expects(name, api, demo, mailbox, request_mail):
    from chalicelib.models.appointment import Appointment

    outcome_expected, effect, options = EXPECTED[name]
    appt = request_mail["appointment"]
    raw = (FIXTURES / name).read_bytes()
    for key, value in {"{{TO}}": request_mail["mail"]["reply_to"], "{{FROM}}": FRANK,
                       "{{MSGID}}": f"{uuid.uuid4().hex}@mail.example.org",
                       "{{REF}}": appt["appointment_id"][-6:].upper()}.items():
        raw = raw.replace(key.encode(), value.encode())
    senders = {"forwarded_to_colleague_approve.eml": "ada.admin@example.org",
               "stranger_with_valid_token.eml": "frank.ortiz.personal@example.net"}
    sender = senders.get(name, FRANK)
    before = {a: len(emails_to(mailbox, a)) for a in (FRANK, sender)}

    started = time.perf_counter()
    outcome = deliver(raw, **options)  # a crash fails here
    assert time.perf_counter() - started < 5.0  # the whole path, moto included; parsing alone is < 1 s

    assert outcome == outcome_expected, name
    now = Appointment.get(demo["priya"], appt["appointment_id"])
    if effect == BOOKED:
        assert now.status == "booked"
    elif effect == UNCHANGED:
        assert now.status == "proposed", f"{name} changed the request"  # never a false approval
    else:
        assert now.status == "cancelled" and now.decline_reason == effect[1]
        confirmation = emails_to(mailbox, FRANK)[0]
        assert confirmation["subject"].startswith("Declined:") and effect[1] in confirmation["body_text"]
    if name in SILENT and name not in OWNER_TOLD:
        assert len(emails_to(mailbox, sender)) == before[sender], "automatic or forged mail gets no answer"
    if outcome == "refused":
        answer = emails_to(mailbox, sender)[0]
        assert answer["subject"] == "Your reply was not acted on"
    if name in OWNER_TOLD:
        told = emails_to(mailbox, FRANK)
        assert told[0]["subject"] == "Someone else replied to a portal email sent to you"


@pytest.mark.parametrize("name", ["huge_single_line_64k.eml", "html_only_64k_unclosed_tags.eml"])
def test_the_slow_parse_cases_finish_in_under_a_second(name):
    from chalicelib.inbound import clean, grammar, mail

    raw = (FIXTURES / name).read_bytes()
    started = time.perf_counter()
    new = clean.new_text(mail.body_text(mail.parse(raw)))
    with pytest.raises(grammar.Unclear):
        grammar.read_command(new, ("approve", "decline"), "")
    assert time.perf_counter() - started < 1.0
