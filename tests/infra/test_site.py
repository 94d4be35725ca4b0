"""The site: private bucket read only by CloudFront, /api/* forwarded to the API
uncached, and `make deploy` uploading exactly the files in web/."""
from __future__ import annotations

import pytest

from infra import site
from infra.site_upload import WEB_DIR, content_type, site_files, upload_site
from infra.template import build_template, stage_context


@pytest.fixture(scope="module")
def resources():
    return build_template(stage_context("prod"))["Resources"]


def test_site_bucket_is_private_and_only_cloudfront_reads_it(resources):
    bucket = resources[site.BUCKET]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    allows = [s for s in resources[site.BUCKET_POLICY]["Properties"]["PolicyDocument"]["Statement"]
              if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allows] == [{"Service": "cloudfront.amazonaws.com"}]
    assert allows[0]["Action"] == "s3:GetObject" and "AWS:SourceArn" in allows[0]["Condition"]["StringEquals"]


def test_one_origin_serves_the_files_and_the_api_uncached(resources):
    config = resources[site.DISTRIBUTION]["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == "site"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    [api] = config["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*" and api["TargetOriginId"] == "api"
    assert api["CachePolicyId"] == site.CACHING_DISABLED  # PHI is never cached at the edge
    assert api["OriginRequestPolicyId"] == site.ALL_VIEWER_EXCEPT_HOST  # the Authorization header goes through
    assert {"POST", "PATCH", "PUT", "DELETE"} <= set(api["AllowedMethods"])
    origins = {o["Id"]: o for o in config["Origins"]}
    assert origins["api"]["DomainName"] == {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.amazonaws.com"}
    assert "OriginPath" not in origins["api"]  # the stage name "api" is the path's first segment


def test_deploy_uploads_every_web_file_with_its_type_and_refreshes_cloudfront(moto_server):
    # The session's moto server, not mock_aws(): mock_aws resets moto's in-process
    # state, which would wipe the stack every other test shares.
    import boto3

    session = boto3.session.Session(region_name="us-east-1")
    s3, cloudfront = session.client("s3"), session.client("cloudfront")
    s3.create_bucket(Bucket="site-deploy-test")
    s3.put_object(Bucket="site-deploy-test", Key="js/removed.js", Body=b"old")
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "site-deploy-test", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site-deploy-test", "DomainName": "site.s3.amazonaws.com",
                                               "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site-deploy-test", "ViewerProtocolPolicy": "allow-all",
                                 "CachePolicyId": site.CACHING_OPTIMIZED}})["Distribution"]["Id"]

    uploaded = upload_site(s3, cloudfront, "site-deploy-test", distribution)

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="site-deploy-test")["Contents"]}
    assert keys == set(site_files()) == set(uploaded)
    assert {"index.html", "js/app.js", "css/portal.css"} <= keys
    head = s3.head_object(Bucket="site-deploy-test", Key="js/app.js")
    assert head["ContentType"] == "text/javascript; charset=utf-8" and head["CacheControl"] == "no-cache"
    assert cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Quantity"] == 1


def test_content_types_of_the_site():
    assert content_type(WEB_DIR / "index.html") == "text/html; charset=utf-8"
    assert content_type(WEB_DIR / "img" / "icon.svg") == "image/svg+xml"
