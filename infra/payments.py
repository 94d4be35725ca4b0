"""The payment provider's secrets (issue 13): one Secrets Manager secret, read by the
functions at first use (services/billing/provider.py), never in the template's values,
the repository or an environment file. The operator puts the real values in after the
first deploy (docs/billing.md)."""
from __future__ import annotations

import json

from infra.security import KEY, RETAIN
from infra.template import Context, Fragment, get_att, ref, sub

SECRET = "PaymentSecret"


def fragment(ctx: Context) -> Fragment:
    return Fragment(
        resources={
            SECRET: {
                "Type": "AWS::SecretsManager::Secret",
                **RETAIN,
                "Properties": {
                    "Description": sub("Patient portal ${AWS::StackName}: payment provider API key and "
                                       "webhook signing secret"),
                    "KmsKeyId": ref(KEY),
                    # Placeholders: the shape the code reads. The values are set in the console or with
                    # `aws secretsmanager put-secret-value`; a stack update never overwrites them.
                    "SecretString": json.dumps({"api_key": "", "webhook_secret": ""}),
                },
            },
        },
        policy=[
            {"Sid": "ReadPaymentSecret", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": ref(SECRET)},
            {"Sid": "PaymentSecretKey", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": get_att(KEY, "Arn"),
             "Condition": {"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}},
        ],
        environment={"PAYMENT_SECRET_ID": ref(SECRET)},
    )
