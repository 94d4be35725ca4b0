"""Front desk approves or declines a visit request by replying to its email, through the
production path (SES receipt -> S3 + SNS -> @on_sns_message -> router); forged, unsigned,
expired, replayed, wrong-role and unknown-sender mail changes nothing."""
from __future__ import annotations


import pytest

from chalicelib import clock

from devserver.inbound import deliver, reply_mime
from tests.appointment_helpers import book, emails_to, free_slot, visit_type

FRANK = "frank.ortiz@example.org"


@pytest.fixture
def request_mail(api, demo, mailbox):
    """A fresh pending request by Priya and the email Frank got about it."""
    vt = visit_type(api, "request")
    appt = book(api, "priya", "priya", free_slot(api, vt), vt, reason="Lump on my neck").json
    mail = emails_to(mailbox, FRANK)[0]
    assert appt["status"] == "proposed" and mail["reply_to"]
    return {"appointment": appt, "mail": mail}


def reply(request_mail, text: str, style: str = "gmail", sender: str = FRANK, to: str | None = None, **kw) -> tuple:
    mail = request_mail["mail"]
    raw = reply_mime(style, sender=sender, to=to or mail["reply_to"], subject=mail["subject"], text=text,
                     original_from=mail["from"], original_text=mail["body_text"])
    return deliver(raw, **kw), raw


def state(demo, request_mail) -> tuple:
    """Everything a reply could change: the appointment, its slot, Frank's audit trail, the dedupe table."""
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.audit import AuditEvent
    from chalicelib.models.slot import SlotCell

    appt = Appointment.get(demo["priya"], request_mail["appointment"]["appointment_id"])
    cells = [SlotCell.count(appt.provider_id, SlotCell.start == c) for c in appt.cells]
    audits = [e.event_key for e in AuditEvent.query(demo["priya"]) if e.action == "update"]
    return appt.status, appt.start, appt.decline_reason, tuple(cells), tuple(audits)


def dedupe_rows(raw: bytes) -> int:
    from email import message_from_bytes

    from chalicelib.models.inbound import InboundMessage

    return InboundMessage.count(message_from_bytes(raw)["Message-ID"])


@pytest.mark.parametrize("style", ["gmail", "apple"])
def test_replying_approve_books_the_request_and_confirms_to_both(style, api, demo, mailbox, request_mail):
    outcome, _ = reply(request_mail, "Approve", style=style)
    assert outcome == "done"
    appt_id = request_mail["appointment"]["appointment_id"]
    got = api.get(f"/patients/{demo['priya']}/appointments/{appt_id}", as_user="priya").json
    assert got["status"] == "booked" and got["start"] == request_mail["appointment"]["start"]
    confirmation = emails_to(mailbox, FRANK)[0]
    assert confirmation["subject"].startswith("Approved: visit request")
    patient_mail = emails_to(mailbox, "priya.shah@example.org")[0]
    assert patient_mail["subject"].endswith("is booked") and patient_mail["attachments"] == ["appointment.ics"]
    from chalicelib.models.audit import AuditEvent

    acted = [e for e in AuditEvent.query(demo["priya"]) if e.resource_id == appt_id and e.action == "update"]
    assert [e.actor_name for e in acted] == ["Frank Ortiz"] and acted[0].source_ip == "email"


def test_an_outlook_reply_declines_with_the_reason_the_patient_sees_in_the_portal(api, demo, mailbox, request_mail):
    outcome, _ = reply(request_mail, "Decline the doctor is away that day, please pick another time", style="outlook")
    assert outcome == "done"
    appt_id = request_mail["appointment"]["appointment_id"]
    got = api.get(f"/patients/{demo['priya']}/appointments/{appt_id}", as_user="priya").json
    assert got["status"] == "cancelled"
    assert got["decline_reason"] == "the doctor is away that day, please pick another time"
    patient_mail = emails_to(mailbox, "priya.shah@example.org")[0]
    assert patient_mail["subject"] == "About your visit request" and "away" not in patient_mail["body_text"]
    assert emails_to(mailbox, FRANK)[0]["subject"].startswith("Declined:")


@pytest.mark.parametrize("verdicts", [{"spam": "FAIL"}, {"virus": "FAIL"},
                                      {"dmarc": "FAIL"},  # refused even though SPF and DKIM pass
                                      {"dmarc": "GRAY", "spf": "FAIL", "dkim": "FAIL"}])
def test_mail_failing_authentication_changes_nothing_and_gets_no_answer(verdicts, demo, mailbox, request_mail):
    before, answers = state(demo, request_mail), len(emails_to(mailbox, FRANK))
    outcome, raw = reply(request_mail, "approve", verdicts=verdicts)
    assert outcome.startswith("rejected: ")
    assert state(demo, request_mail) == before and dedupe_rows(raw) == 0
    assert len(emails_to(mailbox, FRANK)) == answers


@pytest.mark.parametrize("sender", ["stranger@example.org", "priya.shah@example.org"])
def test_mail_from_someone_who_is_not_staff_changes_nothing(sender, demo, mailbox, request_mail):
    before = state(demo, request_mail)
    outcome, raw = reply(request_mail, "approve", sender=sender)
    assert outcome == "rejected: unknown sender"
    assert state(demo, request_mail) == before and dedupe_rows(raw) == 0
    assert all(m["subject"] != "Your reply was not acted on" for m in emails_to(mailbox, sender))  # no backscatter


def test_a_rewritten_envelope_sender_is_fine_when_dmarc_passes_for_the_from_domain(api, demo, request_mail):
    """Mail gateways rewrite the envelope (SRS, bounce addresses): DMARC vouches for From."""
    outcome, _ = reply(request_mail, "approve", source="bounces+srs=x@relay.example.net")
    assert outcome == "done"


def test_without_dmarc_the_envelope_or_a_dkim_signature_must_align_with_from(demo, request_mail):
    before = state(demo, request_mail)
    outcome, _ = reply(request_mail, "approve", source="attacker@example.net", verdicts={"dmarc": "GRAY"})
    assert outcome == "rejected: not authenticated" and state(demo, request_mail) == before


def test_a_staff_alias_reaches_its_staff_member(api, demo, request_mail, monkeypatch):
    from chalicelib.config import get_settings

    monkeypatch.setitem(get_settings().staff_aliases, "frank@frontdesk.example.org", FRANK)
    outcome, _ = reply(request_mail, "approve", sender="frank@frontdesk.example.org")
    assert outcome == "done"


def _address_for(api, who: str, appointment_id: str, expires_at: int) -> str:
    from chalicelib.inbound.tokens import reply_address

    return reply_address("appt", appointment_id, api.demo[who], expires_at)


@pytest.mark.parametrize("case, expected", [
    ("expired", "This reply address has expired."),
    ("other staff", "This reply address was issued to another staff member, or it is not valid."),
    ("tampered", "This reply address was issued to another staff member, or it is not valid."),
    ("unsigned", "Replies must go to the reply address of the portal email you are answering."),
    ("wrong role", "Your role does not allow this action."),
])
def test_a_bad_reply_address_or_role_changes_nothing_and_the_sender_is_told(case, expected, api, demo, mailbox,
                                                                             request_mail):
    appt_id = request_mail["appointment"]["appointment_id"]
    sender, to = FRANK, request_mail["mail"]["reply_to"]
    if case == "expired":
        to = _address_for(api, FRANK, appt_id, int(clock.epoch()) - 60)
    elif case == "other staff":  # Frank's address, sent by the admin (whose role could approve)
        sender = "ada.admin@example.org"
        owner_mail = len(emails_to(mailbox, FRANK))
    elif case == "tampered":
        local, domain = to.split("@")
        to = local.rsplit(".", 1)[0] + ".aaaaaaaaaaaaaaaa@" + domain
    elif case == "unsigned":
        to = "frontdesk@inbound.maple-street.example"
    elif case == "wrong role":  # a validly signed address issued to the nurse, replied by the nurse
        sender = "nina.patel@example.org"
        to = _address_for(api, sender, appt_id, int(clock.epoch()) + 3600)
    before = state(demo, request_mail)
    outcome, raw = reply(request_mail, "approve", sender=sender, to=to)
    assert outcome == "refused"
    assert state(demo, request_mail) == before and dedupe_rows(raw) == 0
    answer = emails_to(mailbox, sender)[0]
    assert answer["subject"] == "Your reply was not acted on" and expected in answer["body_text"]
    if case == "other staff":  # the owner of the address hears that someone else used it
        told = emails_to(mailbox, FRANK)
        assert len(told) == owner_mail + 1 and told[0]["subject"] == "Someone else replied to a portal email sent to you"


def test_a_replayed_message_is_acted_on_once(api, demo, mailbox, request_mail):
    outcome, raw = reply(request_mail, "approve")
    assert outcome == "done"
    after_first, answers = state(demo, request_mail), len(emails_to(mailbox, FRANK))
    assert deliver(raw) == "duplicate"
    assert state(demo, request_mail) == after_first and len(emails_to(mailbox, FRANK)) == answers


def test_a_second_reply_to_a_handled_request_changes_nothing(api, demo, mailbox, request_mail):
    assert reply(request_mail, "approve")[0] == "done"
    after = state(demo, request_mail)
    assert reply(request_mail, "decline changed my mind")[0] == "refused"
    assert state(demo, request_mail) == after
    assert "already handled" in emails_to(mailbox, FRANK)[0]["body_text"]


def test_a_reply_without_a_command_is_explained_and_a_corrected_reply_works(api, demo, mailbox, request_mail):
    before = state(demo, request_mail)
    assert reply(request_mail, "Sure, sounds good")[0] == "refused"
    assert state(demo, request_mail) == before
    answer = emails_to(mailbox, FRANK)[0]["body_text"]
    assert "The first line was not a command" in answer and "Sure, sounds good" in answer  # quotes what was read
    assert reply(request_mail, "decline")[0] == "refused"  # a decline needs its reason
    assert "Write the reason after the word decline" in emails_to(mailbox, FRANK)[0]["body_text"]
    assert reply(request_mail, "approve")[0] == "done"


def test_the_local_mailbox_reply_button_goes_through_the_same_pipeline(api, demo, mailbox, request_mail):
    assert mailbox.reply(request_mail["mail"]["id"], "approve") == "done"
    appt_id = request_mail["appointment"]["appointment_id"]
    assert api.get(f"/patients/{demo['priya']}/appointments/{appt_id}", as_user="priya").json["status"] == "booked"


def test_a_reply_that_fails_after_it_is_accepted_is_answered_once_kept_and_can_be_redriven(
        api, demo, mailbox, request_mail, monkeypatch):
    from chalicelib.aws import client
    from chalicelib.config import get_settings
    from chalicelib.inbound import mail
    from chalicelib.models.inbound import InboundMessage

    def broken(message):
        raise RuntimeError("a bug in the body reader")

    monkeypatch.setattr(mail, "body_text", broken)
    raw = reply_mime("gmail", sender=FRANK, to=request_mail["mail"]["reply_to"], subject="Re: Visit request",
                     text="approve", original_from="x", original_text="y")
    answers = len(emails_to(mailbox, FRANK))
    for attempt in range(3):  # Lambda's first try and its two retries
        with pytest.raises(RuntimeError):
            deliver(raw)
    sent = emails_to(mailbox, FRANK)
    assert len(sent) == answers + 1 and sent[0]["subject"] == "We could not read your reply"  # told once
    from email import message_from_bytes

    message_id = message_from_bytes(raw)["Message-ID"]
    assert InboundMessage.get(message_id).outcome == "failed"
    kept = client("s3").list_objects_v2(Bucket=get_settings().inbound_bucket, Prefix="kept/").get("KeyCount", 0)
    assert kept >= 1  # the raw mail outlives the inbound/ expiry
    assert state(demo, request_mail)[0] == "proposed"

    monkeypatch.undo()  # the bug is fixed; the event is redriven from the dead-letter queue
    assert deliver(raw) == "done"
    assert state(demo, request_mail)[0] == "booked" and InboundMessage.get(message_id).outcome == "done"
    assert deliver(raw) == "duplicate"


def test_auto_replies_get_no_answer_and_change_nothing(demo, mailbox, request_mail):
    mail = request_mail["mail"]
    raw = reply_mime("gmail", sender=FRANK, to=mail["reply_to"], subject=mail["subject"], text="approve",
                     original_from=mail["from"], original_text=mail["body_text"])
    raw = b"Auto-Submitted: auto-replied\r\n" + raw
    before, answers = state(demo, request_mail), len(emails_to(mailbox, FRANK))
    assert deliver(raw) == "ignored: auto-reply"
    assert state(demo, request_mail) == before and len(emails_to(mailbox, FRANK)) == answers


def test_two_requests_for_the_same_time_are_distinguishable_by_email(api, demo, mailbox, request_mail):
    from tests.appointment_helpers import visit_type as vt_of

    first = request_mail["mail"]
    vt = vt_of(api, "request")
    slot = {"start": request_mail["appointment"]["start"], "provider_id": request_mail["appointment"]["provider_id"]}
    second = book(api, "alex", "alex", slot, vt, reason="Another concern")
    if second.status not in (200, 201):
        pytest.skip("the practice does not take two requests for one slot")
    other = emails_to(mailbox, FRANK)[0]
    assert other["subject"] != first["subject"]  # a short reference tells them apart
    assert "Lump" not in first["body_text"] and "Priya" not in first["body_text"]


def test_approving_a_request_the_patient_cancelled_is_refused_with_a_clear_answer(api, demo, mailbox, request_mail):
    appt = request_mail["appointment"]
    res = api.post(f"/patients/{demo['priya']}/appointments/{appt['appointment_id']}/cancel", as_user="priya")
    assert res.status == 200
    before = state(demo, request_mail)
    assert reply(request_mail, "approve")[0] == "refused"
    assert state(demo, request_mail) == before
    answer = emails_to(mailbox, FRANK)[0]
    assert answer["subject"] == "Your reply was not acted on" and "already handled" in answer["body_text"]
    assert "What the portal read:\napprove" in answer["body_text"]


def test_approving_when_the_slot_was_taken_meanwhile_is_refused(api, demo, mailbox, request_mail):
    from tests.appointment_helpers import visit_type as vt_of

    appt = request_mail["appointment"]
    taken = book(api, "alex", "alex", {"start": appt["start"], "provider_id": appt["provider_id"]}, vt_of(api, "sick"))
    if taken.status not in (200, 201):
        pytest.skip("a pending request already holds its slot")
    before = state(demo, request_mail)
    assert reply(request_mail, "approve")[0] == "refused"
    assert state(demo, request_mail) == before
    assert emails_to(mailbox, FRANK)[0]["subject"] == "Your reply was not acted on"
