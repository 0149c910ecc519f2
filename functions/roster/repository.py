"""The roster in DynamoDB (the one table).

- A roster entry is `UNIT#{unit}` / `NURSE#{entry id}`: a unit's whole history is one Query, in the order the entries
  were made (the ids are ULIDs). GSI1 lists them by area: `AREA#{area}` -> `NURSE#{unit}#{entry id}`.
- While an entry is open, `UNIT#{unit}` / `ACTIVE#{email}` marks the address as taken at that unit, written in the
  same transaction as the entry: two reports (or two leaders) cannot put one person on a unit's list twice.
- A change report is `CHANGE#{id}` / `META`, listed by area in GSI1: `AREA#{area}` -> `CHANGE#{created}#{id}`.
- The units are `UNITS` / `UNIT#{id}`, with a marker per name and municipality (common/places.py).
- The first import's state is `ROSTER` / `IMPORT`; its entries carry the import's id and are not shown until it is
  complete.
- A unit's leader as last reported is `UNIT#{unit}` / `LEADER` (an approved report's reporter, or the import's
  columns), with a TTL of LEADER_YEARS after the last update.
- An approval (and the import) may also write the newsletter's subscriptions of the nurse and the unit leader
  (`newsletter.repository.subscription_update`), in the same transaction.

A decision writes the report (on the condition that its version is the one read), ends and starts the entries,
moves the markers and writes its emails (common/outbox.py), all in one transaction: nothing is ever half-approved,
and an email goes if and only if its decision is stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.aws import items_by_key
from common.errors import AlreadyOnRoster, ImportInterrupted, RosterChanged
from common.outbox import NO_MAIL, Mailing, unsuppress
from common.person_index import person_keys
from common.places import PlaceTable
from common.unsubscribe import opted_out
from newsletter.repository import subscription_update
from roster.models import ChangeReport, RosterEntry, SigningLink, Unit, UnitLeaderRecord

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize
IMPORT_KEY = {"PK": {"S": "ROSTER"}, "SK": {"S": "IMPORT"}}
CHUNK = 50  # entries per transaction in an import: each with its marker, inside the limit of 100 actions
WRITERS = 4  # transactions of an import written at once


@dataclass(frozen=True)
class ImportState:
    import_id: str
    status: Literal["started", "complete"]
    rows: int


@dataclass(frozen=True)
class Along:
    """What else a decision or an import writes in its transaction: the unit's leader as reported, and the
    newsletter's subscriptions (address, name) of those the roster subscribes."""

    leaders: tuple[UnitLeaderRecord, ...] = ()
    subscriptions: tuple[tuple[str, str], ...] = ()


NOTHING_ALONG = Along()


@dataclass(frozen=True)
class Ending:
    """An open entry as it is, and as the decision leaves it (with its end)."""

    before: RosterEntry
    after: RosterEntry


class RosterRepository(Protocol):
    def add_report(self, report: ChangeReport, mailing: Mailing = NO_MAIL) -> None: ...

    def report(self, report_id: str) -> ChangeReport | None: ...

    def reports_in_area(self, area: str) -> Iterator[ChangeReport]: ...

    def decide(
        self,
        report: ChangeReport,
        endings: Sequence[Ending] = (),
        starts: Sequence[RosterEntry] = (),
        mailing: Mailing = NO_MAIL,
        along: Along = NOTHING_ALONG,
    ) -> None: ...

    def newsletter_opted_out(self, address_keys: Sequence[str]) -> set[str]: ...

    def unit_leaders(self, unit_ids: Sequence[str]) -> dict[str, UnitLeaderRecord]: ...

    def remove_unit_leader(self, unit_id: str) -> None: ...

    def entries_for_unit(self, unit: str) -> list[RosterEntry]: ...

    def entries_in_area(self, area: str) -> list[RosterEntry]: ...

    def entry(self, unit: str, entry_id: str) -> RosterEntry | None: ...

    def save_entry(self, entry: RosterEntry) -> RosterEntry: ...

    def import_state(self) -> ImportState | None: ...

    def import_entries(
        self, import_id: str, entries: Sequence[RosterEntry], now: datetime, along: Along = NOTHING_ALONG
    ) -> None: ...


def utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_key(unit: str, entry_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"UNIT#{unit}"}, "SK": {"S": f"NURSE#{entry_id}"}}


def signing_key(link_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"FDSIGN#{link_hash}"}, "SK": {"S": "META"}}


def marker_key(unit: str, email_key: str) -> dict[str, Any]:
    return {"PK": {"S": f"UNIT#{unit}"}, "SK": {"S": f"ACTIVE#{email_key}"}}


def report_key(report_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"CHANGE#{report_id}"}, "SK": {"S": "META"}}


def report_about(report: ChangeReport) -> tuple[str, str]:
    """A report's key as an email's `about` (common/outbox.py): the worker writes there how the email went."""
    return f"CHANGE#{report.id}", "META"


def entry_about(entry: RosterEntry) -> tuple[str, str]:
    return f"UNIT#{entry.unit}", f"NURSE#{entry.id}"


def _serialized(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serialize(value) for name, value in values.items() if value != ""}


def _entry_item(entry: RosterEntry) -> dict[str, Any]:
    values = entry.json_values() | {
        "PK": f"UNIT#{entry.unit}",
        "SK": f"NURSE#{entry.id}",
        "entity": "roster_entry",
        "GSI1PK": f"AREA#{entry.area}",
        "GSI1SK": f"NURSE#{entry.unit}#{entry.id}",
    }
    return _serialized(values | person_keys("roster_entry", values))


def _marker_item(entry: RosterEntry) -> dict[str, Any]:
    return marker_key(entry.unit, entry.email_key) | {
        "entity": {"S": "roster_marker"},
        "entry_id": {"S": entry.id},
        "expires_at": {"N": str(entry.expires_at)},
    }


def _report_item(report: ChangeReport) -> dict[str, Any]:
    return _serialized(
        report.json_values()
        | {
            "PK": f"CHANGE#{report.id}",
            "SK": "META",
            "entity": "change_report",
            "GSI1PK": f"AREA#{report.area}",
            "GSI1SK": f"CHANGE#{utc_key(report.created_at)}#{report.id}",
        }
    )


def leader_key(unit: str) -> dict[str, Any]:
    return {"PK": {"S": f"UNIT#{unit}"}, "SK": {"S": "LEADER"}}


def _leader_item(leader: UnitLeaderRecord) -> dict[str, Any]:
    return _serialized(leader.model_dump(mode="json") | {"PK": f"UNIT#{leader.unit_id}", "SK": "LEADER"}) | {
        "entity": {"S": "unit_leader"}
    }


def _along_items(table: str, along: Along, now: datetime) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [{"Put": {"TableName": table, "Item": _leader_item(one)}} for one in along.leaders]
    items += [subscription_update(table, email, name, "roster", now) for email, name in along.subscriptions]
    return items


def _model(model: type[Any], item: dict[str, Any]) -> Any:
    values = {name: _deserialize(value) for name, value in item.items()}
    return model.model_validate({name: values[name] for name in model.model_fields if name in values})


def _cancelled(exc: ClientError) -> list[str]:
    """The reason code of each action of a cancelled transaction ("" where it was not the cause)."""
    if exc.response["Error"]["Code"] != "TransactionCanceledException":
        raise exc
    return [reason.get("Code") or "" for reason in exc.response.get("CancellationReasons") or []]


class DynamoRosterRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    # change reports ----------------------------------------------------------------------------------------------

    def add_report(self, report: ChangeReport, mailing: Mailing = NO_MAIL) -> None:
        """A new report and its emails, in one transaction. The reporter used her address in a form again, so a
        bounce's stop on it is lifted."""
        items: list[Any] = [
            self._put_new(_report_item(report)),
            unsuppress(self._table, report.reporter_email),
            *mailing.items(self._table),
        ]
        self._client.transact_write_items(TransactItems=items)

    def report(self, report_id: str) -> ChangeReport | None:
        item = self._client.get_item(TableName=self._table, Key=report_key(report_id), ConsistentRead=True).get("Item")
        return _model(ChangeReport, item) if item else None

    def reports_in_area(self, area: str) -> Iterator[ChangeReport]:
        """The reports about units in one area, newest first."""
        for item in self._indexed(f"AREA#{area}", "CHANGE#", newest_first=True):
            yield _model(ChangeReport, item)

    def decide(
        self,
        report: ChangeReport,
        endings: Sequence[Ending] = (),
        starts: Sequence[RosterEntry] = (),
        mailing: Mailing = NO_MAIL,
        along: Along = NOTHING_ALONG,
    ) -> None:
        """Write the decided report, end and start entries, move their markers, write the emails and what comes
        along (the unit's leader, the newsletter's subscriptions): all or nothing.
        RosterChanged if the report or an entry was changed meanwhile; AlreadyOnRoster if a started entry's
        address is already taken at its unit."""
        actions: list[dict[str, Any]] = [self._put_seen(_report_item(report), report.version - 1)]
        kinds: list[str] = ["changed"]
        ended_markers = {(e.before.unit, e.before.email_key): e.before for e in endings}
        started_markers = {(s.unit, s.email_key) for s in starts}
        for ending in endings:
            actions.append(self._put_seen(_entry_item(ending.after), ending.before.version))
            kinds.append("changed")
            if (ending.before.unit, ending.before.email_key) not in started_markers:
                actions.append(
                    {
                        "Delete": {
                            "TableName": self._table,
                            "Key": marker_key(ending.before.unit, ending.before.email_key),
                        }
                    }
                )
                kinds.append("changed")
        for entry in starts:
            actions.append(self._put_new(_entry_item(entry)))
            kinds.append("changed")
            if (entry.unit, entry.email_key) in ended_markers:  # the same address stays: the marker moves along
                actions.append({"Put": {"TableName": self._table, "Item": _marker_item(entry)}})
            else:
                actions.append(self._put_new(_marker_item(entry)))
            kinds.append("taken" if (entry.unit, entry.email_key) not in ended_markers else "changed")
        emails = mailing.items(self._table)
        actions += emails
        kinds += ["mail"] * len(emails)
        extra = _along_items(self._table, along, report.decided_at or datetime.now(UTC))
        actions += extra
        kinds += ["along"] * len(extra)
        self._transact(actions, kinds)

    def newsletter_opted_out(self, address_keys: Sequence[str]) -> set[str]:
        return opted_out(self._client, self._table, "newsletter", address_keys)

    def unit_leaders(self, unit_ids: Sequence[str]) -> dict[str, UnitLeaderRecord]:
        """The units' leaders as last reported, by unit id (those with none left out)."""
        found = items_by_key(self._client, self._table, [leader_key(unit) for unit in unit_ids])
        return {leader.unit_id: leader for leader in (_model(UnitLeaderRecord, item) for item in found.values())}

    def remove_unit_leader(self, unit_id: str) -> None:
        self._client.delete_item(TableName=self._table, Key=leader_key(unit_id))

    def _transact(self, actions: list[dict[str, Any]], kinds: list[str]) -> None:
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            reasons = _cancelled(exc)
            failed = {kind for kind, code in zip(kinds, reasons, strict=False) if code == "ConditionalCheckFailed"}
            if "taken" in failed and "changed" not in failed:
                raise AlreadyOnRoster() from exc
            if failed:
                raise RosterChanged() from exc
            raise

    def _put_seen(self, item: dict[str, Any], seen: int) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": item,
                "ConditionExpression": "version = :seen",
                "ExpressionAttributeValues": {":seen": {"N": str(seen)}},
            }
        }

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}

    # entries -----------------------------------------------------------------------------------------------------

    def entries_for_unit(self, unit: str) -> list[RosterEntry]:
        """A unit's whole history, oldest entry first."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": f"UNIT#{unit}"}, ":prefix": {"S": "NURSE#"}},
            ConsistentRead=True,
        )
        return [_model(RosterEntry, item) for page in pages for item in page.get("Items", [])]

    def entries_in_area(self, area: str) -> list[RosterEntry]:
        """Every entry of the units in one area, unit by unit, oldest first."""
        return [_model(RosterEntry, item) for item in self._indexed(f"AREA#{area}", "NURSE#")]

    def _indexed(self, partition: str, prefix: str, newest_first: bool = False) -> Iterator[dict[str, Any]]:
        """The items under one key of the keys-only GSI1, read by key with consistent reads."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": partition}, ":prefix": {"S": prefix}},
            ScanIndexForward=not newest_first,
        )
        keys = [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]
        found = items_by_key(self._client, self._table, keys)
        for key in keys:
            item = found.get(f"{key['PK']['S']}|{key['SK']['S']}")
            if item is not None:  # deleted since the index was read
                yield item

    def entry(self, unit: str, entry_id: str) -> RosterEntry | None:
        item = self._client.get_item(TableName=self._table, Key=entry_key(unit, entry_id), ConsistentRead=True).get(
            "Item"
        )
        return _model(RosterEntry, item) if item else None

    def save_entry(self, entry: RosterEntry) -> RosterEntry:
        """The entry with new signatures or listing, on the condition that nobody changed it since it was read."""
        stored = entry.model_copy(update={"version": entry.version + 1})
        try:
            self._client.put_item(
                TableName=self._table,
                Item=_entry_item(stored),
                ConditionExpression="version = :seen",
                ExpressionAttributeValues={":seen": {"N": str(entry.version)}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise RosterChanged() from exc
            raise
        return stored

    def sign_entry(
        self,
        entry: RosterEntry,
        link: tuple[str, SigningLink] | None = None,
        used_link: str | None = None,
        mailing: Mailing = NO_MAIL,
    ) -> RosterEntry:
        """A signature on the entry (on the version read), with the unit leader's new link and its email, or with
        her link used up: one transaction, so that no signature goes without its email, and no link signs twice."""
        stored = entry.model_copy(update={"version": entry.version + 1})
        actions = [self._put_seen(_entry_item(stored), entry.version)]
        kinds = ["changed"]
        if link is not None:
            link_hash, found = link
            item = signing_key(link_hash) | _serialized(
                {
                    "entity": "signing_link",
                    "unit": found.unit,
                    "entry_id": found.entry_id,
                    "name": found.name,
                    "email": found.email,
                    "expires_at": found.expires_at,
                }
            )
            actions.append(self._put_new(item))
            kinds.append("link")
        if used_link is not None:
            actions.append(
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": signing_key(used_link),
                        "ConditionExpression": "attribute_exists(PK)",
                    }
                }
            )
            kinds.append("changed")
        actions += mailing.items(self._table)
        self._transact(actions, kinds)
        return stored

    def signing_link(self, link_hash: str) -> SigningLink | None:
        item = self._client.get_item(TableName=self._table, Key=signing_key(link_hash), ConsistentRead=True).get("Item")
        if not item:
            return None
        values = {name: _deserialize(value) for name, value in item.items()}
        return SigningLink(
            str(values["unit"]),
            str(values["entry_id"]),
            str(values["name"]),
            str(values["email"]),
            int(values["expires_at"]),
        )

    def _write_imported(self, import_id: str, chunk: Sequence[RosterEntry]) -> None:
        """Entries and their markers, each put on the condition that it is new or from this import."""
        actions: list[dict[str, Any]] = []
        for entry in chunk:
            values = {":id": {"S": import_id}, ":entry": {"S": entry.id}}
            for item in (_entry_item(entry), _marker_item(entry)):
                put = {"TableName": self._table, "Item": item, "ExpressionAttributeValues": values}
                put["ConditionExpression"] = "attribute_not_exists(PK) OR import_id = :id OR entry_id = :entry"
                actions.append({"Put": put})
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            if "ConditionalCheckFailed" in _cancelled(exc):
                raise AlreadyOnRoster() from exc
            raise

    # the first import --------------------------------------------------------------------------------------------

    def import_state(self) -> ImportState | None:
        item = self._client.get_item(TableName=self._table, Key=IMPORT_KEY, ConsistentRead=True).get("Item")
        if not item:
            return None
        return ImportState(item["import_id"]["S"], item["status"]["S"], int(item["rows"]["N"]))  # type: ignore[arg-type]

    def import_entries(
        self, import_id: str, entries: Sequence[RosterEntry], now: datetime, along: Along = NOTHING_ALONG
    ) -> None:
        """Write the imported entries and their markers, 50 to a transaction and four transactions at a time, then mark
        the import complete.
        The entries' ids come from the import's id, so the same file sent again after an interruption writes the
        same items (each put on the condition that it is new or from this import) and finishes the job. Until the
        import is complete, its entries are not shown (service.py)."""
        moment = {"S": now.astimezone(UTC).isoformat()}
        try:
            self._client.put_item(
                TableName=self._table,
                Item=IMPORT_KEY
                | {
                    "entity": {"S": "roster_import"},
                    "import_id": {"S": import_id},
                    "status": {"S": "started"},
                    "rows": {"N": str(len(entries))},
                    "started_at": moment,
                },
                ConditionExpression="attribute_not_exists(PK) OR (import_id = :id AND #status = :started)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":id": {"S": import_id}, ":started": {"S": "started"}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise ImportInterrupted() from exc
            raise
        chunks = [entries[first : first + CHUNK] for first in range(0, len(entries), CHUNK)]
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:  # the chunks are independent; the client is thread-safe
            for _done in pool.map(lambda chunk: self._write_imported(import_id, chunk), chunks):
                pass
        extra = _along_items(self._table, along, now)  # unconditional puts and updates: written again harmlessly
        for first in range(0, len(extra), 100):
            self._client.transact_write_items(TransactItems=extra[first : first + 100])  # type: ignore[arg-type]
        self._client.update_item(
            TableName=self._table,
            Key=IMPORT_KEY,
            UpdateExpression="SET #status = :complete, completed_at = :now",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":complete": {"S": "complete"}, ":now": moment},
        )


# units -----------------------------------------------------------------------------------------------------------

UNITS_PARTITION = "UNITS"


class UnitRepository(Protocol):
    def all(self) -> dict[str, Unit]: ...

    def unit(self, unit_id: str) -> Unit | None: ...

    def add(self, unit: Unit) -> None: ...

    def replace(self, before: Unit, after: Unit) -> None: ...


class DynamoUnitRepository:
    """The units: `UNITS` / `UNIT#{id}`, their names held per municipality (common/places.py). A unit moved to another
    area takes its roster entries and its change reports along (their GSI1 keys are by area), in the same
    transaction, so that it leaves one area leader's list and coverage and enters the other's at once."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name
        self._places = PlaceTable(client, table_name, UNITS_PARTITION, "UNIT", "unit")
        self._roster = DynamoRosterRepository(client, table_name)

    def all(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in (Unit.model_validate(values) for values in self._places.all())}

    def unit(self, unit_id: str) -> Unit | None:
        values = self._places.one(unit_id)
        return Unit.model_validate(values) if values else None

    def add(self, unit: Unit) -> None:
        """PlaceExists if the id is taken, NameTaken if the municipality has a unit of that name."""
        self._places.add(unit.json_values(), unit.municipality)

    def seed(self, unit: Unit) -> bool:
        """Put a configured unit unless it is in the table: never over one a leader has changed."""
        return self._places.seed(unit.json_values(), unit.municipality)

    def replace(self, before: Unit, after: Unit) -> None:
        """`after` (with the next version) over `before`; PlaceChanged or NameTaken (nothing written)."""
        along: list[dict[str, Any]] = []
        if after.area != before.area:
            for entry in self._roster.entries_for_unit(before.id):
                moved = entry.model_copy(update={"area": after.area, "version": entry.version + 1})
                along.append(self._roster._put_seen(_entry_item(moved), entry.version))
            for report in self._roster.reports_in_area(before.area):
                if report.unit == before.id:
                    shifted = report.model_copy(update={"area": after.area, "version": report.version + 1})
                    along.append(self._roster._put_seen(_report_item(shifted), report.version))
        self._places.replace(
            before.json_values(), after.json_values(), (before.municipality, after.municipality), along
        )
