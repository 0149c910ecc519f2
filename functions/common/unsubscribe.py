"""One-click unsubscribe (RFC 8058) for the network's mailing lists: the newsletter and the roster's letters. A
stateless signed token carries the list and the address's hash; an opt-out is an item under the address's hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from common.outbox import address_item_key, address_key
from common.settings import settings

LISTS = ("newsletter", "roster")
OPT_OUT_DAYS = 5 * 365
_CONTEXT = b"lindra/unsubscribe\0"


def _signature(list_name: str, key: str) -> str:
    secret = hashlib.sha256(_CONTEXT + settings().form_secret.encode("utf-8")).digest()
    return hmac.new(secret, f"{list_name}.{key}".encode("ascii"), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(list_name: str, address: str) -> str:
    key = address_key(address)
    return base64.urlsafe_b64encode(f"{list_name}.{key}.{_signature(list_name, key)}".encode()).decode().rstrip("=")


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    parts = text.split(".")
    if len(parts) != 3 or parts[0] not in LISTS:
        return None
    list_name, key, signature = parts
    return (list_name, key) if hmac.compare_digest(signature, _signature(list_name, key)) else None


def unsubscribe_url(list_name: str, address: str) -> str:
    return f"{settings().site_url.rstrip('/')}/api/epostliste/{unsubscribe_token(list_name, address)}"


def add_list_headers(message: EmailMessage, list_name: str, address: str) -> None:
    message["List-Unsubscribe"] = f"<{unsubscribe_url(list_name, address)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def opt_out_key(key: str, list_name: str) -> dict[str, Any]:
    return address_item_key(key, f"OPTOUT#{list_name}")


def opt_out_item(key: str, list_name: str, now: datetime) -> dict[str, Any]:
    expires = int((now + timedelta(days=OPT_OUT_DAYS)).timestamp())
    return opt_out_key(key, list_name) | {
        "entity": {"S": "opt_out"},
        "created_at": {"S": now.isoformat()},
        "expires_at": {"N": str(expires)},
    }


def opted_out(client: Any, table: str, list_name: str, address_keys: Iterable[str]) -> set[str]:
    keys = sorted(set(address_keys))
    found: set[str] = set()
    for first in range(0, len(keys), 100):
        request = {table: {"Keys": [opt_out_key(key, list_name) for key in keys[first : first + 100]]}}
        while request:
            answer = client.batch_get_item(RequestItems=request)
            found |= {item["PK"]["S"].removeprefix("ADDRESS#") for item in answer["Responses"].get(table, [])}
            request = answer.get("UnprocessedKeys") or {}
    return found
