"""One PynamoDB model (one table) per module. ALL_MODELS feeds provisioning and the infra test."""
from __future__ import annotations


def all_models() -> list:
    from chalicelib.models.audit import AuditEvent
    from chalicelib.models.counter import Counter
    from chalicelib.models.notification import NotificationLog
    from chalicelib.models.one_time_code import OneTimeCode
    from chalicelib.models.patient import Patient
    from chalicelib.models.patient_name import PatientNameToken
    from chalicelib.models.practice import PracticeSection
    from chalicelib.models.proxy_grant import ProxyGrant
    from chalicelib.models.user import User

    # ---- appointments (issue 5) ----
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.idempotency import IdempotencyRecord
    from chalicelib.models.inbound import InboundMessage
    from chalicelib.models.scheduling import SchedulingItem
    from chalicelib.models.slot import SlotCell
    from chalicelib.models.waitlist import WaitlistEntry, WaitlistOffer
    appointments = [Appointment, IdempotencyRecord, InboundMessage, SchedulingItem, SlotCell, WaitlistEntry, WaitlistOffer]

    # Health record (issue 3)
    from chalicelib.models.attention import AttentionItem
    from chalicelib.models.change_request import ChangeRequest
    from chalicelib.models.document import Document
    from chalicelib.models.health import HealthEntry
    from chalicelib.models.hold import Hold
    from chalicelib.models.summary_template import SummaryTemplate
    from chalicelib.models.visit_summary import VisitSummary

    health_record = [AttentionItem, ChangeRequest, Document, HealthEntry, Hold, SummaryTemplate, VisitSummary]

    # Statements and payments (issue 13)
    from chalicelib.models.ledger import LedgerEntry
    from chalicelib.models.payment_event import PaymentEvent
    from chalicelib.models.statement import Statement
    from chalicelib.models.statement_version import StatementVersion
    from chalicelib.models.throttle import Throttle

    billing = [LedgerEntry, PaymentEvent, Statement, StatementVersion, Throttle]

    # Test results (issue 12)
    from chalicelib.models.interface_account import InterfaceAccount
    from chalicelib.models.lab_message import LabMessage
    from chalicelib.models.result_point import ResultPoint
    from chalicelib.models.result_report import ResultReport
    from chalicelib.models.result_review_batch import ResultReviewBatch
    from chalicelib.models.result_version import ResultVersion

    results = [InterfaceAccount, LabMessage, ResultPoint, ResultReport, ResultReviewBatch, ResultVersion]

    # ---- messaging (issue 11) ----
    from chalicelib.models.message import Message
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.models.quick_reply import QuickReply

    messaging = [Message, MessageThread, QuickReply]

    # ---- before the visit: questionnaires, consents, eCheck-in (issue 17) ----
    from chalicelib.models.form import PracticeForm
    from chalicelib.models.patient_form import PatientForm

    before_visit = [PracticeForm, PatientForm]

    # ---- exports (issue 16) ----
    from chalicelib.models.export_job import ExportJob

    exports = [ExportJob]

    # ---- practice success: adoption rollup (issue 15) ----
    from chalicelib.models.adoption import AdoptionItem

    from chalicelib.models.problem_report import ProblemReport

    adoption = [AdoptionItem, ProblemReport]  # and "speak up" problem reports

    return billing + [AuditEvent, Counter, NotificationLog, OneTimeCode, Patient, PatientNameToken, PracticeSection, ProxyGrant, User] + health_record + appointments + results + messaging + before_visit + exports + adoption
