"""The roster's service on the live parts (the table, the units in the table, network.json's area leaders): one
factory for its routes, its daily run and the capabilities above it. Tests build it from fakes instead.

The units are read from the table. A public route may take them from this container's copy of the last few seconds
(`units(fresh=False)`); a leaders' route reads them afresh, and a change made here forgets the copy."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

from common.aws import dynamodb
from common.formatting import OSLO
from common.settings import settings
from common.site import network
from newsletter.models import roster_subscribed
from roster.models import RosterEntry, Unit, UnitLeader, UnitLeaderRecord, area_contacts, configured_units, open_units
from roster.repository import DynamoRosterRepository, DynamoUnitRepository
from roster.service import Roster
from roster.signing import Signing
from roster.unit_service import UnitCatalogue, areas_of

CACHE_SECONDS = 5.0
_copy: dict[str, tuple[float, dict[str, Unit]]] = {}  # table name -> (when read, the units)


def unit_repository() -> DynamoUnitRepository:
    return DynamoUnitRepository(dynamodb(), settings().table_name)


def units(fresh: bool = True) -> dict[str, Unit]:
    """Every unit in the table, closed ones too (their history still names them)."""
    table = settings().table_name
    copy = _copy.get(table)
    if not fresh and copy is not None and time.monotonic() - copy[0] < CACHE_SECONDS:
        return copy[1]
    found = unit_repository().all()
    _copy[table] = (time.monotonic(), found)
    return found


def forget_units() -> None:
    _copy.clear()


def offered_units(fresh: bool = False) -> dict[str, Unit]:
    """The units the public change report form offers: those open today."""
    return open_units(units(fresh), datetime.now(UTC).astimezone(OSLO).date())


def unit_catalogue() -> UnitCatalogue:
    return UnitCatalogue(unit_repository(), areas_of(network()["areas"]))


def roster(fresh: bool = True) -> Roster:
    config = settings()
    repository = DynamoRosterRepository(dynamodb(), config.table_name)
    return Roster(
        repository,
        units(fresh),
        config.roster_retention_months,
        area_contacts(),
        newsletter_on_roster=roster_subscribed(),
    )


def today() -> date:
    return datetime.now(UTC).astimezone(OSLO).date()


def unit_leaders(area: str | None = None) -> list[UnitLeader]:
    """The leaders of the open units (of one area, or of the whole network with None) as last reported (an
    approved change report, the import), by area and unit name. For the letters; the roster's opt-outs are theirs
    to apply (common.unsubscribe.opted_out with "roster")."""
    return roster(fresh=True).unit_leaders(area, today())


def current_nurses(area: str | None = None) -> list[RosterEntry]:
    """The resource nurses on the roster today (open entries that have started, of open units), of one area or of
    the whole network, one entry per person and unit, by area, unit and name."""
    service = roster(fresh=True)
    areas = [area] if area is not None else [a["id"] for a in network()["areas"]]
    return service.current_nurses(areas, today())


def seed_units(client: Any, table_name: str) -> int:
    """Put every unit of network.json that is not in the table yet (a conditional put: one a leader has changed in
    /leder/enheter/ is never overwritten). The number put. `make run`, the test stack and the deploy call it."""
    repository = DynamoUnitRepository(client, table_name)
    return sum(1 for unit in configured_units().values() if repository.seed(unit))


def catalogue_units() -> list[dict[str, Any]]:
    """The units the site's public pages offer, for the publisher's catalogue file (pelicanconf.py's CATALOGUE):
    the open ones, as the model dumps them in JSON mode, by area and name."""
    offered = offered_units(fresh=True)
    return [unit.json_values() for unit in sorted(offered.values(), key=lambda u: (u.area, u.name.casefold()))]


def signing() -> Signing:
    """The function description's signatures without paper, on the table (roster/signing.py)."""
    from common.leader_api import audit_log
    from courses.service import utc_now

    config = settings()
    return Signing(DynamoRosterRepository(dynamodb(), config.table_name), audit_log(), utc_now)


def signing_email(entry: RosterEntry, leader: UnitLeaderRecord, path: str, now: datetime) -> EmailMessage:
    from roster.emails import signing_email as email
    from roster.signing import SIGN_LINK_DAYS

    return email(entry, leader.name, leader.email, units(fresh=False).get(entry.unit), path, SIGN_LINK_DAYS, now)


def roster_repository() -> DynamoRosterRepository:
    return DynamoRosterRepository(dynamodb(), settings().table_name)
