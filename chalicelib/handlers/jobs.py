"""Event entry points: scheduled jobs, SNS subscriptions and the export queue. Each a few lines that
call the same services as the HTTP routes."""
from __future__ import annotations

from chalice import Blueprint, Cron, Rate

from chalicelib.config import export_queue_name, inbound_topic_name, sms_replies_topic_name

bp = Blueprint(__name__)


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="appointment-reminders")
def appointment_reminders(event):
    """Email 24 h and SMS 2 h before each visit, and the join notice 15 min before a video
    visit (every 5 minutes, so it arrives 10-15 minutes before); each reminder once
    (services/reminders.py)."""
    from chalicelib.services import reminders

    reminders.run()


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="waitlist-offers")
def waitlist_offers(event):
    """Open earlier slots offered to waitlisted patients in the order they asked
    (services/waitlist.py, issue 17)."""
    from chalicelib.services import waitlist

    waitlist.run()


@bp.schedule(Cron(0, 15, "*", "*", "?", "*"), name="statement-reminders")
def statement_reminders(event):
    """Daily (15:00 UTC: morning in US zones): reminders for unpaid statements (services/billing/reminders.py)."""
    from chalicelib.services.billing import reminders

    reminders.run()


@bp.schedule(Cron(0, 11, "*", "*", "?", "*"), name="proxy-age-bands")
def proxy_age_bands(event):
    """Daily (11:00 UTC: early morning in US zones): a minor's guardian grants narrow at 12
    and end at 18, audited and told; the young adult is invited (services/proxy_bands.py).
    The access check applies the bands itself, so a late run changes no one's access."""
    from chalicelib.services import proxy_bands

    proxy_bands.run()


@bp.schedule(Rate(15, unit=Rate.MINUTES), name="result-release")
def result_release(event):
    """Results a patient chose to see after review, unreviewed when their days ran out:
    released and the patient told (services/results/release.py, issue 12)."""
    from chalicelib.services.results import release

    release.release_due()


@bp.schedule(Rate(15, unit=Rate.MINUTES), name="message-escalation")
def message_escalation(event):
    """Flag conversations unanswered past the practice's target and email each pool's lead
    (services/messaging/jobs.py)."""
    from chalicelib.services.messaging import jobs

    jobs.escalate()


@bp.schedule(Cron(30, 6, "*", "*", "?", "*"), name="adoption-nightly")
def adoption_nightly(event):
    """Daily (06:30 UTC: after midnight in US zones): finalize the practice's yesterday in the
    adoption rollup: visits, visits by recently active patients, activation (issue 15)."""
    from chalicelib.services.adoption import nightly

    nightly.run()


@bp.schedule(Rate(15, unit=Rate.MINUTES), name="invitation-batches")
def invitation_batches(event):
    """Queued portal invitations, a batch per run within the practice's hourly rate
    (services/rollout/invite_batches.py, issue 15)."""
    from chalicelib.services.rollout import invite_batches

    invite_batches.run()


@bp.schedule(Rate(1, unit=Rate.HOURS), name="weekly-wins")
def weekly_wins(event):
    """Hourly: from Monday 07:00 practice time, last week's wins to the practice's staff,
    once per week (services/adoption/weekly.py, issue 15)."""
    from chalicelib.services.adoption import weekly

    weekly.run()


@bp.on_sns_message(topic=inbound_topic_name(), name="inbound-mail")
def inbound_mail(event):
    """SES receipt rule -> raw mail in S3 + this notification -> the inbound router."""
    from chalicelib.inbound.router import handle_notification

    return handle_notification(event.message)


@bp.on_sns_message(topic=sms_replies_topic_name(), name="sms-replies")
def sms_replies(event):
    """Two-way SMS -> this topic: STOP, START and HELP change or explain the SMS preference."""
    from chalicelib.services.sms_replies import handle_notification

    return handle_notification(event.message)


EXPORT_WORKER = "export-worker"


@bp.on_sqs_message(queue=export_queue_name(), batch_size=1, name=EXPORT_WORKER)
def export_worker(event):
    """Export jobs (issue 16): the record as FHIR or PDF, a statement PDF, made into S3.
    Its own function: the only one with the PDF layer (infra/package.py)."""
    from chalicelib.services.exports.produce import handle_message

    return [handle_message(record.body) for record in event]
