"""Courses in the leaders' API: the courses and meetings in a leader's scope with their seats and waiting lists,
a course's participants, and the registrations as CSV (one course, or every course in a period). Part of
LeaderFunction (leaders/app.py includes this router); the rules are common/access.py's: the network leader sees every
course, an area leader their area's and the network-wide ones (with their own area's people only), a host unit none.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import NETWORK_WIDE, Leader
from common.answers import Choice, NamedChoice
from common.answers import Outcome as Outcome_
from common.formatting import OSLO
from common.http import answer, checked_json, read_form
from common.i18n import gettext
from common.leader_api import COOKIE_PATH, area_names, audit_log, current_leader, every_area, now
from common.validation import reads
from courses import leader_service as service
from courses.answers import (
    CourseAnswer,
    CourseEditAnswer,
    CourseList,
    CourseSaved,
    CourseSeriesAnswer,
    FormChoices,
    Participants,
    RegistrationAnswer,
    SentAgain,
)
from courses.course_form import CourseChange, CourseCopy, CourseFields, CourseSeries, StatusChange, read_fields
from courses.editor import Outcome
from courses.leader_service import Period
from courses.live import course_editor, course_repository
from courses.models import KIND_LABELS
from courses.questions import QUESTIONS
from exports.files import file_response, requested_format

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def period_from_query() -> Period:
    query = router.current_event.query_string_parameters or {}
    return Period.parse(query.get("fra"), query.get("til"), now().astimezone(OSLO).date())


@router.get("/api/leder/kurs")
def list_courses() -> Response[CourseList]:
    leader = signed_in_leader()
    period = period_from_query()
    found = service.courses(leader, course_repository(), every_area(), period)
    span = f"fra={period.first.isoformat()}&til={period.last.isoformat()}"
    return answer(
        200,
        CourseList(
            first=period.first.isoformat(),
            to=period.last.isoformat(),
            courses=[CourseAnswer.of(o, leader.edits_courses_in(o.course.area)) for o in found],
            period_csv_url=f"{COOKIE_PATH}/pameldinger.csv?{span}",
            period_csv_comma_url=f"{COOKIE_PATH}/pameldinger.csv?{span}&format=komma",
        ),
    )


@router.get("/api/leder/kurs/<course_id>/pameldinger")
def list_participants(course_id: str) -> Response[Participants]:
    leader = signed_in_leader()
    overview, registrations = service.participants(leader, course_id, course_repository())
    body = Participants(
        course=CourseAnswer.of(overview), registrations=[RegistrationAnswer.of(r) for r in registrations]
    )
    return answer(200, body)


@router.post("/api/leder/kurs/<course_id>/pameldinger/<registration_id>/epost")
def send_email_again(course_id: str, registration_id: str) -> Response[SentAgain]:
    """The newest email to a participant that did not arrive, sent again."""
    leader = signed_in_leader()
    checked_json(router.current_event)
    new_id = service.send_email_again(leader, course_id, registration_id, course_repository(), audit_log(), now())
    return answer(202, SentAgain(email_id=new_id))


@router.get("/api/leder/kurs/<course_id>/pameldinger.csv")
def export_course(course_id: str) -> Response[str]:
    leader = signed_in_leader()
    export = service.export_course(
        leader, course_id, requested_format(router.current_event), course_repository(), audit_log(), area_names(), now()
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)


@router.get("/api/leder/pameldinger.csv")
def export_period() -> Response[str]:
    leader = signed_in_leader()
    export = service.export_period(
        leader,
        period_from_query(),
        requested_format(router.current_event),
        course_repository(),
        audit_log(),
        every_area(),
        area_names(),
        now(),
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)


# The course editor -----------------------------------------------------------------------------------------------

reads(CourseFields, lambda fields: read_fields(CourseFields, fields))
reads(CourseChange, lambda fields: read_fields(CourseChange, fields))
reads(CourseCopy, lambda fields: read_fields(CourseCopy, fields))
reads(CourseSeries, lambda fields: read_fields(CourseSeries, fields))
reads(StatusChange, lambda fields: read_fields(StatusChange, fields))


def _body() -> dict[str, Any]:
    """The JSON body as sent, for the form's own checks (the model took it: checked_json has read it already)."""
    checked_json(router.current_event)
    return read_form(router.current_event)


def _saved(outcome: Outcome, status: int = 200) -> Response[CourseSaved]:
    draft = course_editor().draft_of(outcome.course)
    return answer(
        status, CourseSaved(course=CourseEditAnswer.of(draft), promoted=outcome.promoted, notified=outcome.notified)
    )


@router.get("/api/leder/kurs/skjema")
def course_form_choices() -> Response[FormChoices]:
    """The choices of the course form for this leader: the kinds, the areas they may make courses in, the questions."""
    leader = signed_in_leader()
    leader.require_courses()
    names = area_names()
    areas = [area for area in [NETWORK_WIDE, *every_area()] if leader.edits_courses_in(area)]
    return answer(
        200,
        FormChoices(
            kinds=[Choice(id=kind, label=gettext(label)) for kind, label in KIND_LABELS.items()],
            areas=[NamedChoice(id=area, name=names.get(area, area)) for area in areas],
            questions=[Choice(id=q.id, label=gettext(q.label)) for q in QUESTIONS.values()],
        ),
    )


@router.post("/api/leder/kurs")
def create_course(body: Annotated[CourseFields, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    draft = course_editor().create(leader, _body())
    logger.info("course created", extra={"course_id": draft.course.id})
    return _saved(Outcome(draft.course), 201)


@router.post("/api/leder/kurs/serie")
def create_series(body: Annotated[CourseSeries, Body()]) -> Response[CourseSeriesAnswer]:
    leader = signed_in_leader()
    made = course_editor().series(leader, _body())
    logger.info("course series created", extra={"courses": len(made)})
    return answer(201, CourseSeriesAnswer(courses=[CourseEditAnswer.of(draft) for draft in made]))


@router.get("/api/leder/kurs/<course_id>")
def show_course(course_id: str) -> Response[CourseEditAnswer]:
    leader = signed_in_leader()
    return answer(200, CourseEditAnswer.of(course_editor().draft(leader, course_id)))


@router.put("/api/leder/kurs/<course_id>")
def change_course(course_id: str, body: Annotated[CourseChange, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    outcome = course_editor().change(leader, course_id, _body(), body.version, body.notify)
    logger.info("course changed", extra={"course_id": course_id, "promoted": outcome.promoted})
    return _saved(outcome)


@router.post("/api/leder/kurs/<course_id>/publisering")
def publish_course(course_id: str, body: Annotated[StatusChange, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    _body()
    return _saved(course_editor().publish(leader, course_id, body.version))


@router.post("/api/leder/kurs/<course_id>/avpublisering")
def unpublish_course(course_id: str, body: Annotated[StatusChange, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    _body()
    return _saved(course_editor().unpublish(leader, course_id, body.version))


@router.post("/api/leder/kurs/<course_id>/avlysning")
def cancel_course(course_id: str, body: Annotated[StatusChange, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    _body()
    outcome = course_editor().cancel(leader, course_id, body.version)
    logger.info("course cancelled", extra={"course_id": course_id, "emails": outcome.notified})
    return _saved(outcome)


@router.post("/api/leder/kurs/<course_id>/sletting")
def delete_course(course_id: str, body: Annotated[StatusChange, Body()]) -> Response[Outcome_]:
    leader = signed_in_leader()
    _body()
    course_editor().delete(leader, course_id, body.version)
    return answer(200, Outcome_(status="deleted"))


@router.post("/api/leder/kurs/<course_id>/kopi")
def copy_course(course_id: str, body: Annotated[CourseCopy, Body()]) -> Response[CourseSaved]:
    leader = signed_in_leader()
    draft = course_editor().copy(leader, course_id, _body())
    logger.info("course copied", extra={"course_id": draft.course.id})
    return _saved(Outcome(draft.course), 201)
