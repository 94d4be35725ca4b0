"""Create the practice's first administrator (or another staff account) in a deployed stack.

    python -m infra.first_admin --stage prod --email ada@maple-street.example --name "Ada Admin"
    python -m infra.first_admin --stage prod --email wei@... --name "Dr. Wei Chen" --role provider

Runs with the operator's AWS credentials (not the Lambda role) and the app's own
`accounts.create_account`, so the Cognito user, its group and the portal's user
record are made exactly as the portal makes them. Patients are invited from the
staff console. The password is asked for, never taken as an argument.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

# Stack output -> the environment variable the app reads it from.
OUTPUT_ENV = {"UserPoolId": "USER_POOL_ID", "UserPoolClientId": "USER_POOL_CLIENT_ID"}


def environment_for(outputs: dict[str, str], table_prefix: str, region: str) -> dict[str, str]:
    missing = sorted(set(OUTPUT_ENV) - set(outputs))
    if missing:
        raise SystemExit(f"the stack has no output {', '.join(missing)}: is it deployed?")
    return {"TABLE_PREFIX": table_prefix, "AWS_DEFAULT_REGION": region,
            **{env: outputs[key] for key, env in OUTPUT_ENV.items()}}


def create_first_admin(email: str, name: str, password: str, role: str = "admin") -> str:
    """Returns the new user's id. The environment must already point at the stack."""
    from chalicelib.config import STAFF_ROLES
    from chalicelib.services import accounts

    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {', '.join(STAFF_ROLES)}")
    return accounts.create_account(email, password, name, {role})


def main(argv: list[str] | None = None) -> int:
    import boto3

    from infra.deploy import outputs
    from infra.template import stage_context

    parser = argparse.ArgumentParser(prog="python -m infra.first_admin", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--stack-name", help="default patient-portal-<stage>")
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True, help="display name, e.g. 'Ada Admin'")
    parser.add_argument("--role", default="admin",
                        choices=["admin", "provider", "nurse", "front_desk", "billing"])
    args = parser.parse_args(argv)
    session = boto3.session.Session()
    if not session.region_name:
        parser.error("no region: set AWS_DEFAULT_REGION")
    stack = args.stack_name or f"patient-portal-{args.stage}"
    ctx = stage_context(args.stage, models=[])
    # Before anything imports the models: PynamoDB reads table names at import time.
    os.environ.update(environment_for(outputs(session.client("cloudformation"), stack),
                                      ctx.table_prefix, session.region_name))
    password = getpass.getpass("Password for the administrator: ")
    if password != getpass.getpass("Again: "):
        print("The passwords differ.", file=sys.stderr)
        return 1
    from chalicelib.errors import PortalError

    try:
        user_id = create_first_admin(args.email, args.name, password, args.role)
    except PortalError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print(f"Account created ({args.role}, user id {user_id}). Sign in at the portal and set up "
          "the authenticator app when asked (staff must use one in prod).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
