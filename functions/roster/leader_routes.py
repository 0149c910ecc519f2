"""The roster in the leaders' API: the units and their resource nurses, each unit's history, the change reports to
approve or decline, the signatures of the function description, coverage (JSON, CSV and an SVG chart), the roster
export, and the first import of today's navneliste. Part of LeaderFunction (included by leaders/app.py), with its
session rules (common/leader_api.py): the network leader sees all, an area leader their area, a host unit nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common import leader_api
from common.access import Leader
from common.answers import Choice, NamedChoice
from common.errors import BadRequest, InvalidInput, PayloadTooLarge
from common.formatting import OSLO
from common.http import answer, checked_json
from common.i18n import N_, gettext
from common.site import network
from common.validation import reads
from courses.live import course_repository
from exports import files
from hospitation.answers import HOST_UNITS_URL, HostUnitRow
from hospitation.live import host_unit_catalogue
from roster.coverage import AreaCoverage, chart, coverage, uncovered_units
from roster.export import coverage_export, roster_export
from roster.forms import checked_signatures, validate_approval, validate_decline, validate_signatures
from roster.leader_json import (
    BASE,
    UNITS_URL,
    AreaPlaces,
    CoverageAnswer,
    EntryAnswer,
    ImportCheck,
    ImportDone,
    ImportRefused,
    ReportDetail,
    ReportList,
    ReportSummary,
    ReportToDecide,
    RosterAnswer,
    UncoveredUnit,
    UnitAnswer,
    UnitHistory,
    UnitName,
    UnitRow,
    UnitsAnswer,
)
from roster.live import forget_units, roster, unit_catalogue, units
from roster.models import (
    REPORT_STATUS_LABELS,
    UNIT_KIND_LABELS,
    ApprovalChange,
    AttendedCourse,
    DeclineChange,
    RosterEntry,
    SignaturesChange,
    UnitChange,
    UnitForm,
    UnitVersion,
)
from roster.schedule import LOOK_BACK
from roster.training import courses_taken, with_courses
from roster.unit_service import validate_unit

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
IMPORT_MAX_BYTES = 4 * 1024 * 1024  # the file; sent as base64 in JSON, inside what a Lambda takes (6 MB)


def leader() -> Leader:
    return leader_api.current_leader(router.current_event)


def today() -> date:
    return leader_api.now().astimezone(OSLO).date()


def query(name: str) -> str | None:
    return leader_api.query(router.current_event, name)


def chosen_area(signed_in: Leader) -> str | None:
    return leader_api.chosen_area(router.current_event, signed_in)


def attended(signed_in: Leader, emails: set[str]) -> dict[str, list[AttendedCourse]]:
    """The courses and meetings that ended lately, matched to these emails by their confirmed registrations: those
    the daily run (roster/schedule.py) has not recorded on the entries yet. Older ones are on the entries."""
    courses = course_repository()
    moment = leader_api.now()
    since = moment - LOOK_BACK
    return courses_taken(courses, signed_in.roster_areas(leader_api.every_area()), since, moment, emails)


def with_attended(signed_in: Leader, entries: list[RosterEntry]) -> list[RosterEntry]:
    day = today()
    matches = attended(signed_in, {entry.email_key for entry in entries if entry.current(day)})
    return [with_courses(entry, matches) if entry.current(day) else entry for entry in entries]


def read_signatures(fields: dict[str, Any]) -> None:
    """A refused change's messages, in the order the route checked them: the dates, then the version."""
    validate_signatures(fields, today())
    leader_api.read_version(fields)


def read_approval(fields: dict[str, Any]) -> None:
    """The version first, then the entry chosen."""
    leader_api.read_version(fields)
    validate_approval(fields)


def read_decline(fields: dict[str, Any]) -> None:
    leader_api.read_version(fields)
    validate_decline(fields)


def read_unit(fields: dict[str, Any]) -> None:
    validate_unit(fields, unit_catalogue().areas)


def read_unit_change(fields: dict[str, Any]) -> None:
    """The fields first, then the version."""
    validate_unit(fields, unit_catalogue().areas)
    leader_api.read_version(fields)


def read_unit_version(fields: dict[str, Any]) -> None:
    leader_api.read_version(fields)


reads(UnitForm, read_unit)
reads(UnitChange, read_unit_change)
reads(UnitVersion, read_unit_version)
reads(SignaturesChange, read_signatures)
reads(ApprovalChange, read_approval)
reads(DeclineChange, read_decline)


# The roster ------------------------------------------------------------------------------------------------------


@router.get("/api/leder/navneliste")
def list_roster() -> Response[RosterAnswer]:
    """The leader's units, each with its current entries (in the role now, or starting later); coverage per area; the
    function descriptions waiting for a signature; the units without a resource nurse."""
    signed_in = leader()
    service = roster()
    area = chosen_area(signed_in)
    areas = [area] if area else signed_in.roster_areas(leader_api.every_area())
    day = today()
    listed = [e for e in service.entries(signed_in, leader_api.every_area(), area) if e.current(day)]
    entries = with_attended(signed_in, listed)
    names = leader_api.area_names()
    known = service.units
    staffed = {entry.unit for entry in entries}
    # Closed units leave the list, unless someone is still on theirs: the history stays reachable.
    scope_units = sorted(
        (u for u in known.values() if u.area in areas and (u.open_on(day) or u.id in staffed)),
        key=lambda u: (areas.index(u.area), u.name),
    )
    rows = coverage(known, entries, {a: names.get(a, a) for a in areas}, day)
    pending = service.reports(signed_in, leader_api.every_area(), "pending")
    state = service.import_state()
    in_area = f"?omrade={area}" if area else ""
    return answer(
        200,
        RosterAnswer(
            areas=[NamedChoice(id=a, name=names.get(a, a)) for a in signed_in.roster_areas(leader_api.every_area())],
            area=area,
            units=[
                UnitAnswer(
                    id=u.id,
                    name=u.name,
                    kind_label=gettext(UNIT_KIND_LABELS[u.kind]),
                    municipality=u.municipality,
                    area_name=names.get(u.area, u.area),
                    entries=[EntryAnswer.of(e, day) for e in entries if e.unit == u.id],
                    history_url=f"{BASE}/enheter/{u.id}",
                )
                for u in scope_units
            ],
            coverage=[CoverageAnswer.of(row) for row in rows],
            uncovered=[
                UncoveredUnit(id=u.id, name=u.name, area_name=names.get(u.area, u.area))
                for u in uncovered_units(known, entries, areas, day)
            ],
            unsigned=[EntryAnswer.of(e, day) for e in entries if e.active(day) and not e.signed],
            pending_reports=len(pending),
            can_sign_for_network=signed_in.role == "nettverksleder",
            can_import=signed_in.role == "nettverksleder" and (state is None or state.status != "complete"),
            import_status=state.status if state else None,
            csv_url=f"{BASE}.csv{in_area}",
            history_csv_url=f"{BASE}.csv?historikk=ja" + (f"&omrade={area}" if area else ""),
            coverage_csv_url=f"{leader_api.COOKIE_PATH}/dekning.csv{in_area}",
            chart_url=f"{leader_api.COOKIE_PATH}/dekning.svg{in_area}",
            import_url=f"{BASE}/import",
        ),
    )


@router.get("/api/leder/navneliste/enheter/<unit_id>")
def unit_history(unit_id: str) -> Response[UnitHistory]:
    signed_in = leader()
    day = today()
    service = roster()
    history = service.history(signed_in, unit_id)
    unit = service.units[unit_id]
    return answer(
        200,
        UnitHistory(
            unit=UnitName(id=unit.id, name=unit.name, kind_label=gettext(UNIT_KIND_LABELS[unit.kind])),
            entries=[EntryAnswer.of(entry, day) for entry in with_attended(signed_in, history)],
        ),
    )


@router.post("/api/leder/navneliste/enheter/<unit_id>/<entry_id>/signaturer")
def sign(unit_id: str, entry_id: str, body: Annotated[SignaturesChange, Body()]) -> Response[EntryAnswer]:
    signed_in = leader()
    checked_json(router.current_event)
    signatures = checked_signatures(body, today())
    stored = roster().sign(
        signed_in, unit_id, entry_id, body.version, signatures, leader_api.audit_log(), leader_api.now()
    )
    logger.info("signatures recorded", extra={"entry_id": entry_id})
    return answer(200, EntryAnswer.of(stored, today()))


@router.post("/api/leder/navneliste/enheter/<unit_id>/<entry_id>/signering")
def sign_as_network(unit_id: str, entry_id: str, body: Annotated[UnitVersion, Body()]) -> Response[EntryAnswer]:
    """The network leader signs the function description, after the nurse and her leader (roster/signing.py), on
    the entry's version as she saw it."""
    from roster.live import signing

    signed_in = leader()
    checked_json(router.current_event)
    roster().history(signed_in, unit_id)  # Forbidden outside her scope
    stored = signing().by_network(signed_in, unit_id, entry_id, body.version)
    logger.info("function description signed by the network leader", extra={"entry_id": entry_id})
    return answer(200, EntryAnswer.of(stored, today()))


# The signed document is bytes, sent base64-encoded; Powertools' answer check would make it JSON text.
@router.get("/api/leder/navneliste/enheter/<unit_id>/<entry_id>/signert.pdf", enable_validation=False)
def signed_document(unit_id: str, entry_id: str) -> Response[bytes]:
    from common.errors import EntryNotFound
    from common.network_details import network_now
    from roster.signed_pdf import signed_pdf

    signed_in = leader()
    entry = next((e for e in roster().history(signed_in, unit_id) if e.id == entry_id), None)
    if entry is None or not entry.signed_electronically:
        raise EntryNotFound()
    found = roster().units.get(entry.unit)
    data = network_now()
    document = signed_pdf(
        entry, found.name if found else entry.unit, str(data["name"]), str(data.get("nurse_title", ""))
    )
    headers = {
        "Content-Disposition": 'attachment; filename="funksjonsbeskrivelse-signert.pdf"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(status_code=200, content_type="application/pdf", body=document, headers=headers)


# Units (/leder/enheter/): the network leader adds and changes them; an area leader reads their area's -------------


def nurses_per_unit(signed_in: Leader, day: date) -> dict[str, int]:
    """Active resource nurses today, per unit, in the leader's areas."""
    counts: dict[str, int] = {}
    for entry in roster().entries(signed_in, leader_api.every_area()):
        if entry.active(day):
            counts[entry.unit] = counts.get(entry.unit, 0) + 1
    return counts


def unit_row(unit_id: str) -> UnitRow:
    """A unit just changed, as the list shows it (its nurses counted anew)."""
    signed_in, day = leader(), today()
    unit = unit_catalogue().repo.unit(unit_id)
    assert unit is not None  # noqa: S101 - just written
    service = roster()
    nurses = sum(1 for entry in service.shown(service.repo.entries_for_unit(unit_id)) if entry.active(day))
    return UnitRow.of(unit, nurses if signed_in.sees_area(unit.area) else 0, day)


@router.get("/api/leder/enheter")
def list_units() -> Response[UnitsAnswer]:
    """The units (with their resource nurses today) and host units the leader sees, closed ones too, and the areas with
    their municipalities and the kinds for the forms. Only the network leader may change them."""
    signed_in = leader()
    day = today()
    catalogue = unit_catalogue()
    found = catalogue.visible(signed_in)
    counts = nurses_per_unit(signed_in, day)
    scope = signed_in.roster_areas(leader_api.every_area())
    by_id = {area["id"]: area for area in network()["areas"]}
    return answer(
        200,
        UnitsAnswer(
            units=[UnitRow.of(unit, counts.get(unit.id, 0), day) for unit in found],
            host_units=[HostUnitRow.of(unit) for unit in host_unit_catalogue().visible(signed_in)],
            areas=[
                AreaPlaces(id=a, name=by_id[a]["name"], municipalities=list(by_id[a].get("municipalities") or []))
                for a in scope
                if a in by_id
            ],
            kinds=[Choice(id=k, label=gettext(v)) for k, v in UNIT_KIND_LABELS.items()],
            can_change=signed_in.role == "nettverksleder",
            add_url=UNITS_URL,
            add_host_url=HOST_UNITS_URL,
        ),
    )


@router.post("/api/leder/enheter")
def add_unit(body: Annotated[UnitForm, Body()]) -> Response[UnitRow]:
    signed_in = leader()
    checked_json(router.current_event)
    made = unit_catalogue().add(signed_in, body, leader_api.audit_log(), leader_api.now())
    forget_units()
    logger.info("unit added", extra={"unit": made.id})
    return answer(201, UnitRow.of(made, 0, today()))


@router.put("/api/leder/enheter/<unit_id>")
def change_unit(unit_id: str, body: Annotated[UnitChange, Body()]) -> Response[UnitRow]:
    """Rename, move to another area or municipality, or change the kind; the id stays."""
    signed_in = leader()
    checked_json(router.current_event)
    form = UnitForm.model_validate(body.model_dump(exclude={"version"}))
    unit_catalogue().change(signed_in, unit_id, body.version, form, leader_api.audit_log(), leader_api.now())
    forget_units()
    logger.info("unit changed", extra={"unit": unit_id})
    return answer(200, unit_row(unit_id))


@router.post("/api/leder/enheter/<unit_id>/stenging")
def close_unit(unit_id: str, body: Annotated[UnitVersion, Body()]) -> Response[UnitRow]:
    """Closed from today: out of the coverage count and the public form; its history stays."""
    signed_in = leader()
    checked_json(router.current_event)
    unit_catalogue().close(signed_in, unit_id, body.version, today(), leader_api.audit_log(), leader_api.now())
    forget_units()
    logger.info("unit closed", extra={"unit": unit_id})
    return answer(200, unit_row(unit_id))


@router.post("/api/leder/enheter/<unit_id>/gjenapning")
def reopen_unit(unit_id: str, body: Annotated[UnitVersion, Body()]) -> Response[UnitRow]:
    signed_in = leader()
    checked_json(router.current_event)
    unit_catalogue().reopen(signed_in, unit_id, body.version, leader_api.audit_log(), leader_api.now())
    forget_units()
    logger.info("unit reopened", extra={"unit": unit_id})
    return answer(200, unit_row(unit_id))


# Change reports --------------------------------------------------------------------------------------------------


@router.get("/api/leder/endringsmeldinger")
def list_reports() -> Response[ReportList]:
    signed_in = leader()
    status = query("status")
    if status is not None and status not in REPORT_STATUS_LABELS:
        raise InvalidInput(field_errors={"status": gettext(N_("Velg en status fra listen."))})
    found = roster().reports(signed_in, leader_api.every_area(), status)
    return answer(
        200,
        ReportList(
            reports=[ReportSummary.of(report) for report in found],
            statuses=[Choice(id=k, label=gettext(v)) for k, v in REPORT_STATUS_LABELS.items()],
        ),
    )


@router.get("/api/leder/endringsmeldinger/<report_id>")
def show_report(report_id: str) -> Response[ReportToDecide | ReportDetail]:
    """A report in full; a pending one that ends someone's period with the unit's open entries to choose from."""
    signed_in = leader()
    service = roster()
    report = service.report(signed_in, report_id)
    if report.status == "pending" and report.ends_one:
        candidates = service.candidates(report)
        return answer(200, ReportToDecide.choosing(report, candidates, service.suggested(report, candidates)))
    return answer(200, ReportDetail.of(report))


@router.post("/api/leder/endringsmeldinger/<report_id>/godkjenning")
def approve(report_id: str, body: Annotated[ApprovalChange, Body()]) -> Response[ReportDetail]:
    signed_in = leader()
    checked_json(router.current_event)
    decided = roster().approve(signed_in, report_id, body.version, body.entry, leader_api.audit_log(), leader_api.now())
    logger.info("change report approved", extra={"report_id": report_id, "kind": decided.kind})
    return answer(200, ReportDetail.of(decided))


@router.post("/api/leder/endringsmeldinger/<report_id>/avslag")
def decline(report_id: str, body: Annotated[DeclineChange, Body()]) -> Response[ReportDetail]:
    signed_in = leader()
    checked_json(router.current_event)
    decided = roster().decline(
        signed_in, report_id, body.version, body.reason, leader_api.audit_log(), leader_api.now()
    )
    logger.info("change report declined", extra={"report_id": report_id})
    return answer(200, ReportDetail.of(decided))


# Exports and the chart -------------------------------------------------------------------------------------------


def _coverage_rows(signed_in: Leader) -> list[AreaCoverage]:
    """Coverage in the leader's areas, or in the one chosen with ?omrade=."""
    area = chosen_area(signed_in)
    areas = [area] if area else signed_in.roster_areas(leader_api.every_area())
    names = leader_api.area_names()
    service = roster()
    entries = service.entries(signed_in, leader_api.every_area(), area)
    return coverage(service.units, with_attended(signed_in, entries), {a: names.get(a, a) for a in areas}, today())


@router.get("/api/leder/navneliste.csv")
def export_roster() -> Response[str]:
    """The open entries (the list as it is), or with ?historikk=ja every period ever."""
    signed_in = leader()
    area = chosen_area(signed_in)
    history = query("historikk") == "ja"
    found = roster().entries(signed_in, leader_api.every_area(), area)
    chosen = with_attended(signed_in, [entry for entry in found if history or entry.open])
    known = units()
    chosen.sort(key=lambda e: (e.area, known[e.unit].name if e.unit in known else e.unit, e.start, e.name))
    stem = "navneliste-historikk" if history else "navneliste"
    if area:
        stem = f"{stem}-{area}"
    exporter = roster_export(known, leader_api.area_names())
    return files.file_response(
        files.audited_export(signed_in, stem, exporter.rows(chosen), files.requested_format(router.current_event))
    )


@router.get("/api/leder/dekning.csv")
def export_coverage() -> Response[str]:
    signed_in = leader()
    rows: Iterable[AreaCoverage] = _coverage_rows(signed_in)
    fmt = files.requested_format(router.current_event)
    return files.file_response(files.audited_export(signed_in, "dekning", coverage_export().rows(rows), fmt))


@router.get("/api/leder/dekning.svg")
def coverage_chart() -> Response[str]:
    signed_in = leader()
    title = gettext(N_("Enheter med og uten ressurssykepleier, per område"))
    svg = chart(_coverage_rows(signed_in), title)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    return Response(status_code=200, content_type="image/svg+xml; charset=utf-8", body=svg, headers=headers)


# The first import ------------------------------------------------------------------------------------------------


def read_upload() -> tuple[str, bytes, bool]:
    """The file from a JSON body: {"filename", "content" (base64), "confirm"}."""
    event = router.current_event
    body = event.body or ""
    if len(body) > IMPORT_MAX_BYTES * 4 // 3 + 4096:
        raise PayloadTooLarge(N_("Filen er for stor. Lagre bare arket med navnelisten, og prøv igjen."))
    try:
        text = base64.b64decode(body).decode("utf-8") if event.is_base64_encoded else body
        data = json.loads(text)
        content = base64.b64decode(str(data.get("content") or ""), validate=True)
    except (binascii.Error, UnicodeDecodeError, ValueError, AttributeError, RecursionError) as exc:
        raise BadRequest(N_("Vi klarte ikke å lese filen. Velg den på nytt og prøv igjen.")) from exc
    if not content:
        raise InvalidInput(field_errors={"file": gettext(N_("Velg filen med navnelisten."))})
    if len(content) > IMPORT_MAX_BYTES:
        raise PayloadTooLarge(N_("Filen er for stor. Lagre bare arket med navnelisten, og prøv igjen."))
    filename = str(data.get("filename") or "navneliste.csv")[:200]
    return filename, content, data.get("confirm") is True


@router.post("/api/leder/navneliste/import")
def import_roster() -> Response[ImportCheck | ImportRefused | ImportDone]:
    """Check the file (nothing written), or with "confirm": true import it, all or nothing. A file with any row
    that cannot be read is refused whole (422), with each row's problem. The route reads its body itself (a file of
    up to 4 MB, as base64), so its body is in the OpenAPI document by hand (tests/support/openapi.py)."""
    signed_in = leader()
    signed_in.require("nettverksleder")
    filename, content, confirm = read_upload()
    service = roster()
    report = service.check_import(signed_in, filename, content, leader_api.every_area(), today())
    logger.info(
        "roster import read",
        extra={"rows": len(report.rows), "problems": len(report.problems), "confirm": confirm},
    )
    if not confirm:
        return answer(200, ImportCheck.of(report))
    if not report.ready:
        message = gettext(N_("Rett radene i filen og last den opp igjen. Ingenting er importert."))
        return answer(
            422, ImportRefused.model_validate(ImportCheck.fields_of(report) | {"message": message, "errors": {}})
        )
    imported = service.run_import(signed_in, report, leader_api.audit_log(), leader_api.now())
    return answer(201, ImportDone.model_validate(ImportCheck.fields_of(report) | {"imported": imported}))
