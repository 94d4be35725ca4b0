"""Identity and every access rule. The one place that says who may do what.

Tokens: Cognito access tokens verified by us (signature against the pool JWKS,
issuer, client, token_use, expiry, maximum age) because Chalice's built-in
Cognito authorizer is not enforced locally or in tests.

Access: a patient reaches their own record and the records they hold an
active proxy grant for; staff reach patients by role. Any other patient id
answers 404 (NotFoundError), so ids cannot be probed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from chalicelib import clock
from chalicelib.config import STAFF_ROLES, get_settings
from chalicelib.errors import ForbiddenError, NotFoundError, UnauthenticatedError

ALL_STAFF = frozenset(STAFF_ROLES)
CLINICAL = frozenset({"provider", "nurse", "admin"})
DESK = frozenset({"front_desk", "admin"})
CHART_KEEPERS = frozenset({"provider", "nurse", "front_desk", "admin"})
CLINICIANS = frozenset({"provider", "nurse"})
OFFICE = frozenset({"front_desk", "billing"})
BILLING = frozenset({"billing", "admin"})


@dataclass(frozen=True)
class Rule:
    """Who may use a permission: staff roles, the patient themself, and which proxies."""

    staff: frozenset[str]
    patient: bool = False
    proxy: str | None = None  # "any" (full or limited grant), "full", or None


# Patient-compartment permissions: checked with authorize_patient().
PATIENT_RULES: dict[str, Rule] = {
    "demographics.read": Rule(ALL_STAFF, patient=True, proxy="any"),
    "demographics.update": Rule(CHART_KEEPERS, patient=True, proxy="full"),
    # A legal name is corrected by the practice (it checks the ID); the directory follows.
    "demographics.rename": Rule(CHART_KEEPERS),
    "preferences.update": Rule(DESK, patient=True, proxy="full"),
    "access_log.read": Rule(frozenset({"admin"}), patient=True, proxy="full"),
    "proxy.read": Rule(CHART_KEEPERS, patient=True, proxy="full"),
    # Staff ask for a grant, record a patient's written consent and revoke; only the
    # patient themself approves or declines a request in the portal (never a proxy).
    "proxy.manage": Rule(DESK),
    "proxy.consent": Rule(frozenset(), patient=True),
    "invitation.send": Rule(CHART_KEEPERS),
    "account.unlock": Rule(DESK),
    # "It's in the portal" (issue 15): whoever takes the patient's call sees what the portal
    # holds for them (kinds and counts, no contents) and sends the PHI-free pointer.
    "portal.nudge": Rule(CHART_KEEPERS),
    # ---- health record (issue 3) ----
    # Clinical details (problems, medications, allergies, notes, visit summaries,
    # clinical documents) are read by the clinicians who treat the patient, the
    # patient and full proxies. Front desk, billing and the practice admin run the
    # office, not the chart: they do not need them (minimum necessary). Limited
    # proxies (scheduling helpers, parents of teens) see demographics only.
    "health.read": Rule(CLINICIANS, patient=True, proxy="full"),
    "health.write": Rule(CLINICIANS),
    # Corrections and refill requests come from the patient side and are decided by clinicians.
    "health.request": Rule(frozenset(), patient=True, proxy="full"),
    "health.review": Rule(CLINICIANS),
    "visit_summaries.read": Rule(CLINICIANS, patient=True, proxy="full"),
    "visit_summaries.write": Rule(CLINICIANS),
    # Holding a summary from the patient is a clinical judgement (Cures Act harm
    # exception): the provider's, and the provider's to lift.
    "visit_summaries.hold": Rule(frozenset({"provider"})),
    # Documents come in two classes (see document_permission): clinical ones follow
    # the clinical rules; identity documents (insurance card, photo ID) are also
    # handled by the front desk (check-in) and billing (claims), and so is the scanned
    # form of a patient's consent to a proxy (issue 9: the front desk records it; the
    # practice admin, who sees no documents, records consent by reference). write = upload and
    # delete; the patient side deletes only what it uploaded (services/documents.py).
    "documents.read": Rule(CLINICIANS, patient=True, proxy="full"),
    "documents.write": Rule(CLINICIANS, patient=True, proxy="full"),
    "documents.share": Rule(CLINICIANS),
    "id_documents.read": Rule(CLINICIANS | OFFICE, patient=True, proxy="full"),
    "id_documents.write": Rule(CLINICIANS | OFFICE, patient=True, proxy="full"),
    "id_documents.share": Rule(CLINICIANS | OFFICE),
    # The patient home is the patient side's own view; each item on it is filtered
    # again by the permission of its feature (services/home.py).
    "home.read": Rule(frozenset(), patient=True, proxy="any"),
    # Right of access: the patient or a full proxy downloads the whole record.
    # Staff copies for a patient go through the chart, not this export.
    "record.export": Rule(frozenset(), patient=True, proxy="full"),
    # ---- appointments (issue 5) ----
    # Booking, cancelling and rescheduling are routine office tasks: the patient,
    # any proxy (a limited proxy is often the one who drives to the visit), and
    # staff who keep the schedule. Billing sees visits (statements) but books none.
    "appointments.read": Rule(ALL_STAFF, patient=True, proxy="any"),
    "appointments.book": Rule(CHART_KEEPERS, patient=True, proxy="any"),
    # Arrived / fulfilled / no-show are recorded by the practice only.
    "appointments.status": Rule(CHART_KEEPERS),
    # Requests are approved or declined by the front desk (by email or console).
    "appointments.approve": Rule(DESK),
    # ---- statements and payments (issue 13) ----
    # Billing staff and the practice admin run the money. The patient and full proxies
    # read statements and pay. Limited proxies do not: statement lines name services
    # and CPT codes (clinical, and a teen's confidential visit would show on them);
    # whoever holds the paper statement can still pay it through guest pay.
    "billing.read": Rule(BILLING, patient=True, proxy="full"),
    "billing.pay": Rule(frozenset(), patient=True, proxy="full"),
    # ---- test results (issue 12) ----
    # Results follow the clinical rules: clinicians, the patient and full proxies
    # (limited proxies and parents of teens with a limited grant do not see them).
    "results.read": Rule(CLINICIANS, patient=True, proxy="full"),
    # Point-of-care results (strep, A1c, urine dip) are entered in the chart by clinicians.
    "results.write": Rule(CLINICIANS),
    "results.review": Rule(CLINICIANS),
    # Holding a result is the provider's clinical judgement (Cures Act harm exception).
    "results.hold": Rule(frozenset({"provider"})),
    # "Wait for my clinician's review" is the patient's own choice (or a full proxy's).
    "results.preferences": Rule(frozenset(), patient=True, proxy="full"),
    # ---- messaging (issue 11) ----
    # Conversations with the care team: the patient and every proxy (a limited proxy
    # only on topics marked limited: appointments and billing, see authorize_thread),
    # staff of any role, narrowed to the pools their role works. Internal notes,
    # assignment and closing are the practice's.
    "messages.read": Rule(ALL_STAFF, patient=True, proxy="any"),
    "messages.write": Rule(ALL_STAFF, patient=True, proxy="any"),
    "messages.manage": Rule(ALL_STAFF),
    # What a limited proxy must not even hear of: a conversation on a clinical topic
    # (its home card and notices; the thread itself answers 404 to them).
    "messages.clinical": Rule(ALL_STAFF, patient=True, proxy="full"),
    # ---- before the visit (issue 17) ----
    # eCheck-in reviews medications and allergies, so it is the patient's or a full
    # proxy's; the chart keepers read what was done (the front desk's review view shows
    # clinical changes only as "sent to the clinicians", see services/checkin).
    "checkin.read": Rule(CHART_KEEPERS, patient=True, proxy="full"),
    "checkin.write": Rule(frozenset(), patient=True, proxy="full"),
    # Questionnaire answers are clinical (PHQ-9): clinicians, the patient, full proxies.
    "questionnaires.read": Rule(CLINICIANS, patient=True, proxy="full"),
    "questionnaires.answer": Rule(frozenset(), patient=True, proxy="full"),
    "questionnaires.send": Rule(CLINICIANS),
    # "Followed up" on a flagged answer (PHQ-9 item 9): a clinician's act, recorded with who and when.
    "questionnaires.follow_up": Rule(CLINICIANS),
    # Consent signatures (and their PDFs) run the office as well as the clinic.
    "consents.read": Rule(CHART_KEEPERS, patient=True, proxy="full"),
    # Contact changes proposed at check-in are reviewed by the front desk.
    "demographics.review": Rule(DESK),
}

# Practice-wide staff permissions: checked with require().
STAFF_RULES: dict[str, frozenset[str]] = {
    "patients.create": CHART_KEEPERS,
    # Rollout tools (issue 15): the admin imports the practice system's patients, invites in batches.
    "patients.import": frozenset({"admin"}),
    "problems.manage": frozenset({"admin"}),
    "patients.search": ALL_STAFF,
    "audit.search": frozenset({"admin"}),
    "practice.update": frozenset({"admin"}),
    "review_queue.read": frozenset({"provider", "nurse"}),
    "reports.holds": frozenset({"admin"}),
    # Staff accounts: invite, roles, deactivate (services/staff.py).
    "staff.manage": frozenset({"admin"}),
    # A clinician's own visit-summary templates (services/summary_templates.py).
    "summary_templates.manage": CLINICIANS,
    # ---- appointments (issue 5) ----
    "scheduling.setup": DESK,
    "schedule.read": CHART_KEEPERS,
    "appointment_requests.read": DESK,
    # ---- statements and payments (issue 13) ----
    "statements.import": BILLING,
    "statements.search": BILLING,
    "payments.export": BILLING,
    # ---- test results (issue 12) ----
    "results.inbox": CLINICIANS,
    # Uploading a lab's file and matching an unmatched result to a patient: the chart keepers.
    "results.ingest": CHART_KEEPERS,
    "results.match": CHART_KEEPERS,
    "interface_accounts.manage": frozenset({"admin"}),
    # The practice's plain-language test names: the admin, and providers who know the tests.
    "results.names": frozenset({"admin", "provider"}),
    # ---- messaging (issue 11) ----
    "inbox.read": ALL_STAFF,  # narrowed to the caller's pools by authorize_pool
    "quick_replies.practice": frozenset({"admin", "provider", "nurse"}),  # practice-wide templates
    "messaging.metrics": frozenset({"admin"}),
    # ---- before the visit (issue 17) ----
    "forms.read": ALL_STAFF,  # the practice's questionnaires and consent forms
    "forms.manage": frozenset({"admin"}),  # publish a questionnaire or a consent version
    # ---- the staff workspace (issue 14) ----
    # "Today": every staff member's landing page; each card is built only for the role
    # it belongs to and shows patient data only where that role's own page would.
    "today.read": ALL_STAFF,
    # ---- practice success (issue 15): the adoption dashboard, counts only ----
    "adoption.read": frozenset({"admin", "provider"}),
}

# Who reads why a visit was booked (the reason can be clinical): the patient, full proxies,
# clinicians and the front desk who book. Not limited proxies, billing or a non-clinical admin.
VISIT_REASON_STAFF = frozenset({"provider", "nurse", "front_desk"})


def sees_visit_reason(caller: Caller, patient_id: str) -> bool:
    if caller.is_staff:
        return bool(caller.roles & VISIT_REASON_STAFF)
    if caller.patient_id == patient_id:
        return True
    grant = active_grant(caller, patient_id)
    return grant is not None and grant.scope == "full"


# Insurance cards, photo IDs and signed proxy consent forms run the office; every other
# category is clinical.
ID_DOCUMENT_CATEGORIES = frozenset({"insurance_card", "photo_id", "proxy_consent"})


def document_permission(category: str, action: str) -> str:
    """The permission for `action` (read, write, share) on a document of `category`."""
    return f"{'id_documents' if category in ID_DOCUMENT_CATEGORIES else 'documents'}.{action}"


@dataclass(frozen=True)
class Caller:
    """The signed-in user of one request, built once from the authorizer context."""

    user_id: str
    email: str
    display_name: str
    roles: frozenset[str]
    patient_id: str | None = None
    request_id: str | None = None
    source_ip: str | None = None
    scope: str | None = None  # interface accounts only: the route family they may use
    route: str | None = None  # "GET /patients/{patient_id}": what a refusal is recorded against
    _grants: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & ALL_STAFF)

    @property
    def primary_role(self) -> str:
        for role in ("admin", "provider", "nurse", "front_desk", "billing", "patient", "interface", "guest"):
            if role in self.roles:
                return role
        return "unknown"


def may_lift_hold(caller: Caller, held_by: str | None) -> bool:
    """A hold is a clinical judgement: lifted by the provider who placed it, or by a
    provider who is also the practice administrator (a colleague away, a dispute).
    Never by a nurse, office staff or an administrator who is not a provider."""
    if "provider" not in caller.roles:
        return False
    return caller.user_id == held_by or "admin" in caller.roles


def require(caller: Caller, permission: str) -> None:
    """Practice-wide staff action (search the directory, edit the practice...)."""
    allowed = STAFF_RULES[permission]
    if not caller.roles & allowed:
        refused = ForbiddenError("Your role does not allow this action.")
        _record_denial(caller, None, permission, refused)
        raise refused


def _record_denial(caller: Caller, patient_id: str | None, permission: str, refused: Exception) -> None:
    """Refusals are how probing shows: audited (audit.record_denial), logged, counted."""
    from chalicelib import audit

    audit.record_denial(caller, patient_id, permission, "not_found" if isinstance(refused, NotFoundError)
                        else "forbidden")


def authorize_patient(caller: Caller, patient_id: str, permission: str) -> str:
    """Allow `caller` to use `permission` on `patient_id`, or raise (and record the refusal).

    Returns how access was granted: "staff", "self" or "proxy". Patients who are
    not allowed on this id get NotFoundError (404), never a hint it exists.
    """
    decision = _decide(caller, patient_id, permission)
    if isinstance(decision, Exception):
        _record_denial(caller, patient_id, permission, decision)
        raise decision
    return decision


def _decide(caller: Caller, patient_id: str, permission: str) -> str | ForbiddenError | NotFoundError:
    rule = PATIENT_RULES[permission]
    if caller.is_staff:
        if caller.roles & rule.staff:
            return "staff"
        return ForbiddenError("Your role does not allow this action.")
    if caller.patient_id and caller.patient_id == patient_id:
        if rule.patient:
            return "self"
        return ForbiddenError("This action is done by the practice.")
    grant = active_grant(caller, patient_id)
    if grant is None:
        return NotFoundError("Patient not found.")
    if rule.proxy == "any" or (rule.proxy == "full" and grant.scope == "full"):
        return "proxy"
    return ForbiddenError("Your proxy access does not include this.")


def authorize_interface(caller: Caller, scope: str, staff_permission: str | None = None) -> None:
    """An integration route: the interface account of `scope`, or (where the same work is
    also done by hand, e.g. uploading a lab's file) staff with `staff_permission`."""
    if "interface" in caller.roles:
        if caller.scope == scope:
            return
        raise ForbiddenError("This interface account is not for this route.")
    if staff_permission and caller.is_staff:
        require(caller, staff_permission)
        return
    raise ForbiddenError("Your role does not allow this action.")
def authorize_pool(caller: Caller, pool_roles) -> None:
    """A staff member works a messaging pool when one of their roles is among its roles."""
    if not caller.roles & frozenset(pool_roles):
        raise ForbiddenError("This conversation belongs to another team's inbox.")


def authorize_thread(caller: Caller, patient_id: str, permission: str, pool_roles,
                     limited_topic: bool) -> str:
    """authorize_patient for one conversation: staff must work its pool; a limited proxy
    reaches only limited topics (others answer 404 like a missing thread)."""
    how = authorize_patient(caller, patient_id, permission)
    if how == "staff":
        authorize_pool(caller, pool_roles)
    elif how == "proxy" and not limited_topic and active_grant(caller, patient_id).scope != "full":
        raise NotFoundError("Conversation not found.")
    return how


def proxy_scope(caller: Caller, patient_id: str) -> str | None:
    """"full" or "limited" for a proxy caller on patient_id (after authorize_patient), else None."""
    grant = None if caller.is_staff or caller.patient_id == patient_id else active_grant(caller, patient_id)
    return grant.scope if grant else None


def may(caller: Caller, patient_id: str, permission: str) -> bool:
    """authorize_patient as a yes/no, for filtering what an allowed caller sees (not a refusal)."""
    return not isinstance(_decide(caller, patient_id, permission), Exception)


@dataclass(frozen=True)
class ActiveGrant:
    """A proxy grant that gives access today, with the scope it gives today."""

    grantee_id: str
    patient_id: str
    scope: str  # full | limited: the granted scope, narrowed by the age bands
    relationship: str | None = None


def active_grant(caller: Caller, patient_id: str) -> ActiveGrant | None:
    """The caller's proxy grant for patient_id if it gives access today (one GetItem, memoised)."""
    if patient_id in caller._grants:
        return caller._grants[patient_id]
    from chalicelib.models.proxy_grant import ProxyGrant

    grant = None
    try:
        item = ProxyGrant.get(caller.user_id, patient_id)
        scope = grant_scope(item)
        if scope:
            grant = ActiveGrant(item.grantee_id, item.patient_id, scope, item.relationship)
    except ProxyGrant.DoesNotExist:
        pass
    caller._grants[patient_id] = grant
    return grant


# ---- delegation with consent and age bands (issue 9) ----------------------
# A grant to an adult is `pending` until the patient approves it in the portal or staff
# record written consent; declined or lapsed requests give nothing. A grant to a minor's
# parent or guardian needs no consent and follows the age bands, counted in the
# practice's days: under 12 the grant as given; 12 to 17 at most the practice's
# `teen_proxy_access` level (default limited); from the 18th birthday nothing (the daily
# job ends it and invites the young adult, but this check does not wait for the job).
TEEN_AGE = 12
ADULT_AGE = 18
TEEN_LEVELS = ("limited", "full")


def teen_proxy_access() -> str:
    from chalicelib.services.practice import current_settings

    level = current_settings().get("teen_proxy_access")
    return level if level in TEEN_LEVELS else "limited"


def grant_status(grant, today: date | None = None) -> str:
    """pending | active | declined | revoked | expired | ended, as of the practice's `today`."""
    day = (today or clock.today()).isoformat()
    if grant.revoked_at:
        return "revoked"
    if grant.ended_at or (grant.minor_birth_date and clock.age(grant.minor_birth_date, date.fromisoformat(day))
                          >= ADULT_AGE):
        return "ended"
    status = grant.status or "active"  # grants made before consent existed stay as they were
    if status == "pending":
        return "expired" if grant.request_expires_on and day > grant.request_expires_on else "pending"
    if status != "active":
        return status
    if grant.expires_at and day > grant.expires_at:
        return "expired"
    return "active"


def grant_scope(grant, today: date | None = None) -> str | None:
    """The access a grant gives on the practice's `today`: None, "limited" or "full"."""
    today = today or clock.today()
    if grant_status(grant, today) != "active":
        return None
    if grant.minor_birth_date and clock.age(grant.minor_birth_date, today) >= TEEN_AGE:
        return "full" if grant.scope == "full" and teen_proxy_access() == "full" else "limited"
    return grant.scope


def grant_is_active(grant, today: date | None = None) -> bool:
    return grant_status(grant, today) == "active"


# ---- token verification -------------------------------------------------


@functools.cache
def _jwks_client():
    import jwt  # lazy: PyJWT + cryptography cost ~100 ms of cold start

    return jwt.PyJWKClient(get_settings().jwks_url, cache_keys=True, lifespan=3600, timeout=5)


def verify_access_token(token: str) -> dict:
    """Verify a Cognito access token; return its claims or raise UnauthenticatedError."""
    import jwt

    settings = get_settings()
    try:
        signing_key = _jwks_client().get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            signing_key.key,
            algorithms=["RS256"],
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "iss", "sub", "token_use"]},
        )
    except jwt.PyJWTError as exc:  # includes unsigned (alg none), bad signature, expired
        raise UnauthenticatedError("Invalid or expired token.") from exc
    if claims.get("token_use") != "access":
        raise UnauthenticatedError("Invalid or expired token.")
    if claims.get("client_id") != settings.user_pool_client_id:
        raise UnauthenticatedError("Invalid or expired token.")
    # Our own ceiling on token age, so an idle session ends even where the
    # identity provider issues longer tokens (moto issues one-hour tokens).
    if clock.epoch() > int(claims["iat"]) + settings.access_token_minutes * 60:
        raise UnauthenticatedError("Invalid or expired token.")
    return claims


def principal_context(token: str) -> dict:
    """What the authorizer hands to the request: verified identity plus the User row.

    One GetItem per request. Refuses disabled users and tokens issued before the
    user's last sign-out (sign-out revokes).
    """
    from chalicelib.models.user import User

    claims = verify_access_token(token)
    try:
        user = User.get(claims["sub"])
    except User.DoesNotExist as exc:
        raise UnauthenticatedError("Unknown user.") from exc
    if user.status != "active":
        raise UnauthenticatedError("Account disabled.")
    from chalicelib.services.sessions import still_valid

    if not still_valid(claims, user):
        raise UnauthenticatedError("Session ended.")
    return {
        "user_id": user.user_id,
        "email": user.email,
        "display_name": user.display_name,
        "roles": ",".join(sorted(user.roles or [])),
        "patient_id": user.patient_id or "",
        "mfa_enabled": user.mfa_enabled or "false",
    }


def caller_from_context(context: dict, request_id: str | None, source_ip: str | None) -> Caller:
    if not context or not context.get("user_id"):
        raise UnauthenticatedError("Sign in required.")
    return Caller(
        user_id=context["user_id"],
        email=context.get("email", ""),
        display_name=context.get("display_name", ""),
        roles=frozenset(r for r in context.get("roles", "").split(",") if r),
        patient_id=context.get("patient_id") or None,
        request_id=request_id,
        source_ip=source_ip,
    )


# ---- interface accounts (machine credentials) -----------------------------
# A lab interface (issue 12) or a billing system (issue 13) sends
# "Authorization: Bearer <account id>.<secret>" (or HTTP Basic with the same two
# parts). The account id names its scope, so a results credential cannot reach
# billing routes; the secret is stored only as an HMAC and shown once.


def secret_hash(secret: str) -> str:
    import hashlib
    import hmac

    return hmac.new(get_settings().signing_secret.encode(), secret.encode(), hashlib.sha256).hexdigest()


def parse_interface_credential(header: str) -> tuple[str, str]:
    import base64
    import binascii

    header = (header or "").strip()
    if header.lower().startswith("basic "):
        try:
            account_id, _, secret = base64.b64decode(header[6:].strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        return account_id, secret
    account_id, _, secret = header.removeprefix("Bearer ").strip().partition(".")
    return account_id, secret


def interface_caller(header: str, scope: str, request_id: str | None = None,
                     source_ip: str | None = None) -> Caller:
    """Verify an interface account's credential for `scope` (one GetItem) or raise 401."""
    import hmac

    from chalicelib import clock
    from chalicelib.models.interface_account import InterfaceAccount

    account_id, secret = parse_interface_credential(header)
    denied = UnauthenticatedError("Invalid interface credentials.")
    if not account_id.startswith(f"{scope}-") or not secret or len(account_id) > 80:
        raise denied
    try:
        account = InterfaceAccount.get(scope, account_id)
    except InterfaceAccount.DoesNotExist:
        raise denied from None
    offered = secret_hash(secret)
    current = hmac.compare_digest(offered, account.secret_hash)
    previous = bool(account.previous_hash) and hmac.compare_digest(offered, account.previous_hash) \
        and clock.epoch() < float(account.previous_valid_until or 0)
    if account.status != "active" or not (current or previous):
        raise denied
    return Caller(user_id=account.account_id, email="", display_name=account.name,
                  roles=frozenset({"interface"}), request_id=request_id, source_ip=source_ip, scope=scope)
