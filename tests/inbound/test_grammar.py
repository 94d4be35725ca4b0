"""The one command grammar: what people actually write, and what must never approve."""
from __future__ import annotations

import time

import pytest

from chalicelib.inbound.clean import for_patient, new_text
from chalicelib.inbound.grammar import Unclear, read_command

VERBS = ("approve", "decline")


def command(text: str):
    return read_command(new_text(text), VERBS, "Write approve or decline.", "Frank Ortiz")


@pytest.mark.parametrize("text", [
    "approve", "Approve", "APPROVED!", "  approved.  ", "Yes", "yes please", "OK", "ok 👍", "Okay, thanks!",
    "\u00a0Approve\u00a0", "👍 approve", "Approve\n\nThanks,\nFrank", "Approved\n\nFrank Ortiz\nFront desk",
    "approve\n\nSent from my iPhone", "\n\n\napprove", "Approve.\n\n-- \nFrank Ortiz | Maple Street",
])
def test_the_usual_ways_of_saying_approve(text):
    assert command(text).verb == "approve"


@pytest.mark.parametrize("text", [
    "approve if she can come in the morning", "don't approve", "Do not approve", "approve?", "Approve??",
    "yes?", "approve but move it to 3 pm", "approve only after insurance is checked", "not approved",
    "maybe approve", "Approve\n\nactually wait, let me check", "approve\ndecline the doctor is away",
    "Sure, sounds good", "I'd approve it", "no idea", "ok if dr chen agrees", "", "👍",
    "Approve... unless Dr. Chen is out",
])
def test_conditional_negated_or_questioning_replies_are_not_approvals(text):
    with pytest.raises(Unclear):
        if command(text).verb == "approve":
            raise AssertionError("approved")
        raise Unclear("declined instead", "")


@pytest.mark.parametrize("text, reason", [
    ("decline the doctor is away", "the doctor is away"),
    ("Decline: Dr. Chen is away that day.", "Dr. Chen is away that day."),
    ("Declined - please book a telehealth visit instead", "please book a telehealth visit instead"),
    ("decline\n\nDr. Chen is not in on Fridays.\nPlease pick another day.\n\nThanks,\nFrank",
     "Dr. Chen is not in on Fridays.\nPlease pick another day."),
    ("No. We need a longer visit for this; please call us.\n\nSent from my iPhone",
     "We need a longer visit for this; please call us."),
    ("decline — ---\nThe clinic is closed that day", "The clinic is closed that day"),
])
def test_a_decline_reason_on_the_same_line_or_below_comes_out_clean(text, reason):
    got = command(text)
    assert got.verb == "decline" and got.text == reason


def test_the_quoted_original_never_counts():
    quoted = "\n\nOn Fri, Nov 27, 2026 at 9:12 AM Maple Street <no-reply@x.example> wrote:\n> approve\n> decline"
    with pytest.raises(Unclear):
        command("Thanks, will look later" + quoted)
    with pytest.raises(Unclear):
        command(quoted)  # nothing new at all
    assert command("approve" + quoted).verb == "approve"


def test_bottom_posted_replies_read_the_text_below_the_quote():
    body = "On Fri, Nov 27, 2026 at 9:12 AM Maple Street wrote:\n> Visit request\n> approve or decline\n\nApproved"
    assert command(body).verb == "approve"


def test_an_outlook_header_cuts_the_unquoted_original():
    body = ("decline we are closed\n\n________________________________\nFrom: Maple Street <no-reply@x>\n"
            "Sent: Friday, November 27, 2026 9:12 AM\nTo: Frank\nSubject: Visit request\n\nReply approve")
    assert command(body).text == "we are closed"


def test_a_reason_that_mentions_from_is_not_cut():
    assert command("decline\nFrom: Monday on we are closed for two weeks").text.startswith("From: Monday")


def test_disclaimers_and_device_lines_never_reach_the_patient():
    text = ("Please call us to pick a time.\n\nCONFIDENTIALITY NOTICE: This e-mail is intended only for the "
            "named recipient and may contain privileged information.")
    assert for_patient(text) == "Please call us to pick a time."
    assert for_patient("Call us.\nGet Outlook for iOS") == "Call us."


@pytest.mark.parametrize("body", ["On " * 22000, "x" * 65536, "> " * 32000, "On Mon, " * 8000,
                                  ("a" * 100 + "\n") * 650, "From: " * 10000, "approve " * 8000])
def test_cleaning_and_reading_a_64_kb_message_is_linear(body):
    started = time.perf_counter()
    try:
        command(body)
    except Unclear:
        pass
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("html", ["<" * 65536, "<a " * 20000, '<a href="' * 8000, "</" * 30000, "<!--" * 16000,
                                  "<div " + 'a="b" ' * 10000, "<p>x</p><blockquote>" * 3000, "&amp;" * 12000])
def test_reading_64_kb_of_hostile_html_is_linear(html):
    """html.parser took minutes on "<a <a <a ..."; the reply's HTML goes through our own scanner."""
    from chalicelib.inbound.html import to_text

    started = time.perf_counter()
    new_text(to_text(html))
    assert time.perf_counter() - started < 1.0


def test_html_quotes_and_reply_containers_are_marked():
    from chalicelib.inbound.html import to_text

    assert to_text('<div dir="ltr">Approve</div><div class="gmail_quote">On x wrote:<blockquote>approve'
                   '</blockquote></div>') == "Approve\n-----Original Message-----"
    assert to_text("<p>Decline</p><p>She needs &amp; a longer<br>visit</p><blockquote type=cite>quoted<br>more"
                   "</blockquote><p>after</p><script>approve()</script>") == \
        "Decline\nShe needs & a longer\nvisit\n> quoted\n> more\nafter"


def test_signature_lines_with_a_title_and_dash_initials_are_removed():
    assert for_patient("Please call us.\n\nFrank Ortiz | Front Desk Coordinator\nMaple Street", "Frank Ortiz") \
        == "Please call us."
    assert for_patient("Please call us.\n\nCheers\n-F", "Frank Ortiz") == "Please call us."
    assert for_patient("Frank Ortiz will call you tomorrow.", "Frank Ortiz") == "Frank Ortiz will call you tomorrow."
