"""The stack's KMS key (tables, documents, logs, topic, secret) and the signing secret."""
from __future__ import annotations

from infra.template import Context, Fragment, get_att, ref, sub

KEY = "PortalKey"
KEY_ALIAS = "PortalKeyAlias"
SIGNING_SECRET = "SigningSecret"

# Data the portal cannot lose: kept when the stack is deleted or a change would replace it.
RETAIN = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}

# Every bucket's baseline: no public access, no ACLs (the bucket owner owns every object).
PRIVATE_BUCKET = {
    "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                       "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
}


def fragment(ctx: Context) -> Fragment:
    key_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {   # Lets IAM policies in this account grant use of the key (the functions' role does).
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                "Action": "kms:*",
                "Resource": "*",
            },
            {   # The functions' log group is encrypted with this key.
                "Sid": "CloudWatchLogsEncrypt",
                "Effect": "Allow",
                "Principal": {"Service": sub("logs.${AWS::Region}.amazonaws.com")},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                           "kms:Describe*"],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")}},
            },
        ],
    }
    return Fragment(
        resources={
            KEY: {
                "Type": "AWS::KMS::Key",
                **RETAIN,
                "Properties": {
                    "Description": sub("Patient portal ${AWS::StackName}: data at rest"),
                    "EnableKeyRotation": True,
                    "PendingWindowInDays": 30,
                    "KeyPolicy": key_policy,
                },
            },
            KEY_ALIAS: {
                "Type": "AWS::KMS::Alias",
                "Properties": {"AliasName": sub("alias/${AWS::StackName}"), "TargetKeyId": ref(KEY)},
            },
            # Signs pagination cursors and one-time codes. Generated once; never in the template.
            SIGNING_SECRET: {
                "Type": "AWS::SecretsManager::Secret",
                "Properties": {
                    "Description": sub("Patient portal ${AWS::StackName}: signing secret"),
                    "KmsKeyId": ref(KEY),
                    "GenerateSecretString": {"PasswordLength": 64, "ExcludePunctuation": True},
                },
            },
        },
        outputs={"KmsKeyArn": {"Value": get_att(KEY, "Arn")}},
        # A dynamic reference: CloudFormation resolves it at deploy time, the value never
        # appears in the template or the build directory.
        environment={"SIGNING_SECRET": sub("{{resolve:secretsmanager:${%s}:SecretString}}" % SIGNING_SECRET)},
    )
