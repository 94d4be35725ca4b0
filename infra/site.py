"""The web front end: a private S3 bucket behind CloudFront, which also serves the
API under /api/* so the portal and its API share one origin (no CORS, tokens never
cross origins).

- Files come from the bucket through Origin Access Control (the bucket is not public).
- /api/* goes to the API Gateway stage "api" (the Chalice stage name) unchanged and
  uncached, with every viewer header but Host (the bearer token reaches the API).
- Security headers on every answer: HSTS, nosniff, no framing, no referrer.
`make deploy` uploads web/ afterwards (infra/site_upload.py).
"""
from __future__ import annotations

from infra.security import PRIVATE_BUCKET
from infra.template import Context, Fragment, get_att, ref, sub

BUCKET = "SiteBucket"
BUCKET_POLICY = "SiteBucketPolicy"
ACCESS_CONTROL = "SiteOriginAccessControl"
HEADERS = "SiteSecurityHeaders"
DISTRIBUTION = "SiteDistribution"
API = "RestAPI"  # the API Gateway resource `chalice package` generates
API_STAGE = "api"  # .chalice/config.json api_gateway_stage

# AWS managed policies (fixed ids, documented by CloudFront).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

# The same policy as web/index.html's meta tag, plus what only a header can say (framing).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self' https:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'")


def fragment(ctx: Context) -> Fragment:
    return Fragment(
        resources={
            BUCKET: {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    **PRIVATE_BUCKET,
                    # Static files, no PHI: S3-managed keys keep CloudFront reads free of KMS calls.
                    "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "LifecycleConfiguration": {"Rules": [{
                        "Id": "old-site-versions", "Status": "Enabled",
                        "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    }]},
                },
            },
            ACCESS_CONTROL: {
                "Type": "AWS::CloudFront::OriginAccessControl",
                "Properties": {"OriginAccessControlConfig": {
                    "Name": sub("${AWS::StackName}-site"), "OriginAccessControlOriginType": "s3",
                    "SigningBehavior": "always", "SigningProtocol": "sigv4"}},
            },
            BUCKET_POLICY: {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": ref(BUCKET),
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                        {"Sid": "CloudFrontReadsTheSite", "Effect": "Allow",
                         "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
                         "Resource": sub("${%s.Arn}/*" % BUCKET),
                         "Condition": {"StringEquals": {"AWS:SourceArn": sub(
                             "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${%s}" % DISTRIBUTION)}}},
                        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                         "Resource": [get_att(BUCKET, "Arn"), sub("${%s.Arn}/*" % BUCKET)],
                         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                    ]},
                },
            },
            HEADERS: {
                "Type": "AWS::CloudFront::ResponseHeadersPolicy",
                "Properties": {"ResponseHeadersPolicyConfig": {
                    "Name": sub("${AWS::StackName}-security-headers"),
                    "SecurityHeadersConfig": {
                        "StrictTransportSecurity": {"AccessControlMaxAgeSec": 63072000, "IncludeSubdomains": True,
                                                    "Override": True},
                        "ContentTypeOptions": {"Override": True},
                        "FrameOptions": {"FrameOption": "DENY", "Override": True},
                        "ReferrerPolicy": {"ReferrerPolicy": "no-referrer", "Override": True},
                        "ContentSecurityPolicy": {"ContentSecurityPolicy": CSP, "Override": True},
                    },
                }},
            },
            DISTRIBUTION: {
                "Type": "AWS::CloudFront::Distribution",
                "Properties": {"DistributionConfig": {
                    "Enabled": True,
                    "Comment": sub("Patient portal (${AWS::StackName}): web front end and /api"),
                    "DefaultRootObject": "index.html",
                    "HttpVersion": "http2and3",
                    "IPV6Enabled": True,
                    "PriceClass": "PriceClass_100",
                    "Origins": [
                        {"Id": "site", "DomainName": get_att(BUCKET, "RegionalDomainName"),
                         "OriginAccessControlId": get_att(ACCESS_CONTROL, "Id"),
                         "S3OriginConfig": {"OriginAccessIdentity": ""}},
                        {"Id": "api", "DomainName": sub("${%s}.execute-api.${AWS::Region}.amazonaws.com" % API),
                         "CustomOriginConfig": {"OriginProtocolPolicy": "https-only",
                                                "OriginSSLProtocols": ["TLSv1.2"]}},
                    ],
                    "DefaultCacheBehavior": {
                        "TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "Compress": True,
                        "AllowedMethods": ["GET", "HEAD"], "CachePolicyId": CACHING_OPTIMIZED,
                        "ResponseHeadersPolicyId": ref(HEADERS),
                    },
                    # The stage name is the path's first segment, so /api/* reaches the API unchanged.
                    "CacheBehaviors": [{
                        "PathPattern": f"/{API_STAGE}/*", "TargetOriginId": "api",
                        "ViewerProtocolPolicy": "https-only", "Compress": True,
                        "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
                        "CachePolicyId": CACHING_DISABLED, "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST,
                        "ResponseHeadersPolicyId": ref(HEADERS),
                    }],
                }},
            },
        },
        outputs={
            "SiteBucketName": {"Value": ref(BUCKET)},
            "SiteDistributionId": {"Value": ref(DISTRIBUTION)},
            "SiteUrl": {"Value": sub("https://${%s.DomainName}" % DISTRIBUTION),
                        "Description": "The portal (files and /api); use it, or a domain pointed at it, as PortalUrl"},
        },
    )
