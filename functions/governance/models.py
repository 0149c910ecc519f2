"""The governance groups (arbeidsgruppe, styringsgruppe, driftsgruppe, klinisk samarbeidsutvalg), their members with
their roles and periods, the local networks' leaders and the network's contact details, as the site shows them.

A member is shown with name, role and workplace only, and only with their consent to be named: the date it was given
is kept with them. A member whose period has ended is no longer shown, and their item goes some months after."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from common.i18n import N_

MEMBER_ROLES: dict[str, str] = {
    "leder": N_("Leder"),
    "nestleder": N_("Nestleder"),
    "medlem": N_("Medlem"),
    "sekretær": N_("Sekretær"),
    "observatør": N_("Observatør"),
}
MAX_NAME = 100
MAX_ORGANISATION = 150
MAX_MANDATE = 5_000
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


class Group(BaseModel):
    """A governance group as stored: its current version."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    mandate: str  # plain text, paragraphs by blank lines
    members: tuple[Member, ...] = ()
    order: int = 0
    updated_at: datetime
    version: int = 0


class AreaLeader(BaseModel):
    """A local network's leader, as the local networks' page names them."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


class Contact(BaseModel):
    """The network's contact details: the footer and the contact page."""

    model_config = ConfigDict(frozen=True)

    email: str
    phone: str = ""
    address: str = ""
