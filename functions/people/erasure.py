"""A person's data, and its erasure (issue 23): everything the table holds about one address, to take home
(`export`) or to erase (`erase`), found by one full read of the table (`find`).

Where the table holds an address, and what erasure does (own: about her; named: she is named in someone else's
record; linked: holds no address, but leads to one of her items):

- registration `COURSE#` / `REG#`: `email` typed, GSI4 (hash): own: cancelled (her seat or place in line freed,
  the first in line promoted, the counters kept right), then deleted; named as `leader_email`: leader fields blanked
- email_marker `COURSE#` / `EMAIL#<address>`: own: deleted (after the cancellation, whose condition reads it)
- registration_link `TOKEN#<hash>` (`registration_id`): linked: deleted
- attendance `COURSE#` / `ATTEND#<address>`, `email`, GSI4: own: deleted
- absence `COURSE#` / `ABSENCE#<address>`, `email`, GSI4: own: deleted
- hospitation `HOSP#` / `META`: `email`, GSI4: own: deleted with its held consent email; named as `leader_email`:
  leader fields blanked (a request still waiting for her consent ends as `expired`, as one nobody answered)
- hospitation_link `LINK#<hash>` (`request_id`): linked: deleted
- evaluation_sent `COURSE#` / `EVALSENT#<sha-256 of the address>`: own: deleted (the link and the answers name nobody)
- self_report `SELFREPORT#<year>` / `NURSE#` or `LEADER#`: `email`, GSI4: own: deleted with her answer (the year's
  counts lose her); self_report_link `SRTOKEN#<hash>` (`about`: the invitation's keys): linked: deleted
- roster_entry `UNIT#` / `NURSE#`: `email`, GSI4: own: anonymised for the reports' counts (name, email, phone
  blanked, not listed, out of the person index; an open period ended today, `ended_by` "erasure")
- roster_marker `UNIT#` / `ACTIVE#<address>`: own: deleted
- change_report `CHANGE#` / `META`: `reporter_email`, `new_email`, `leaving_email`, `contact_new_email`: named:
  a pending report deleted (it can no longer be carried out), a decided one her fields blanked
- unit_leader `UNIT#` / `LEADER`: `email`: own: deleted
- letter_recipient `LETTER#` / `TO#`: `email`, GSI4: own: deleted
- certificate `CERT#` / `META`: `email`, GSI4, `record` (JSON): own: deleted (the check at /kursbevis/ then finds none)
- email `MAIL#` / `MAIL` or `HELD`: `to_key` (hash), the message compressed in `body` or a `draft`: own (to her) and
  linked (not yet sent, about one of her items): deleted, so that nothing waiting in the outbox goes afterwards
- mail_bundle `MAIL#` / `BUNDLE`: compressed `entries` (each email's `to_key`, its recipient's `email`): her entries
  taken out (the bundle deleted if nothing is left)
- suppressed_address, mail_count, opt_out, person_link_asked `ADDRESS#<address key>` / ...: own: deleted
- newsletter_subscription `NEWSLETTER` / `SUB#<address key>` (`email`), newsletter_request `ASKED#<address key>`,
  newsletter_confirmation `NLCONFIRM#` (`email`, `address_key`): own: deleted
- person_link `SIGNIN#` / person_session `MYSESSION#` (Min side): `email`: own: deleted (her session ends)
- governance_record kept versions `GOVERNANCE#` / `V#` (an area's leader by email): deleted by
  governance.repository.erase_person; a current record the network leader changes in /leder/styring/ first
- Not erased: the audit log's and the kept versions' `actor` / `changed_by` (a leader's own acts, kept for
  AUDIT_RETENTION_MONTHS), an evaluation's answers (they name nobody), a sign-up's SUBMISSION# answer (no address;
  gone within a day).

The email matches in any spelling of its case: every stored key form is lowercased or hashed
(common/outbox.address_key), and a typed address is compared lowercased here. Erasure writes an audit entry with the
counts per entity and who asked ("self" from Min side, or the leader), never the address or the name; running it
again finds nothing and writes nothing."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import ClientError

from common.access import Leader
from common.audit import AuditEntry, DynamoAuditLog
from common.aws import items_in_key_order
from common.errors import Forbidden
from common.formatting import OSLO
from common.i18n import N_
from common.outbox import BUNDLE, Mailing, OutgoingEmail, address_key, bundle_entries, unpacked
from common.person_index import person_pk
from common.tokens import new_token, token_hash
from courses.items import registration_from_item
from courses.models import Course, Registration
from courses.repository import DynamoCourseRepository
from courses.service import PROMOTIONS_AT_MOST, registration_mail
from governance.repository import DynamoGovernanceRepository
from hospitation.models import Hospitation
from hospitation.repository import DynamoHospitationRepository
from people.repository import _model

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Clock = Callable[[], datetime]
Role = Literal["own", "named", "linked"]
SELF = "self"  # the audit log's actor of an erasure she asked for herself, from Min side
BATCH = 25  # BatchWriteItem's limit
ATTEMPTS = 5  # a conditional change that finds the item changed meanwhile reads it again, this often

# The attributes that hold an address as typed, and the fields blanked with each where she is named in someone
# else's record.
NAMED_FIELDS: dict[str, tuple[str, ...]] = {
    "leader_email": ("leader_name", "leader_email"),
    "reporter_email": ("reporter_name", "reporter_email"),
    "new_email": ("new_name", "new_email", "new_phone"),
    "leaving_email": ("leaving_name", "leaving_email"),
    "contact_new_email": ("contact_name", "contact_new_name", "contact_new_email", "contact_new_phone"),
}
ADDRESS_ATTRIBUTES = ("email", *NAMED_FIELDS)
KEY_PREFIXES = ("EMAIL#", "ATTEND#", "ABSENCE#", "ACTIVE#")  # sort keys that end with the lowercased address
# -> the attribute naming hers
LINKS = {"registration_link": "registration_id", "hospitation_link": "request_id", "self_report_link": "about"}
UNSENT = ("pending", "held", "sending")  # an email not yet sent, which an erasure stops
# What the first read takes of every item: the keys, the address forms, what links an item to hers.
PROJECTED = (
    "PK",
    "SK",
    "entity",
    "status",
    "GSI4PK",
    "to_key",
    "address_key",
    "registration_id",
    "request_id",
    "about",
    "about_pk",
    "about_sk",
    "entries",
    *ADDRESS_ATTRIBUTES,
)
# Attributes that are the table's machinery, not what it knows about her: left out of the export.
TECHNICAL = frozenset(
    {"PK", "SK", "entity", "version", "to_key", "address_key", "token_hash", "about_pk", "about_sk", "body", "draft"}
    | {"entries", "stranger", "attempts", "claimed_at", "import_id", "resent_from", "resent_as", "message_id"}
    | {"links", "about", "invitation"}
    | {f"GSI{n}{part}" for n in range(1, 5) for part in ("PK", "SK")}
)
# What a record she is only named in may show beside her own fields: what it is, not whom else it is about.
CONTEXT = frozenset(
    {"course_id", "status", "kind", "unit", "area", "host_unit", "effective_date", "created_at", "first_day"}
    | {"last_day", "decided_at"}
)

# The export's groups as the readable page names them.
ENTITY_LABELS: dict[str, str] = {
    "registration": N_("Påmeldinger"),
    "email_marker": N_("Påmeldinger (én per kurs)"),
    "attendance": N_("Oppmøte"),
    "absence": N_("Meldt fravær"),
    "hospitation": N_("Hospitering"),
    "evaluation_sent": N_("Evalueringer du er bedt om å svare på"),
    "self_report": N_("Årlig egenrapport"),
    "self_report_link": N_("Lenke til årlig egenrapport"),
    "roster_entry": N_("Navnelisten over ressurssykepleiere"),
    "roster_marker": N_("Navnelisten (aktiv ved en enhet)"),
    "change_report": N_("Endringsmeldinger til navnelisten"),
    "unit_leader": N_("Leder for en enhet"),
    "letter_recipient": N_("Meldinger du har fått"),
    "certificate": N_("Kursbevis"),
    "email": N_("E-post til deg eller om deg"),
    "mail_bundle": N_("E-post som venter på å bli sendt"),
    "suppressed_address": N_("E-postadresse som ikke tar imot e-post"),
    "mail_count": N_("E-post sendt i dag"),
    "opt_out": N_("E-postlister du har meldt deg av"),
    "person_link_asked": N_("Lenke til Min side bedt om"),
    "person_link": N_("Lenke til Min side"),
    "person_session": N_("Innlogging på Min side"),
    "newsletter_subscription": N_("Nyhetsbrev"),
    "newsletter_request": N_("Nyhetsbrev (påmelding bedt om)"),
    "newsletter_confirmation": N_("Nyhetsbrev (påmelding som venter på bekreftelse)"),
}


@dataclass(frozen=True)
class Address:
    """One address in every form the table keeps it: as compared (lowercased), as its key (a hash), as the person
    index's partition, and as the evaluations' sent marker (the whole SHA-256, whose first 40 digits are the key)."""

    typed: str
    email: str
    key: str
    person: str

    @classmethod
    def of(cls, email: str) -> Address:
        return cls(email.strip(), email.strip().lower(), address_key(email), person_pk(email))

    def same(self, value: object) -> bool:
        return isinstance(value, str) and value.strip().lower() == self.email


@dataclass(frozen=True)
class Found:
    """One item about her: what it is, how it holds her, the whole item (DynamoDB's typed form) and, where she is
    named in someone else's record, the fields that name her."""

    entity: str
    role: Role
    item: dict[str, Any]
    fields: tuple[str, ...] = ()
    entries: tuple[int, ...] = ()  # a bundle's entries that are hers

    @property
    def key(self) -> dict[str, Any]:
        return {"PK": self.item["PK"], "SK": self.item["SK"]}


@dataclass(frozen=True)
class ErasureSummary:
    """What an erasure did, per entity: items removed, roster entries kept anonymously for the counts, records of
    others where she was named and is no more; the seats it freed and the people it moved up to them."""

    removed: Mapping[str, int] = field(default_factory=dict)
    anonymised: Mapping[str, int] = field(default_factory=dict)
    unnamed: Mapping[str, int] = field(default_factory=dict)
    seats_freed: int = 0
    promoted: int = 0

    @property
    def total(self) -> int:
        return sum(self.removed.values()) + sum(self.anonymised.values()) + sum(self.unnamed.values())

    @property
    def nothing(self) -> bool:
        return self.total == 0

    def audit_subject(self) -> str:
        """The audit entry's subject: the counts only, never whom they were about."""
        parts = [
            f"{name}: " + ", ".join(f"{entity}={count}" for entity, count in sorted(counts.items()))
            for name, counts in (("removed", self.removed), ("anonymised", self.anonymised), ("unnamed", self.unnamed))
            if counts
        ]
        parts.append(f"seats_freed={self.seats_freed}, promoted={self.promoted}")
        return "; ".join(parts)

    def merged(self, other: ErasureSummary) -> ErasureSummary:
        def add(one: Mapping[str, int], two: Mapping[str, int]) -> dict[str, int]:
            return dict(Counter(one) + Counter(two))

        return ErasureSummary(
            add(self.removed, other.removed),
            add(self.anonymised, other.anonymised),
            add(self.unnamed, other.unnamed),
            self.seats_freed + other.seats_freed,
            self.promoted + other.promoted,
        )


# finding ---------------------------------------------------------------------------------------------------------


def _text(item: Mapping[str, Any], name: str) -> str:
    value = item.get(name)
    return str(value.get("S", "")) if isinstance(value, dict) else ""


def entity_of(item: Mapping[str, Any]) -> str:
    return _text(item, "entity") or "unknown"


def scan_filter(address: Address) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The first read's filter: a superset of her items (the exact test is `classify`'s, in any case). A typed
    address may differ from hers in the case of its local part, so those attributes are taken when they hold her
    domain (validated addresses keep the domain lowercased) or her address as given."""
    names = {f"#{name}": name for name in ("PK", "SK", "entity", "status", "GSI4PK", "to_key", "address_key")}
    names |= {f"#{name}": name for name in ADDRESS_ATTRIBUTES}
    values: dict[str, Any] = {
        ":key": {"S": address.key},
        ":person": {"S": address.person},
        ":lower": {"S": address.email},
        ":typed": {"S": address.typed},
        ":domain": {"S": "@" + address.email.rpartition("@")[2]},
        ":bundle": {"S": "mail_bundle"},
        ":email": {"S": "email"},
    }
    values |= {f":link{n}": {"S": entity} for n, entity in enumerate(LINKS)}
    values |= {f":unsent{n}": {"S": status} for n, status in enumerate(UNSENT)}
    typed = " OR ".join(
        f"contains(#{name}, :domain) OR contains(#{name}, :typed) OR contains(#{name}, :lower)"
        for name in ADDRESS_ATTRIBUTES
    )
    links = ", ".join(f":link{n}" for n in range(len(LINKS)))
    unsent = ", ".join(f":unsent{n}" for n in range(len(UNSENT)))
    expression = (
        "contains(#PK, :key) OR contains(#SK, :key) OR contains(#SK, :lower) OR #GSI4PK = :person "
        f"OR #to_key = :key OR #address_key = :key OR {typed} "
        f"OR #entity IN (:bundle, {links}) OR (#entity = :email AND #status IN ({unsent}))"
    )
    return expression, names, values


def classify(item: Mapping[str, Any], address: Address) -> tuple[Role, tuple[str, ...]] | None:
    """Whether an item (as the first read projects it) is about her ("own"), names her in someone else's record
    ("named", with the fields to blank), or neither (None). Bundles and links are decided elsewhere."""
    pk, sk = _text(item, "PK"), _text(item, "SK")
    if pk == f"ADDRESS#{address.key}" or _text(item, "GSI4PK") == address.person:
        return "own", ()
    if address.key in (_text(item, "to_key"), _text(item, "address_key")):
        return "own", ()
    if pk == "NEWSLETTER" and sk in (f"SUB#{address.key}", f"ASKED#{address.key}"):
        return "own", ()
    if sk.startswith("EVALSENT#") and sk.removeprefix("EVALSENT#")[: len(address.key)] == address.key:
        return "own", ()
    if any(sk == f"{prefix}{address.email}" for prefix in KEY_PREFIXES) or address.same(_text(item, "email")):
        return "own", ()
    named = tuple(
        name for attribute, fields in NAMED_FIELDS.items() if address.same(_text(item, attribute)) for name in fields
    )
    return ("named", named) if named else None


def bundle_hers(item: Mapping[str, Any], address: Address) -> tuple[int, ...]:
    """The entries of a bundle (common/outbox.py) that are emails to her."""
    if "entries" not in item:
        return ()
    hers = []
    for index, entry in enumerate(bundle_entries(dict(item))):
        record = entry.get("record") or {}
        if _text(entry.get("email") or {}, "to_key") == address.key or address.same(_text(record, "email")):
            hers.append(index)
    return tuple(hers)


def _candidates(client: DynamoDBClient, table: str, address: Address) -> list[dict[str, Any]]:
    """The one full read: every item that may be about her, with only the attributes that tell."""
    expression, names, values = scan_filter(address)
    projection = {f"#p{n}": name for n, name in enumerate(PROJECTED)}
    pages = client.get_paginator("scan").paginate(
        TableName=table,
        FilterExpression=expression,
        ProjectionExpression=", ".join(projection),
        ExpressionAttributeNames=names | projection,
        ExpressionAttributeValues=values,
        ConsistentRead=True,
    )
    return [item for page in pages for item in page.get("Items", [])]


def _decided(candidates: list[dict[str, Any]], address: Address) -> list[Found]:
    """Her items among the candidates (projected), then the links and unsent emails that lead to them."""
    found: list[Found] = []
    rest: list[dict[str, Any]] = []
    for item in candidates:
        entity = entity_of(item)
        if entity == "mail_bundle" and _text(item, "SK") == BUNDLE:
            hers = bundle_hers(item, address)
            if hers:
                found.append(Found(entity, "own", item, entries=hers))
            continue
        decided = classify(item, address)
        if decided is None:
            rest.append(item)
        else:
            found.append(Found(entity, decided[0], item, decided[1]))
    own = [one for one in found if one.role == "own"]
    ids = {
        "registration_id": {_text(one.item, "SK").removeprefix("REG#") for one in own if one.entity == "registration"},
        "request_id": {_text(one.item, "PK").removeprefix("HOSP#") for one in own if one.entity == "hospitation"},
        "about": {f"{_text(one.item, 'PK')}/{_text(one.item, 'SK')}" for one in own if one.entity == "self_report"},
    }
    keys = {(_text(one.item, "PK"), _text(one.item, "SK")) for one in own}
    for item in rest:
        entity = entity_of(item)
        attribute = LINKS.get(entity)
        leads_to_hers = attribute is not None and _text(item, attribute) in ids[attribute]
        about_hers = entity == "email" and (_text(item, "about_pk"), _text(item, "about_sk")) in keys
        if leads_to_hers or about_hers:
            found.append(Found(entity, "linked", item))
    return found


def found_items(client: DynamoDBClient, table: str, email: str) -> list[Found]:
    """Every item about the address, decided, each read whole (consistently) after the first read."""
    address = Address.of(email)
    decided = _decided(_candidates(client, table, address), address)
    whole = {
        (one["PK"]["S"], one["SK"]["S"]): one for one in items_in_key_order(client, table, [one.key for one in decided])
    }
    found = []
    for one in decided:
        item = whole.get((one.item["PK"]["S"], one.item["SK"]["S"]))
        if item is not None:  # gone since the first read (a TTL, the worker, another erasure)
            found.append(Found(one.entity, one.role, item, one.fields, one.entries))
    return found


def find(client: DynamoDBClient, table: str, email: str) -> list[dict[str, Any]]:
    """Every item about the address (DynamoDB's typed form, whole): hers, those that name her, and the links and
    unsent emails that lead to hers. One paginated Scan of the table, then a BatchGetItem of what it found."""
    return [one.item for one in found_items(client, table, email)]


# the export ------------------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A deserialized value as JSON takes it."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, set | frozenset):
        return sorted(_plain(one) for one in value)
    if isinstance(value, list | tuple):
        return [_plain(one) for one in value]
    if isinstance(value, dict):
        return {str(name): _plain(one) for name, one in value.items()}
    if isinstance(value, bytes | bytearray):
        return None
    return value


def _values(item: Mapping[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeDeserializer

    reader = TypeDeserializer()
    return {name: _plain(reader.deserialize(value)) for name, value in item.items()}


def _kept_until(values: dict[str, Any]) -> dict[str, Any]:
    expires = values.pop("expires_at", None)
    if isinstance(expires, int | float):
        values["kept_until"] = datetime.fromtimestamp(expires, OSLO).date().isoformat()
    return values


def _email_record(one: Found, address: Address) -> dict[str, Any]:
    """An email: what it is and how it went; to her, what it says (its subject and text), if it is still kept."""
    values = _values(one.item)
    record: dict[str, Any] = {
        name: values[name] for name in ("kind", "status", "created_at", "finished_at") if name in values
    }
    record["to_you"] = _text(one.item, "to_key") == address.key
    body = one.item.get("body", {}).get("B")
    if record["to_you"] and body is not None:
        message = unpacked(bytes(body))
        record["subject"] = str(message["Subject"] or "")
        text = message.get_body(("plain",))
        if text is not None:
            record["text"] = text.get_content()
    return _kept_until(record | {"expires_at": values.get("expires_at")})


def _bundle_records(one: Found) -> list[dict[str, Any]]:
    entries = bundle_entries(one.item)
    records = []
    for index in one.entries:
        email = entries[index].get("email") or {}
        draft = json.loads(_text(email, "draft") or "{}")
        record = {"kind": _text(email, "kind"), "status": "pending", "created_at": _text(email, "created_at")}
        if draft.get("letter_id"):
            record["letter_id"] = draft["letter_id"]
        records.append(record)
    return records


def _record(one: Found, address: Address) -> list[dict[str, Any]]:
    """What one item says about her, as plain values."""
    if one.entity == "email":
        return [_email_record(one, address)]
    if one.entity == "mail_bundle":
        return _bundle_records(one)
    if one.role == "linked":
        return []  # a link's hash, or an email to someone else about her item (listed with that item's kind)
    values = _values(one.item)
    if one.role == "named":  # someone else's record: what it is, and her fields in it
        return [_kept_until({name: values[name] for name in (*CONTEXT, *one.fields) if name in values})]
    if isinstance(values.get("record"), str):  # a certificate's facts, as JSON
        try:
            values["record"] = json.loads(values["record"])
        except ValueError:
            values.pop("record")
    return [_kept_until({name: value for name, value in values.items() if name not in TECHNICAL})]


def export(client: DynamoDBClient, table: str, email: str) -> dict[str, Any]:
    """Everything the table holds about the address, by entity (ENTITY_LABELS names them for the readable page),
    as JSON-ready plain values: her own records whole (less the table's keys and hashes), her fields in the records
    of others that name her, the emails to her with what they say while it is kept (a sent email keeps no message)."""
    address = Address.of(email)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for one in found_items(client, table, email):
        for record in _record(one, address):
            grouped.setdefault(one.entity, []).append(record)
    for records in grouped.values():
        records.sort(key=lambda record: json.dumps(record, sort_keys=True, ensure_ascii=False))
    return {"email": address.typed, "entities": dict(sorted(grouped.items()))}


# the erasure -----------------------------------------------------------------------------------------------------


def in_scope(leader: Leader, found: Iterable[Found]) -> bool:
    """Whether a leader may erase this person: the network leader anyone, an area leader a person of her area (an
    area on one of her own records)."""
    if leader.role == "nettverksleder":
        return True
    if leader.role != "omradeleder":
        return False
    return any(one.role == "own" and _text(one.item, "area") == leader.area for one in found)


class _Erasure:
    """One run of an erasure on the items found: each kind of item its way, counted."""

    def __init__(self, client: DynamoDBClient, table: str, now: datetime) -> None:
        self.client, self.table, self.now = client, table, now
        self.courses = DynamoCourseRepository(client, table, cache_seconds=0)
        self.removed: Counter[str] = Counter()
        self.anonymised: Counter[str] = Counter()
        self.unnamed: Counter[str] = Counter()
        self.seats_freed = 0
        self.promoted = 0
        self.raced = False  # a bundle written out under the erasure: the caller looks again

    def summary(self) -> ErasureSummary:
        return ErasureSummary(
            dict(self.removed), dict(self.anonymised), dict(self.unnamed), self.seats_freed, self.promoted
        )

    def run(self, found: list[Found]) -> None:
        def own(entity: str) -> list[Found]:
            return [one for one in found if one.role == "own" and one.entity == entity]

        kept_for = {"email", "mail_bundle", "registration", "hospitation", "roster_entry"}
        # the outbox first, so that nothing waiting for her (or about her) goes while the rest is done
        self.delete([one for one in found if one.entity == "email"])
        for one in found:
            if one.entity == "mail_bundle":
                self.unbundle(one)
        for one in own("registration"):
            self.leave_course(one)
        for one in own("hospitation"):
            self.erase_hospitation(one)
        for one in own("roster_entry"):
            self.anonymise_entry(one)
        for one in found:
            if one.role == "named":
                self.unname(one)
        self.delete(
            [one for one in found if one.role != "named" and not (one.role == "own" and one.entity in kept_for)]
        )
        self.delete(own("registration"))  # last: after their cancellations, their markers and their links

    # writes --------------------------------------------------------------------------------------------------

    def delete(self, found: list[Found]) -> None:
        """Deleted, 25 to a BatchWriteItem (a delete of an item gone meanwhile is no error)."""
        for first in range(0, len(found), BATCH):
            chunk = found[first : first + BATCH]
            request: Any = {self.table: [{"DeleteRequest": {"Key": one.key}} for one in chunk]}
            while request:
                answer = self.client.batch_write_item(RequestItems=request)
                request = answer.get("UnprocessedItems") or None
            self.removed.update(one.entity for one in chunk)

    def update(self, key: dict[str, Any], **arguments: Any) -> bool:
        """A conditional update; False if the item changed or went meanwhile."""
        try:
            self.client.update_item(TableName=self.table, Key=key, **arguments)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def fresh(self, one: Found) -> Found | None:
        item = self.client.get_item(TableName=self.table, Key=one.key, ConsistentRead=True).get("Item")
        return Found(one.entity, one.role, item, one.fields, one.entries) if item else None

    # the outbox ----------------------------------------------------------------------------------------------

    def unbundle(self, one: Found) -> None:
        """Her emails taken out of a bundle the worker has not written out yet; the bundle gone if only hers."""
        entries = bundle_entries(one.item)
        kept = [entry for index, entry in enumerate(entries) if index not in one.entries]
        condition = {"ConditionExpression": "attribute_exists(PK)"}
        try:
            if kept:
                packed = zlib.compress(json.dumps(kept, separators=(",", ":")).encode("utf-8"), 6)
                item = one.item | {"entries": {"B": packed}, "count": {"N": str(len(kept))}}
                self.client.put_item(TableName=self.table, Item=item, **condition)  # type: ignore[arg-type]
            else:
                self.client.delete_item(TableName=self.table, Key=one.key, **condition)  # type: ignore[arg-type]
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            self.raced = True  # written out meanwhile: her email and recipient items are there now
            return
        self.removed["email"] += len(one.entries)

    # her registrations ---------------------------------------------------------------------------------------

    def leave_course(self, one: Found) -> None:
        """Her seat or place in line given up on a course not yet begun, the first in line moved up with an email,
        as a cancellation does (courses/waiting_list.py), but without a receipt to her; on a course begun or gone,
        the registration only goes (its place in line too)."""
        registration = registration_from_item(one.item)
        if registration.status == "cancelled":
            return
        course = self.courses.get_course(registration.course_id)
        if course is None or course.start <= self.now:
            if registration.status == "waitlisted" and registration.position is not None:
                self.delete_queue_entry(registration)
            return
        promoted = self.courses.cancel(registration, *self.promotions(course))
        self.seats_freed += 1 if registration.confirmed else 0
        self.promoted += len(promoted)

    def promotions(self, course: Course) -> tuple[list[str], Callable[[list[Registration]], Mailing]]:
        """New links for those moved up, and their emails ("you have a seat"), as courses.service makes them."""
        tokens = {token_hash(token): token for token in (new_token() for _ in range(PROMOTIONS_AT_MOST))}
        made: dict[tuple[str, str], OutgoingEmail] = {}  # rendered once, however often the transaction is tried

        def mailing(promoted: list[Registration]) -> Mailing:
            for one in promoted:
                if (one.id, one.token_hash) not in made:
                    token = tokens[one.token_hash]
                    made[(one.id, one.token_hash)] = registration_mail("promoted", course, one, token, self.now)
            return Mailing.of([made[(one.id, one.token_hash)] for one in promoted], self.now)

        return list(tokens), mailing

    def delete_queue_entry(self, registration: Registration) -> None:
        key = {"PK": {"S": f"COURSE#{registration.course_id}"}, "SK": {"S": f"WAIT#{registration.position:06d}"}}
        try:
            self.client.delete_item(
                TableName=self.table,
                Key=key,
                ConditionExpression="registration_id = :id",
                ExpressionAttributeValues={":id": {"S": registration.id}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    # her hospitations and roster entries ---------------------------------------------------------------------

    def erase_hospitation(self, one: Found) -> None:
        """The request deleted with its consent request still held (hospitation's own erasure)."""
        DynamoHospitationRepository(self.client, self.table).erase(_model(Hospitation, one.item))
        self.removed["hospitation"] += 1

    def anonymise_entry(self, one: Found) -> None:
        """A roster entry kept for the reports' counts (its unit, area, dates, reasons and signatures), with nothing
        that says who she was: an open period ends today, so that the unit's coverage and the letters to the
        roster leave her out."""
        current: Found | None = one
        for _ in range(ATTEMPTS):
            if current is None:
                return
            values = _values(current.item)
            update = "SET #name = :blank, #email = :blank, #phone = :blank, #listed = :no, #version = :next"
            names = {f"#{name}": name for name in ("name", "email", "phone", "listed", "version")}
            arguments: dict[str, Any] = {
                ":blank": {"S": ""},
                ":no": {"BOOL": False},
                ":next": {"N": str(int(values.get("version", 1)) + 1)},
                ":seen": {"N": str(int(values.get("version", 1)))},
            }
            if not values.get("end"):
                start = date.fromisoformat(str(values["start"]))
                names |= {"#end": "end", "#end_reason": "end_reason", "#ended_by": "ended_by"}
                update += ", #end = :end, #end_reason = :leaving, #ended_by = :erasure"
                arguments |= {
                    ":end": {"S": max(self.now.astimezone(OSLO).date(), start).isoformat()},
                    ":leaving": {"S": "leaving"},
                    ":erasure": {"S": "erasure"},
                }
            done = self.update(
                current.key,
                UpdateExpression=f"{update} REMOVE GSI4PK, GSI4SK",
                ConditionExpression="#version = :seen",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=arguments,
            )
            if done:
                self.anonymised["roster_entry"] += 1
                return
            current = self.fresh(current)

    # where she is named ----------------------------------------------------------------------------------------

    def unname(self, one: Found) -> None:
        """Her name and address blanked in someone else's record; a pending change report about her deleted."""
        if one.entity == "change_report" and _text(one.item, "status") == "pending":
            self.delete([one])
            return
        current: Found | None = one
        for _ in range(ATTEMPTS):
            if current is None:
                return
            if self.blank(current):
                self.unnamed[one.entity] += 1
                return
            current = self.fresh(current)

    def blank(self, one: Found) -> bool:
        fields = tuple(name for name in one.fields if name in one.item)
        names = {f"#f{n}": name for n, name in enumerate(fields)}
        update = "SET " + ", ".join(f"{name} = :blank" for name in names)
        values: dict[str, Any] = {":blank": {"S": ""}}
        if "version" in one.item:  # a versioned record: its next version, on the one read
            names["#version"] = "version"
            values |= {":seen": one.item["version"], ":next": {"N": str(int(one.item["version"]["N"]) + 1)}}
            update += ", #version = :next"
            condition = "#version = :seen"
        else:
            attributes = [(f"#f{n}", name) for n, name in enumerate(fields) if name.endswith("email")]
            condition = " AND ".join(f"{alias} = :was{n}" for n, (alias, _name) in enumerate(attributes))
            values |= {f":was{n}": one.item[name] for n, (_alias, name) in enumerate(attributes)}
        if one.entity == "hospitation" and _text(one.item, "status") == "awaiting_consent":
            # her consent can no longer be asked: the request ends as one nobody answered, off the schedule's list
            names["#status"] = "status"
            values[":expired"] = {"S": "expired"}
            update += ", #status = :expired REMOVE GSI3PK, GSI3SK"
        return self.update(
            one.key,
            UpdateExpression=update,
            ConditionExpression=condition or "attribute_exists(PK)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )


def erase(
    client: DynamoDBClient,
    table: str,
    email: str,
    clock: Clock,
    actor: Leader | str = SELF,
    retention_months: int | None = None,
) -> ErasureSummary:
    """Erase everything the table holds about the address (the module's list says how, per entity), and write one
    audit entry of the counts: who asked (`actor`: SELF from Min side, or the leader, who must have the person in
    their scope: Forbidden otherwise), never whom it was about. Nothing found: nothing written, so a second run is
    harmless. Kept versions of the governance records that name the address go too. A change that finds its record
    changed meanwhile reads it again; a bundle the mail worker wrote out meanwhile (her email and recipient items
    are then in the table) makes the whole erasure look again, once. A course too contended to cancel on raises
    Busy after the outbox is cleared: the erasure is then run again."""
    address = Address.of(email)
    found = found_items(client, table, email)
    if isinstance(actor, Leader) and not in_scope(actor, found):
        if found:
            raise Forbidden()
        return ErasureSummary()  # nothing of hers in this leader's scope, nor anywhere
    now = clock()
    run = _Erasure(client, table, now)
    run.run(found)
    summary = run.summary()
    if run.raced:
        again = _Erasure(client, table, now)
        again.run(found_items(client, table, email))
        summary = summary.merged(again.summary())
    governance = DynamoGovernanceRepository(client, table, DynamoAuditLog(client, table, 1))
    versions = governance.erase_person("", address.typed)
    if versions:
        summary = summary.merged(ErasureSummary(removed={"governance_version": versions}))
    if summary.nothing:
        return summary
    if retention_months is None:
        from common.settings import settings

        retention_months = settings().audit_retention_months
    who, sub = (actor.username, actor.sub or None) if isinstance(actor, Leader) else (actor, None)
    DynamoAuditLog(client, table, retention_months).record(
        AuditEntry(
            at=now, actor=who, actor_sub=sub, action="erasure", subject=summary.audit_subject(), rows=summary.total
        )
    )
    return summary
