"""Export jobs (issue 16): the queue the API puts jobs on and the export worker reads,
its dead-letter queue and alarm, and the worker's limits.

The worker (@on_sqs_message "export-worker", chalicelib/handlers/jobs.py) is the only
function with the PDF layer (infra/package.py) and the memory and time a 100x record
needs; the API function stays small. Messages carry ids only (no PHI): SQS-managed
encryption, no grant on the stack key.
"""
from __future__ import annotations

from chalicelib.config import export_queue_name
from infra.inbound_mail import ALARM_TOPIC
from infra.template import Context, Fragment, get_att, ref

QUEUE = "ExportQueue"
DLQ = "ExportDeadLetterQueue"
DLQ_ALARM = "ExportDeadLetterAlarm"
WORKER_NAME = "export-worker"  # chalicelib.handlers.jobs.EXPORT_WORKER
WORKER_TIMEOUT = 300  # .chalice/config.json lambda_functions.export-worker.lambda_timeout
# Lambda's advice: a visibility timeout of six times the function's timeout.
VISIBILITY_TIMEOUT = 6 * WORKER_TIMEOUT
MAX_RECEIVES = 3  # a message the worker crashed on (timeout, out of memory) three times waits in the DLQ
# At most this many exports are made at once: PDFs are CPU heavy, and a burst of exports
# must not take the account's Lambda slots (or DynamoDB's reads) from the API.
WORKER_CONCURRENCY = 2
# The API function's cap (a parameter: a new account's whole concurrency may be 10, and
# reserving must leave 10 unreserved).
API_CONCURRENCY = "ApiReservedConcurrency"


def fragment(ctx: Context) -> Fragment:
    return Fragment(
        parameters={API_CONCURRENCY: {
            "Type": "Number", "Default": 50, "MinValue": 1, "MaxValue": 900,
            "Description": "Concurrent executions reserved (and capped) for the API function; the account "
                           "must keep 10 unreserved"}},
        resources={
            QUEUE: {"Type": "AWS::SQS::Queue", "Properties": {
                # The name the app's @on_sqs_message reads (chalicelib.config.export_queue_name).
                "QueueName": export_queue_name(),
                "VisibilityTimeout": VISIBILITY_TIMEOUT,
                "MessageRetentionPeriod": 24 * 3600,  # a job is reported failed long before
                "SqsManagedSseEnabled": True,
                "RedrivePolicy": {"deadLetterTargetArn": get_att(DLQ, "Arn"), "maxReceiveCount": MAX_RECEIVES},
            }},
            DLQ: {"Type": "AWS::SQS::Queue",
                  "Properties": {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True}},
            DLQ_ALARM: {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                "AlarmDescription": "An export job crashed its worker three times: see docs/performance.md",
                "Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [{"Name": "QueueName", "Value": get_att(DLQ, "QueueName")}],
                "Statistic": "Maximum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching",
                "AlarmActions": [ref(ALARM_TOPIC)]}},
        },
        outputs={"ExportDeadLetterQueueUrl": {"Value": ref(DLQ), "Description": "Export jobs that crashed"}},
        policy=[
            {"Sid": "StartExports", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": get_att(QUEUE, "Arn")},
            # Lambda's event source mapping reads the queue with the worker's role.
            {"Sid": "ReadExportQueue", "Effect": "Allow",
             "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
             "Resource": get_att(QUEUE, "Arn")},
        ],
        environment={"EXPORT_QUEUE_URL": ref(QUEUE)},
    )


def harden_function(template: dict, name: str, function: dict) -> None:
    """The export worker: at most WORKER_CONCURRENCY at once (the SQS event source's
    scaling, which does not throttle-and-retry as a reserved cap would); the API
    function: its reserved concurrency (bind_functions calls this)."""
    props = function["Properties"]
    for event in (props.get("Events") or {}).values():
        if event.get("Type") == "SQS" and export_queue_name() in str(event["Properties"].get("Queue")):
            event["Properties"]["ScalingConfig"] = {"MaximumConcurrency": WORKER_CONCURRENCY}
            props["ReservedConcurrentExecutions"] = WORKER_CONCURRENCY + 1
    if name == "APIHandler" and API_CONCURRENCY in template.get("Parameters", {}):
        props["ReservedConcurrentExecutions"] = ref(API_CONCURRENCY)
