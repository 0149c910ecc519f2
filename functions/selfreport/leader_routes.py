"""The yearly self-report in the leaders' API (`/leder/egenrapport/`, leaders/app.py includes this router), with its
session rules (common/leader_api.py): the network leader opens a year's round and moves its closing day; she and the
area leaders see the rounds' counts and the answers of their areas, as a page and as CSV.

- `GET /api/leder/egenrapport`: the rounds kept, each with the counts of the leader's areas.
- `POST /api/leder/egenrapport` {"year", "closes_on"}: the round opened, and everyone it asks mailed (network leader).
- `POST /api/leder/egenrapport/{year}/frist` {"closes_on", "version"}: the closing day moved (network leader).
- `GET /api/leder/egenrapport/{year}/svar`: the answers as a page to read or print; `…/svar.csv` as CSV.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, ConfigDict

from common import leader_api
from common.access import Leader
from common.errors import InvalidInput
from common.formatting import OSLO, date_nb
from common.http import answer, checked_json
from common.i18n import N_, gettext
from common.validation import reads
from exports import files
from selfreport.forms import validate_round, validate_round_change
from selfreport.live import self_reports, unit_names
from selfreport.models import Round, RoundChange, RoundForm
from selfreport.service import AreaCount, Results, RoundStatus, Sent, round_years

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
OPENED = N_("Runden for %(year)s er åpnet. %(nurses)s ressurssykepleiere og %(leaders)s ledere får en lenke på e-post.")
MOVED = N_("Fristen er nå %(day)s.")


def read_round(fields: dict[str, Any]) -> None:
    validate_round(fields)


def read_round_change(fields: dict[str, Any]) -> None:
    """The day first, then the version."""
    validate_round_change({name: value for name, value in fields.items() if name != "version"})
    leader_api.read_version(fields)


reads(RoundForm, read_round)
reads(RoundChange, read_round_change)


class AreaAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    area: str
    name: str
    nurses_asked: int
    nurses_answered: int
    planned: int  # nurses who have had the talk about the work plan with their leader
    leaders_asked: int
    leaders_answered: int
    time_given: int  # leaders who say the role is given time
    time_partly: int
    time_not: int


class RoundAnswer(BaseModel):
    """A round as the view shows it."""

    model_config = ConfigDict(frozen=True)

    id: str  # the year, as the leaders' forms take a done answer
    year: int
    opened_on: str
    closes_on: str
    closes_text: str
    reminder_on: str
    reminder_text: str
    reminded: bool
    open: bool
    version: int
    nurses_asked: int
    nurses_answered: int
    leaders_asked: int
    leaders_answered: int
    areas: list[AreaAnswer]
    results_url: str
    text: str = ""


class RoundList(BaseModel):
    year: int  # this year
    may_open: bool  # the network leader, with a year that has no round yet
    years: list[int]  # the years a round may be opened for now
    rounds: list[RoundAnswer]


def area_answer(count: AreaCount, names: dict[str, str]) -> AreaAnswer:
    return AreaAnswer(
        area=count.area,
        name=names.get(count.area, count.area),
        nurses_asked=count.nurses_asked,
        nurses_answered=count.nurses_answered,
        planned=count.planned.get("ja", 0),
        leaders_asked=count.leaders_asked,
        leaders_answered=count.leaders_answered,
        time_given=count.time_given.get("ja", 0),
        time_partly=count.time_given.get("delvis", 0),
        time_not=count.time_given.get("nei", 0),
    )


def round_answer(status: RoundStatus, text: str = "") -> RoundAnswer:
    found: Round = status.round
    names = leader_api.area_names()
    return RoundAnswer(
        id=str(found.year),
        year=found.year,
        opened_on=found.opened_on.isoformat(),
        closes_on=found.closes_on.isoformat(),
        closes_text=date_nb(found.closes_on),
        reminder_on=found.reminder_on.isoformat(),
        reminder_text=date_nb(found.reminder_on),
        reminded=found.reminded,
        open=found.open_at(leader_api.now()),
        version=found.version,
        nurses_asked=status.total("nurses_asked"),
        nurses_answered=status.total("nurses_answered"),
        leaders_asked=status.total("leaders_asked"),
        leaders_answered=status.total("leaders_answered"),
        areas=[area_answer(count, names) for count in status.areas],
        results_url=f"{leader_api.COOKIE_PATH}/egenrapport/{found.year}/svar",
        text=text,
    )


def _status(signed_in: Leader, found: Round) -> RoundStatus:
    return self_reports().status(signed_in, found, leader_api.every_area())


@router.get("/api/leder/egenrapport")
def list_rounds() -> Response[RoundList]:
    signed_in = leader_api.current_leader(router.current_event)
    statuses = self_reports().overview(signed_in, leader_api.every_area())
    today = leader_api.now().astimezone(OSLO).date()
    taken = {status.round.year for status in statuses}
    years = [year for year in round_years(today) if year not in taken]
    network_leader = signed_in.role == "nettverksleder"
    return answer(
        200,
        RoundList(
            year=today.year,
            may_open=network_leader and bool(years),
            years=years if network_leader else [],
            rounds=[round_answer(status) for status in statuses],
        ),
    )


@router.post("/api/leder/egenrapport")
def open_round(body: Annotated[RoundForm, Body()]) -> Response[RoundAnswer]:
    signed_in = leader_api.current_leader(router.current_event)
    checked_json(router.current_event)
    found, sent = self_reports().open_round(signed_in, body, leader_api.now())
    logger.info("self-report round opened", extra={"year": found.year, "nurses": sent.nurses, "leaders": sent.leaders})
    return answer(201, round_answer(_status(signed_in, found), opened_text(found, sent)))


def opened_text(found: Round, sent: Sent) -> str:
    return gettext(OPENED) % {"year": found.year, "nurses": sent.nurses, "leaders": sent.leaders}


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidInput(field_errors={"ar": gettext(N_("Skriv året med fire sifre, for eksempel 2027."))})
    return int(text)


@router.post("/api/leder/egenrapport/<year>/frist")
def change_closing(year: str, body: Annotated[RoundChange, Body()]) -> Response[RoundAnswer]:
    signed_in = leader_api.current_leader(router.current_event)
    checked_json(router.current_event)
    changed = self_reports().change_closing(signed_in, _year(year), body, leader_api.now())
    logger.info("self-report round's closing day moved", extra={"year": changed.year})
    text = gettext(MOVED) % {"day": date_nb(changed.closes_on)}
    return answer(200, round_answer(_status(signed_in, changed), text))


def results(signed_in: Leader, year: str) -> Results:
    return self_reports().results(signed_in, _year(year), leader_api.every_area())


@router.get("/api/leder/egenrapport/<year>/svar")
def show_results(year: str) -> Response[str]:
    from selfreport.pages import results_page

    def build(signed_in: Leader) -> str:
        return results_page(results(signed_in, year), leader_api.area_names(), unit_names())

    return leader_api.page(router.current_event, build)


@router.get("/api/leder/egenrapport/<year>/svar.csv")
def export_results(year: str) -> Response[str]:
    """One row per person asked in the leader's areas, with her answers; audited as an export."""
    from selfreport.export import self_report_export

    signed_in = leader_api.current_leader(router.current_event)
    found = results(signed_in, year)
    fmt = files.requested_format(router.current_event)
    rows = self_report_export(leader_api.area_names(), unit_names()).rows(found.invitations)
    return files.file_response(files.audited_export(signed_in, f"egenrapport-{found.round.year}", rows, fmt))
