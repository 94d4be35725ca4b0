"""The functions' role (infra/) allows what the portal calls: moto does not enforce IAM,
so tests/iam.py records every call the portal's code makes and checks it against the
role policy the template generates (conftest: after every test; after the whole suite,
nothing allowed goes unused)."""
from __future__ import annotations

import pytest

from chalicelib import clock
from tests import iam


@pytest.fixture(scope="module")
def policy(demo):
    return iam.role_policy()


def audit_arn() -> str:
    from chalicelib.models.audit import AuditEvent

    return iam.table_arn(AuditEvent.Meta.table_name)


def test_the_audit_trail_is_append_only_for_the_role(policy):
    assert policy.allows("dynamodb:PutItem", audit_arn())
    assert policy.allows("dynamodb:Query", audit_arn())
    for action in ("dynamodb:BatchWriteItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        assert not policy.allows(action, audit_arn()), action


def test_a_transaction_is_authorised_per_item_action():
    calls = iam.requirements("dynamodb", "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "portal-dev-audit", "Item": {}}},
        {"Update": {"TableName": "portal-dev-slots", "Key": {}}}]})
    assert calls == [("dynamodb:PutItem", iam.table_arn("portal-dev-audit")),
                     ("dynamodb:UpdateItem", iam.table_arn("portal-dev-slots"))]


def test_a_call_outside_the_policy_is_refused(policy):
    assert not policy.allows("dynamodb:Scan", iam.table_arn("portal-dev-patients"))
    assert not policy.allows("s3:GetObject", "arn:aws:s3:::someone-elses-bucket/key")
    assert not policy.allows("cognito-idp:AdminGetUser", iam.pool_arn("us-east-1_other"))


STAFF_LISTS = [
    ("front_desk", "/patients?name=Mor"),
    ("front_desk", "/schedule?date={today}&days=7"),
    ("provider", "/review-queue"),
    ("admin", "/reports/holds"),
    ("front_desk", "/appointment-requests"),
]


@pytest.mark.parametrize("who,path", STAFF_LISTS)
def test_staff_lists_audit_with_calls_the_role_allows(api, who, path):
    """These lists audit many patients at once: they used BatchWriteItem on the
    append-only audit table, which the deployed role denies (a 500 in AWS)."""
    IAM = iam.RECORDER
    IAM.new_denials()
    res = api.get(path.format(today=clock.today().isoformat()), as_user=who)
    assert res.status == 200, res
    assert IAM.new_denials() == []
    assert ("dynamodb:BatchWriteItem", audit_arn()) not in IAM.used


def test_many_audit_events_are_written_in_bounded_transactions(demo, ddb_calls):
    import uuid

    from chalicelib import audit
    from chalicelib.auth import Caller

    staff = Caller(user_id="u-test", email="t@example.org", display_name="Test", roles=frozenset({"front_desk"}))
    partition = f"iam-test-{uuid.uuid4().hex}"  # its own partition: other tests' events do not crowd it
    with ddb_calls() as calls:
        audit.record_many(staff, [(partition, "read", "appointment", f"a{i}") for i in range(150)])
    assert calls == ["TransactWriteItems", "TransactWriteItems"]
    events, _ = audit.query(partition, limit=200)
    assert {e.resource_id for e in events} == {f"a{i}" for i in range(150)}


def test_portal_calls_are_still_checked_after_another_hook_wraps_botocore(api):
    """devserver/meter.py wraps botocore's entry point around ours (the first metered test
    installs it): the portal's calls after that were recorded as nobody's, so later tests'
    calls went unchecked against the role and the least-privilege list missed them."""
    from devserver import meter

    meter.install()
    IAM = iam.RECORDER
    kept, IAM.used = IAM.used, set()
    try:
        res = api.get("/me", as_user="front_desk")
        assert res.status == 200, res
        seen = set(IAM.used)
    finally:
        IAM.used = kept | IAM.used
    assert any(action.startswith("dynamodb:") for action, _ in seen), seen
