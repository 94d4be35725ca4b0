"""Practice success (issue 15): a patient's small firsts and the staff's weekly wins.

No PHI: the patient notes name no visit, reason or result; the weekly email carries counts,
durations, pool names and clinician names only (never a patient's)."""
from __future__ import annotations

from chalicelib.templates import notice, staff

TEMPLATES = {
    "first_sign_in": notice(
        "Welcome to the {{ practice_name }} patient portal",
        "Hello,\n\nYou are signed in to your {{ practice_name }} patient portal for the first time. From here you "
        "can book and change visits, send the care team a message, see your results when they are released, "
        "and pay a statement online.\n\nThank you for joining us online.",
        button="Open your portal", proxies=None),
    "first_online_booking": notice(
        "You booked your first visit online with {{ practice_name }}",
        "Hello,\n\nYou just booked your first visit with {{ practice_name }} online. Nice work: next time it takes "
        "a minute, at any hour. You can see, change or cancel your visits in the portal.",
        button="See your visits", proxies=None),
    "record_complete": notice(
        "Your record with {{ practice_name }} is up to date",
        "Hello,\n\nYou finished your first online check-in: the details the care team reads before your visit "
        "are now up to date. Thank you. Next time, check-in takes a minute from your phone.",
        button="Open your portal", proxies=None),
    "weekly_wins": staff(
        "{{ practice_name }} portal: this week's wins",
        "Hello team,\n\nHere is how the portal did in the week of {{ week }}.\n\n"
        "{{ wins }}"
        "{% if milestones %}\n\nMilestones: {{ milestones }}{% endif %}"
        "{% if look_at %}\n\nOne thing to look at: {{ look_at }}{% endif %}"
        "{% if problems %}\n\n{{ problems }}{% endif %}"
        "\n\nThank you for bringing your patients online.",
        button="Open the adoption dashboard", variables={"week", "wins", "milestones", "look_at", "problems"}),
}
