"""Governance and contact details in the leaders' API: the whole view, a new group, a group's name, mandate and
shown, its members added, changed and taken out, an area's leader, the contact details, and each brought back as it
was before. Part of LeaderFunction (leaders/app.py includes this router); the network leader's alone
(governance/service.py)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, ConfigDict

from common.access import Leader
from common.errors import BadRequest
from common.formatting import OSLO
from common.http import answer, checked_json, read_form
from common.leader_api import area_names, current_leader, now, read_version
from common.validation import Version, reads
from governance.answers import AreaLeaderAnswer, ContactAnswer, GovernanceAnswer, GroupAnswer
from governance.live import governance_editor
from governance.models import AreaLeader, Contact, Group
from governance.service import GovernanceEditor, read_contact, read_group, read_leader, read_member

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


class GroupFields(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    mandate: str = ""
    shown: bool | str = True


class GroupChange(GroupFields):
    version: Version


class MemberFields(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    role: str = ""
    organisation: str = ""
    since: str = ""
    until: str = ""
    consent: bool | str = False
    version: Version


class ContactChange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: str = ""
    phone: str = ""
    address: str = ""
    version: Version


class LeaderChange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    version: Version


class Step(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: Version


def _then_version(reader: Any) -> Any:
    def read(fields: dict[str, Any]) -> None:
        reader(fields)
        read_version(fields)
        raise BadRequest()

    return read


reads(GroupFields, _then_version(read_group))
reads(GroupChange, _then_version(read_group))
reads(MemberFields, _then_version(lambda fields: read_member(fields, now().astimezone(OSLO).date(), "")))
reads(ContactChange, _then_version(read_contact))
reads(LeaderChange, _then_version(read_leader))
reads(Step, _then_version(lambda fields: None))


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def _body() -> dict[str, Any]:
    checked_json(router.current_event)
    return read_form(router.current_event)


def _today() -> Any:
    return now().astimezone(OSLO).date()


def _group(editor: GovernanceEditor, leader: Leader, group: Group, status: int = 200) -> Response[GroupAnswer]:
    return answer(status, GroupAnswer.of(group, editor.history(leader, group.key, group.version), _today()))


def _contact(editor: GovernanceEditor, leader: Leader, contact: Contact) -> Response[ContactAnswer]:
    return answer(200, ContactAnswer.of(contact, editor.history(leader, contact.key, contact.version)))


def _leader(editor: GovernanceEditor, leader: Leader, found: AreaLeader) -> Response[AreaLeaderAnswer]:
    can_restore = editor.history(leader, found.key, found.version)
    return answer(200, AreaLeaderAnswer.of(found, area_names().get(found.area, found.area), can_restore))


@router.get("/api/leder/styring")
def show_governance() -> Response[GovernanceAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    found = editor.overview(leader)
    names, today = area_names(), _today()
    return answer(
        200,
        GovernanceAnswer(
            groups=[GroupAnswer.of(g, editor.history(leader, g.key, g.version), today) for g in found.groups],
            roles=GovernanceAnswer.roles_offered(),
            contact=ContactAnswer.of(found.contact, editor.history(leader, found.contact.key, found.contact.version)),
            areas=[
                AreaLeaderAnswer.of(a, names.get(a.area, a.area), editor.history(leader, a.key, a.version))
                for a in found.leaders
            ],
        ),
    )


@router.post("/api/leder/styring/grupper")
def add_group(body: Annotated[GroupFields, Body()]) -> Response[GroupAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    group = editor.add_group(leader, _body())
    logger.info("governance group added", extra={"group_id": group.id})
    return _group(editor, leader, group, 201)


@router.put("/api/leder/styring/grupper/<group_id>")
def change_group(group_id: str, body: Annotated[GroupChange, Body()]) -> Response[GroupAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    return _group(editor, leader, editor.change_group(leader, group_id, _body(), body.version))


@router.post("/api/leder/styring/grupper/<group_id>/medlemmer")
def add_member(group_id: str, body: Annotated[MemberFields, Body()]) -> Response[GroupAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    group = editor.add_member(leader, group_id, _body(), body.version)
    logger.info("governance member added", extra={"group_id": group.id, "version": group.version})
    return _group(editor, leader, group, 201)


@router.put("/api/leder/styring/grupper/<group_id>/medlemmer/<member_id>")
def change_member(group_id: str, member_id: str, body: Annotated[MemberFields, Body()]) -> Response[GroupAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    return _group(editor, leader, editor.change_member(leader, group_id, member_id, _body(), body.version))


@router.post("/api/leder/styring/grupper/<group_id>/medlemmer/<member_id>/fjerning")
def remove_member(group_id: str, member_id: str, body: Annotated[Step, Body()]) -> Response[GroupAnswer]:
    _body()
    editor, leader = governance_editor(), signed_in_leader()
    return _group(editor, leader, editor.remove_member(leader, group_id, member_id, body.version))


@router.post("/api/leder/styring/grupper/<group_id>/tilbakestilling")
def restore_group(group_id: str, body: Annotated[Step, Body()]) -> Response[GroupAnswer]:
    _body()
    editor, leader = governance_editor(), signed_in_leader()
    return _group(editor, leader, editor.restore(leader, editor.group(leader, group_id), body.version))


@router.put("/api/leder/styring/kontakt")
def change_contact(body: Annotated[ContactChange, Body()]) -> Response[ContactAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    return _contact(editor, leader, editor.change_contact(leader, _body(), body.version))


@router.post("/api/leder/styring/kontakt/tilbakestilling")
def restore_contact(body: Annotated[Step, Body()]) -> Response[ContactAnswer]:
    _body()
    editor, leader = governance_editor(), signed_in_leader()
    return _contact(editor, leader, editor.restore(leader, editor.contact(leader), body.version))


@router.put("/api/leder/styring/omrader/<area>")
def change_area_leader(area: str, body: Annotated[LeaderChange, Body()]) -> Response[AreaLeaderAnswer]:
    editor, leader = governance_editor(), signed_in_leader()
    return _leader(editor, leader, editor.change_leader(leader, area, _body(), body.version))


@router.post("/api/leder/styring/omrader/<area>/tilbakestilling")
def restore_area_leader(area: str, body: Annotated[Step, Body()]) -> Response[AreaLeaderAnswer]:
    _body()
    editor, leader = governance_editor(), signed_in_leader()
    return _leader(editor, leader, editor.restore(leader, editor.area_leader(leader, area), body.version))
