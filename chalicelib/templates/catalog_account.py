"""Account mail (invitation, reset, security notices) and the general patient notices."""
from __future__ import annotations

from chalicelib.templates import account, notice

# What a security notice may say changed: a fixed set of PHI-free words.
SECURITY_CHANGES = {"email": "email address", "phone": "mobile phone number", "password": "password",
                    "mfa": "two-step sign-in setting"}

# Proxy changes in fixed, PHI-free words.
PROXY_CHANGES = {"grant": "given", "revoke": "removed from", "decline": "not given",
                 "narrow": "moved to limited", "end": "removed, as the patient turned 18, from"}

TEMPLATES = {
    "invitation": account(
        "Your invitation to the {{ practice_name }} patient portal",
        "Hello,\n\n{{ practice_name }} has invited you to its patient portal, where you can see your health "
        "information and reach the practice at any hour.\n\n"
        "Your activation code: {{ code }}\n\n"
        "You will be asked for this code and your date of birth. The code works once and expires on "
        "{{ expires_on }}.",
        button="Activate your account", variables={"code", "expires_on"},
        sms="{{ practice_name }} invites you to its patient portal: {{ link }}"),
    "password_reset": account(
        "Reset your {{ practice_name }} portal password",
        "Hello,\n\nSomeone asked to reset the password of your {{ practice_name }} patient portal account.\n\n"
        "Your reset code: {{ code }}\n\nThe code expires in {{ minutes }} minutes. If you did not ask for this, "
        "you can ignore this message; your password has not changed.",
        button="Reset your password", variables={"code", "minutes"}),
    "password_changed": account(
        "Your {{ practice_name }} portal password was changed",
        "Hello,\n\nThe password of your {{ practice_name }} patient portal account was just changed.\n\n"
        "If this was not you, call the practice{% if practice_phone %} at {{ practice_phone }}{% endif %} "
        "right away.",
        button="Sign in"),
    "security_notice": account(
        "Your {{ practice_name }} portal {{ changed }} was changed",
        "Hello,\n\nThe {{ changed }} of your {{ practice_name }} patient portal account was just changed.\n\n"
        "If this was you, there is nothing to do. If it was not, call the practice"
        "{% if practice_phone %} at {{ practice_phone }}{% endif %} right away.",
        button="Review your account", variables={"changed"},
        sms="{{ practice_name }}: your portal {{ changed }} was changed. Not you? Call us."),
    # Proxy access given or removed (issue 9): told to the patient and to the caregiver.
    # `change` is one of PROXY_CHANGES; no names (who it was is in the portal).
    "proxy_access_changed": account(
        "Access to your {{ practice_name }} portal record changed",
        "Hello,\n\nSomeone was {{ change }} access to your record in the {{ practice_name }} patient portal. "
        "Your account page lists who can act for you.\n\nIf this is not what you expected, call the practice"
        "{% if practice_phone %} at {{ practice_phone }}{% endif %}.",
        button="Review your account", variables={"change"}),
    "proxy_access_yours": account(
        "Your access to a record in the {{ practice_name }} portal changed",
        "Hello,\n\nYou were {{ change }} access to a patient's record in the {{ practice_name }} patient "
        "portal.\n\nIf this is not what you expected, call the practice"
        "{% if practice_phone %} at {{ practice_phone }}{% endif %}.",
        button="Sign in", variables={"change"}),
    # Delegation with consent (issue 9): someone asked for access to an adult's record; only
    # the patient's approval in the portal (or their signed form at the practice) starts it.
    "proxy_consent_requested": account(
        "Someone asked for access to your {{ practice_name }} portal record",
        "Hello,\n\nThe practice was asked to give another person access to your record in the "
        "{{ practice_name }} patient portal. Nothing is shared unless you agree.\n\n"
        "Sign in to see who asked, and approve or decline. The request lapses on {{ expires_on }}.\n\n"
        "If you did not expect this, decline it and call the practice"
        "{% if practice_phone %} at {{ practice_phone }}{% endif %}.",
        button="Approve or decline", variables={"expires_on"}),
    "proxy_request_waiting": account(
        "Your access to a record in the {{ practice_name }} portal is waiting for approval",
        "Hello,\n\nThe practice asked for you to get access to a patient's record in the {{ practice_name }} "
        "patient portal. It starts when that patient approves it in the portal or signs a consent form at the "
        "practice; you will get an email then.",
        button="Sign in"),
    # Exports (issue 16): the file the requester asked for is made; the link opens the page
    # that offers it (a short-lived download link, after sign-in). Never the record itself.
    "record_export_ready": account(
        "Your record export is ready",
        "Hello,\n\nThe copy of the health record you asked for in the {{ practice_name }} patient portal is "
        "ready to download. Sign in to download it; it is kept for one day.",
        button="Download your record"),
    "new_item": notice(
        "Something new is waiting in your {{ practice_name }} portal",
        "Hello,\n\nYou have something new from {{ practice_name }} in your patient portal.",
        button="Sign in to see it",
        sms="{{ practice_name }}: something new is waiting in your patient portal. {{ link }}"),
    # Health record (issue 3): a correction or refill request was decided. Which one,
    # and the answer, are only in the portal.
    "request_decided": notice(
        "Your request to {{ practice_name }} has an answer",
        "Hello,\n\n{{ practice_name }} has answered a request you sent through the patient portal.",
        button="See the answer",
        sms="{{ practice_name }} has answered your portal request. {{ link }}"),
    # "It's in the portal" (issue 15): the patient called; the desk points them to the portal.
    # Only the patient (no proxy copies); what it is about is only in the portal.
    "in_portal": notice(
        "The information you asked about is in your {{ practice_name }} portal",
        "Hello,\n\nThank you for calling {{ practice_name }}. The information you asked about is in your "
        "patient portal: sign in to see it at any hour.",
        button="Open your portal",
        sms="{{ practice_name }}: what you asked about is in your portal. {{ link }}",
        proxies=None),
    # Speak up (issue 15): a problem report about the portal is resolved. What it was and the
    # reply are only in the portal.
    "problem_resolved": account(
        "Your report about the {{ practice_name }} portal is resolved",
        "Hello,\n\nThank you for telling {{ practice_name }} about a problem with the patient portal. "
        "It is resolved, and the practice's reply is in the portal.",
        button="See the reply"),
    # Answers to SMS replies (chalicelib/services/sms_replies.py). The text is what counts.
    "sms_help": account(
        "{{ practice_name }} text messages",
        "{{ practice_name }} sends portal notices by text message.",
        button="Sign in", sms="{{ practice_name }} portal notices. Replies are not read."
                              "{% if practice_phone %} Questions: {{ practice_phone }}.{% endif %}"),
    "sms_started": account(
        "{{ practice_name }} text messages are on",
        "Text messages from {{ practice_name }} are on again.",
        button="Sign in", sms="{{ practice_name }}: text messages are on again."),
}
