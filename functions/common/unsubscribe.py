"""The mailing lists a person may leave with one click: the newsletter and the roster's emails (to the resource nurses
and unit leaders of the network). Every email to a list carries a personal link (RFC 8058's `List-Unsubscribe` and
`List-Unsubscribe-Post`, and the same link in the text) that leaves the list.

The link is stateless: `{list}.{address key}.{signature}`, HMAC-SHA256 with the forms' key (settings.form_secret,
under a label of its own). It carries the address's key (common.outbox.address_key: a hash), never the address, so a
link that is forwarded or logged names nobody. Leaving writes an opt-out, `ADDRESS#<address key>` / `OPTOUT#<list>`
(the ADDRESS# partition also holds the mail worker's SUPPRESSED stop), which keeps no address either, for OPT_OUT_YEARS.
Whoever sends to a list asks `opted_out` first and leaves those addresses out.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from common.i18n import N_
from common.outbox import address_item_key, address_key
from common.settings import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

ListName = Literal["newsletter", "roster"]
LISTS: dict[str, str] = {
    "newsletter": N_("nyhetsbrevet"),
    "roster": N_("e-post til ressurssykepleiere og enhetsledere i nettverket"),
}
OPT_OUT_YEARS = 5
PATH = "/api/epostliste/"
_LABEL = b"lindra/unsubscribe\0"
_KEY = re.compile(r"[0-9a-f]{40}")


def opt_out_sort(list_name: str) -> str:
    return f"OPTOUT#{list_name}"


def _signature(list_name: str, key: str) -> str:
    secret = settings().form_secret.encode("utf-8")
    return hmac.new(secret, _LABEL + f"{list_name}\0{key}".encode("ascii"), hashlib.sha256).hexdigest()[:32]


def token_for_key(list_name: str, key: str) -> str:
    if list_name not in LISTS:
        raise ValueError("no such list")
    return f"{list_name}.{key}.{_signature(list_name, key)}"


def unsubscribe_token(list_name: str, address: str) -> str:
    """The signed, URL-safe token of one address on one list (the same every time: no state)."""
    return token_for_key(list_name, address_key(address))


def read_unsubscribe_token(token: object) -> tuple[str, str] | None:
    """(list name, address key) of a token of ours, or None for anything else."""
    if not isinstance(token, str) or len(token) > 120 or not token.isascii():
        return None
    list_name, _, rest = token.partition(".")
    key, _, signature = rest.partition(".")
    if list_name not in LISTS or not _KEY.fullmatch(key):
        return None
    if not hmac.compare_digest(signature.encode("ascii"), _signature(list_name, key).encode("ascii")):
        return None
    return list_name, key


def unsubscribe_url(list_name: str, address: str) -> str:
    return f"{settings().site_url}{PATH}{unsubscribe_token(list_name, address)}"


def list_id(list_name: str) -> str:
    host = urlsplit(settings().site_url).hostname or "lindra.local"
    return f"<{list_name}.{host}>"


def add_list_headers(message: EmailMessage, list_name: str, address: str) -> None:
    """RFC 2369/2919/8058: the list's id and its one-click unsubscribe link (a mail program's "Avslutt abonnement")."""
    from common.site import network

    for name in ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"):
        del message[name]
    message["List-Unsubscribe"] = f"<{unsubscribe_url(list_name, address)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Id"] = f"{network()['name']} {list_id(list_name)}"


def opt_out_key(list_name: str, key: str) -> dict[str, Any]:
    return address_item_key(key, opt_out_sort(list_name))


def opt_out_item(list_name: str, key: str, now: datetime) -> dict[str, Any]:
    """An address's opt-out from one list, in DynamoDB's typed form: the key only, never the address."""
    expires = int((now + timedelta(days=365 * OPT_OUT_YEARS)).timestamp())
    return opt_out_key(list_name, key) | {
        "entity": {"S": "opt_out"},
        "list": {"S": list_name},
        "created_at": {"S": now.isoformat()},
        "expires_at": {"N": str(expires)},
    }


def opt_out_put(table: str, list_name: str, key: str, now: datetime) -> dict[str, Any]:
    """The transaction item that writes an opt-out (over an earlier one: leaving twice is leaving)."""
    return {"Put": {"TableName": table, "Item": opt_out_item(list_name, key, now)}}


def opt_in_delete(table: str, list_name: str, key: str) -> dict[str, Any]:
    """The transaction item that lifts an opt-out: the person asked for the list again."""
    return {"Delete": {"TableName": table, "Key": opt_out_key(list_name, key)}}


def write_opt_out(client: DynamoDBClient, table: str, list_name: str, key: str, now: datetime) -> None:
    client.put_item(TableName=table, Item=opt_out_item(list_name, key, now))


def opted_out(client: DynamoDBClient, table: str, list_name: str, address_keys: Iterable[str]) -> set[str]:
    """The keys among `address_keys` that have left `list_name` (BatchGetItem, 100 keys at a time)."""
    from common.aws import items_by_key

    keys = list(dict.fromkeys(address_keys))
    found = items_by_key(client, table, [opt_out_key(list_name, key) for key in keys])
    return {item["PK"]["S"].removeprefix("ADDRESS#") for item in found.values()}
