"""The daily age-band job for a minor's parents and guardians (issue 9).

The access check (auth.grant_scope) already narrows a grant on the 12th birthday and
refuses it from the 18th, whether or not this job ran. The job makes the change a
record: it audits the narrowing and the end, tells the people concerned, and invites the
young adult to their own account. Only grants in the sparse band index whose change day
has come are read; each change is claimed with a condition, so a second run does nothing.
"""
from __future__ import annotations

from datetime import date

from pynamodb.exceptions import UpdateError

from chalicelib import audit, clock
from chalicelib.auth import ADULT_AGE, TEEN_AGE, teen_proxy_access
from chalicelib.errors import PortalError
from chalicelib.models._base import iso_now
from chalicelib.models.proxy_grant import ProxyGrant
from chalicelib.observability import logger
from chalicelib.services.patients import load
from chalicelib.services.proxy import birthday, tell, user_or_none

PAGE = 100


def run(today: date | None = None) -> dict:
    today = today or clock.today()
    counts = {"narrowed": 0, "ended": 0, "invited": 0, "unwatched": 0}
    last_key = None
    while True:
        page = ProxyGrant.band_index.query("minor", ProxyGrant.band_change_on <= today.isoformat(),
                                           limit=PAGE, last_evaluated_key=last_key)
        keys = [(g.grantee_id, g.patient_id) for g in page]
        for item in ProxyGrant.batch_get(keys) if keys else []:
            _step(item, today, counts)
        last_key = page.last_evaluated_key
        if not last_key:
            break
    logger.info("proxy age bands", extra=counts)
    return counts


def _claim(item: ProxyGrant, actions: list) -> bool:
    try:
        item.update(actions=actions, condition=ProxyGrant.band_change_on == item.band_change_on)
        return True
    except UpdateError:
        return False  # another run took it


def _step(item: ProxyGrant, today: date, counts: dict) -> None:
    if item.revoked_at or item.status != "active" or not item.minor_birth_date:
        _claim(item, [ProxyGrant.band_watch.remove(), ProxyGrant.band_change_on.remove()])
        counts["unwatched"] += 1
        return
    years = clock.age(item.minor_birth_date, today)
    if years >= ADULT_AGE:
        if not _claim(item, [ProxyGrant.ended_at.set(iso_now()), ProxyGrant.ended_reason.set("age_18"),
                             ProxyGrant.band_watch.remove(), ProxyGrant.band_change_on.remove()]):
            return
        audit.record(None, item.patient_id, "end", "proxy-grant", item.grantee_id)
        grantee = user_or_none(item.grantee_id)
        patient = load(item.patient_id)
        tell(patient, grantee, "end")
        counts["ended"] += 1
        counts["invited"] += _invite_young_adult(patient, grantee)
        return
    narrow = years >= TEEN_AGE and item.scope == "full" and teen_proxy_access() == "limited"
    actions = [ProxyGrant.band_change_on.set(birthday(item.minor_birth_date, ADULT_AGE).isoformat())]
    if narrow:
        actions.append(ProxyGrant.narrowed_at.set(iso_now()))
    if _claim(item, actions) and narrow:
        audit.record(None, item.patient_id, "narrow", "proxy-grant", item.grantee_id)
        tell(load(item.patient_id), user_or_none(item.grantee_id), "narrow", patient_too=False)
        counts["narrowed"] += 1


def _invite_young_adult(patient, grantee) -> int:
    """At 18 the patient gets their own account, unless they have one (or an open
    invitation). Never at an address the ending guardian uses: that inbox would get the
    young adult's account; the practice updates the email and invites by hand."""
    if patient.account_status in ("active", "invited") or not patient.email:
        return 0
    if grantee is not None and patient.email.lower() == grantee.email.lower():
        logger.info("young adult not invited: email is the guardian's", extra={"patient_id": patient.patient_id})
        return 0
    from chalicelib.services import invitations

    try:
        invitations.invite(None, patient.patient_id)
    except PortalError:
        logger.exception("young adult invitation failed", extra={"patient_id": patient.patient_id})
        return 0
    return 1
