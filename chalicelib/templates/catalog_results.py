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
        "(reference {{ reference }}{% if count and count != '1' %}, with {{ count }} results in all{% endif %}).\n\n"
        "{% if expires_on %}When you have acted, you can reply to this email: on the first line write the word "
        "reviewed, or the word comment followed by the note the patient will read. This reply address works for "
        "you only until {{ expires_on }}.{% endif %}",
        button="Open it in the staff console", replies_read=True, variables={"reference", "count", "expires_on"}),
    # Review by email (the "results" workflow of chalicelib/inbound): no patient, no test.
    "results_review_staff": staff(
        "{{ count }} result{{ 's' if count != '1' else '' }} to review (ref {{ reference }})",
        "Hello,\n\n{{ count }} result{{ 's' if count != '1' else '' }} of one of your patients "
        "{{ 'are' if count != '1' else 'is' }} waiting for your review (reference {{ reference }}).\n\n"
        "To act on {{ 'them' if count != '1' else 'it' }}, reply to this email. On the first line write the word "
        "reviewed, or the word comment followed by the note the patient will read next to the results.\n\n"
        "This reply address works for you only until {{ expires_on }}.",
        button="Open the results inbox", replies_read=True, variables={"count", "reference", "expires_on"}),
    "results_reviewed_staff": staff(
        "Reviewed: results {{ reference }}",
        "Done: {{ count }} result{{ 's' if count != '1' else '' }} (reference {{ reference }}) marked reviewed.",
        button="Open the results inbox", variables={"count", "reference"}),
    "results_commented_staff": staff(
        "Commented: results {{ reference }}",
        "Done: {{ count }} result{{ 's' if count != '1' else '' }} (reference {{ reference }}) marked reviewed "
        "and the patient was told there is a note. When they sign in, the patient reads exactly this:\n\n"
        "{{ patient_reads }}",
        button="Open the results inbox", variables={"count", "reference", "patient_reads"}),
}
