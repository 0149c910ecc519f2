"""The sign-up function (SignupFunction in infra/template.yaml): the public routes about one course, each from its
capability's router: the sign-up, the person's own page, cancelling and the seats left (courses/app.py), an absence
from a local meeting (attendance/app.py), the evaluation behind a participant's link (evaluations/app.py), and the
confirmation link in a receipt that releases the emails held for others (mailing/routes.py), and the newsletter's form,
its confirmation link and the mailing lists' unsubscribe link (newsletter/app.py), and Min side: the sign-in link,
the page, cancelling and correcting a registration (people/app.py), and the yearly self-report behind a nurse's or a
unit leader's link (selfreport/app.py).

Wiring only. A refusal is JSON for a script; for a browser, the route that refused has put its page in the context
(`refusal`), and the courses' page (the course page with the form as sent, or a message) answers for the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext

from attendance import app as attendance_routes
from certificates import app as certificate_routes
from common import form_guard
from common.errors import DomainError
from common.http import answer_errors, error_json, through_cloudfront, wants_json
from common.logs import function_logger, types_only
from courses import app as course_routes
from evaluations import app as evaluation_routes
from letters import app as letter_routes
from mailing import routes as mail_routes
from newsletter import app as newsletter_routes
from people import app as people_routes
from selfreport import app as self_report_routes

logger = function_logger()
app = APIGatewayHttpResolver()
app.include_router(course_routes.router)
app.include_router(attendance_routes.router)
app.include_router(evaluation_routes.router)
app.include_router(mail_routes.router)
app.include_router(letter_routes.router)  # a letter's file: on to the download
app.include_router(newsletter_routes.router)
app.include_router(people_routes.router)  # Min side
app.include_router(certificate_routes.router)  # the check of a kursbevis
app.include_router(self_report_routes.router)  # the yearly self-report's form
app.include_router(form_guard.router)  # GET /api/skjema/start: a static page's form start


def error_response(exc: DomainError) -> Response[str]:
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    if wants_json(app.current_event):
        return error_json(exc)
    refusal: Callable[[DomainError], Response[str]] = app.context.get("refusal", course_routes.refusal)
    return refusal(exc)


answer_errors(app, error_response, logger)


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
@through_cloudfront
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
