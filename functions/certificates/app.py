"""The check of a kursbevis, public, part of the sign-up function (signup/app.py includes this router):

- `GET /api/kursbevis/{code}`: the QR code's address. 200 "Kursbeviset er ekte" with what the certificate says, or
  404 with the form to try again. Nothing else about the person is shown, and no code is logged.
- `GET /api/kursbevis?kode=...`: the form on /kursbevis/; a code as typed goes on to its address (303).
"""

from __future__ import annotations

from urllib.parse import quote

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from certificates.models import VERIFY_PATH, typed_code
from common.http import PRIVATE_PAGE, html_response, see_other

logger = Logger(child=True)
router = APIGatewayHttpRouter()
CHECKED = {"Cache-Control": "no-store"} | PRIVATE_PAGE


@router.get("/api/kursbevis")
def look_up() -> Response[str]:
    from certificates.pages import not_found_page

    typed = str((router.current_event.query_string_parameters or {}).get("kode") or "")
    code = typed_code(typed)
    if code is None:
        return html_response(404, not_found_page(typed), CHECKED)
    return see_other(f"{VERIFY_PATH}{quote(code)}")


@router.get("/api/kursbevis/<code>")
def check(code: str) -> Response[str]:
    from certificates.live import certificates
    from certificates.pages import genuine_page, not_found_page

    found = certificates().check(code[:40])
    logger.info("certificate checked", extra={"genuine": found is not None})
    if found is None:
        return html_response(404, not_found_page(code[:40]), CHECKED)
    return html_response(200, genuine_page(found), CHECKED)
