"""The outbox: every email Lindra sends is first an item in the table, written in the same transaction as the change
that causes it (a sign-up, a promotion, a consent request, an approval, ...). The mail worker (functions/mailing/)
is handed each new one by the table's stream and sends it; nothing that causes an email waits for SES.

An email item (`PK = MAIL#<id>`, `SK = MAIL`) holds the message as it will be sent (the MIME bytes, compressed), who
it is for (the address, and its key: a hash), what it is about (the key of the item whose list shows how the email
went, e.g. a registration) and its state: pending, sending, sent, failed, bounced, complained, suppressed or capped.
It is kept `KEEP_DAYS` (TTL), so that a leader can see and send again an email that did not arrive. The message is
the MIME bytes, or (on the sign-up's path) a draft the worker renders.

No mail to strangers: an email to an address that did not itself fill in the form (a leader brought along, a nearest
leader asked to consent, a unit leader's new nurse) is held (`SK = HELD`) until the person who did has confirmed
their own address through the link in their receipt (`CONFIRM#<hash of the link's token>` lists what it holds), unless
its domain is one of the network's employer domains (`network.json`: `employer_domains`). Releasing writes the
`MAIL` item then, so the stream (filtered to new `MAIL` items) hands it to the worker as any other.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from email.utils import getaddresses
from typing import Any, Literal

from common.i18n import N_
from common.ids import new_ulid

KEEP_DAYS = 30
QUEUE = "MAILQUEUE"  # GSI1PK of the emails not yet done
SUPPRESSED = "SUPPRESSED"  # SK of an address's stop after a bounce or a complaint
CONFIRM_DAYS = 7  # how long a receipt's confirmation link holds the emails it releases
Status = Literal["pending", "held", "sending", "sent", "failed", "bounced", "complained", "suppressed", "capped"]
# What a leader's list says of an email that did not reach its person (all of them: "e-posten kommer ikke fram").
# Those SES never took keep their message, to be sent again; a sent one keeps none (its links), so a bounce is
# not sent again: the address does not work.
UNDELIVERED: frozenset[str] = frozenset({"failed", "bounced", "complained", "suppressed", "capped"})
SENDABLE_AGAIN: frozenset[str] = frozenset({"failed", "suppressed", "capped"})
UNDELIVERED_LABELS: dict[str, str] = {
    "failed": N_("E-posten kommer ikke fram: den kunne ikke sendes."),
    "bounced": N_("E-posten kommer ikke fram: adressen tar ikke imot e-post. Ta kontakt på telefon."),
    "complained": N_("E-posten kommer ikke fram: mottakeren har meldt den som søppelpost."),
    "suppressed": N_("E-posten kommer ikke fram: adressen har ikke tatt imot e-post fra oss før."),
    "capped": N_("E-posten kommer ikke fram: adressen har fått mange e-poster fra oss i dag."),
}


def address_key(address: str) -> str:
    """An address as a key: the same for any spelling of its case, and not readable in the table."""
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()[:40]


def domain_of(address: str) -> str:
    return address.strip().lower().rpartition("@")[2]


def recipient_of(message: EmailMessage) -> str:
    """The one address a message goes to (every Lindra email has one recipient)."""
    ((_, address),) = getaddresses([str(message["To"])])
    return address


@dataclass(frozen=True)
class OutgoingEmail:
    """One email to one person, as a feature makes it: the message, or a draft the worker renders (below), and
    what the leaders' lists need to know.

    `stranger`: the address did not fill in the form that causes the email (someone else typed it), so it is held
    until that person confirms their own address, unless its domain is an employer's. `about`: the key of the item
    (e.g. a registration) on which the worker writes how the email went (`mail_status`, `mail_id`).

    A draft (`draft`, with `address`) is what the message is made from, as JSON: its `renderer` (a name in
    RENDERERS) and that renderer's fields. A change on the sign-up's path stores a draft, so that the request makes
    no MIME message and no calendar file (tens of milliseconds); the mail worker renders it just before sending."""

    kind: str
    message: EmailMessage | None = None
    about: tuple[str, str] | None = None
    stranger: bool = False
    id: str = field(default="")
    draft: dict[str, Any] | None = None
    address: str = ""

    @property
    def to(self) -> str:
        if self.address or self.message is None:
            return self.address
        return recipient_of(self.message)

    def with_id(self, now: datetime, email_id: str = "") -> OutgoingEmail:
        if self.id:
            return self
        return replace(self, id=email_id or new_ulid(now))


# The renderers a draft may name, each a function "module:name" taking the draft and giving the message, or None
# when what it was about is gone (an erased registration): the mail worker imports it when a draft needs it. A list,
# not the draft's own text, so that nothing read from the table picks the code that runs.
RENDERERS: dict[str, str] = {
    "registration": "courses.live:email_from_draft",
    "letter": "letters.live:email_from_draft",
}


def employer_domains() -> frozenset[str]:
    """The network's employer domains (network.json `employer_domains`): an address there is a workplace's, and is
    mailed without waiting for a confirmation."""
    from common.site import network

    return frozenset(str(domain).strip().lower() for domain in network().get("employer_domains", []))


def outside_employers(address: str, domains: frozenset[str] | None = None) -> bool:
    """Whether an address typed by someone else waits for that person's confirmation: not at an employer's domain."""
    return domain_of(address) not in (employer_domains() if domains is None else domains)


def must_wait(email: OutgoingEmail, domains: frozenset[str] | None = None) -> bool:
    """Whether this email waits for the submitter's confirmation: to a stranger, outside the employer domains."""
    return email.stranger and outside_employers(email.to, domains)


def packed(message: EmailMessage) -> bytes:
    return zlib.compress(message.as_bytes(), 6)


def unpacked(data: bytes) -> EmailMessage:
    message = BytesParser(policy=default).parsebytes(zlib.decompress(data))
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes EmailMessage
    return message


def email_key(email_id: str, held: bool = False) -> dict[str, Any]:
    return {"PK": {"S": f"MAIL#{email_id}"}, "SK": {"S": "HELD" if held else "MAIL"}}


def confirmation_key(confirm_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"CONFIRM#{confirm_hash}"}, "SK": {"S": "META"}}


def email_item(email: OutgoingEmail, now: datetime, held: bool = False, status: Status = "pending") -> dict[str, Any]:
    """An email's item in DynamoDB's typed form."""
    expires = int((now + timedelta(days=KEEP_DAYS)).timestamp())
    item: dict[str, Any] = email_key(email.id, held) | {
        "entity": {"S": "email"},
        "kind": {"S": email.kind},
        "to_key": {"S": address_key(email.to)},
        "status": {"S": "held" if held else status},
        "stranger": {"BOOL": email.stranger},
        "created_at": {"S": now.isoformat()},
        "expires_at": {"N": str(expires)},
    }
    if email.message is not None:
        item["body"] = {"B": packed(email.message)}
    elif email.draft is not None and email.draft.get("renderer") in RENDERERS:
        item["draft"] = {"S": json.dumps(email.draft, ensure_ascii=False, separators=(",", ":"))}
    else:
        raise ValueError("an email needs its message, or a draft for one of the renderers")
    if email.about:
        item["about_pk"], item["about_sk"] = {"S": email.about[0]}, {"S": email.about[1]}
    if not held:
        item |= queue_entry(email.id, now)
    return item


def queue_entry(email_id: str, now: datetime) -> dict[str, Any]:
    """The attributes that put an email on the queue index (GSI1, sparse): the worker's sweep finds there what the
    stream did not hand it (a lost record, a failed batch). Removed when the email is done."""
    return {"GSI1PK": {"S": QUEUE}, "GSI1SK": {"S": f"{now.isoformat()}#{email_id}"}}


def address_item_key(address_hash: str, sort: str) -> dict[str, Any]:
    return {"PK": {"S": f"ADDRESS#{address_hash}"}, "SK": {"S": sort}}


def unsuppress(table: str, address: str) -> dict[str, Any]:
    """The transaction item that lifts a bounce's or complaint's stop on an address: the person used it again in a
    new form, so it works again as far as anyone knows."""
    return {"Delete": {"TableName": table, "Key": address_item_key(address_key(address), SUPPRESSED)}}


def email_puts(
    table: str,
    emails: Sequence[OutgoingEmail],
    now: datetime,
    confirm_hash: str | None = None,
    domains: frozenset[str] | None = None,
) -> list[dict[str, Any]]:
    """The transaction items that record `emails`: one Put each (never over an existing one, so a retry of the same
    transaction writes nothing twice), and with a confirmation link's hash, the emails to strangers outside the
    employer domains held behind it and the item that lists them. Without one (a leader's change, a schedule's
    reminder to someone who signed up), an email to a stranger goes as any other, within the daily limit the worker
    keeps. Every email must have its id (`with_id`)."""
    items: list[dict[str, Any]] = []
    held: list[str] = []
    for email in emails:
        if not email.id:
            raise ValueError("an email needs its id before it is stored")
        wait = confirm_hash is not None and must_wait(email, domains)
        if wait:
            held.append(email.id)
        items.append(
            {
                "Put": {
                    "TableName": table,
                    "Item": email_item(email, now, held=wait),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            }
        )
    if held and confirm_hash is not None:
        expires = int((now + timedelta(days=CONFIRM_DAYS)).timestamp())
        items.append(
            {
                "Put": {
                    "TableName": table,
                    "Item": confirmation_key(confirm_hash)
                    | {
                        "entity": {"S": "confirmation"},
                        "held": {"SS": held},
                        "created_at": {"S": now.isoformat()},
                        "expires_at": {"N": str(expires)},
                    },
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            }
        )
    return items


@dataclass(frozen=True)
class Mailing:
    """The emails one change sends, as its repository writes them in the change's own transaction: each with its
    id, the time, and the hash of the submitter's confirmation link that holds the emails to strangers, if any."""

    emails: tuple[OutgoingEmail, ...] = ()
    now: datetime | None = None
    confirm_hash: str | None = None

    @classmethod
    def of(cls, emails: Iterable[OutgoingEmail], now: datetime, confirm_hash: str | None = None) -> Mailing:
        """Ids in the emails' order (ULIDs of the same moment, sorted), so that they are sent in that order."""
        listed = list(emails)
        ids = iter(sorted(new_ulid(now) for _ in listed))
        return cls(tuple(email if email.id else email.with_id(now, next(ids)) for email in listed), now, confirm_hash)

    def items(self, table: str, domains: frozenset[str] | None = None) -> list[dict[str, Any]]:
        if not self.emails or self.now is None:
            return []
        return email_puts(table, self.emails, self.now, self.confirm_hash, domains)

    def chunks(self, size: int) -> list[Mailing]:
        """The emails in parts of at most `size`, for a change that mails more people than one transaction holds."""
        return [
            Mailing(self.emails[first : first + size], self.now, self.confirm_hash)
            for first in range(0, len(self.emails), size)
        ] or [self]


NO_MAIL = Mailing()


# A bundle: emails a change hands to the mail worker to write, for a change that mails more people than its own
# transaction holds (a leader's letter to a thousand nurses). The change writes one item per BUNDLE_SIZE emails, in
# its own transaction; the stream hands each new bundle to the worker, which writes its emails, each with the item it
# is about (a letter's recipient), and deletes the bundle, in one transaction: so every email is written once, and the
# stream then hands them to the worker as any other. A bundle is on the queue index too, for the sweep.
BUNDLE_SIZE = 45  # the worker's transaction: an email and its item each, and the bundle's delete (at most 100)
BUNDLE = "BUNDLE"  # SK of a bundle (PK = MAIL#<id>, so that the stream's filter takes it with the emails)


def bundle_key(bundle_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"MAIL#{bundle_id}"}, "SK": {"S": BUNDLE}}


def bundle_put(
    table: str,
    bundle_id: str,
    entries: Sequence[tuple[OutgoingEmail, dict[str, Any] | None]],
    now: datetime,
) -> dict[str, Any]:
    """The transaction item of one bundle: its emails (each with its id) as their items will be written, and for
    each the item it is about (DynamoDB's typed form), or None. Compressed: a bundle of 45 letters is a few KB."""
    if len(entries) > BUNDLE_SIZE:
        raise ValueError(f"a bundle holds at most {BUNDLE_SIZE} emails")
    listed = []
    for email, record in entries:
        if not email.id or email.draft is None:
            raise ValueError("a bundled email is a draft with its id")
        listed.append({"email": email_item(email, now), "record": record})
    packed_entries = zlib.compress(json.dumps(listed, separators=(",", ":")).encode("utf-8"), 6)
    expires = int((now + timedelta(days=KEEP_DAYS)).timestamp())
    item = bundle_key(bundle_id) | {
        "entity": {"S": "mail_bundle"},
        "entries": {"B": packed_entries},
        "count": {"N": str(len(listed))},
        "created_at": {"S": now.isoformat()},
        "expires_at": {"N": str(expires)},
    }
    item |= queue_entry(bundle_id, now)
    return {"Put": {"TableName": table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}


def bundle_entries(item: dict[str, Any]) -> list[dict[str, Any]]:
    """A stored bundle's entries: each the email's item and the item it is about (or None)."""
    entries: list[dict[str, Any]] = json.loads(zlib.decompress(bytes(item["entries"]["B"])))
    return entries


def send_again(client: Any, table: str, email_id: str, now: datetime) -> str | None:
    """A copy of an email that did not arrive (failed, suppressed, capped), as a new pending email (its
    own id; the stream hands it to the worker), and the item it is about marked pending again: the id of the copy.
    None if there is no such email, it did arrive, or nothing is left of its message (sent ones keep none)."""
    old = client.get_item(TableName=table, Key=email_key(email_id), ConsistentRead=True).get("Item")
    if old is None or not ({"body", "draft"} & old.keys()) or old["status"]["S"] not in SENDABLE_AGAIN:
        return None
    new_id = new_ulid(now)
    leftover = {"attempts", "claimed_at", "finished_at", "message_id", "reported_at", "resent_as", "status"}
    copy = {name: value for name, value in old.items() if name not in leftover}
    copy |= email_key(new_id) | queue_entry(new_id, now)
    copy |= {
        "status": {"S": "pending"},
        "created_at": {"S": now.isoformat()},
        "expires_at": {"N": str(int((now + timedelta(days=KEEP_DAYS)).timestamp()))},
        "resent_from": {"S": email_id},
    }
    items: list[dict[str, Any]] = [
        {"Put": {"TableName": table, "Item": copy, "ConditionExpression": "attribute_not_exists(PK)"}},
        {
            "Update": {
                "TableName": table,
                "Key": email_key(email_id),
                "UpdateExpression": "SET resent_as = :new",
                "ConditionExpression": "attribute_not_exists(resent_as)",
                "ExpressionAttributeValues": {":new": {"S": new_id}},
            }
        },
    ]
    if "about_pk" in old:
        items.append(
            {
                "Update": {
                    "TableName": table,
                    "Key": {"PK": old["about_pk"], "SK": old["about_sk"]},
                    "UpdateExpression": "SET mail_status = :pending, mail_id = :new",
                    "ConditionExpression": "attribute_exists(PK)",
                    "ExpressionAttributeValues": {":pending": {"S": "pending"}, ":new": {"S": new_id}},
                }
            }
        )
    try:
        client.transact_write_items(TransactItems=items)
    except client.exceptions.TransactionCanceledException:
        return None  # sent again already (a double click), or the person's record is gone
    return new_id
