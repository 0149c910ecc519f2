"""Hospitation's workflow on the live parts (the table, the host units in the table): one factory for its public
routes, its leaders' routes and its daily run. Tests build it from fakes instead.

The host units are read from the table. A public route may take them from this container's copy of the last few
seconds (`host_units(fresh=False)`); a leaders' route reads them afresh, and a change made here forgets the copy."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from common.aws import dynamodb
from common.formatting import OSLO
from common.settings import settings
from common.site import network
from hospitation.host_unit_service import HostUnitCatalogue
from hospitation.models import HostUnit, configured_host_units, open_host_units
from hospitation.repository import DynamoHospitationRepository, DynamoHostUnitRepository
from hospitation.service import Workflow

CACHE_SECONDS = 5.0
_copy: dict[str, tuple[float, dict[str, HostUnit]]] = {}  # table name -> (when read, the host units)


def hospitation_repository() -> DynamoHospitationRepository:
    return DynamoHospitationRepository(dynamodb(), settings().table_name)


def host_unit_repository() -> DynamoHostUnitRepository:
    return DynamoHostUnitRepository(dynamodb(), settings().table_name)


def host_units(fresh: bool = True) -> dict[str, HostUnit]:
    """Every host unit in the table, closed ones too (the requests to them still name them)."""
    table = settings().table_name
    copy = _copy.get(table)
    if not fresh and copy is not None and time.monotonic() - copy[0] < CACHE_SECONDS:
        return copy[1]
    found = host_unit_repository().all()
    _copy[table] = (time.monotonic(), found)
    return found


def forget_host_units() -> None:
    _copy.clear()


def offered_host_units(fresh: bool = False) -> dict[str, HostUnit]:
    """The host units the request form offers: those open today."""
    return open_host_units(host_units(fresh), datetime.now(UTC).astimezone(OSLO).date())


def host_unit_catalogue() -> HostUnitCatalogue:
    return HostUnitCatalogue(host_unit_repository(), {area["id"]: area["name"] for area in network()["areas"]})


def workflow(fresh: bool = True) -> Workflow:
    return Workflow(hospitation_repository(), host_units(fresh), settings().retention_months)


def seed_host_units(client: Any, table_name: str) -> int:
    """Put every host unit of network.json that is not in the table yet (a conditional put: one a leader has changed
    in /leder/enheter/ is never overwritten). The number put."""
    repository = DynamoHostUnitRepository(client, table_name)
    return sum(1 for unit in configured_host_units().values() if repository.seed(unit))


def catalogue_host_units() -> list[dict[str, Any]]:
    """The host units the site's hospitation form offers, for the publisher's catalogue file (pelicanconf.py's
    CATALOGUE): the open ones, as the model dumps them in JSON mode, by area and name."""
    offered = offered_host_units(fresh=True)
    return [unit.json_values() for unit in sorted(offered.values(), key=lambda u: (u.area, u.name.casefold()))]
