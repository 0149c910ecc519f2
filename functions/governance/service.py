"""The governance editor's rules: the network leader changes a group's name and mandate, adds, changes and removes
its members, and brings back the group as it was before a change. A member is added only with their consent to be
named; every change is a new version of the group on the one the leader saw, audited, with a publish request (the
governance page follows at the next build). The repository and the clock come in as arguments (tests use fakes).

What is still to do (issue 22, part 3): the routes, the table, the view in /leder/, the publisher's catalogue and
the site's pages from it, the local networks' leaders and the contact details; see the issue's note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from common.access import Leader
from common.audit import AuditEntry
from common.errors import InvalidInput
from common.formatting import OSLO
from common.i18n import N_, gettext
from common.ids import new_ulid
from governance.models import MAX_MANDATE, MAX_NAME, MAX_ORGANISATION, MEMBER_ROLES, Group, Member

TEXTS = {
    "name": N_("Skriv navnet til personen."),
    "name_long": N_("Navnet kan ha høyst %(max)s tegn."),
    "role": N_("Velg rollen i gruppen."),
    "organisation": N_("Skriv arbeidsstedet, for eksempel «Ullensaker kommune»."),
    "organisation_long": N_("Arbeidsstedet kan ha høyst %(max)s tegn."),
    "since": N_("Skriv datoen perioden begynte, for eksempel 01.01.2026, eller la feltet stå tomt."),
    "until": N_("Skriv den siste dagen i perioden, etter den første, eller la feltet stå tomt."),
    "consent": N_("Personen må ha sagt ja til å stå med navn på nettstedet før du legger henne eller ham inn."),
    "group_name": N_("Skriv navnet på gruppen."),
    "mandate_long": N_("Mandatet kan ha høyst %(max)s tegn."),
    "unknown_member": N_("Vi finner ikke dette medlemmet. Last inn gruppen på nytt."),
}


def told(key: str) -> str:
    return gettext(TEXTS[key])


class GroupChanged(Exception):
    """The group is not at the version the leader saw (the repository's condition)."""


class GovernanceRepository(Protocol):
    def groups(self) -> list[Group]: ...

    def group(self, group_id: str) -> Group | None: ...

    def save(self, group: Group, seen_version: int, changed_by: str, entry: AuditEntry) -> Group: ...

    def kept(self, group_id: str, version: int) -> Group | None: ...


def _day(text: object) -> date | bool | None:
    """A date, None for an empty field, False for one that is not a date."""
    from documents.forms import read_day

    value = str(text or "").strip()
    if not value:
        return None
    return read_day(value) or False


def read_member(fields: dict[str, Any], today: date, member_id: str) -> Member:
    errors: dict[str, str] = {}
    name = " ".join(str(fields.get("name") or "").split())
    organisation = " ".join(str(fields.get("organisation") or "").split())
    role = str(fields.get("role") or "")
    if not name:
        errors["name"] = told("name")
    elif len(name) > MAX_NAME:
        errors["name"] = told("name_long") % {"max": MAX_NAME}
    if role not in MEMBER_ROLES:
        errors["role"] = told("role")
    if not organisation:
        errors["organisation"] = told("organisation")
    elif len(organisation) > MAX_ORGANISATION:
        errors["organisation"] = told("organisation_long") % {"max": MAX_ORGANISATION}
    since, until = _day(fields.get("since")), _day(fields.get("until"))
    if since is False:
        errors["since"] = told("since")
    if until is False or (isinstance(since, date) and isinstance(until, date) and until < since):
        errors["until"] = told("until")
    consent = fields.get("consent") in (True, "true", "on", "ja")
    if not consent:
        errors["consent"] = told("consent")
    if errors:
        raise InvalidInput(field_errors=errors)
    return Member(
        id=member_id,
        name=name,
        role=role,
        organisation=organisation,
        since=since if isinstance(since, date) else None,
        until=until if isinstance(until, date) else None,
        consent_on=today,
    )


@dataclass(frozen=True)
class GovernanceEditor:
    repo: GovernanceRepository
    clock: Callable[[], datetime]

    def groups(self, leader: Leader) -> list[Group]:
        leader.require("nettverksleder")
        return sorted(self.repo.groups(), key=lambda group: (group.order, group.name))

    def add_member(self, leader: Leader, group_id: str, fields: dict[str, Any], version: int) -> Group:
        group = self._group(leader, group_id)
        now = self.clock()
        member = read_member(fields, now.astimezone(OSLO).date(), new_ulid(now))
        return self._save(leader, group, version, {"members": (*group.members, member)}, "governance_member_added")

    def change_member(
        self, leader: Leader, group_id: str, member_id: str, fields: dict[str, Any], version: int
    ) -> Group:
        group = self._group(leader, group_id)
        if member_id not in {member.id for member in group.members}:
            raise InvalidInput(field_errors={"": told("unknown_member")})
        changed = read_member(fields, self.clock().astimezone(OSLO).date(), member_id)
        members = tuple(changed if member.id == member_id else member for member in group.members)
        return self._save(leader, group, version, {"members": members}, "governance_member_changed")

    def remove_member(self, leader: Leader, group_id: str, member_id: str, version: int) -> Group:
        group = self._group(leader, group_id)
        members = tuple(member for member in group.members if member.id != member_id)
        if len(members) == len(group.members):
            raise InvalidInput(field_errors={"": told("unknown_member")})
        return self._save(leader, group, version, {"members": members}, "governance_member_removed")

    def change_group(self, leader: Leader, group_id: str, fields: dict[str, Any], version: int) -> Group:
        group = self._group(leader, group_id)
        name = " ".join(str(fields.get("name") or "").split())
        mandate = str(fields.get("mandate") or "").strip().replace("\r\n", "\n")
        errors = {}
        if not name or len(name) > MAX_NAME:
            errors["name"] = told("group_name")
        if len(mandate) > MAX_MANDATE:
            errors["mandate"] = told("mandate_long") % {"max": MAX_MANDATE}
        if errors:
            raise InvalidInput(field_errors=errors)
        return self._save(leader, group, version, {"name": name, "mandate": mandate}, "governance_group_changed")

    def restore(self, leader: Leader, group_id: str, version: int) -> Group:
        """The group as it was before the version the leader saw, as a new version."""
        group = self._group(leader, group_id)
        earlier = self.repo.kept(group_id, version - 1) if version > 1 else None
        if earlier is None:
            raise InvalidInput(field_errors={"": gettext(N_("Det finnes ingen tidligere versjon å gå tilbake til."))})
        changes = {"name": earlier.name, "mandate": earlier.mandate, "members": earlier.members}
        return self._save(leader, group, version, changes, "governance_restored")

    def _group(self, leader: Leader, group_id: str) -> Group:
        leader.require("nettverksleder")
        group = self.repo.group(group_id)
        if group is None:
            raise InvalidInput(field_errors={"": told("unknown_member")})
        return group

    def _save(self, leader: Leader, group: Group, version: int, changes: dict[str, Any], action: str) -> Group:
        now = self.clock()
        saved = group.model_copy(update=changes | {"updated_at": now, "version": version + 1})
        entry = AuditEntry(
            at=now, actor=leader.username, action=action, subject=f"styring/{group.id}", actor_sub=leader.sub or None
        )
        return self.repo.save(saved, version, leader.name, entry)
