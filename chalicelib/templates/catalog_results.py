"""Test results (issue 12). Never the test's name, its value or the patient's name:
only that a result is waiting (the link opens it after sign-in)."""
from __future__ import annotations

from chalicelib.templates import notice, staff

TEMPLATES = {
    "new_result": notice(
        "You have a new test result from {{ practice_name }}",
        "Hello,\n\nYou have a new test result from {{ practice_name }} in your patient portal.",
        button="See your result",
        sms="{{ practice_name }}: you have a new test result in your patient portal. {{ link }}"),
    "result_comment": notice(
        "Your clinician commented on a test result",
        "Hello,\n\nYour clinician at {{ practice_name }} added a note to one of your test results.",
        button="Read the note",
        sms="{{ practice_name }}: your clinician added a note to a test result. {{ link }}"),
    "critical_result_staff": staff(
        "A critical result needs your attention (ref {{ reference }})",
        "Hello,\n\nA lab result you ordered has a critical value and needs your attention now "
        "(reference {{ reference }}).",
        button="Open it in the staff console", variables={"reference"}),
}
