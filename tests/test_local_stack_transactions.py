"""The local stack's TransactWriteItems behaves as DynamoDB's where the portal depends on it
(devserver/moto_dynamodb.py): a retried transaction (same ClientRequestToken) is not
written twice nor refused, and a cancelled one leaves every item as it was."""
from __future__ import annotations

import uuid

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def table(moto_server):
    ddb = boto3.client("dynamodb", endpoint_url=moto_server.endpoint)
    name = f"scratch-{uuid.uuid4().hex[:8]}"
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "S"}])
    yield ddb, name
    ddb.delete_table(TableName=name)


def _new(name: str, sk: str, value: str = "1") -> dict:
    return {"Put": {"TableName": name, "Item": {"pk": {"S": "p"}, "sk": {"S": sk}, "v": {"S": value}},
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def _items(ddb, name: str) -> dict:
    found = ddb.query(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    return {i["sk"]["S"]: i["v"]["S"] for i in found["Items"]}


def _writes(name: str) -> list[dict]:
    """A new item, a change and a removal: what a cancelled transaction must not leave."""
    return [_new(name, "new"),
            {"Update": {"TableName": name, "Key": {"pk": {"S": "p"}, "sk": {"S": "kept"}},
                        "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"S": "changed"}}}},
            {"Delete": {"TableName": name, "Key": {"pk": {"S": "p"}, "sk": {"S": "gone"}}}}]


def test_a_retried_transaction_is_done_once_not_refused(table):
    ddb, name = table
    token = uuid.uuid4().hex
    ddb.transact_write_items(TransactItems=[_new(name, "a"), _new(name, "b")], ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=[_new(name, "a"), _new(name, "b")], ClientRequestToken=token)
    assert _items(ddb, name) == {"a": "1", "b": "1"}

    with pytest.raises(ClientError) as refused:  # a new request: the conditions apply
        ddb.transact_write_items(TransactItems=[_new(name, "a")], ClientRequestToken=uuid.uuid4().hex)
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"


def test_a_token_reused_for_other_items_is_refused(table):
    ddb, name = table
    token = uuid.uuid4().hex
    ddb.transact_write_items(TransactItems=[_new(name, "a")], ClientRequestToken=token)
    with pytest.raises(ClientError) as refused:
        ddb.transact_write_items(TransactItems=[_new(name, "c")], ClientRequestToken=token)
    assert refused.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert _items(ddb, name) == {"a": "1"}


def test_an_invalid_transaction_leaves_every_item_as_it_was(table):
    ddb, name = table
    ddb.transact_write_items(TransactItems=[_new(name, "kept", "old"), _new(name, "gone", "old")])
    with pytest.raises(ClientError) as refused:
        ddb.transact_write_items(TransactItems=[
            *_writes(name),
            _new(name, "kept"),  # a second operation on one item: the whole request is invalid
        ])
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert _items(ddb, name) == {"kept": "old", "gone": "old"}


def test_a_failed_condition_after_writes_rolls_them_back(table):
    ddb, name = table
    ddb.transact_write_items(TransactItems=[_new(name, "kept", "old"), _new(name, "gone", "old")])
    with pytest.raises(ClientError) as refused:
        ddb.transact_write_items(TransactItems=[
            *_writes(name),
            {"ConditionCheck": {"TableName": name, "Key": {"pk": {"S": "p"}, "sk": {"S": "nobody"}},
                                "ConditionExpression": "attribute_exists(pk)"}},
        ])
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in refused.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "ConditionalCheckFailed"]
    assert _items(ddb, name) == {"kept": "old", "gone": "old"}
