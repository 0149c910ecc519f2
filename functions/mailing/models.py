"""The mail worker's nouns: an email as stored, and an address's state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from common.outbox import Status


@dataclass(frozen=True)
class StoredEmail:
    """An email item as the worker reads it (common/outbox.py writes it)."""

    id: str
    kind: str
    to_key: str
    status: Status
    stranger: bool
    body: bytes | None
    about: tuple[str, str] | None
    created_at: str
    attempts: int = 0
    draft: dict[str, Any] | None = None  # what the message is made from, when it is not made yet (common/outbox.py)
    claimed_at: str = ""  # when a worker last took it to send

    @property
    def has_message(self) -> bool:
        return self.body is not None or self.draft is not None

    @classmethod
    def of(cls, item: dict[str, Any]) -> StoredEmail:
        about = (item["about_pk"]["S"], item["about_sk"]["S"]) if "about_pk" in item else None
        body = item.get("body", {}).get("B")
        return cls(
            id=item["PK"]["S"].removeprefix("MAIL#"),
            kind=item["kind"]["S"],
            to_key=item["to_key"]["S"],
            status=item["status"]["S"],
            stranger=item.get("stranger", {}).get("BOOL", False),
            body=bytes(body) if body is not None else None,
            about=about,
            created_at=item["created_at"]["S"],
            attempts=int(item.get("attempts", {}).get("N", "0")),
            draft=json.loads(item["draft"]["S"]) if "draft" in item else None,
            claimed_at=item.get("claimed_at", {}).get("S", ""),
        )
