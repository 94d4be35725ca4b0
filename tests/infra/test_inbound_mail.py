"""The inbound-mail fragment: SES receipt rule -> private bucket + topic the app subscribes to."""
from __future__ import annotations

from chalicelib.config import inbound_topic_name
from infra import inbound_mail
from infra.template import build_template, stage_context


def test_the_receipt_rule_stores_scanned_mail_and_notifies_the_apps_topic():
    template = build_template(stage_context("prod"))  # the fragment is part of every stack
    resources = template["Resources"]
    rule = resources["InboundRule"]["Properties"]["Rule"]
    assert rule["ScanEnabled"] is True and rule["Recipients"] == [{"Ref": "InboundDomain"}]
    action = rule["Actions"][0]["S3Action"]
    assert action == {"BucketName": {"Ref": "InboundMailBucket"}, "ObjectKeyPrefix": "inbound/",
                      "TopicArn": {"Ref": "InboundMailTopic"}}
    assert resources["InboundMailTopic"]["Properties"]["TopicName"] == inbound_topic_name()
    bucket = resources["InboundMailBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert env["INBOUND_BUCKET"] == {"Ref": "InboundMailBucket"} and env["INBOUND_DOMAIN"] == {"Ref": "InboundDomain"}
    key_sids = [s["Sid"] for s in resources["PortalKey"]["Properties"]["KeyPolicy"]["Statement"]]
    assert "SesInboundMail" in key_sids


def test_the_sns_subscribed_function_waits_for_the_stacks_topic():
    from infra.functions import bind_functions

    template = {"Resources": {
        "InboundMailTopic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "patient-portal-inbound-mail"}},
        "InboundMail": {"Type": "AWS::Serverless::Function", "Properties": {
            "Role": "placeholder",
            "Events": {"Sub": {"Type": "SNS", "Properties": {"Topic": {
                "Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:patient-portal-inbound-mail"}}}}}},
        "Other": {"Type": "AWS::Serverless::Function", "Properties": {"Role": "placeholder"}},
    }}
    bind_functions(template)
    assert template["Resources"]["InboundMail"]["DependsOn"] == ["InboundMailTopic"]
    assert "DependsOn" not in template["Resources"]["Other"]


def test_the_inbound_function_has_a_dead_letter_queue_an_alarm_and_a_concurrency_cap():
    from infra.functions import bind_functions

    template = build_template(stage_context("prod"))
    template["Resources"]["InboundMail"] = {"Type": "AWS::Serverless::Function", "Properties": {
        "Role": "placeholder",
        "Events": {"Sub": {"Type": "SNS", "Properties": {"Topic": {
            "Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:" + inbound_topic_name()}}}}}}
    bind_functions(template)
    props = template["Resources"]["InboundMail"]["Properties"]
    assert props["DeadLetterQueue"] == {"Type": "SQS", "TargetArn": {"Fn::GetAtt": ["InboundMailDeadLetterQueue", "Arn"]}}
    assert props["ReservedConcurrentExecutions"] == inbound_mail.INBOUND_CONCURRENCY
    alarm = template["Resources"]["InboundMailDeadLetterAlarm"]["Properties"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible" and alarm["Threshold"] == 0
    statements = {s["Sid"]: s for s in template["Resources"]["FunctionRole"]["Properties"]["Policies"][0]
                  ["PolicyDocument"]["Statement"]}
    assert statements["InboundDeadLetters"]["Action"] == "sqs:SendMessage"
    assert statements["KeepFailedInboundMail"]["Action"] == "s3:PutObject"
    rules = template["Resources"]["InboundMailBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert {r["Prefix"]: r["ExpirationInDays"] for r in rules} == {"inbound/": 30, "kept/": 365}
