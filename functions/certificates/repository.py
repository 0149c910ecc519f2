"""Certificates in DynamoDB (the one table): `CERT#<code>` / `META`, the certificate's facts as JSON in `record`,
its person in the person index (common/person_index.py, kind CERT), a TTL of CERTIFICATE_YEARS."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from certificates.models import Certificate
from common.person_index import person_keys

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def certificate_key(code: str) -> dict[str, Any]:
    return {"PK": {"S": f"CERT#{code}"}, "SK": {"S": "META"}}


class DynamoCertificateRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, certificate: Certificate) -> None:
        """Put whole: the same code again is the same certificate with the facts of now."""
        key = certificate_key(certificate.code)
        values = {"PK": key["PK"]["S"], "SK": "META", "email": certificate.email, "course_id": certificate.course_id}
        index = {name: {"S": value} for name, value in person_keys("certificate", values).items()}
        self._client.put_item(
            TableName=self._table,
            Item=key
            | index
            | {
                "entity": {"S": "certificate"},
                "email": {"S": certificate.email},
                "course_id": {"S": certificate.course_id},
                "record": {"S": certificate.model_dump_json()},
                "expires_at": {"N": str(certificate.expires_at)},
            },
        )

    def get(self, code: str) -> Certificate | None:
        item = self._client.get_item(TableName=self._table, Key=certificate_key(code), ConsistentRead=True).get("Item")
        return Certificate.model_validate_json(item["record"]["S"]) if item else None
