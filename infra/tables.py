"""DynamoDB tables generated from the PynamoDB models, and the functions' access to them.

The key schema, attribute definitions and indexes come from `Model._get_schema()`,
the same description PynamoDB's own `create_table` (local provisioning) sends, so
the deployed tables cannot drift from the code.
"""
from __future__ import annotations

from pynamodb.attributes import TTLAttribute

from infra.security import KEY, RETAIN
from infra.template import Context, Fragment, get_att, logical_id, ref, sub

# Never changed or removed once written (the audit trail; the money ledger, superseded
# statement versions and applied payment events, issue 13; result versions, issue 12).
# The policy denies it too.
APPEND_ONLY = frozenset({"audit", "ledger", "statement-versions", "payment-events", "result-versions"})

# TTL on a plain NumberAttribute the code never writes itself (Powertools idempotency
# records carry their own epoch-seconds `expiration`).
TTL_ATTRIBUTES = {"idempotency": "expiration"}

ITEM_ACTIONS = [
    # Transactions and batches are authorised per item action: there is no
    # separate TransactWriteItems/TransactGetItems IAM action.
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",  # results ingest checks the final version in its transaction
]
# BatchWriteItem can delete, PartiQL can do both: all denied on append-only tables.
APPEND_ONLY_DENIED = ["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                      "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"]


def short_name(model) -> str:
    """'portal-dev-audit' -> 'audit': the name the model gave `config.table_name`."""
    from chalicelib.config import table_name

    prefix = table_name("")
    name = model.Meta.table_name
    if not name.startswith(prefix):
        raise ValueError(f"{model.__name__}: table {name!r} was not named with config.table_name()")
    return name[len(prefix):]


def table_logical_id(model) -> str:
    return logical_id(short_name(model), "Table")


def _key_schema(keys: list[dict]) -> list[dict]:
    # DynamoDB wants HASH before RANGE; PynamoDB sorts the same way.
    return sorted(({"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in keys),
                  key=lambda k: k["KeyType"])


def _ttl_attribute(model) -> str | None:
    ttl = [attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)]
    override = TTL_ATTRIBUTES.get(short_name(model))
    if override:
        if override not in {attr.attr_name for attr in model.get_attributes().values()}:
            raise ValueError(f"{model.__name__} has no attribute {override!r} for its TTL")
        ttl.append(override)
    if len(ttl) > 1:
        raise ValueError(f"{model.__name__} has more than one TTL attribute: {ttl}")
    return ttl[0] if ttl else None


def table_properties(model, table_prefix: str) -> dict:
    schema = model._get_schema()
    definitions: dict[str, str] = {}
    for d in schema["attribute_definitions"] + [d for i in schema["global_secondary_indexes"]
                                                + schema["local_secondary_indexes"]
                                                for d in i.get("attribute_definitions", [])]:
        if definitions.setdefault(d["AttributeName"], d["AttributeType"]) != d["AttributeType"]:
            raise ValueError(f"{model.__name__}: {d['AttributeName']} has two types")
    props: dict = {
        "TableName": f"{table_prefix}-{short_name(model)}",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in sorted(definitions.items())],
        "KeySchema": _key_schema(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": ref(KEY)},
        "DeletionProtectionEnabled": True,
    }
    for kind, key in (("global_secondary_indexes", "GlobalSecondaryIndexes"),
                      ("local_secondary_indexes", "LocalSecondaryIndexes")):
        indexes = sorted(schema[kind], key=lambda i: i["index_name"])
        if indexes:
            props[key] = [{"IndexName": i["index_name"], "KeySchema": _key_schema(i["key_schema"]),
                           "Projection": dict(i["projection"])} for i in indexes]
    ttl = _ttl_attribute(model)
    if ttl:
        props["TimeToLiveSpecification"] = {"AttributeName": ttl, "Enabled": True}
    return props


def fragment(ctx: Context) -> Fragment:
    resources, arns, append_only = {}, [], []
    for model in ctx.models:
        name = table_logical_id(model)
        if name in resources:
            raise ValueError(f"two models map to the table resource {name}")
        props = table_properties(model, ctx.table_prefix)
        resources[name] = {"Type": "AWS::DynamoDB::Table", **RETAIN, "Properties": props}
        table_arns = [get_att(name, "Arn")]
        if "GlobalSecondaryIndexes" in props or "LocalSecondaryIndexes" in props:
            table_arns.append(sub("${%s.Arn}/index/*" % name))
        arns += table_arns
        if short_name(model) in APPEND_ONLY:
            append_only += table_arns
    missing = APPEND_ONLY - {short_name(m) for m in ctx.models}
    if missing:
        raise ValueError(f"append-only tables without a model: {sorted(missing)}")
    policy = [{"Sid": "PortalTables", "Effect": "Allow", "Action": ITEM_ACTIONS, "Resource": arns}]
    if append_only:
        policy.append({"Sid": "AuditIsAppendOnly", "Effect": "Deny", "Action": APPEND_ONLY_DENIED,
                       "Resource": append_only})
    return Fragment(resources=resources, policy=policy)
