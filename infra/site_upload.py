"""`make deploy`, last step: upload web/ to the site bucket and refresh CloudFront.

    python -m infra.site_upload --stage prod   (reads the stack's SiteBucketName and SiteDistributionId)

The files are not content-hashed, so each is stored with Cache-Control no-cache
(browsers revalidate, cheap with ETags) and CloudFront's copies are invalidated.
Files no longer in web/ are removed.
"""
from __future__ import annotations

import argparse
import mimetypes
import sys
import time
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml",
         ".json": "application/json", ".png": "image/png", ".ico": "image/x-icon"}


def site_files(web_dir: Path = WEB_DIR) -> dict[str, Path]:
    """key -> file for everything the site serves (no dotfiles)."""
    return {p.relative_to(web_dir).as_posix(): p for p in sorted(web_dir.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(web_dir).parts)}


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else kind


def upload_site(s3, cloudfront, bucket: str, distribution_id: str | None, web_dir: Path = WEB_DIR) -> list[str]:
    files = site_files(web_dir)
    for key, path in files.items():
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type(path),
                      CacheControl="no-cache")
    stale = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        stale += [o["Key"] for o in page.get("Contents", []) if o["Key"] not in files]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start:start + 1000]]})
    if distribution_id:
        cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"deploy-{time.time_ns()}"})
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    import boto3

    parser = argparse.ArgumentParser(prog="python -m infra.site_upload", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--stack-name", help="default patient-portal-<stage>")
    args = parser.parse_args(argv)
    stack = args.stack_name or f"patient-portal-{args.stage}"
    session = boto3.session.Session()
    described = session.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    if "SiteBucketName" not in outputs:
        print(f"{stack} has no SiteBucketName output: deploy the stack first", file=sys.stderr)
        return 1
    uploaded = upload_site(session.client("s3"), session.client("cloudfront"), outputs["SiteBucketName"],
                           outputs.get("SiteDistributionId"))
    print(f"Uploaded {len(uploaded)} files to {outputs['SiteBucketName']}; portal: {outputs.get('SiteUrl', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
