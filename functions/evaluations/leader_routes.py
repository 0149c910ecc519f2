"""Course evaluations in the leaders' API: a course's results as a page to read or print (a chart per question, the
free texts in a random order) and its answers as CSV, one row per answer. Part of LeaderFunction (included by
leaders/app.py), with its session rules (common/leader_api.py): the network leader sees every course, an area leader the
courses of their area and the network-wide ones, a host unit none. With fewer than three answers, only the counts.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common import leader_api
from common.access import Leader
from courses.live import course_repository
from evaluations.export import course_evaluation_export
from evaluations.live import evaluations
from evaluations.pages import summary_page
from evaluations.service import Summary
from exports import files

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def summary(signed_in: Leader, course_id: str) -> Summary:
    return evaluations(course_repository()).summary(signed_in, course_id, leader_api.every_area())


@router.get("/api/leder/kurs/<course_id>/evaluering")
def show_summary(course_id: str) -> Response[str]:
    def build(signed_in: Leader) -> str:
        found = summary(signed_in, course_id)
        return summary_page(found, leader_api.area_names().get(found.course.area, found.course.area))

    return leader_api.page(router.current_event, build)


@router.get("/api/leder/kurs/<course_id>/evaluering.csv")
def export_answers(course_id: str) -> Response[str]:
    """One row per answer, nothing about who; only the header while too few have answered to show them."""
    signed_in = leader_api.current_leader(router.current_event)
    found = summary(signed_in, course_id)
    fmt = files.requested_format(router.current_event)
    rows = course_evaluation_export().rows(found.answers)
    return files.file_response(files.audited_export(signed_in, f"evaluering-{found.course.id}", rows, fmt))
