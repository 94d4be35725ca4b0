"""Two differences between moto's TransactWriteItems and DynamoDB's that the local stack
closes (moto 5.2; installed by stack.start_moto):

1. Cost. moto backs up every table a transaction names with a deep copy before writing, to
   roll back on failure: each transaction costs O(table). The audit table grows with every
   request, so a long run (the suite, a day of `make run`) slowed down and used gigabytes.
   Here only the items the transaction touches are copied (a transaction never touches one
   item twice, so restoring them restores the tables).
2. Idempotency. DynamoDB treats a repeat of a TransactWriteItems with the same
   ClientRequestToken (botocore fills one in per call, and a retry reuses it) as done;
   moto ignores the token. So when a slow answer made botocore retry a transaction that had
   already been written, the retry failed every condition (audit's attribute_not_exists)
   and the request answered 500. Here a repeated token answers success without writing
   again, and a token reused with other items is refused, as DynamoDB does.
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections import OrderedDict

_TOKENS_KEPT = 10_000  # DynamoDB keeps a token 10 minutes; a bounded memory is enough here
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    DynamoDBBackend.transact_write_items = _transact_write_items
    DynamoHandler.transact_write_items = _with_request_token(DynamoHandler.transact_write_items)
    _installed = True


def _with_request_token(handler):
    seen: OrderedDict[str, str] = OrderedDict()

    def transact_write_items(self):
        from moto.core.exceptions import JsonRESTError

        token = self.body.get("ClientRequestToken")
        digest = hashlib.sha256(json.dumps(self.body.get("TransactItems"), sort_keys=True).encode()).hexdigest()
        if token and token in seen:
            if seen[token] != digest:
                raise JsonRESTError("IdempotentParameterMismatchException",
                                    "The request uses the same client token as a previous, but non-identical request.")
            from moto.core.responses import ActionResult

            return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
        result = handler(self)  # raises when the transaction is cancelled: nothing remembered
        if token:
            seen[token] = digest
            while len(seen) > _TOKENS_KEPT:
                seen.popitem(last=False)
        return result

    return transact_write_items


def _transact_write_items(self, transact_items):
    """moto's DynamoDBBackend.transact_write_items with item-level rollback (same checks,
    same errors, same order)."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (ConditionalCheckFailed, MockValidationException,
                                          MultipleTransactionsException, TooManyTransactionsException,
                                          TransactionCanceledException, TransactWriteSingleOpException)

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    touched: list[tuple[str, dict, object]] = []  # (table, key, the item before), in order
    target_items: set[tuple[str, str]] = set()
    errors: list[tuple] = []

    def rollback() -> None:
        for table_name, key, before in reversed(touched):
            _restore(self.get_table(table_name), key, before)

    for item in transact_items:
        original_item = None
        if len(item) > 1:
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition = op.get("ConditionExpression")
            names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            if op_type == "Put":
                table = self.get_table(table_name)
                key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = op["Item"][table.range_key_attr]
            else:
                key = op["Key"]
            marker = (str(table_name), str(dict(sorted(key.items()))))
            if marker in target_items:
                raise MultipleTransactionsException()
            target_items.add(marker)

            current = self.get_item(table_name, key)
            if condition is not None and not get_filter_expression(condition, names, values).expr(current):
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    original_item = current.to_json()["Attributes"]
                raise ConditionalCheckFailed(item=original_item)

            if op_type != "ConditionCheck":
                touched.append((table_name, key, copy.deepcopy(current)))
            if op_type == "Put":
                self.put_item(table_name, op["Item"], condition_expression=condition,
                              expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, condition_expression=condition,
                                 expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"],
                                 condition_expression=condition, expression_attribute_names=names,
                                 expression_attribute_values=values)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            rollback()
            raise
        except ConditionalCheckFailed as exc:
            errors.append(("ConditionalCheckFailed", str(exc.message), original_item))
        except Exception as exc:  # noqa: BLE001 (moto reports any other failure per item too)
            errors.append((type(exc).__name__, str(exc), original_item))

    if any(code is not None for code, _, _ in errors):
        rollback()
        raise TransactionCanceledException(errors)


def _restore(table, key: dict, before) -> None:
    """Put one item back as it was (None: it did not exist)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    hash_value = DynamoType(key[table.hash_key_attr])
    if table.range_key_attr is None:
        if before is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = before
        return
    range_value = DynamoType(key[table.range_key_attr])
    if before is None:
        table.items.get(hash_value, {}).pop(range_value, None)
    else:
        table.items[hash_value][range_value] = before
