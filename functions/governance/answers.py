"""Governance's answers in the leaders' API: the groups with their members, the areas' leaders and the contact
details, each with the version a change is made on and whether the one before can be brought back. What
governance/leader_routes.py sends."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from common.answers import Choice
from common.formatting import OSLO, date_nb, time_nb
from common.i18n import gettext
from governance.models import MEMBER_ROLES, AreaLeader, Contact, Group, Member


def _when(moment: datetime | None) -> str:
    return f"{date_nb(moment.astimezone(OSLO).date())} {time_nb(moment)}" if moment else ""


def period_text(member: Member) -> str:
    if member.since and member.until:
        return f"{date_nb(member.since)}–{date_nb(member.until)}"
    if member.since:
        return gettext("fra %(day)s") % {"day": date_nb(member.since)}
    if member.until:
        return gettext("til %(day)s") % {"day": date_nb(member.until)}
    return ""


class MemberAnswer(BaseModel):
    id: str
    name: str
    role: str
    role_label: str
    organisation: str
    since: str
    until: str
    period_text: str
    current: bool  # shown on the site today

    @classmethod
    def of(cls, member: Member, today: date) -> MemberAnswer:
        return cls(
            id=member.id,
            name=member.name,
            role=member.role,
            role_label=gettext(MEMBER_ROLES.get(member.role, member.role)),
            organisation=member.organisation,
            since=member.since.isoformat() if member.since else "",
            until=member.until.isoformat() if member.until else "",
            period_text=period_text(member),
            current=member.shown_on(today),
        )


class GroupAnswer(BaseModel):
    id: str
    name: str
    mandate: str
    shown: bool
    version: int
    updated_text: str
    can_restore: bool
    members: list[MemberAnswer]

    @classmethod
    def of(cls, group: Group, can_restore: bool, today: date) -> GroupAnswer:
        return cls(
            id=group.id,
            name=group.name,
            mandate=group.mandate,
            shown=group.shown,
            version=group.version,
            updated_text=_when(group.updated_at),
            can_restore=can_restore,
            members=[MemberAnswer.of(member, today) for member in group.members],
        )


class ContactAnswer(BaseModel):
    email: str
    phone: str
    address: str
    version: int
    can_restore: bool

    @classmethod
    def of(cls, contact: Contact, can_restore: bool) -> ContactAnswer:
        fields = contact.model_dump(include={"email", "phone", "address", "version"})
        return cls(**fields, can_restore=can_restore)


class AreaLeaderAnswer(BaseModel):
    area: str
    area_name: str
    name: str
    title: str
    email: str
    phone: str
    version: int
    can_restore: bool

    @classmethod
    def of(cls, leader: AreaLeader, area_name: str, can_restore: bool) -> AreaLeaderAnswer:
        fields = leader.model_dump(include={"area", "name", "title", "email", "phone", "version"})
        return cls(**fields, area_name=area_name, can_restore=can_restore)


class GovernanceAnswer(BaseModel):
    groups: list[GroupAnswer]
    roles: list[Choice]
    contact: ContactAnswer
    areas: list[AreaLeaderAnswer]

    @staticmethod
    def roles_offered() -> list[Choice]:
        return [Choice(id=role, label=gettext(label)) for role, label in MEMBER_ROLES.items()]
