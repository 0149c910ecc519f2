"""Asking for the site to be built again: a publish request item, written in the same transaction as the change it
is for (a course, a unit), so that a change is never saved without it.

The table's stream (keys only) carries each request to the publisher (functions/publishing/), which builds the site
from the table and uploads what changed; the event source filters the stream on PK = PUBLISH, so the publisher sees
nothing else. A request is kept a day (its TTL), which is also how long the stream keeps a record.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

PUBLISH_PK = "PUBLISH"
REQUEST_DAYS = 1


def publish_request(table: str, subject: str, now: datetime | None = None) -> Any:
    """A TransactWriteItems Put of the request for subject ("COURSE#id", "UNIT#id", "SCHEDULE"); a new timestamp
    each time, so that the stream has a record even when the same subject is changed twice."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "Put": {
            "TableName": table,
            "Item": {
                "PK": {"S": PUBLISH_PK},
                "SK": {"S": subject},
                "entity": {"S": "publish_request"},
                "requested_at": {"S": moment.isoformat()},
                "expires_at": {"N": str(int((moment + timedelta(days=REQUEST_DAYS)).timestamp()))},
            },
        }
    }
