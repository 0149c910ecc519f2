"""The network's details that the network leader keeps in the table (functions/governance/: the contact details and
each local network's leader), laid over network.json's for what the functions send: the pages they render (the
footer), the emails' Reply-To, who is told that a change report waits.

network.json seeds the table once (governance/live.py seed_governance); after that the table is the truth. A function
reads the partition at most once every `course_cache_seconds` (the same trust as in a course's places), and at once
after a save in the same container (`forget`). Without a table (the Pelican build, the unit tests: no TABLE_NAME in
the environment), or when it cannot be read, network.json's details stand: a page is never refused for it.

- `GOVERNANCE` / `CONTACT`: the contact details, JSON in `record`.
- `GOVERNANCE` / `AREA#<area id>`: a local network's leader, JSON in `record`.
- `GOVERNANCE` / `GROUP#<group id>`: a governance group with its members (the governance page's only; not read here).
"""

from __future__ import annotations

import copy
import json
import os
import time
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from common.site import network
from common.versions import items_under

logger = Logger(child=True)

GOVERNANCE_PK = "GOVERNANCE"
CONTACT_SK = "CONTACT"
AREA_PREFIX = "AREA#"
GROUP_PREFIX = "GROUP#"

_read: dict[str, tuple[float, list[dict[str, Any]]]] = {}  # the table's name: (when read, its detail items)


def area_leader_sk(area: str) -> str:
    return f"{AREA_PREFIX}{area}"


def group_sk(group_id: str) -> str:
    return f"{GROUP_PREFIX}{group_id}"


def overlaid(data: dict[str, Any], details: list[dict[str, Any]]) -> dict[str, Any]:
    """network.json's data with the contact details and the areas' leaders of these records (each a dict with its
    `key`: CONTACT or AREA#<id>, and the record's fields) in place of its own. An area whose leader record has no
    name has no leader."""
    merged = copy.deepcopy(data)
    for record in details:
        key = record.get("key", "")
        if key == CONTACT_SK:
            merged["contact"] = {name: record.get(name, "") for name in ("email", "phone", "address")}
        elif key.startswith(AREA_PREFIX):
            for area in merged.get("areas", []):
                if area["id"] == key.removeprefix(AREA_PREFIX):
                    fields = ("name", "title", "email", "phone")
                    leader = {name: record.get(name, "") for name in fields}
                    if leader["name"]:
                        area["leader"] = leader
                    else:
                        area.pop("leader", None)
    return merged


def detail_items(client: Any, table: str) -> list[dict[str, Any]]:
    """The contact details and the areas' leaders in the table, each as its record's fields with its `key`."""
    found = []
    for item in items_under(client, table, GOVERNANCE_PK, ""):
        key = item["SK"]["S"]
        if key == CONTACT_SK or key.startswith(AREA_PREFIX):
            found.append(json.loads(item["record"]["S"]) | {"key": key})
    return found


def forget() -> None:
    """Read the table again at the next call (a save in this container)."""
    _read.clear()


def network_now() -> dict[str, Any]:
    """network.json with the table's contact details and areas' leaders."""
    table = os.environ.get("TABLE_NAME")
    if not table:
        return network()
    from common.aws import dynamodb
    from common.settings import settings

    kept = _read.get(table)
    if kept is None or time.monotonic() - kept[0] > settings().course_cache_seconds:
        try:
            kept = (time.monotonic(), detail_items(dynamodb(), table))
        except (BotoCoreError, ClientError) as exc:
            logger.warning("network details not read: network.json's stand", extra={"error": type(exc).__name__})
            return network()
        _read[table] = kept
    return overlaid(network(), kept[1]) if kept[1] else network()
