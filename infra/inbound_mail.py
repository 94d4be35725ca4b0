"""Inbound mail for email-triggered staff workflows (issue 5): an SES receipt rule set
whose rule stores the raw mail in a private bucket and notifies a topic; the app's
@on_sns_message("inbound-mail") function reads it (chalicelib/inbound/router.py).

Not yet in template.fragments(): appending it there adds INBOUND_DOMAIN and
INBOUND_BUCKET to the functions' environment (update the exact-environment test).
After a deploy: point the InboundDomain's MX record at inbound-smtp.<region>.amazonaws.com
and activate the rule set (`aws ses set-active-receipt-rule-set --rule-set-name <RuleSetName>`;
CloudFormation cannot: only one rule set per account and region is active).
"""
from __future__ import annotations

from chalicelib.config import inbound_topic_name
from infra.security import KEY, PRIVATE_BUCKET
from infra.template import Context, Fragment, get_att, ref, sub

DOMAIN = "InboundDomain"
BUCKET = "InboundMailBucket"
BUCKET_POLICY = "InboundMailBucketPolicy"
TOPIC = "InboundMailTopic"
TOPIC_POLICY = "InboundMailTopicPolicy"
RULE_SET = "InboundRuleSet"
RULE = "InboundRule"
DLQ = "InboundMailDeadLetterQueue"
DLQ_ALARM = "InboundMailDeadLetterAlarm"
ERRORS_ALARM = "InboundMailErrorsAlarm"
ALARM_TOPIC = "InboundMailAlarmTopic"
KEEP_DAYS = 30  # raw replies are evidence for a while, then go (the audit trail keeps the action)
KEPT_DAYS = 365  # replies the router failed on (kept/): long enough to fix and redrive
# Inbound mail is a trickle; a flood (a mail loop, a spam run that passed) must not take
# every Lambda slot of the account from the API. SNS retries throttled deliveries.
INBOUND_CONCURRENCY = 2


def fragment(ctx: Context) -> Fragment:
    objects = sub("${%s.Arn}/*" % BUCKET)
    rule_set_name = f"{ctx.app_name}-{ctx.stage}-inbound"
    rule_name = "staff-replies"
    from_ses = {"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")}}
    return Fragment(
        parameters={DOMAIN: {"Type": "String", "Description": "Where staff replies go, e.g. inbound.maple-street.example "
                                                              "(its MX record points at SES inbound)",
                             "AllowedPattern": r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"}},
        resources={
            BUCKET: {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    **PRIVATE_BUCKET,
                    "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": get_att(KEY, "Arn")},
                        "BucketKeyEnabled": True}]},
                    "LifecycleConfiguration": {"Rules": [
                        {"Id": "expire-raw-mail", "Status": "Enabled", "Prefix": "inbound/",
                         "ExpirationInDays": KEEP_DAYS},
                        {"Id": "expire-kept-mail", "Status": "Enabled", "Prefix": "kept/",
                         "ExpirationInDays": KEPT_DAYS}]},
                },
            },
            BUCKET_POLICY: {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {"Bucket": ref(BUCKET), "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "SesWritesMail", "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},
                     "Action": "s3:PutObject", "Resource": objects, "Condition": {
                         **from_ses, "ArnLike": {"aws:SourceArn": sub(
                             "arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/%s:receipt-rule/%s"
                             % (rule_set_name, rule_name))}}},
                    {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                     "Resource": [get_att(BUCKET, "Arn"), objects],
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                ]}},
            },
            TOPIC: {
                "Type": "AWS::SNS::Topic",
                # The name the app's @on_sns_message subscribes to (chalicelib.config.inbound_topic_name).
                "Properties": {"TopicName": inbound_topic_name(), "KmsMasterKeyId": ref(KEY)},
            },
            TOPIC_POLICY: {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {"Topics": [ref(TOPIC)], "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "SesNotifies", "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},
                     "Action": "sns:Publish", "Resource": ref(TOPIC), "Condition": from_ses},
                ]}},
            },
            # Events the function failed on (after Lambda's two retries) wait here; the alarm
            # tells the operators; docs/email.md says how to redrive them.
            DLQ: {"Type": "AWS::SQS::Queue",
                  # SQS-managed encryption: Lambda's delivery needs no grant on the stack key.
                  "Properties": {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True}},
            # Alarm notices carry no data; CloudWatch cannot publish to a topic under a customer key
            # without a key-policy grant, so this one stays unencrypted on purpose.
            ALARM_TOPIC: {"Type": "AWS::SNS::Topic", "Properties": {}},
            DLQ_ALARM: {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "AlarmDescription": "A staff reply could not be processed: see docs/email.md (redrive)",
                    "Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible",
                    "Dimensions": [{"Name": "QueueName", "Value": get_att(DLQ, "QueueName")}],
                    "Statistic": "Maximum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 0,
                    "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching",
                    "AlarmActions": [ref(ALARM_TOPIC)]},
            },
            RULE_SET: {"Type": "AWS::SES::ReceiptRuleSet", "Properties": {"RuleSetName": rule_set_name}},
            RULE: {
                "Type": "AWS::SES::ReceiptRule",
                "DependsOn": [BUCKET_POLICY, TOPIC_POLICY],
                "Properties": {"RuleSetName": ref(RULE_SET), "Rule": {
                    "Name": rule_name, "Enabled": True, "Recipients": [ref(DOMAIN)],
                    # Spam and virus scanning give the verdicts the router insists on.
                    "ScanEnabled": True, "TlsPolicy": "Require",
                    "Actions": [{"S3Action": {"BucketName": ref(BUCKET), "ObjectKeyPrefix": "inbound/",
                                              "TopicArn": ref(TOPIC)}}],
                }},
            },
        },
        outputs={"InboundDeadLetterQueueUrl": {"Value": ref(DLQ),
                                               "Description": "Failed inbound events; redrive: docs/email.md"},
                 "InboundAlarmTopicArn": {"Value": ref(ALARM_TOPIC),
                                          "Description": "Subscribe the operators' address to it"},
                 "InboundRuleSetName": {"Value": ref(RULE_SET),
                                        "Description": "Activate after deploy: aws ses set-active-receipt-rule-set"},
                 "InboundMx": {"Value": sub("10 inbound-smtp.${AWS::Region}.amazonaws.com"),
                               "Description": "MX record for InboundDomain"}},
        policy=[
            {"Sid": "ReadInboundMail", "Effect": "Allow", "Action": "s3:GetObject", "Resource": objects},
            # A reply the router failed on is copied under kept/ (inbound/ expires sooner).
            {"Sid": "KeepFailedInboundMail", "Effect": "Allow", "Action": "s3:PutObject",
             "Resource": sub("${%s.Arn}/kept/*" % BUCKET)},
            # Lambda sends failed async events to the dead-letter queue with the function's role.
            {"Sid": "InboundDeadLetters", "Effect": "Allow", "Action": "sqs:SendMessage",
             "Resource": get_att(DLQ, "Arn")},
            {"Sid": "ListFrontDesk", "Effect": "Allow", "Action": "cognito-idp:ListUsersInGroup",
             "Resource": get_att("UserPool", "Arn")},
        ],
        key_policy=[{
            # SES encrypts what it writes to the bucket and publishes to the topic with the stack key.
            "Sid": "SesInboundMail", "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},
            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*", "Condition": from_ses,
        }],
        environment={"INBOUND_DOMAIN": ref(DOMAIN), "INBOUND_BUCKET": ref(BUCKET)},
    )


def harden_function(template: dict, function: dict) -> None:
    """The function subscribed to the inbound topic gets the dead-letter queue and a
    concurrency cap (Chalice cannot express either; bind_functions calls this)."""
    for event in (function["Properties"].get("Events") or {}).values():
        topic = str(event.get("Properties", {}).get("Topic"))
        if event.get("Type") == "SNS" and inbound_topic_name() in topic and DLQ in template["Resources"]:
            function["Properties"]["DeadLetterQueue"] = {"Type": "SQS", "TargetArn": get_att(DLQ, "Arn")}
            function["Properties"]["ReservedConcurrentExecutions"] = INBOUND_CONCURRENCY
            return
