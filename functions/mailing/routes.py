"""The confirmation link's public routes, part of the sign-up function (signup/app.py includes this router): the
page that asks (GET, which changes nothing: mail scanners open links), and the button that confirms (POST), which
releases the emails the submission held for others (common/outbox.py)."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.http import PRIVATE_PAGE, html_response, json_response, wants_json
from common.tokens import token_hash
from mailing.live import mail_repository

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


@router.get("/api/epost/<token>")
def ask_to_confirm(token: str) -> Response[str]:
    from mailing.pages import confirm_page

    return html_response(200, confirm_page(f"/api/epost/{token}"), PRIVATE_PAGE)


@router.post("/api/epost/<token>")
def confirm(token: str) -> Response[str]:
    from mailing.service import utc_now

    released = mail_repository().release(token_hash(token[:64]), utc_now())
    logger.info("address confirmed", extra={"released": len(released)})
    if wants_json(router.current_event):
        return json_response(200, {"released": len(released)})
    from mailing.pages import confirmed_page

    return html_response(200, confirmed_page(len(released)), PRIVATE_PAGE)
