"""moto's JSON answers (DynamoDB, Cognito) made the way moto makes them, without its cost per attribute.

moto 5 writes every answer by walking the operation's botocore shape, and for each member of each structure it asks a
chain of alias providers which key of the Python object holds it (the shape's name, the key itself, a prefix, ...).
A DynamoDB item is a structure per attribute value with ten members, so one GetItem of a course asks some 1,500
times; profiled in the fuzz tier, that was half of every moto call and a third of every fuzz case.

For a plain dict (what moto's DynamoDB answers are made of) the providers' answer depends only on the member's shape
and key, so `install()` asks them once per member and keeps the keys; everything else (blobs, timestamps, numbers,
objects that are not dicts, services with answer transformers) goes to moto's own code as before. The answers are the
same: `FAST_MOTO_CHECK=1` serializes every answer both ways and fails on any difference.

Also, with the same effect as before:
- a TransactWriteItems deep-copies its table (the backup for a rollback) once, not once per item in it: the copies
  are all made before the first write, so they are equal (and moto keeps only the last);
- moto lists a response class's methods (`inspect.getmembers`) once per class, not on every request;
- DynamoDB requests are not signed: moto reads the region from the address and, for an access key it never issued,
  uses its default account either way; it checks no signature.
"""

from __future__ import annotations

import copy
import functools
import os
import threading
from typing import Any

from botocore import signers
from moto.core import responses as moto_responses
from moto.core import serialize as moto_serialize
from moto.core.utils import MISSING, get_value
from moto.dynamodb import models as dynamodb_models

_original_serialize = moto_serialize.ResponseSerializer._serialize
_original_result = moto_serialize.BaseJSONSerializer._serialize_result
_keys: dict[tuple[int, int, str], tuple[Any, tuple[str, ...]]] = {}  # (shape, parent, key): (shape, dict keys)
_installed = False


def _dict_keys(serializer: Any, value: dict[str, Any], key: str, shape: Any) -> tuple[str, ...]:
    """The keys moto's value picker tries, in its order, for this member of a plain dict."""
    cache_key = (id(shape), id(getattr(shape, "parent", None)), key)
    found = _keys.get(cache_key)
    if found is None or found[0] is not shape:
        context = moto_serialize.AttributePickerContext(
            obj=value,
            key=key,
            shape=shape,
            operation_model=serializer.operation_model,
            service_model=serializer.operation_model.service_model,
        )
        keys = tuple(serializer._value_picker.get_possible_keys(context))
        found = (shape, keys)  # the shape is kept, so its id is not reused while cached
        _keys[cache_key] = found
    return found[1]


def _fast(serializer: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
    """ResponseSerializer._serialize and BaseJSONSerializer's _serialize_type_* for the common JSON cases."""
    kind = shape.type_name
    if kind == "structure" and type(value) is dict and not shape.is_document_type:
        wrapper: Any = {} if key else serialized
        for member_key, member_shape in shape.members.items():
            member_shape.parent = shape
            member_value = None
            for possible in _dict_keys(serializer, value, member_key, member_shape):
                # moto's get_value: a dotted key is a path, any other a key of the dict
                found = get_value(value, possible, MISSING) if "." in possible else value.get(possible, MISSING)
                if found is not MISSING:
                    member_value = found
                    break
            if member_value is not None:
                _fast(serializer, wrapper, member_value, member_shape, member_key)
        if key:
            serialized[shape.serialization.get("name", key)] = wrapper
    elif kind == "map" and type(value) is dict:
        map_obj: dict[str, Any] = {}
        serialized[shape.serialization.get("name", key)] = map_obj
        for sub_key, sub_value in value.items():
            _fast(serializer, map_obj, sub_value, shape.value, sub_key)
    elif kind == "list" and type(value) is list:
        list_obj = []
        item_key = shape.member.name
        for item in value:
            item_wrapper: dict[str, Any] = {}
            _fast(serializer, item_wrapper, item, shape.member, item_key)
            list_obj.append(item_wrapper.get(item_key, item))
        serialized[shape.serialization.get("name", key)] = list_obj
    elif (
        (kind == "string" and type(value) is str)
        or (kind == "boolean" and type(value) is bool)
        or (kind in ("integer", "long") and type(value) is int)
    ):
        serialized[shape.serialization.get("name", key)] = value
    else:
        _original_serialize(serializer, serialized, value, shape, key)


def _serialize_result(self: Any, resp: Any, result: Any) -> Any:
    picker = self._value_picker
    plain = type(self) is moto_serialize.JSONSerializer and type(picker) is moto_serialize.XFormedAttributePicker
    if not plain or picker.response_transformers:
        return _original_result(self, resp, result)
    output_shape = self.operation_model.output_shape
    serialized: dict[str, Any] = {}
    if output_shape is not None:
        _fast(self, serialized, result, output_shape, "")
    if os.environ.get("FAST_MOTO_CHECK"):
        expected = _original_result(self, self._create_default_response(), result)
        answer = self._serialized_result_to_response(resp, result, output_shape, serialized)
        assert answer == expected, (self.operation_model.name, answer, expected)
        return answer
    return self._serialized_result_to_response(resp, result, output_shape, serialized)


class _TableCopies(threading.local):
    """moto.dynamodb.models' `copy`: inside a TransactWriteItems, one deep copy per table."""

    copies: dict[int, tuple[Any, Any]] | None = None

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        if self.copies is None or memo is not None or not isinstance(value, dynamodb_models.Table):
            return copy.deepcopy(value, memo)
        if id(value) not in self.copies:
            self.copies[id(value)] = (value, copy.deepcopy(value))
        return self.copies[id(value)][1]

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


_table_copies = _TableCopies()
_original_transact = dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_write_items(self: Any, transact_items: Any) -> Any:
    _table_copies.copies = {}
    try:
        return _original_transact(self, transact_items)
    finally:
        _table_copies.copies = None


_original_sign = signers.RequestSigner.sign


def _sign(self: Any, operation_name: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
    signing_type = kwargs.get("signing_type", args[1] if len(args) > 1 else "standard")
    if self._signing_name == "dynamodb" and signing_type == "standard":
        return None
    return _original_sign(self, operation_name, request, *args, **kwargs)


def install() -> None:
    """For the rest of the process (moto's classes are patched once; idempotent)."""
    global _installed
    if not _installed:
        moto_serialize.BaseJSONSerializer._serialize_result = _serialize_result  # type: ignore[method-assign]
        dynamodb_models.copy = _table_copies  # type: ignore[assignment]
        dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
        moto_responses.method_names_from_class = functools.cache(moto_responses.method_names_from_class)
        signers.RequestSigner.sign = _sign  # type: ignore[method-assign]
        _installed = True
