"""Outbound messaging: the SES identity for the practice's domain and the notifications topic."""
from __future__ import annotations

from chalicelib.config import sms_replies_topic_name

from infra.security import KEY
from infra.template import Context, Fragment, get_att, ref, sub

SES_DOMAIN = "SesDomain"
MAIL_FROM = "MailFromAddress"
EMAIL_IDENTITY = "EmailIdentity"
TOPIC = "NotificationsTopic"
TOPIC_POLICY = "NotificationsTopicPolicy"
SMS_REPLIES = "SmsRepliesTopic"
TLS_SET = "TlsRequiredConfigurationSet"


def fragment(ctx: Context) -> Fragment:
    outputs = {"NotificationsTopicArn": {"Value": ref(TOPIC)}}
    for n in (1, 2, 3):  # Easy DKIM: three CNAME records to publish in the domain's DNS
        outputs[f"DkimRecord{n}"] = {
            "Description": "CNAME to add to the sending domain's DNS",
            "Value": {"Fn::Join": [" CNAME ", [get_att(EMAIL_IDENTITY, f"DkimDNSTokenName{n}"),
                                              get_att(EMAIL_IDENTITY, f"DkimDNSTokenValue{n}")]]},
        }
    return Fragment(
        parameters={
            SES_DOMAIN: {"Type": "String", "Description": "The practice's sending domain, e.g. maple-street.example",
                         "AllowedPattern": r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"},
            MAIL_FROM: {"Type": "String",
                        "Description": "Sender of every portal email, an address in SesDomain",
                        "AllowedPattern": r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"},
        },
        resources={
            EMAIL_IDENTITY: {
                "Type": "AWS::SES::EmailIdentity",
                "Properties": {
                    "EmailIdentity": ref(SES_DOMAIN),
                    "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"},
                },
            },
            # Staff email that carries a patient's words (a practice setting, off by default)
            # goes out through this set: SES delivers it over TLS or not at all.
            TLS_SET: {
                "Type": "AWS::SES::ConfigurationSet",
                "Properties": {"DeliveryOptions": {"TlsPolicy": "REQUIRE"}},
            },
            TOPIC: {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": "Patient portal", "KmsMasterKeyId": ref(KEY)},
            },
            # Two-way SMS publishes replies here (STOP, START, HELP); the app's "sms-replies"
            # function subscribes by name. Point the origination number's two-way channel at it.
            SMS_REPLIES: {
                "Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": sms_replies_topic_name(), "KmsMasterKeyId": ref(KEY)},
            },
            TOPIC_POLICY: {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {"Topics": [ref(TOPIC)], "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
                    "Resource": ref(TOPIC), "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }]}},
            },
        },
        outputs=outputs,
        policy=[
            {   # Any recipient (the SES sandbox checks recipients too), only from the practice's domain.
                "Sid": "SendMail", "Effect": "Allow", "Action": ["ses:SendRawEmail"],  # notify.py sends raw MIME only
                "Resource": "*",
                "Condition": {"StringLike": {"ses:FromAddress": sub("*@${%s}" % SES_DOMAIN)}},
            },
            # Nothing publishes to the notifications topic yet (SMS go to phone numbers): no
            # statement for it until something does (the suite checks, tests/iam.py).
            {   # SMS goes straight to a phone number: SNS has no resource to scope that to.
                "Sid": "SendSms", "Effect": "Allow", "Action": "sns:Publish", "Resource": "*",
            },
            {   # START takes a number off SNS's opt-out list (account-wide, no resource).
                "Sid": "SmsOptIn", "Effect": "Allow", "Action": "sns:OptInPhoneNumber", "Resource": "*",
            },
            {   # The topic is encrypted with the stack's key.
                "Sid": "NotificationsKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": get_att(KEY, "Arn"),
                "Condition": {"StringEquals": {"kms:ViaService": sub("sns.${AWS::Region}.amazonaws.com")}},
            },
        ],
        environment={"MAIL_FROM": ref(MAIL_FROM), "NOTIFICATIONS_TOPIC_ARN": ref(TOPIC),
                     "SES_TLS_CONFIGURATION_SET": ref(TLS_SET)},
    )
