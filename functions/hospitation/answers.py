"""Hospitation's answers in the leaders' API: a request in a list, a request in full, the list with its filters, and
the host units as the network leader keeps them.
What hospitation/leader_routes.py sends; Powertools turns them into the OpenAPI document."""

from __future__ import annotations

from pydantic import BaseModel

from common.access import Leader
from common.answers import Choice, NamedChoice
from common.formatting import OSLO, date_nb
from common.i18n import gettext
from common.leader_api import COOKIE_PATH, area_names, now
from common.person import RECOMMEND_LABELS
from hospitation.emails import days_text, wishes_text
from hospitation.live import host_units
from hospitation.models import HOSPITATION_STATUS_LABELS, Hospitation, HostUnit


class Wish(BaseModel):
    """A period the nurse wished for, as ISO dates."""

    first: str
    last: str


def unit_names() -> dict[str, str]:
    return {unit.id: unit.name for unit in host_units(fresh=False).values()}


class HospitationSummary(BaseModel):
    """A request as the list shows it, with what the signed-in leader may do with it."""

    id: str
    version: int
    status: str
    status_label: str
    name: str
    workplace: str
    area_name: str
    host_unit: str
    host_unit_name: str
    created_text: str
    wishes: list[Wish]
    wishes_text: str
    days_text: str
    can_answer: bool
    can_decline: bool
    can_erase: bool
    url: str

    @classmethod
    def fields_of(cls, request: Hospitation, leader: Leader) -> dict[str, object]:
        today = now().astimezone(OSLO).date()
        answerable = request.status == "awaiting_host" or (
            request.status == "confirmed" and request.first_day is not None and today < request.first_day
        )
        return {
            "id": request.id,
            "version": request.version,
            "status": request.status,
            "status_label": gettext(HOSPITATION_STATUS_LABELS[request.status]),
            "name": request.name,
            "workplace": request.workplace,
            "area_name": area_names().get(request.area, request.area),
            "host_unit": request.host_unit,
            "host_unit_name": unit_names().get(request.host_unit, request.host_unit),
            "created_text": date_nb(request.created_at),
            "wishes": [Wish(first=w.first.isoformat(), last=w.last.isoformat()) for w in request.wishes],
            "wishes_text": wishes_text(request),
            "days_text": days_text(request),
            "can_answer": leader.answers_for_host(request) and answerable,
            "can_decline": leader.answers_for_host(request) and request.status == "awaiting_host",
            "can_erase": leader.role == "nettverksleder",
            "url": f"{COOKIE_PATH}/hospiteringer/{request.id}",
        }

    @classmethod
    def of(cls, request: Hospitation, leader: Leader) -> HospitationSummary:
        return cls.model_validate(cls.fields_of(request, leader))


class HospitationDetail(HospitationSummary):
    """A request in full: the nurse, their nearest leader, the host's answer and the nurse's evaluation."""

    email: str
    phone: str
    municipality: str
    leader_name: str
    leader_email: str
    goals: str
    first_day: str | None
    last_day: str | None
    meeting_time: str
    host_message: str
    decline_reason: str
    learned: str
    recommend_label: str | None
    change: str

    @classmethod
    def of(cls, request: Hospitation, leader: Leader) -> HospitationDetail:
        return cls.model_validate(
            HospitationSummary.fields_of(request, leader)
            | {
                "email": request.email,
                "phone": request.phone,
                "municipality": request.municipality,
                "leader_name": request.leader_name,
                "leader_email": request.leader_email,
                "goals": request.goals,
                "first_day": request.first_day.isoformat() if request.first_day else None,
                "last_day": request.last_day.isoformat() if request.last_day else None,
                "meeting_time": request.meeting_time,
                "host_message": request.host_message,
                "decline_reason": request.decline_reason,
                "learned": request.learned,
                "recommend_label": gettext(RECOMMEND_LABELS[request.recommend]) if request.recommend else None,
                "change": request.change,
            }
        )


class HospitationList(BaseModel):
    """The requests a leader sees (filtered by ?status= and ?enhet=), the filters' choices and the CSV files."""

    requests: list[HospitationSummary]
    statuses: list[Choice]
    units: list[NamedChoice]
    csv_url: str
    evaluations_csv_url: str


# Host units in /leder/enheter/ ------------------------------------------------------------------------------------

HOST_UNITS_URL = f"{COOKIE_PATH}/vertsenheter"


class HostUnitRow(BaseModel):
    """A host unit as the units' view lists it, with the addresses of its changes (for the network leader)."""

    id: str
    name: str
    kind: str
    area: str
    area_name: str
    email: str
    closed_on: str | None
    closed_text: str | None
    open: bool
    version: int
    url: str
    close_url: str
    reopen_url: str

    @classmethod
    def of(cls, unit: HostUnit) -> HostUnitRow:
        url = f"{HOST_UNITS_URL}/{unit.id}"
        return cls(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            area=unit.area,
            area_name=area_names().get(unit.area, unit.area),
            email=unit.email,
            closed_on=unit.closed_on.isoformat() if unit.closed_on else None,
            closed_text=date_nb(unit.closed_on) if unit.closed_on else None,
            open=unit.open_on(now().astimezone(OSLO).date()),
            version=unit.version,
            url=url,
            close_url=f"{url}/stenging",
            reopen_url=f"{url}/gjenapning",
        )


class HostUnitList(BaseModel):
    host_units: list[HostUnitRow]
    can_change: bool
    add_url: str
