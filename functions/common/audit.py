"""The audit log: who exported or approved what, when, and how many rows. Who is the leader's email and, beside it,
their `sub` (the user pool's id, which stays when the email changes; entries from before it was kept have none). One
item per event under its month on Oslo's calendar, the month a leader asks for (`AUDIT#{yyyy-mm}`,
`{timestamp}#{actor}`), kept for AUDIT_RETENTION_MONTHS; the network leader lists a month."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from common.formatting import OSLO
from common.i18n import N_

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Action = Literal[
    "sign_in",
    "export",
    "approval",
    "decline",
    "erasure",
    "signature",
    "import",
    "attendance",
    "course_created",
    "course_changed",
    "course_published",
    "course_cancelled",
    "course_deleted",
    "unit_added",
    "unit_changed",
    "unit_closed",
    "unit_reopened",
    "email_sent_again",
    "mfa_enabled",
    "letter_sent",
    "news_created",
    "news_changed",
    "news_published",
    "news_withdrawn",
    "news_restored",
    "document_added",
    "document_changed",
    "document_published",
    "document_withdrawn",
    "document_restored",
    "governance_member_added",
    "governance_member_changed",
    "governance_member_removed",
    "governance_group_added",
    "governance_group_changed",
    "contact_changed",
    "area_leader_changed",
    "governance_restored",
    "self_report_opened",
    "self_report_changed",
]
ACTION_LABELS: dict[str, str] = {
    "sign_in": N_("Innlogging"),
    "export": N_("Eksport"),
    "approval": N_("Godkjenning"),
    "decline": N_("Avslag"),
    "erasure": N_("Sletting"),
    "signature": N_("Signatur registrert"),
    "import": N_("Import av navneliste"),
    "attendance": N_("Oppmøte registrert"),
    "course_created": N_("Kurs eller møte laget"),
    "course_changed": N_("Kurs eller møte endret"),
    "course_published": N_("Kurs eller møte publisert"),
    "course_cancelled": N_("Kurs eller møte avlyst"),
    "course_deleted": N_("Utkast slettet"),
    "unit_added": N_("Enhet lagt til"),
    "unit_changed": N_("Enhet endret"),
    "unit_closed": N_("Enhet stengt"),
    "unit_reopened": N_("Enhet gjenåpnet"),
    "email_sent_again": N_("E-post sendt på nytt"),
    "mfa_enabled": N_("Innlogging med kode slått på"),
    "letter_sent": N_("Melding sendt"),
    "news_created": N_("Nyhet laget"),
    "news_changed": N_("Nyhet endret"),
    "news_published": N_("Nyhet publisert"),
    "news_withdrawn": N_("Nyhet tatt ned"),
    "news_restored": N_("Nyhet satt tilbake til forrige versjon"),
    "document_added": N_("Dokument lastet opp"),
    "document_changed": N_("Dokument endret"),
    "document_published": N_("Dokument publisert igjen"),
    "document_withdrawn": N_("Dokument tatt ned"),
    "document_restored": N_("Dokument satt tilbake til forrige utgave"),
    "governance_member_added": N_("Medlem lagt til i en gruppe"),
    "governance_member_changed": N_("Medlem i en gruppe endret"),
    "governance_member_removed": N_("Medlem tatt ut av en gruppe"),
    "governance_group_added": N_("Gruppe lagt til"),
    "governance_group_changed": N_("Gruppe endret"),
    "contact_changed": N_("Kontaktinformasjon endret"),
    "area_leader_changed": N_("Leder for et lokalt nettverk endret"),
    "governance_restored": N_("Styring eller kontakt satt tilbake til forrige versjon"),
    "self_report_opened": N_("Årlig egenrapport åpnet"),
    "self_report_changed": N_("Fristen for årlig egenrapport endret"),
}


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    actor: str  # the leader's email (their user name)
    action: Action
    subject: str  # what it concerned: a course id, a period, a request id
    rows: int | None = None  # how many rows an export held
    actor_sub: str | None = None  # the leader's sub in the user pool (None in entries made before it was kept)


class AuditLog(Protocol):
    def record(self, entry: AuditEntry) -> None: ...

    def month(self, year: int, month: int) -> Iterator[AuditEntry]: ...


class DynamoAuditLog:
    def __init__(self, client: DynamoDBClient, table_name: str, retention_months: int) -> None:
        self._client = client
        self._table = table_name
        self._retention = relativedelta(months=retention_months)

    def record(self, entry: AuditEntry) -> None:
        self._client.put_item(
            TableName=self._table, Item=self.item(entry), ConditionExpression="attribute_not_exists(PK)"
        )

    def item(self, entry: AuditEntry) -> dict[str, Any]:
        """The entry's item, for a change that writes it in its own transaction (a letter sent)."""
        at = entry.at.astimezone(UTC)
        # The random tail keeps two events of one person in the same millisecond apart.
        sort_key = f"{at:%Y-%m-%dT%H:%M:%S.%f}Z#{entry.actor}#{secrets.token_hex(4)}"
        item: dict[str, Any] = {
            "PK": {"S": f"AUDIT#{entry.at.astimezone(OSLO):%Y-%m}"},  # the month the listing shows it in
            "SK": {"S": sort_key},
            "entity": {"S": "audit"},
            "at": {"S": at.isoformat()},
            "actor": {"S": entry.actor},
            "action": {"S": entry.action},
            "subject": {"S": entry.subject},
            "expires_at": {"N": str(int((at + self._retention).timestamp()))},
        }
        if entry.rows is not None:
            item["rows"] = {"N": str(entry.rows)}
        if entry.actor_sub:
            item["actor_sub"] = {"S": entry.actor_sub}
        return item

    def month(self, year: int, month: int) -> Iterator[AuditEntry]:
        """A month's entries, newest first, all pages read."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": f"AUDIT#{year:04d}-{month:02d}"}},
            ScanIndexForward=False,
        )
        for page in pages:
            for item in page.get("Items", []):
                yield AuditEntry(
                    at=datetime.fromisoformat(item["at"]["S"]),
                    actor=item["actor"]["S"],
                    action=item["action"]["S"],
                    subject=item["subject"]["S"],
                    rows=int(item["rows"]["N"]) if "rows" in item else None,
                    actor_sub=item["actor_sub"]["S"] if "actor_sub" in item else None,
                )
