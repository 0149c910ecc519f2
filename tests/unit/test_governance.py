"""The governance editor's rules on a fake (work in progress, issue 22 part 3): a member only with consent, every
change a version on the one seen, the one before brought back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from governance.models import Group
from governance.service import GovernanceEditor, GroupChanged

from common.access import Leader
from common.audit import AuditEntry
from common.errors import Forbidden, InvalidInput

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class FakeGroups:
    """The groups in memory, with the table's condition: a change on the version stored; every version kept."""

    def __init__(self, *groups: Group) -> None:
        self.stored = {group.id: group for group in groups}
        self.versions: dict[tuple[str, int], Group] = {(g.id, g.version): g for g in groups}
        self.audit: list[AuditEntry] = []

    def groups(self) -> list[Group]:
        return list(self.stored.values())

    def group(self, group_id: str) -> Group | None:
        return self.stored.get(group_id)

    def save(self, group: Group, seen_version: int, changed_by: str, entry: AuditEntry) -> Group:
        if self.stored[group.id].version != seen_version:
            raise GroupChanged(group.id)
        self.stored[group.id] = self.versions[(group.id, group.version)] = group
        self.audit.append(entry)
        return group

    def kept(self, group_id: str, version: int) -> Group | None:
        return self.versions.get((group_id, version))


def leader(role: str = "nettverksleder") -> Leader:
    claims: dict[str, Any] = {"sub": "s", "jti": "j", "exp": 2_000_000_000, "email": f"{role}@example.no"}
    claims |= {"name": "Marte", "cognito:groups": [role]} | ({"custom:area": "follo"} if role == "omradeleder" else {})
    return Leader.from_claims(claims)


def editor() -> tuple[GovernanceEditor, FakeGroups]:
    group = Group(id="arbeidsgruppe", name="Arbeidsgruppen", mandate="Planlegger året.", updated_at=NOW, version=1)
    repo = FakeGroups(group)
    clock = iter(NOW + timedelta(minutes=n) for n in range(1, 100))
    return GovernanceEditor(repo, lambda: next(clock)), repo


MEMBER = {"name": "Torunn Aasland", "role": "medlem", "organisation": "Ullensaker kommune", "consent": True}


def test_a_member_is_added_only_with_consent_and_each_change_is_a_version() -> None:
    governance, repo = editor()
    with pytest.raises(InvalidInput) as refused:
        governance.add_member(leader(), "arbeidsgruppe", MEMBER | {"consent": False, "role": "sjef"}, 1)
    assert set(refused.value.field_errors or {}) == {"consent", "role"}
    added = governance.add_member(leader(), "arbeidsgruppe", MEMBER | {"since": "01.01.2026"}, 1)
    member = added.members[0]
    assert (added.version, member.since, member.consent_on) == (2, date(2026, 1, 1), date(2026, 12, 2))
    with pytest.raises(GroupChanged):
        governance.add_member(leader(), "arbeidsgruppe", MEMBER, 1)
    removed = governance.remove_member(leader(), "arbeidsgruppe", member.id, 2)
    assert removed.members == ()
    back = governance.restore(leader(), "arbeidsgruppe", 3)
    assert [m.name for m in back.members] == ["Torunn Aasland"] and back.version == 4
    assert [e.action for e in repo.audit] == [
        "governance_member_added",
        "governance_member_removed",
        "governance_restored",
    ]


def test_only_the_network_leader_keeps_the_groups() -> None:
    governance, _ = editor()
    with pytest.raises(Forbidden):
        governance.add_member(leader("omradeleder"), "arbeidsgruppe", MEMBER, 1)
