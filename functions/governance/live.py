"""Governance on the live parts: the table, network.json's areas and (until the table has them) its contact details.
One factory for the routes; the seed; the publisher's reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from common.audit import DynamoAuditLog
from common.aws import dynamodb
from common.ids import fixed_ulid
from common.leader_api import audit_log, now
from common.settings import settings
from common.site import network
from governance.models import AreaLeader, Contact, Group, Member, Record
from governance.repository import DynamoGovernanceRepository
from governance.service import GovernanceEditor, group_id

SEEDED_AT = datetime(2026, 1, 1, tzinfo=UTC)  # the seed's records: their first version, before any leader's


def governance_repository() -> DynamoGovernanceRepository:
    return DynamoGovernanceRepository(dynamodb(), settings().table_name, audit_log())


def governance_editor(repository: DynamoGovernanceRepository | None = None) -> GovernanceEditor:
    data = network()
    return GovernanceEditor(
        repository or governance_repository(),
        now,
        [area["id"] for area in data["areas"]],
        Contact(**data["contact"]),
    )


def seed_records(data: dict[str, Any]) -> list[Record]:
    """network.json's groups (its members named there already: their consent counted from the seed), areas' leaders
    and contact details as the table's first versions."""
    records: list[Record] = [Contact(**data["contact"], updated_at=SEEDED_AT, version=1)]
    for area in data.get("areas", []):
        if area.get("leader"):
            leader = {name: area["leader"].get(name, "") for name in ("name", "title", "email", "phone")}
            records.append(AreaLeader(area=area["id"], **leader, updated_at=SEEDED_AT, version=1))
    for order, group in enumerate(data.get("governance", {}).get("groups", []), start=1):
        the_id = group.get("id") or group_id(group["name"])
        members = tuple(
            Member(
                id=fixed_ulid(SEEDED_AT, f"{the_id}/{number}"),
                name=member["name"],
                role=member.get("role", "medlem"),
                organisation=member.get("organisation", ""),
                consent_on=date(2026, 1, 1),
            )
            for number, member in enumerate(group.get("members", []))
        )
        mandate = group.get("mandate", "")
        records.append(
            Group(
                id=the_id,
                name=group["name"],
                mandate=mandate,
                members=members,
                order=order,
                updated_at=SEEDED_AT,
                version=1,
            )
        )
    return records


def seed_governance(client: Any, table_name: str, data: dict[str, Any] | None = None) -> int:
    """network.json's governance, areas' leaders and contact details into the table, each unless it is there: how
    many."""
    repository = DynamoGovernanceRepository(client, table_name, DynamoAuditLog(client, table_name, 1))
    return sum(repository.import_record(record) for record in seed_records(data or network()))
