"""The network's governance and contact details as the network leader keeps them in /leder/styring/: the groups
(arbeidsgruppe, styringsgruppe, driftsgruppe, klinisk samarbeidsutvalg, ...) with their members' roles and periods,
each local network's (area's) leader, and the contact details of the footer and the contact page. Each is one record,
saved in versions (the one before can be brought back).

A member is shown with name, role and workplace only, and only with their consent to be named (the day they gave it
is kept with them). A member whose period has ended is no longer shown, and is dropped from the group at its next save
KEPT_AFTER_PERIOD_DAYS after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from common.network_details import CONTACT_SK, area_leader_sk, group_sk
from common.site import MEMBER_ROLES

__all__ = ["MEMBER_ROLES", "AreaLeader", "Contact", "Governance", "Group", "Member"]

MAX_NAME = 100
MAX_ORGANISATION = 150
MAX_MANDATE = 5_000
MAX_TITLE = 150
MAX_PHONE = 30
MAX_ADDRESS = 200
KEPT_AFTER_PERIOD_DAYS = 180  # a member who has left: shown no more, kept half a year for the annual report


class Member(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    role: str  # a MEMBER_ROLES key
    organisation: str
    since: date | None = None
    until: date | None = None  # the last day of their period; None while it lasts
    consent_on: date  # when they agreed to be named on the site

    def shown_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    def kept_on(self, day: date) -> bool:
        return self.until is None or day <= self.until + timedelta(days=KEPT_AFTER_PERIOD_DAYS)


class Group(BaseModel):
    """A governance group: its current version."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    mandate: str = ""  # plain text, paragraphs by blank lines
    members: tuple[Member, ...] = ()
    shown: bool = True  # on the governance page
    order: int = 0
    updated_at: datetime
    version: int = 0

    @property
    def key(self) -> str:
        return group_sk(self.id)

    def shown_members(self, day: date) -> tuple[Member, ...]:
        return tuple(member for member in self.members if member.shown_on(day))


class AreaLeader(BaseModel):
    """A local network's leader, as the local networks' page names them and as the roster's emails reach them. Empty
    (no name) while the area has none."""

    model_config = ConfigDict(frozen=True)

    area: str
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    updated_at: datetime | None = None
    version: int = 0  # 0: not in the table yet (network.json's, or none)

    @property
    def key(self) -> str:
        return area_leader_sk(self.area)


class Contact(BaseModel):
    """The network's contact details: the footer, the contact page, the Reply-To of the emails."""

    model_config = ConfigDict(frozen=True)

    email: str
    phone: str = ""
    address: str = ""
    updated_at: datetime | None = None
    version: int = 0

    @property
    def key(self) -> str:
        return CONTACT_SK


Record = Group | AreaLeader | Contact


@dataclass(frozen=True)
class Governance:
    """Everything the view shows: the groups in their order, every area's leader (network.json's areas' order), the
    contact details."""

    groups: list[Group]
    leaders: list[AreaLeader]
    contact: Contact


@dataclass(frozen=True)
class Revision:
    """A saved state of a record, with the name of the leader who saved it and what they did."""

    record: Record
    changed_by: str
    action: str
