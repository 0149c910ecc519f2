"""The governance editor's rules on a fake: a member only with consent, every change a version on the one seen, the
one before brought back; the areas' leaders and the contact details; what the site shows; network.json's seed; the
details laid over network.json for the functions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from common.access import Leader
from common.audit import AuditEntry
from common.errors import Forbidden, GovernanceChanged, InvalidInput, UnknownGroup
from common.network_details import overlaid
from common.site import network_file
from governance.live import seed_records
from governance.models import AreaLeader, Contact, Group, Member, Record, Revision
from governance.service import GovernanceEditor, group_id, published_groups

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class FakeGovernance:
    """The records in memory, with the table's condition: a change on the version stored (0: none stored); every
    version kept."""

    def __init__(self, *records: Record) -> None:
        self.stored: dict[str, Record] = {record.key: record for record in records}
        self.kept: dict[tuple[str, int], Revision] = {
            (r.key, r.version): Revision(record=r, changed_by="", action="seeded") for r in records
        }
        self.audit: list[AuditEntry] = []

    def groups(self) -> list[Group]:
        return [record for record in self.stored.values() if isinstance(record, Group)]

    def leaders(self) -> dict[str, AreaLeader]:
        return {r.area: r for r in self.stored.values() if isinstance(r, AreaLeader)}

    def contact(self) -> Contact | None:
        return next((r for r in self.stored.values() if isinstance(r, Contact)), None)

    def save(self, record: Record, seen_version: int, revision: Revision, entry: AuditEntry) -> Record:
        stored = self.stored.get(record.key)
        if (stored.version if stored else 0) != seen_version:
            raise GovernanceChanged()
        self.stored[record.key] = record
        self.kept[(record.key, record.version)] = revision
        self.audit.append(entry)
        return record

    def revision(self, key: str, version: int) -> Revision | None:
        return self.kept.get((key, version))


def leader(role: str = "nettverksleder") -> Leader:
    claims: dict[str, Any] = {"sub": "s", "jti": "j", "exp": 2_000_000_000, "email": f"{role}@example.no"}
    claims |= {"name": "Marte", "cognito:groups": [role]} | ({"custom:area": "follo"} if role == "omradeleder" else {})
    return Leader.from_claims(claims)


def editor(*more: Record) -> tuple[GovernanceEditor, FakeGovernance]:
    group = Group(id="arbeidsgruppe", name="Arbeidsgruppen", mandate="Planlegger året.", updated_at=NOW, version=1)
    repo = FakeGovernance(group, *more)
    clock = iter(NOW + timedelta(minutes=n) for n in range(1, 100))
    default = Contact(email="nettverket@example.no", phone="67 96 00 00")
    return GovernanceEditor(repo, lambda: next(clock), ["follo", "oslo"], default), repo


MEMBER = {"name": "Torunn Aasland", "role": "medlem", "organisation": "Ullensaker kommune", "consent": True}


def test_a_member_is_added_only_with_consent_and_each_change_is_a_version() -> None:
    governance, repo = editor()
    with pytest.raises(InvalidInput) as refused:
        governance.add_member(leader(), "arbeidsgruppe", MEMBER | {"consent": False, "role": "sjef"}, 1)
    assert set(refused.value.field_errors) == {"consent", "role"} and len(repo.audit) == 0
    added = governance.add_member(leader(), "arbeidsgruppe", MEMBER | {"since": "01.01.2026"}, 1)
    member = added.members[0]
    assert (added.version, member.since, member.consent_on) == (2, date(2026, 1, 1), date(2026, 12, 2))
    with pytest.raises(GovernanceChanged):
        governance.add_member(leader(), "arbeidsgruppe", MEMBER, 1)  # a second editor on the version before
    removed = governance.remove_member(leader(), "arbeidsgruppe", member.id, 2)
    assert removed.members == ()
    back = governance.restore(leader(), removed, 3)
    assert [m.name for m in back.members] == ["Torunn Aasland"] and back.version == 4
    assert [e.action for e in repo.audit] == [
        "governance_member_added",
        "governance_member_removed",
        "governance_restored",
    ]
    assert repo.audit[0].subject == "styring/GROUP#arbeidsgruppe"


def test_a_members_fields_are_checked_together() -> None:
    governance, _ = editor()
    wrong = {"name": "", "organisation": "x" * 151, "since": "1. mars", "until": "", "consent": "on", "role": "leder"}
    with pytest.raises(InvalidInput) as refused:
        governance.add_member(leader(), "arbeidsgruppe", wrong, 1)
    assert set(refused.value.field_errors) == {"name", "organisation", "since"}
    backwards = MEMBER | {"since": "2026-05-01", "until": "2026-04-30"}
    with pytest.raises(InvalidInput) as refused:
        governance.add_member(leader(), "arbeidsgruppe", backwards, 1)
    assert set(refused.value.field_errors) == {"until"}


def test_a_change_keeps_the_day_consent_was_given_and_an_unknown_member_is_not_found() -> None:
    governance, _ = editor()
    added = governance.add_member(leader(), "arbeidsgruppe", MEMBER, 1)
    changed = governance.change_member(leader(), "arbeidsgruppe", added.members[0].id, MEMBER | {"role": "leder"}, 2)
    assert (changed.members[0].role, changed.members[0].consent_on) == ("leder", added.members[0].consent_on)
    with pytest.raises(UnknownGroup):
        governance.change_member(leader(), "arbeidsgruppe", "ukjent", MEMBER, 3)
    with pytest.raises(UnknownGroup):
        governance.add_member(leader(), "styringsgruppe", MEMBER, 1)


def test_only_the_network_leader_keeps_governance_and_contacts() -> None:
    governance, _ = editor()
    area_leader = leader("omradeleder")
    for attempt in (
        lambda: governance.add_member(area_leader, "arbeidsgruppe", MEMBER, 1),
        lambda: governance.change_contact(area_leader, {"email": "a@b.no"}, 0),
        lambda: governance.change_leader(area_leader, "follo", {"name": "A", "email": "a@b.no"}, 0),
        lambda: governance.overview(area_leader),
    ):
        with pytest.raises(Forbidden):
            attempt()


def test_a_group_is_added_by_its_name_once_and_can_be_hidden() -> None:
    governance, _ = editor()
    added = governance.add_group(leader(), {"name": "Klinisk samarbeidsutvalg", "mandate": "Råd om\r\n\r\nfag."})
    assert (added.id, added.mandate, added.order, added.version) == ("klinisk-samarbeidsutvalg", "Råd om\n\nfag.", 1, 1)
    with pytest.raises(InvalidInput) as refused:
        governance.add_group(leader(), {"name": "klinisk  samarbeidsutvalg"})
    assert set(refused.value.field_errors) == {"name"}
    hidden = governance.change_group(leader(), added.id, {"name": added.name, "shown": False}, 1)
    assert not hidden.shown and group_id("Styringsgruppe for Ahus") == "styringsgruppe-for-ahus"


def test_the_site_shows_the_groups_shown_with_the_members_whose_period_lasts() -> None:
    day = date(2026, 12, 2)
    members = (
        Member(id="1", name="Nå", role="leder", organisation="Ahus", consent_on=day),
        Member(id="2", name="Sluttet", role="medlem", organisation="Ahus", until=date(2026, 6, 30), consent_on=day),
        Member(id="3", name="Kommer", role="medlem", organisation="Ahus", since=date(2027, 1, 1), consent_on=day),
    )
    shown = Group(id="a", name="A", members=members, updated_at=NOW, order=2)
    hidden = Group(id="b", name="B", shown=False, updated_at=NOW)
    first = Group(id="c", name="C", updated_at=NOW, order=1)
    found = published_groups([shown, hidden, first], day)
    assert [g.id for g in found] == ["c", "a"] and [m.name for m in found[1].members] == ["Nå"]


def test_a_member_who_left_long_ago_is_dropped_at_the_groups_next_save() -> None:
    old = Member(
        id="1",
        name="Lenge siden",
        role="medlem",
        organisation="Ahus",
        until=date(2026, 1, 31),
        consent_on=date(2025, 1, 1),
    )
    recent = old.model_copy(update={"id": "2", "name": "Nylig", "until": date(2026, 11, 30)})
    group = Group(id="arbeidsgruppe", name="Arbeidsgruppen", members=(old, recent), updated_at=NOW, version=1)
    governance, _ = editor()
    governance.repo.stored[group.key] = group  # type: ignore[attr-defined]
    saved = governance.change_group(leader(), "arbeidsgruppe", {"name": "Arbeidsgruppen"}, 1)
    assert [m.name for m in saved.members] == ["Nylig"]


def test_the_contact_details_start_from_network_json_and_are_checked_and_restored() -> None:
    governance, repo = editor()
    assert governance.contact(leader()).version == 0
    with pytest.raises(InvalidInput) as refused:
        governance.change_contact(leader(), {"email": "ikke en adresse", "phone": "1" * 31}, 0)
    assert set(refused.value.field_errors) == {"email", "phone"}
    first = governance.change_contact(leader(), {"email": "ny@example.no", "phone": "22 00 00 00"}, 0)
    second = governance.change_contact(leader(), {"email": "nyere@example.no"}, first.version)
    with pytest.raises(GovernanceChanged):
        governance.change_contact(leader(), {"email": "tredje@example.no"}, first.version)
    back = governance.restore(leader(), second, second.version)
    assert (back.email, back.phone, back.version) == ("ny@example.no", "22 00 00 00", 3)
    with pytest.raises(InvalidInput):
        governance.restore(leader(), first, 1)  # nothing before the first
    assert repo.audit[-1].action == "governance_restored"


def test_an_areas_leader_is_named_with_an_email_or_cleared() -> None:
    governance, _ = editor(
        AreaLeader(area="oslo", name="Amina Rashid", email="amina@example.no", version=1, updated_at=NOW)
    )
    with pytest.raises(InvalidInput) as refused:
        governance.change_leader(leader(), "follo", {"title": "Områdeleder"}, 0)
    assert set(refused.value.field_errors) == {"name", "email"}
    named = governance.change_leader(leader(), "follo", {"name": "Anette Krogstad", "email": "anette@example.no"}, 0)
    assert (named.area, named.version) == ("follo", 1)
    cleared = governance.change_leader(leader(), "oslo", {}, 1)
    assert (cleared.name, cleared.email, cleared.version) == ("", "", 2)
    with pytest.raises(UnknownGroup):
        governance.change_leader(leader(), "bergen", {}, 0)
    overview = governance.overview(leader())
    assert [(one.area, one.name) for one in overview.leaders] == [("follo", "Anette Krogstad"), ("oslo", "")]


def test_network_json_seeds_the_groups_the_areas_leaders_and_the_contact_details() -> None:
    data = json.loads(network_file().read_text(encoding="utf-8"))
    records = seed_records(data)
    groups = [r for r in records if isinstance(r, Group)]
    leaders = [r for r in records if isinstance(r, AreaLeader)]
    assert groups[0].id == "arbeidsgruppe" and len(groups[0].members) == len(data["governance"]["groups"][0]["members"])
    assert len(leaders) == len(data["areas"]) and isinstance(records[0], Contact)
    assert records[0].email == data["contact"]["email"] and {r.version for r in records} == {1}
    assert seed_records(data) == records  # the same ids again: a second seed puts nothing new


def test_the_tables_details_lie_over_network_json() -> None:
    data = {"contact": {"email": "a@b.no"}, "areas": [{"id": "follo", "leader": {"name": "A"}}, {"id": "oslo"}]}
    details = [
        {"key": "CONTACT", "email": "ny@b.no", "phone": "1", "address": ""},
        {"key": "AREA#follo", "name": "", "email": ""},
        {"key": "AREA#oslo", "name": "Amina", "title": "", "email": "amina@b.no", "phone": ""},
    ]
    merged = overlaid(data, details)
    assert merged["contact"] == {"email": "ny@b.no", "phone": "1", "address": ""}
    assert "leader" not in merged["areas"][0] and merged["areas"][1]["leader"]["email"] == "amina@b.no"
    assert data["areas"][0]["leader"] == {"name": "A"}  # network.json's own left as read
