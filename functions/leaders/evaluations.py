"""Course evaluations in the leaders' API: a course's results as a page to read or print (a chart per question, the
free texts in a random order) and its answers as CSV, one row per answer. Part of LeaderFunction (included by
leaders/app.py), with its session rules (leaders/web.py): the network leader sees every course, an area leader the
courses of their area and the network-wide ones, a host unit none. With fewer than three answers, only the counts.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.aws import dynamodb
from common.mail import mailer
from common.settings import settings
from courses.repository import DynamoCourseRepository
from evaluations.pages import summary_page
from evaluations.repository import DynamoEvaluationRepository
from evaluations.service import Evaluations, Summary
from exports.rows import course_evaluation_export
from leaders import web
from leaders.access import Leader

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def evaluations() -> Evaluations:
    table = settings().table_name
    courses = DynamoCourseRepository(dynamodb(), table, cache_seconds=0)
    return Evaluations(DynamoEvaluationRepository(dynamodb(), table), courses, mailer())


def summary(signed_in: Leader, course_id: str) -> Summary:
    return evaluations().summary(signed_in, course_id, web.every_area())


@router.get("/api/leder/kurs/<course_id>/evaluering")
def show_summary(course_id: str) -> Response[str]:
    def build(signed_in: Leader) -> str:
        found = summary(signed_in, course_id)
        return summary_page(found, web.area_names().get(found.course.area, found.course.area))

    return web.page(router.current_event, build)


@router.get("/api/leder/kurs/<course_id>/evaluering.csv")
def export_answers(course_id: str) -> Response[str]:
    """One row per answer, nothing about who; only the header while too few have answered to show them."""
    signed_in = web.current_leader(router.current_event)
    found = summary(signed_in, course_id)
    fmt = web.requested_format(router.current_event)
    rows = course_evaluation_export().rows(found.answers)
    return web.file_response(web.audited_export(signed_in, f"evaluering-{found.course.id}", rows, fmt))
