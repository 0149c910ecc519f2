"""The annual report in the leaders' API: a page with the year's figures and charts, and the same figures as a Word
document, a Markdown document and a CSV. Part of LeaderFunction (included by leaders/app.py), with its session rules
(common/leader_api.py): the network leader sees the whole network or one area (?omrade=); an area leader their own area
(and, of a network-wide event, the people of their area); a host unit nothing.

Every figure is counted from the records when asked for (reports/service.py says how); nothing is stored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from attendance.live import attendance_repository
from common import leader_api
from common.access import NETWORK_WIDE, Leader
from common.audit import AuditEntry
from common.formatting import OSLO, date_nb
from common.i18n import N_, gettext
from courses.live import course_repository
from courses.models import Course
from exports import files
from exports.columns import export_filename
from hospitation.live import hospitation_repository
from hospitation.models import Hospitation
from hospitation.repository import DynamoHospitationRepository
from reports import documents
from reports.service import AnnualReport, annual_report, report_day, report_moment
from roster.live import roster
from selfreport.live import repository as self_report_repository
from selfreport.models import Invitation

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"
YEARS_BACK = 4  # the chooser's years: this one and the four before (marks are kept two years, registrations one)


def build(signed_in: Leader, year: int) -> tuple[AnnualReport, str | None]:
    """The report of the leader's scope (one area with ?omrade=), read from the table now."""
    area = leader_api.chosen_area(router.current_event, signed_in)
    ids = [area] if area else signed_in.roster_areas(leader_api.every_area())
    whole = signed_in.role == "nettverksleder" and area is None
    names = leader_api.area_names()
    today = leader_api.now().astimezone(OSLO).date()
    first, last = report_moment(year)
    as_of = report_day(year, today)
    repository = course_repository()
    held = [
        course
        for name in [*ids, NETWORK_WIDE]
        for course, _counts in repository.courses_in_area(name, first, last)
        if course.start.astimezone(OSLO).date() <= as_of and course.takes_place
    ]
    people = None if whole else ids[0]  # whose registrations of a network-wide event count

    def registrations_of(course: Course) -> list[Any]:
        return list(repository.registrations(course.id, people if course.area == NETWORK_WIDE else None))

    marks = attendance_repository()
    hospitations = hospitation_repository()
    the_roster = roster()  # with every unit in the table, closed ones too: the year's figures name them
    report = annual_report(
        year=year,
        today=today,
        areas={one: names.get(one, one) for one in ids},
        units=the_roster.units,
        entries=the_roster.in_areas(ids),
        courses=held,
        registrations={course.id: registrations_of(course) for course in held},
        marks={course.id: marks.attendance(course.id) for course in held},
        hospitations=_requests(hospitations, ids),
        whole_network=whole,
        self_reports=_self_reports(year),
    )
    return report, area


def _self_reports(year: int) -> list[Invitation] | None:
    """The invitations of the year's self-report round, or None when none was opened."""
    found = self_report_repository()
    return found.invitations(year) if found.round(year) is not None else None


def _requests(repository: DynamoHospitationRepository, areas: Iterable[str]) -> list[Hospitation]:
    return [request for area in areas for request in repository.in_area(area)]


def title(year: int) -> str:
    return gettext(N_("Årsrapport %(year)s")) % {"year": year}


def scope_text(signed_in: Leader, report: AnnualReport, area: str | None) -> str:
    if signed_in.role == "nettverksleder" and area is None:
        return gettext(N_("Tallene for hele nettverket."))
    return gettext(N_("Tallene for %(area)s.")) % {"area": report.areas[0].name}


def query_text(year: int, area: str | None) -> str:
    return f"ar={year}" + (f"&omrade={area}" if area else "")


def page(signed_in: Leader) -> str:
    year = leader_api.chosen_year(router.current_event)
    report, area = build(signed_in, year)
    base = f"{leader_api.COOKIE_PATH}/arsrapport"
    query = query_text(year, area)
    this_year = leader_api.now().astimezone(OSLO).year
    return documents.page(
        report,
        years=list(range(this_year, this_year - YEARS_BACK - 1, -1)),
        areas={one: leader_api.area_names()[one] for one in leader_api.every_area()}
        if signed_in.role == "nettverksleder"
        else {},
        area=area,
        downloads=[
            (gettext(N_("Årsrapporten som Word-dokument")), f"{base}.docx?{query}"),
            (gettext(N_("Årsrapporten som Markdown (til nettsiden)")), f"{base}.md?{query}"),
            (gettext(N_("Tallene som CSV (Excel)")), f"{base}.csv?{query}&format=excel"),
            (gettext(N_("Tallene som CSV (komma)")), f"{base}.csv?{query}&format=komma"),
        ],
        scope_text=scope_text(signed_in, report, area),
    )


@router.get("/api/leder/arsrapport")
def show_report() -> Response[str]:
    return leader_api.page(router.current_event, page)


def stem(year: int, area: str | None) -> str:
    return f"arsrapport-{year}" + (f"-{area}" if area else "")


def document(signed_in: Leader, name: str, data: bytes, media_type: str) -> Response[bytes]:
    """A file to keep, audited like every export; bytes go base64-encoded through the API."""
    moment = leader_api.now()
    leader_api.audit_log().record(
        AuditEntry(at=moment, actor=signed_in.username, actor_sub=signed_in.sub, action="export", subject=name, rows=0)
    )
    filename = export_filename(name, moment.astimezone(OSLO).date()).removesuffix(".csv") + name_suffix(media_type)
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    logger.info("annual report downloaded", extra={"bytes": len(data)})
    return Response(status_code=200, content_type=media_type, body=data, headers=headers)


def name_suffix(media_type: str) -> str:
    return ".docx" if media_type == WORD else ".md"


# The documents are bytes, sent base64-encoded; Powertools' answer check would make them JSON text, so these two
# routes are not checked (their answers are files, outside the JSON models).
@router.get("/api/leder/arsrapport.docx", enable_validation=False)
def word_report() -> Response[bytes]:
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    report, area = build(signed_in, year)
    intro = gettext(N_("Skriv noen setninger om året her. Tallene under er hentet fra Lindra %(day)s."))
    data = documents.word(report, title(year), intro % {"day": date_nb(report.as_of)})
    return document(signed_in, stem(year, area), data, WORD)


@router.get("/api/leder/arsrapport.md", enable_validation=False)
def markdown_report() -> Response[bytes]:
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    report, area = build(signed_in, year)
    today = leader_api.now().astimezone(OSLO).date().isoformat()
    text = documents.markdown(report, title(year), today)
    return document(signed_in, stem(year, area), text.encode("utf-8"), MARKDOWN)


@router.get("/api/leder/arsrapport.csv")
def csv_report() -> Response[str]:
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    report, area = build(signed_in, year)
    fmt = files.requested_format(router.current_event)
    return files.file_response(files.audited_export(signed_in, stem(year, area), documents.csv_rows(report), fmt))
