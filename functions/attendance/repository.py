"""Attendance and absences in DynamoDB (the one table), beside the event's registrations: `COURSE#{id}` /
`ATTEND#{email}` and `COURSE#{id}` / `ABSENCE#{email}`, so that one Query reads an event's marks and one person is
marked once. A mark is put whole (the newest wins: marking again is harmless), 25 to a batch."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from attendance.models import Absence, Attendance
from common.person_index import person_keys

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize
BATCH = 25  # BatchWriteItem's limit


class AttendanceRepository(Protocol):
    def attendance(self, course_id: str) -> list[Attendance]: ...

    def absences(self, course_id: str) -> list[Absence]: ...

    def save(self, marks: Sequence[Attendance]) -> None: ...

    def add_absence(self, absence: Absence) -> None: ...


def _item(values: dict[str, Any], sort_key: str, entity: str, course_id: str) -> dict[str, Any]:
    values = values | {"PK": f"COURSE#{course_id}", "SK": sort_key, "entity": entity}
    values |= person_keys(entity, values)
    return {name: _serialize(_number(value)) for name, value in values.items() if value != ""}


def _number(value: Any) -> Any:
    """DynamoDB takes numbers as Decimal: hours (3.5) go as their decimal text."""
    return Decimal(str(value)) if isinstance(value, float) else value


def _model(model: type[Any], item: dict[str, Any]) -> Any:
    values = {name: _deserialize(value) for name, value in item.items()}
    return model.model_validate({name: values[name] for name in model.model_fields if name in values})


class DynamoAttendanceRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def _query(self, course_id: str, prefix: str) -> list[dict[str, Any]]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": f"COURSE#{course_id}"}, ":prefix": {"S": prefix}},
            ConsistentRead=True,
        )
        return [item for page in pages for item in page.get("Items", [])]

    def attendance(self, course_id: str) -> list[Attendance]:
        return [_model(Attendance, item) for item in self._query(course_id, "ATTEND#")]

    def absences(self, course_id: str) -> list[Absence]:
        return [_model(Absence, item) for item in self._query(course_id, "ABSENCE#")]

    def save(self, marks: Sequence[Attendance]) -> None:
        """Put the marks, 25 to a batch, asking again for any DynamoDB leaves unprocessed."""
        for first in range(0, len(marks), BATCH):
            puts = [
                {"PutRequest": {"Item": _item(m.json_values(), f"ATTEND#{m.email_key}", "attendance", m.course_id)}}
                for m in marks[first : first + BATCH]
            ]
            request: Any = {self._table: puts}
            while request:
                answer = self._client.batch_write_item(RequestItems=request)
                request = answer.get("UnprocessedItems") or None

    def add_absence(self, absence: Absence) -> None:
        """The newest report of a person's absence from an event replaces an earlier one."""
        item = _item(absence.json_values(), f"ABSENCE#{absence.email_key}", "absence", absence.course_id)
        self._client.put_item(TableName=self._table, Item=item)
