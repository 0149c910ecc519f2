"""Min side's public routes, part of the sign-up function (signup/app.py includes this router):

- `POST /api/min-side/lenke`: the address on /min-side/ (the form guard, a message at the field). The answer is the
  same whether a link was sent or not: it never tells whether the table knows an address.
- `GET`/`POST /api/min-side/inn/{token}`: the link's page with a button (GET changes nothing: mail scanners open
  links), and the button, which uses the link up and opens a session: an HttpOnly, Secure, SameSite=Strict cookie
  for /api/min-side only, for SESSION_MINUTES.
- `GET /api/min-side`: the page; without a session, the sign-in form (401).
- `POST /api/min-side/utlogging`: the session ended, the cookie gone.
- `POST /api/min-side/pameldinger/{course_id}/{registration_id}/avmelding`: cancel a seat or a place in line.
- `POST /api/min-side/pameldinger/{course_id}/{registration_id}`: correct the phone and workplace.
- `GET /api/min-side/kursbevis/{course_id}`: her kursbevis of an event she was marked present at, as PDF
  (certificates/), kept for its check.
- `GET /api/min-side/timer/{year}`: her hours statement of the year, as PDF.
- `POST /api/min-side/navneliste/{unit}/{entry_id}/signering`: she signs the function description (roster/signing.py);
  her unit's leader is mailed a link to sign next.
- `GET /api/min-side/navneliste/{unit}/{entry_id}/signert`: the signed function description, as PDF, once all three
  have signed.
- `GET`/`POST /api/funksjonsbeskrivelse/{token}`: the unit leader's link: the page to read and sign, and the button.
- `GET /api/min-side/mine-data`: everything the table holds about her, as a page to read (people/erasure.export);
  `GET /api/min-side/mine-data.json` the same as a file.
- `POST /api/min-side/sletting`: erase everything about her (people/erasure.erase), with the box ticked; the session
  goes with it.

Every change goes back to the page (303) with a word of what was done, or answers JSON to a script.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.shared.cookies import Cookie

from common.errors import DomainError, InvalidInput, MyPageClosed, SignInLinkNotFound
from common.form_guard import check_form
from common.http import (
    NO_STORE,
    PRIVATE_PAGE,
    html_response,
    json_response,
    private_cookie,
    read_form,
    see_other,
    wants_json,
)
from common.leader_api import cookie
from people.models import SESSION_MINUTES

logger = Logger(child=True)
router = APIGatewayHttpRouter()
COOKIE = "lindra_min_side"
COOKIE_PATH = "/api/min-side"
LINK_PATH = "/api/min-side/inn/"
SIGNING_PATH = "/api/funksjonsbeskrivelse/"


def session_cookie(value: str, max_age: int) -> Cookie:
    return private_cookie(COOKIE, value, COOKIE_PATH, max_age)


def signed_in() -> str:
    """The signed-in person's address, or MyPageClosed."""
    from people.live import my_page

    return my_page().person(cookie(router.current_event, COOKIE))


def back_to_page(done: str) -> Response[str]:
    from people.pages import PAGE

    if wants_json(router.current_event):
        return json_response(200, {"status": done})
    return see_other(f"{PAGE}?endret={done}")


@router.post("/api/min-side/lenke")
def ask_link() -> Response[str]:
    from people.forms import validate_sign_in
    from people.live import my_page
    from people.pages import ASKED_PAGE, asked_message

    fields = read_form(router.current_event)
    router.append_context(refusal=refusal, fields=fields)
    form = validate_sign_in(fields)
    check_form(fields)
    my_page().ask_link(form)
    logger.info("min side link asked")
    if wants_json(router.current_event):
        return json_response(202, {"status": "check_your_email", "message": asked_message(), "receipt_url": ASKED_PAGE})
    return see_other(ASKED_PAGE)


@router.get("/api/min-side/inn/<token>")
def ask_to_open(token: str) -> Response[str]:
    from people.pages import open_page

    return html_response(200, open_page(f"{LINK_PATH}{token}"), PRIVATE_PAGE)


@router.post("/api/min-side/inn/<token>")
def open_link(token: str) -> Response[str]:
    from people.live import my_page
    from people.pages import PAGE

    router.append_context(refusal=refusal)
    session = my_page().open_link(token)
    if session is None:
        raise SignInLinkNotFound()
    logger.info("min side opened")
    response = json_response(200, {"status": "signed_in"}) if wants_json(router.current_event) else see_other(PAGE)
    response.cookies.append(session_cookie(session, SESSION_MINUTES * 60))
    return response


@router.get("/api/min-side")
def show() -> Response[str]:
    from people.live import function_description, host_unit_names, my_page, unit_names
    from people.pages import my_page as page

    router.append_context(refusal=refusal)
    email = signed_in()
    service = my_page()
    query = router.current_event.query_string_parameters or {}
    year = query.get("ar", "")
    overview = service.overview(email, unit_names(), host_unit_names(), int(year) if year.isdigit() else None)
    done = query.get("endret", "")
    html = page(overview, done, years=service.years(), description=function_description())
    return html_response(200, html, PRIVATE_PAGE | NO_STORE)


@router.post("/api/min-side/utlogging")
def sign_out() -> Response[str]:
    from people.live import my_page
    from people.pages import SIGN_IN_PAGE

    check_form(read_form(router.current_event), min_seconds=0)
    my_page().sign_out(cookie(router.current_event, COOKIE))
    response = (
        json_response(200, {"status": "signed_out"}) if wants_json(router.current_event) else see_other(SIGN_IN_PAGE)
    )
    response.cookies.append(session_cookie("", 0))
    return response


@router.post("/api/min-side/pameldinger/<course_id>/<registration_id>/avmelding")
def cancel(course_id: str, registration_id: str) -> Response[str]:
    from people.live import my_page

    router.append_context(refusal=refusal)
    check_form(read_form(router.current_event), min_seconds=0)
    promoted = my_page().cancel(signed_in(), course_id[:64], registration_id[:64])
    logger.info("registration cancelled on min side", extra={"promoted": len(promoted)})
    return back_to_page("avmeldt-videre" if promoted else "avmeldt")


@router.post("/api/min-side/pameldinger/<course_id>/<registration_id>")
def correct(course_id: str, registration_id: str) -> Response[str]:
    from people.forms import validate_correction
    from people.live import my_page

    fields = read_form(router.current_event)
    router.append_context(refusal=refusal, correction=(fields, registration_id))
    email = signed_in()
    correction = validate_correction(fields)
    check_form(fields, min_seconds=0)
    my_page().correct(email, course_id[:64], registration_id[:64], correction)
    return back_to_page("rettet")


def pdf(data: bytes, filename: str) -> Response[bytes]:
    headers = (
        PRIVATE_PAGE
        | NO_STORE
        | {
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        }
    )
    return Response(status_code=200, content_type="application/pdf", body=data, headers=headers)


# The PDFs are bytes, sent base64-encoded; Powertools' answer check would make them JSON text.
@router.get("/api/min-side/kursbevis/<course_id>", enable_validation=False)
def certificate(course_id: str) -> Response[bytes]:
    from certificates.live import certificates, network_name, signer, verify_url
    from certificates.pdf import certificate_pdf
    from common.formatting import OSLO
    from courses.service import utc_now
    from exports.columns import export_filename
    from people.live import my_page

    router.append_context(refusal=refusal)
    email = signed_in()
    today = utc_now().astimezone(OSLO).date()
    found = my_page().certificate(email, course_id[:80], certificates(), network_name(), signer(today))
    logger.info("certificate downloaded on min side", extra={"course_id": found.course_id})
    name = export_filename(f"kursbevis {found.course_id}", today).removesuffix(".csv")
    return pdf(certificate_pdf(found, verify_url(found)), f"{name}.pdf")


@router.get("/api/min-side/timer/<year>", enable_validation=False)
def hours_statement(year: str) -> Response[bytes]:
    from certificates.live import network_name
    from certificates.pdf import hours_statement_pdf
    from common.errors import YearNotKept
    from people.live import host_unit_names, my_page

    router.append_context(refusal=refusal)
    email = signed_in()
    if not (year.isdigit() and len(year) == 4):
        raise YearNotKept()
    statement = my_page().statement(email, int(year), network_name(), host_unit_names())
    logger.info("hours statement downloaded on min side")
    return pdf(hours_statement_pdf(statement), f"timer-{year}.pdf")


@router.post("/api/min-side/navneliste/<unit>/<entry_id>/signering")
def sign_as_nurse(unit: str, entry_id: str) -> Response[str]:
    from common.errors import InvalidInput
    from common.i18n import N_, gettext
    from people.live import function_description
    from roster.live import signing, signing_email

    fields = read_form(router.current_event)
    router.append_context(refusal=refusal, signing=entry_id[:80])
    email = signed_in()
    if fields.get("read") not in ("ja", True):
        message = gettext(N_("Kryss av for at du har lest funksjonsbeskrivelsen."))
        raise InvalidInput(message=message, field_errors={"read": message})
    check_form(fields, min_seconds=0)
    label, _url = function_description()
    signing().by_nurse(email, unit[:80], entry_id[:80], label, signing_email)
    logger.info("function description signed on min side")
    return back_to_page("signert")


@router.get("/api/min-side/navneliste/<unit>/<entry_id>/signert", enable_validation=False)
def signed_description(unit: str, entry_id: str) -> Response[bytes]:
    from certificates.live import network_name
    from common.errors import EntryNotFound
    from common.network_details import network_now
    from roster.live import roster_repository, units
    from roster.signed_pdf import signed_pdf

    router.append_context(refusal=refusal)
    email = signed_in()
    entry = roster_repository().entry(unit[:80], entry_id[:80])
    if entry is None or entry.email_key != email.strip().lower() or not entry.signed_electronically:
        raise EntryNotFound()
    found = units(fresh=False).get(entry.unit)
    title = str(network_now().get("nurse_title", ""))
    data = signed_pdf(entry, found.name if found else entry.unit, network_name(), title)
    return pdf(data, "funksjonsbeskrivelse-signert.pdf")


@router.get("/api/funksjonsbeskrivelse/<token>")
def leader_signing_page(token: str) -> Response[str]:
    from people.live import function_description
    from people.pages import signing_page
    from roster.live import signing, units

    router.append_context(refusal=refusal)
    link, entry = signing().link(token[:64])
    found = units(fresh=False).get(entry.unit)
    label, url = function_description()
    page = signing_page(link.name, entry, found.name if found else entry.unit, label, url, f"{SIGNING_PATH}{token}")
    return html_response(200, page, PRIVATE_PAGE | NO_STORE)


@router.post("/api/funksjonsbeskrivelse/<token>")
def sign_as_leader(token: str) -> Response[str]:
    from common.i18n import N_, gettext
    from people.pages import done_page
    from roster.live import signing

    router.append_context(refusal=refusal)
    entry = signing().by_leader(token[:64])
    logger.info("function description signed by the unit leader")
    if wants_json(router.current_event):
        return json_response(200, {"status": "signed"})
    message = gettext(N_("Takk! Du har signert funksjonsbeskrivelsen for %(name)s. Nå signerer nettverkslederen."))
    return html_response(
        200, done_page(N_("Funksjonsbeskrivelsen er signert"), message % {"name": entry.name}), PRIVATE_PAGE
    )


def my_data() -> dict[str, object]:
    from common.aws import dynamodb
    from common.settings import settings
    from people.erasure import export

    return export(dynamodb(), settings().table_name, signed_in())


@router.get("/api/min-side/mine-data")
def show_my_data() -> Response[str]:
    from people.pages import data_page

    router.append_context(refusal=refusal)
    return html_response(200, data_page(my_data()), PRIVATE_PAGE | NO_STORE)


@router.get("/api/min-side/mine-data.json")
def download_my_data() -> Response[str]:
    import json

    router.append_context(refusal=refusal)
    body = json.dumps(my_data(), ensure_ascii=False, indent=2, default=str)
    headers = PRIVATE_PAGE | NO_STORE | {"Content-Disposition": 'attachment; filename="mine-data.json"'}
    return Response(status_code=200, content_type="application/json", body=body, headers=headers)


@router.post("/api/min-side/sletting")
def erase_me() -> Response[str]:
    from common.aws import dynamodb
    from common.errors import InvalidInput
    from common.i18n import N_, gettext
    from courses.service import utc_now
    from people.erasure import SELF, erase
    from people.pages import data_page, done_page

    fields = read_form(router.current_event)
    router.append_context(refusal=refusal)
    email = signed_in()
    if fields.get("confirm") not in ("ja", True):
        message = gettext(N_("Kryss av for at du vil at vi sletter alt vi har lagret om deg."))
        error = InvalidInput(message=message, field_errors={"confirm": message})
        return html_response(error.status, data_page(my_data(), error.field_errors), PRIVATE_PAGE | NO_STORE)
    check_form(fields, min_seconds=0)
    from common.settings import settings

    summary = erase(dynamodb(), settings().table_name, email, utc_now, SELF)
    logger.info("erased on min side", extra={"items": summary.total, "promoted": summary.promoted})
    message = gettext(N_("Vi har slettet alt vi hadde lagret om deg. Du er logget ut av Min side."))
    if wants_json(router.current_event):
        response = json_response(200, {"status": "erased", "items": summary.total})
    else:
        response = html_response(200, done_page(N_("Opplysningene dine er slettet"), message), PRIVATE_PAGE)
    response.cookies.append(session_cookie("", 0))
    return response


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page: the sign-in form (with its errors, or after a session ended), Min side with the
    correction form's messages, or a page that says what happened."""
    from people.pages import message_page, sign_in_page

    fields = router.context.get("fields")
    if isinstance(exc, MyPageClosed):
        response = html_response(exc.status, sign_in_page(error=exc), PRIVATE_PAGE)
        response.cookies.append(session_cookie("", 0))
        return response
    if isinstance(exc, InvalidInput) and fields is not None:
        return html_response(exc.status, sign_in_page(fields, exc), PRIVATE_PAGE)
    correction = router.context.get("correction")
    if isinstance(exc, InvalidInput) and correction is not None:
        return corrections_refused(exc, *correction)
    signing = router.context.get("signing")
    if isinstance(exc, InvalidInput) and signing is not None:
        return signing_refused(exc, signing)
    return html_response(exc.status, message_page(exc), PRIVATE_PAGE)


def signing_refused(exc: InvalidInput, entry_id: str) -> Response[str]:
    from people.live import function_description, host_unit_names, my_page, unit_names
    from people.pages import my_page as page

    service = my_page()
    overview = service.overview(signed_in(), unit_names(), host_unit_names())
    html = page(
        overview, errors=exc.field_errors, signing=entry_id, years=service.years(), description=function_description()
    )
    return html_response(exc.status, html, PRIVATE_PAGE | NO_STORE)


def corrections_refused(exc: InvalidInput, fields: dict[str, object], registration_id: str) -> Response[str]:
    from people.live import function_description, host_unit_names, my_page, unit_names
    from people.pages import my_page as page

    service = my_page()
    overview = service.overview(signed_in(), unit_names(), host_unit_names())
    sent = {name: value for name, value in fields.items() if name in ("phone", "workplace") and isinstance(value, str)}
    html = page(
        overview,
        errors=exc.field_errors,
        corrected=registration_id,
        form=sent,
        years=service.years(),
        description=function_description(),
    )
    return html_response(exc.status, html, PRIVATE_PAGE | NO_STORE)
