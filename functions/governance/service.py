"""The governance editor's rules: the network leader adds a group, changes its name, mandate and whether the site
shows it, adds, changes and takes out its members, names each local network's leader, keeps the contact details, and
brings back any of these as it was before the last change. The repository and the clock come in as arguments (tests
use fakes).

- Only the network leader (common/access.py's roles): the groups and contacts are the network's governance.
- A member only with their consent to be named; the site shows name, role and workplace while their period lasts.
- Every change is a new version on the one the leader saw (a second editor gets GovernanceChanged, never an
  overwrite), in one transaction with its kept state, its audit entry and a publish request (governance/
  repository.py): the governance page, the local networks' page and the footer follow at the next build, and the
  functions' pages and emails at once (common/network_details.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, cast

from common.access import Leader
from common.audit import AuditEntry
from common.errors import GovernanceChanged, InvalidInput, UnknownGroup
from common.formatting import OSLO, read_day
from common.i18n import N_, gettext
from common.ids import new_ulid
from governance.models import (
    MAX_ADDRESS,
    MAX_MANDATE,
    MAX_NAME,
    MAX_ORGANISATION,
    MAX_PHONE,
    MAX_TITLE,
    MEMBER_ROLES,
    AreaLeader,
    Contact,
    Governance,
    Group,
    Member,
    Record,
    Revision,
)

TEXTS = {
    "name": N_("Skriv navnet til personen."),
    "name_long": N_("Navnet kan ha høyst %(max)s tegn."),
    "role": N_("Velg rollen i gruppen."),
    "organisation": N_("Skriv arbeidsstedet, for eksempel «Ullensaker kommune»."),
    "organisation_long": N_("Arbeidsstedet kan ha høyst %(max)s tegn."),
    "since": N_("Skriv datoen perioden begynte, for eksempel 01.01.2026, eller la feltet stå tomt."),
    "until": N_("Skriv den siste dagen i perioden, etter den første, eller la feltet stå tomt."),
    "consent": N_("Personen må ha sagt ja til å stå med navn på nettstedet før du legger dem inn."),
    "group_name": N_("Skriv navnet på gruppen, med høyst %(max)s tegn."),
    "group_taken": N_("Det finnes alt en gruppe med dette navnet."),
    "mandate_long": N_("Mandatet kan ha høyst %(max)s tegn."),
    "email": N_("Skriv en e-postadresse, for eksempel navn@ahus.no."),
    "email_needed": N_("Skriv e-postadressen, så vet folk hvor de kan nå lederen."),
    "phone": N_("Telefonnummeret kan ha høyst %(max)s tegn."),
    "title_long": N_("Tittelen kan ha høyst %(max)s tegn."),
    "address_long": N_("Adressen kan ha høyst %(max)s tegn."),
    "leader_name": N_("Skriv navnet til lederen, eller tøm alle feltene hvis nettverket ikke har noen leder nå."),
    "no_earlier": N_("Det finnes ingen tidligere versjon å gå tilbake til."),
}
AnyRecord = TypeVar("AnyRecord", Group, AreaLeader, Contact)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def told(key: str) -> str:
    """A field's message by its key (the keys are not texts to translate: only their values are)."""
    return gettext(TEXTS[key])


class GovernanceRepository(Protocol):
    def groups(self) -> list[Group]: ...

    def leaders(self) -> dict[str, AreaLeader]: ...

    def contact(self) -> Contact | None: ...

    def save(self, record: Record, seen_version: int, revision: Revision, entry: AuditEntry) -> Record:
        """Put record on the condition that the stored one is at seen_version (0: that there is none); raises
        GovernanceChanged."""
        ...

    def revision(self, key: str, version: int) -> Revision | None: ...


def _line(fields: dict[str, Any], name: str) -> str:
    return " ".join(str(fields.get(name) or "").split())


def _day(fields: dict[str, Any], name: str) -> date | bool | None:
    """A date, None for an empty field, False for one that is not a date."""
    value = _line(fields, name)
    if not value:
        return None
    return read_day(value) or False


def _length(errors: dict[str, str], fields: dict[str, str], limits: dict[str, tuple[int, str]]) -> None:
    for name, (limit, key) in limits.items():
        if len(fields[name]) > limit and name not in errors:
            errors[name] = told(key) % {"max": limit}


def read_member(fields: dict[str, Any], today: date, member_id: str) -> Member:
    """The member form; InvalidInput with every field's message."""
    errors: dict[str, str] = {}
    text = {name: _line(fields, name) for name in ("name", "organisation", "role")}
    if not text["name"]:
        errors["name"] = told("name")
    if text["role"] not in MEMBER_ROLES:
        errors["role"] = told("role")
    if not text["organisation"]:
        errors["organisation"] = told("organisation")
    _length(errors, text, {"name": (MAX_NAME, "name_long"), "organisation": (MAX_ORGANISATION, "organisation_long")})
    since, until = _day(fields, "since"), _day(fields, "until")
    if since is False:
        errors["since"] = told("since")
    if until is False or (isinstance(since, date) and isinstance(until, date) and until < since):
        errors["until"] = told("until")
    if fields.get("consent") not in (True, "true", "on", "ja"):
        errors["consent"] = told("consent")
    if errors:
        raise InvalidInput(field_errors=errors)
    return Member(
        id=member_id,
        name=text["name"],
        role=text["role"],
        organisation=text["organisation"],
        since=since if isinstance(since, date) else None,
        until=until if isinstance(until, date) else None,
        consent_on=today,
    )


def read_group(fields: dict[str, Any]) -> tuple[str, str, bool]:
    """The group form: its name, its mandate (paragraphs kept) and whether the site shows it."""
    name = _line(fields, "name")
    mandate = str(fields.get("mandate") or "").replace("\r\n", "\n").strip()
    errors = {}
    if not name or len(name) > MAX_NAME:
        errors["name"] = told("group_name") % {"max": MAX_NAME}
    if len(mandate) > MAX_MANDATE:
        errors["mandate"] = told("mandate_long") % {"max": MAX_MANDATE}
    if errors:
        raise InvalidInput(field_errors=errors)
    return name, mandate, fields.get("shown", True) not in (False, "false", "", "nei")


def read_contact(fields: dict[str, Any]) -> dict[str, str]:
    text = {name: _line(fields, name) for name in ("email", "phone", "address")}
    errors: dict[str, str] = {}
    if not EMAIL.fullmatch(text["email"]):
        errors["email"] = told("email")
    _length(errors, text, {"phone": (MAX_PHONE, "phone"), "address": (MAX_ADDRESS, "address_long")})
    if errors:
        raise InvalidInput(field_errors=errors)
    return text


def read_leader(fields: dict[str, Any]) -> dict[str, str]:
    """An area's leader; every field empty: the area has none now."""
    text = {name: _line(fields, name) for name in ("name", "title", "email", "phone")}
    errors: dict[str, str] = {}
    if any(text.values()):
        if not text["name"]:
            errors["name"] = told("leader_name")
        if not text["email"]:
            errors["email"] = told("email_needed")
        elif not EMAIL.fullmatch(text["email"]):
            errors["email"] = told("email")
    limits = {"name": (MAX_NAME, "name_long"), "title": (MAX_TITLE, "title_long"), "phone": (MAX_PHONE, "phone")}
    _length(errors, text, limits)
    if errors:
        raise InvalidInput(field_errors=errors)
    return text


def group_id(name: str) -> str:
    """A group's id from its name: «Klinisk samarbeidsutvalg» -> klinisk-samarbeidsutvalg."""
    folded = name.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "gruppe"


def published_groups(groups: Sequence[Group], day: date) -> list[Group]:
    """The groups the governance page shows, in their order, each with the members whose period lasts on day."""
    shown = [group for group in groups if group.shown]
    ordered = sorted(shown, key=lambda group: (group.order, group.name))
    return [group.model_copy(update={"members": group.shown_members(day)}) for group in ordered]


@dataclass(frozen=True)
class GovernanceEditor:
    repo: GovernanceRepository
    clock: Callable[[], datetime]
    areas: Sequence[str]  # network.json's areas' ids, in order
    default_contact: Contact  # network.json's, until the table has one

    def overview(self, leader: Leader) -> Governance:
        leader.require("nettverksleder")
        return self.current()

    def current(self) -> Governance:
        stored = self.repo.leaders()
        return Governance(
            groups=sorted(self.repo.groups(), key=lambda group: (group.order, group.name)),
            leaders=[stored.get(area) or AreaLeader(area=area) for area in self.areas],
            contact=self.repo.contact() or self.default_contact,
        )

    def history(self, leader: Leader, key: str, version: int) -> bool:
        """Whether the record at version has a kept state before it (the view's undo button)."""
        leader.require("nettverksleder")
        return version > 1 and self.repo.revision(key, version - 1) is not None

    def add_group(self, leader: Leader, fields: dict[str, Any]) -> Group:
        leader.require("nettverksleder")
        name, mandate, shown = read_group(fields)
        groups = self.repo.groups()
        new_id = group_id(name)
        if new_id in {group.id for group in groups}:
            raise InvalidInput(field_errors={"name": told("group_taken")})
        order = max((group.order for group in groups), default=0) + 1
        group = Group(id=new_id, name=name, mandate=mandate, shown=shown, order=order, updated_at=self.clock())
        try:
            return self._save(leader, group, 0, {}, "governance_group_added")
        except GovernanceChanged:  # the same name, added at the same moment by another leader
            raise InvalidInput(field_errors={"name": told("group_taken")}) from None

    def change_group(self, leader: Leader, group_id: str, fields: dict[str, Any], version: int) -> Group:
        group = self._group(leader, group_id)
        name, mandate, shown = read_group(fields)
        changes = {"name": name, "mandate": mandate, "shown": shown}
        return self._save(leader, group, version, changes, "governance_group_changed")

    def add_member(self, leader: Leader, group_id: str, fields: dict[str, Any], version: int) -> Group:
        group = self._group(leader, group_id)
        now = self.clock()
        member = read_member(fields, now.astimezone(OSLO).date(), new_ulid(now))
        return self._save(leader, group, version, {"members": (*group.members, member)}, "governance_member_added")

    def change_member(
        self, leader: Leader, group_id: str, member_id: str, fields: dict[str, Any], version: int
    ) -> Group:
        group = self._group(leader, group_id)
        before = next((member for member in group.members if member.id == member_id), None)
        if before is None:
            raise UnknownGroup()
        changed = read_member(fields, self.clock().astimezone(OSLO).date(), member_id)
        changed = changed.model_copy(update={"consent_on": before.consent_on})
        members = tuple(changed if member.id == member_id else member for member in group.members)
        return self._save(leader, group, version, {"members": members}, "governance_member_changed")

    def remove_member(self, leader: Leader, group_id: str, member_id: str, version: int) -> Group:
        group = self._group(leader, group_id)
        members = tuple(member for member in group.members if member.id != member_id)
        if len(members) == len(group.members):
            raise UnknownGroup()
        return self._save(leader, group, version, {"members": members}, "governance_member_removed")

    def change_contact(self, leader: Leader, fields: dict[str, Any], version: int) -> Contact:
        leader.require("nettverksleder")
        contact = self.repo.contact() or self.default_contact
        return self._save(leader, contact, version, read_contact(fields), "contact_changed")

    def change_leader(self, leader: Leader, area: str, fields: dict[str, Any], version: int) -> AreaLeader:
        leader.require("nettverksleder")
        if area not in self.areas:
            raise UnknownGroup()
        before = self.repo.leaders().get(area) or AreaLeader(area=area)
        return self._save(leader, before, version, read_leader(fields), "area_leader_changed")

    def restore(self, leader: Leader, record: AnyRecord, version: int) -> AnyRecord:
        """The record as it was before the version the leader saw, as a new version."""
        leader.require("nettverksleder")
        earlier = self.repo.revision(record.key, version - 1) if version > 1 else None
        if earlier is None:
            raise InvalidInput(field_errors={"": told("no_earlier")})
        kept = earlier.record.model_dump(exclude={"updated_at", "version", "order", "id", "area"})
        return self._save(leader, record, version, kept, "governance_restored")

    def group(self, leader: Leader, group_id: str) -> Group:
        return self._group(leader, group_id)

    def contact(self, leader: Leader) -> Contact:
        leader.require("nettverksleder")
        return self.repo.contact() or self.default_contact

    def area_leader(self, leader: Leader, area: str) -> AreaLeader:
        leader.require("nettverksleder")
        if area not in self.areas:
            raise UnknownGroup()
        return self.repo.leaders().get(area) or AreaLeader(area=area)

    def _group(self, leader: Leader, group_id: str) -> Group:
        leader.require("nettverksleder")
        group = next((group for group in self.repo.groups() if group.id == group_id), None)
        if group is None:
            raise UnknownGroup()
        return group

    def _save(self, leader: Leader, record: AnyRecord, version: int, changes: dict[str, Any], action: str) -> AnyRecord:
        now = self.clock()
        changes = changes | {"updated_at": now, "version": version + 1}
        if isinstance(record, Group):
            today = now.astimezone(OSLO).date()
            members = changes.get("members", record.members)
            changes["members"] = tuple(Member.model_validate(one) for one in members if _member(one).kept_on(today))
        saved = record.model_copy(update=changes)
        saved = type(record).model_validate(saved.model_dump())  # the restored members as models again
        entry = AuditEntry(
            at=now, actor=leader.username, action=action, subject=f"styring/{saved.key}", actor_sub=leader.sub or None
        )
        revision = Revision(record=saved, changed_by=leader.name, action=action)
        return cast("AnyRecord", self.repo.save(saved, version, revision, entry))


def _member(value: Member | dict[str, Any]) -> Member:
    return value if isinstance(value, Member) else Member.model_validate(value)
