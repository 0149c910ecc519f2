"""Letters' public route: a file's link in a letter (common/downloads.py) sends the browser on to the file behind a
link that works for five minutes. Included in SignupFunction (signup/app.py)."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.downloads import read_download_token
from common.http import html_response, see_other
from common.i18n import N_, gettext
from common.templates import render

logger = Logger(child=True)
router = APIGatewayHttpRouter()
GONE_TITLE = N_("Vedlegget finnes ikke lenger")
GONE = N_(
    "Vi finner ikke dette vedlegget. Lenken kan være feil, eller meldingen er slettet fordi tiden for å ta vare på "
    "den er ute. Ta kontakt med nettverket hvis du trenger det."
)


@router.get("/api/vedlegg/<token>")
def download(token: str) -> Response[str]:
    from letters.live import letter_repository, store

    named = read_download_token(token)
    letter = letter_repository().letter(named[0]) if named else None
    attachment = next((a for a in letter.attachments if a.id == named[1]), None) if letter and named else None
    if attachment is None:
        logger.info("download not found")
        return html_response(404, render("message.html", title=gettext(GONE_TITLE), message=gettext(GONE)))
    logger.info("download", extra={"letter_id": letter.id if letter else ""})
    return see_other(store().download_url(attachment.key, attachment.name, attachment.content_type))
