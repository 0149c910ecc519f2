"""The newsletter's and the mailing lists' public routes, part of the sign-up function (signup/app.py includes this
router):

- `POST /api/nyhetsbrev`: the form (the form guard, a message at each field; works without JavaScript). The answer is
  the same whether an email was sent or not (subscribed already, asked this week): it never tells whether an
  address is subscribed.
- `GET`/`POST /api/nyhetsbrev/bekreft/{token}`: the confirmation link's page with a button (GET changes nothing:
  mail scanners open links), and the button.
- `GET`/`POST /api/epostliste/{token}`: leaving a list (common/unsubscribe.py). The POST also takes RFC 8058's
  one-click (`List-Unsubscribe=One-Click`, sent by mail providers: no form guard, cookie or Origin) and answers 200;
  it is idempotent. A token that is not ours is a 404 page.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.errors import DomainError, InvalidInput
from common.form_guard import check_form
from common.http import PRIVATE_PAGE, html_response, json_response, read_form, see_other, wants_json
from common.unsubscribe import PATH, read_unsubscribe_token

logger = Logger(child=True)
router = APIGatewayHttpRouter()
CONFIRM = "/api/nyhetsbrev/bekreft/"


def now() -> datetime:
    return datetime.now(UTC)


@router.post("/api/nyhetsbrev")
def subscribe() -> Response[str]:
    fields = read_form(router.current_event)
    router.append_context(refusal=refusal, fields=fields)
    from newsletter.forms import validate_subscription
    from newsletter.live import newsletter
    from newsletter.pages import RECEIPT_PATH

    form = validate_subscription(fields)
    check_form(fields)
    sent = newsletter().subscribe(form, now())
    logger.info("newsletter asked", extra={"confirmation_written": sent})
    if wants_json(router.current_event):
        return json_response(202, {"status": "check_your_email", "receipt_url": RECEIPT_PATH})
    return see_other(RECEIPT_PATH)


@router.get("/api/nyhetsbrev/bekreft/<token>")
def ask_to_confirm(token: str) -> Response[str]:
    from newsletter.pages import confirm_page

    return html_response(200, confirm_page(f"{CONFIRM}{token}"), PRIVATE_PAGE)


@router.post("/api/nyhetsbrev/bekreft/<token>")
def confirm(token: str) -> Response[str]:
    from newsletter.live import newsletter
    from newsletter.pages import ConfirmLinkNotFound, confirmed_page

    router.append_context(refusal=refusal)
    if not newsletter().confirm(token, now()):
        raise ConfirmLinkNotFound()
    logger.info("newsletter confirmed")
    if wants_json(router.current_event):
        return json_response(200, {"status": "subscribed"})
    return html_response(200, confirmed_page(), PRIVATE_PAGE)


@router.get("/api/epostliste/<token>")
def ask_to_leave(token: str) -> Response[str]:
    from newsletter.pages import UnsubscribeLinkNotFound, leave_page

    router.append_context(refusal=refusal)
    found = read_unsubscribe_token(token)
    if found is None:
        raise UnsubscribeLinkNotFound()
    return html_response(200, leave_page(found[0], f"{PATH}{token}"), PRIVATE_PAGE)


@router.post("/api/epostliste/<token>")
def leave(token: str) -> Response[str]:
    """The page's button, or a mail provider's one-click POST (body `List-Unsubscribe=One-Click`): the same."""
    from newsletter.live import newsletter
    from newsletter.pages import UnsubscribeLinkNotFound, left_page

    router.append_context(refusal=refusal)
    found = read_unsubscribe_token(token)
    if found is None:
        raise UnsubscribeLinkNotFound()
    list_name, key = found
    newsletter().leave(list_name, key, now())
    logger.info("list left", extra={"list": list_name})
    if wants_json(router.current_event):
        return json_response(200, {"status": "unsubscribed", "list": list_name})
    return html_response(200, left_page(list_name), PRIVATE_PAGE)


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page: the form again with a message at each field, or a page that says what happened."""
    from newsletter.pages import form_page, message_page

    fields = router.context.get("fields")
    if isinstance(exc, InvalidInput) and fields is not None:
        return html_response(exc.status, form_page(fields, exc))
    return html_response(exc.status, message_page(exc), PRIVATE_PAGE)
