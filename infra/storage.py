"""The documents bucket: private, KMS encrypted, versioned, TLS only."""
from __future__ import annotations

from infra.security import KEY, PRIVATE_BUCKET, RETAIN
from infra.template import Context, Fragment, get_att, ref, sub

BUCKET = "DocumentsBucket"
BUCKET_POLICY = "DocumentsBucketPolicy"
PORTAL_URL = "PortalUrl"  # parameter, declared in infra.functions
# A deleted or overwritten document stays recoverable this long (versioning).
NONCURRENT_DAYS = 90


def fragment(ctx: Context) -> Fragment:
    objects = sub("${%s.Arn}/*" % BUCKET)
    return Fragment(
        resources={
            BUCKET: {
                "Type": "AWS::S3::Bucket",
                **RETAIN,
                "Properties": {
                    **PRIVATE_BUCKET,
                    "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                          "KMSMasterKeyID": get_att(KEY, "Arn")},
                        # One KMS call per object instead of per request: cost.
                        "BucketKeyEnabled": True,
                    }]},
                    # An overwritten or deleted document can be recovered.
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "LifecycleConfiguration": {"Rules": [
                        {"Id": "abort-incomplete-uploads", "Status": "Enabled",
                         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
                        {"Id": "forget-replaced-versions", "Status": "Enabled",
                         "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_DAYS}},
                        # Record exports are made on request and linked for minutes (as devserver/stack.py).
                        {"Id": "expire-record-exports", "Status": "Enabled", "Prefix": "exports/",
                         "ExpirationInDays": 1, "NoncurrentVersionExpiration": {"NoncurrentDays": 1}},
                    ]},
                    # The browser uploads (presigned POST) and downloads (presigned GET) from the
                    # portal's origin; same rule as devserver/stack.py.
                    "CorsConfiguration": {"CorsRules": [{
                        "AllowedOrigins": [ref(PORTAL_URL)],
                        "AllowedMethods": ["GET", "POST", "HEAD"],
                        "AllowedHeaders": ["*"],
                        "ExposedHeaders": ["ETag", "Location"],
                        "MaxAge": 600,
                    }]},
                },
            },
            BUCKET_POLICY: {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": ref(BUCKET),
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                         "Resource": [get_att(BUCKET, "Arn"), objects],
                         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                        {"Sid": "DenyOldTls", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                         "Resource": [get_att(BUCKET, "Arn"), objects],
                         "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}},
                    ]},
                },
            },
        },
        outputs={"DocumentsBucketName": {"Value": ref(BUCKET)}},
        policy=[
            # Delete: uploads refused at registration (chalicelib/storage.py).
            {"Sid": "DocumentObjects", "Effect": "Allow",
             "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": objects},
            # Without it S3 answers 403, not 404, for a key nobody uploaded yet.
            {"Sid": "DocumentsMissingIs404", "Effect": "Allow", "Action": "s3:ListBucket",
             "Resource": get_att(BUCKET, "Arn")},
            {   # SSE-KMS: the caller (and whoever uses its presigned URLs) needs the key, via S3 only.
                "Sid": "DocumentsKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": get_att(KEY, "Arn"),
                "Condition": {"StringEquals": {"kms:ViaService": sub("s3.${AWS::Region}.amazonaws.com")}},
            },
        ],
        environment={"DOCUMENTS_BUCKET": ref(BUCKET)},
    )
