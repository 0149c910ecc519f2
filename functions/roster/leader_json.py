"""The roster's answers in the leaders' API, as pydantic models: an entry of the navneliste, a change report, coverage
per area, the check of an imported file, the units (and host units) of /leder/enheter/, and the lists the routes send.
What roster/leader_routes.py sends; the leaders' page (theme/static/js) reads it, and Powertools turns the models into
the OpenAPI document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from common import leader_api
from common.answers import Choice, NamedChoice
from common.formatting import OSLO, date_nb, time_nb
from common.i18n import N_, gettext
from hospitation.answers import HostUnitRow
from roster.coverage import AreaCoverage
from roster.export import REASON_LABELS
from roster.importer import ImportReport
from roster.live import units
from roster.models import (
    CHANGE_KIND_LABELS,
    EDUCATION_LABELS,
    REPORT_STATUS_LABELS,
    UNIT_KIND_LABELS,
    ChangeReport,
    RosterEntry,
    Unit,
)
from roster.training import grunnkurs_due

BASE = f"{leader_api.COOKIE_PATH}/navneliste"
REPORTS = f"{leader_api.COOKIE_PATH}/endringsmeldinger"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime) -> str:
    return f"{date_nb(value)} kl. {time_nb(value)}"


# An entry of the navneliste ---------------------------------------------------------------------------------------


class SignatureDates(BaseModel):
    """When the function description was signed, as ISO dates; None while not signed."""

    nurse: str | None
    leader: str | None
    network: str | None


class CourseTaken(BaseModel):
    title: str
    kind: str
    day_text: str


SIGNER_WORDS = {"nurse": N_("ressurssykepleier"), "leader": N_("nærmeste leder"), "network": N_("nettverksleder")}


def electronic(entry: RosterEntry) -> dict[str, Any]:
    """EntryAnswer's fields for the signatures given without paper."""
    given = [
        f"{gettext(SIGNER_WORDS[one.signer])} {one.name} {date_nb(one.signed_at.astimezone(OSLO).date())}"
        for one in entry.signatures
    ]
    values: dict[str, Any] = {}
    if given:
        values["electronic_text"] = gettext(N_("Signert uten papir: %(who)s.")) % {"who": "; ".join(given)}
    here = f"{BASE}/enheter/{entry.unit}/{entry.id}"
    if entry.signed_electronically:
        values |= {"signed_pdf_url": f"{here}/signert.pdf", "signed_pdf_label": gettext(N_("Last ned signert PDF"))}
    elif entry.signed_without_paper("leader") and not entry.signed_without_paper("network"):
        label = gettext(N_("Signer som nettverksleder for %(name)s")) % {"name": entry.name}
        values |= {"network_sign_url": f"{here}/signering", "network_sign_label": label}
    return values


class EntryAnswer(BaseModel):
    """A resource nurse's period in a unit: contact details, education, signatures and the courses taken."""

    id: str
    nurse_id: str
    version: int
    unit: str
    unit_name: str
    area: str
    area_name: str
    name: str
    email: str
    phone: str
    education: str
    education_label: str
    listed: bool
    start: str
    start_text: str
    end: str | None
    end_text: str | None
    start_reason_label: str
    end_reason_label: str | None
    active: bool
    open: bool
    signatures: SignatureDates
    signed: bool
    grunnkurs_due: bool
    courses: list[CourseTaken]
    signatures_url: str
    # the signatures given without paper (roster/signing.py): what they say, the network leader's button once the
    # nurse and her leader have signed, and the signed document once all three have
    electronic_text: str = ""
    network_sign_url: str | None = None
    network_sign_label: str = ""
    signed_pdf_url: str | None = None
    signed_pdf_label: str = ""

    @classmethod
    def of(cls, entry: RosterEntry, day: date) -> EntryAnswer:
        unit = units(fresh=False).get(entry.unit)
        return cls(
            id=entry.id,
            nurse_id=entry.nurse_id,
            version=entry.version,
            unit=entry.unit,
            unit_name=unit.name if unit else entry.unit,
            area=entry.area,
            area_name=leader_api.area_names().get(entry.area, entry.area),
            name=entry.name,
            email=entry.email,
            phone=entry.phone,
            education=entry.education,
            education_label=gettext(EDUCATION_LABELS[entry.education]),
            listed=entry.listed,
            start=entry.start.isoformat(),
            start_text=date_nb(entry.start),
            end=_day(entry.end),
            end_text=date_nb(entry.end) if entry.end else None,
            start_reason_label=gettext(REASON_LABELS[entry.start_reason]),
            end_reason_label=gettext(REASON_LABELS[entry.end_reason]) if entry.end_reason else None,
            active=entry.active(day),
            open=entry.open,
            signatures=SignatureDates(
                nurse=_day(entry.signed_by_nurse),
                leader=_day(entry.signed_by_leader),
                network=_day(entry.signed_by_network),
            ),
            signed=entry.signed,
            grunnkurs_due=grunnkurs_due(entry),
            courses=[CourseTaken(title=c.title, kind=c.kind, day_text=date_nb(c.day)) for c in entry.courses],
            signatures_url=f"{BASE}/enheter/{entry.unit}/{entry.id}/signaturer",
            **electronic(entry),
        )


# Coverage and the roster ------------------------------------------------------------------------------------------


class CoverageAnswer(BaseModel):
    """An area's units with and without a resource nurse."""

    area: str
    name: str
    units: int
    covered: int
    uncovered: int
    percent: int
    nurses: int
    unsigned: int
    grunnkurs_due: int

    @classmethod
    def of(cls, row: AreaCoverage) -> CoverageAnswer:
        return cls(
            area=row.area,
            name=row.name,
            units=row.units,
            covered=row.covered,
            uncovered=row.uncovered,
            percent=row.percent,
            nurses=row.nurses,
            unsigned=row.unsigned,
            grunnkurs_due=row.grunnkurs_due,
        )


class UnitAnswer(BaseModel):
    """A unit with its current entries."""

    id: str
    name: str
    kind_label: str
    municipality: str
    area_name: str
    entries: list[EntryAnswer]
    history_url: str


class UncoveredUnit(BaseModel):
    id: str
    name: str
    area_name: str


class RosterAnswer(BaseModel):
    """The leader's units (one area with ?omrade=), coverage per area, the function descriptions waiting for a
    signature, the units without a resource nurse, and the files and the import."""

    areas: list[NamedChoice]
    area: str | None
    units: list[UnitAnswer]
    coverage: list[CoverageAnswer]
    uncovered: list[UncoveredUnit]
    unsigned: list[EntryAnswer]
    pending_reports: int
    can_sign_for_network: bool
    can_import: bool
    import_status: str | None
    csv_url: str
    history_csv_url: str
    coverage_csv_url: str
    chart_url: str
    import_url: str


class UnitName(BaseModel):
    id: str
    name: str
    kind_label: str


class UnitHistory(BaseModel):
    """Every period of a unit's resource nurses, the ended ones too."""

    unit: UnitName
    entries: list[EntryAnswer]


# Change reports ---------------------------------------------------------------------------------------------------


class ReportSummary(BaseModel):
    """A change report as the list shows it."""

    id: str
    version: int
    status: str
    status_label: str
    kind: str
    kind_label: str
    unit: str
    unit_name: str
    area_name: str
    effective_date: str
    effective_text: str
    named: str
    reporter_name: str
    created_text: str
    decided_text: str | None
    url: str

    @classmethod
    def fields_of(cls, report: ChangeReport) -> dict[str, object]:
        unit = units(fresh=False).get(report.unit)
        return {
            "id": report.id,
            "version": report.version,
            "status": report.status,
            "status_label": gettext(REPORT_STATUS_LABELS[report.status]),
            "kind": report.kind,
            "kind_label": gettext(CHANGE_KIND_LABELS[report.kind]),
            "unit": report.unit,
            "unit_name": unit.name if unit else report.unit,
            "area_name": leader_api.area_names().get(report.area, report.area),
            "effective_date": report.effective_date.isoformat(),
            "effective_text": date_nb(report.effective_date),
            "named": report.named,
            "reporter_name": report.reporter_name,
            "created_text": _moment(report.created_at),
            "decided_text": _moment(report.decided_at) if report.decided_at else None,
            "url": f"{REPORTS}/{report.id}",
        }

    @classmethod
    def of(cls, report: ChangeReport) -> ReportSummary:
        return cls.model_validate(cls.fields_of(report))


class ReportDetail(ReportSummary):
    """A change report in full: what it says, and how it was decided."""

    reporter_email: str
    new_name: str
    new_email: str
    new_phone: str
    new_education_label: str | None
    new_listed: bool
    leaving_name: str
    leaving_email: str
    contact_name: str
    contact_new_name: str
    contact_new_email: str
    contact_new_phone: str
    comment: str
    decided_by: str
    decline_reason: str
    needs_entry: bool

    @classmethod
    def detail_fields(cls, report: ChangeReport) -> dict[str, object]:
        return ReportSummary.fields_of(report) | {
            "reporter_email": report.reporter_email,
            "new_name": report.new_name,
            "new_email": report.new_email,
            "new_phone": report.new_phone,
            "new_education_label": gettext(EDUCATION_LABELS[report.new_education]) if report.new_education else None,
            "new_listed": report.new_listed,
            "leaving_name": report.leaving_name,
            "leaving_email": report.leaving_email,
            "contact_name": report.contact_name,
            "contact_new_name": report.contact_new_name,
            "contact_new_email": report.contact_new_email,
            "contact_new_phone": report.contact_new_phone,
            "comment": report.comment,
            "decided_by": report.decided_by,
            "decline_reason": report.decline_reason,
            "needs_entry": report.ends_one,
        }

    @classmethod
    def of(cls, report: ChangeReport) -> ReportDetail:
        return cls.model_validate(cls.detail_fields(report))


class Candidate(BaseModel):
    """An open entry of the report's unit that a report about someone leaving may mean."""

    id: str
    name: str
    email: str
    start_text: str


class ReportToDecide(ReportDetail):
    """A pending report that ends someone's period: the unit's open entries to choose from, and the likeliest."""

    candidates: list[Candidate]
    suggested: str | None

    @classmethod
    def choosing(cls, report: ChangeReport, candidates: list[RosterEntry], suggested: str | None) -> ReportToDecide:
        chosen = [Candidate(id=e.id, name=e.name, email=e.email, start_text=date_nb(e.start)) for e in candidates]
        return cls.model_validate(cls.detail_fields(report) | {"candidates": chosen, "suggested": suggested})


class ReportList(BaseModel):
    """The change reports a leader sees (one status with ?status=), and the statuses to choose from."""

    reports: list[ReportSummary]
    statuses: list[Choice]


# The first import -------------------------------------------------------------------------------------------------


class AreaRows(BaseModel):
    name: str
    rows: int


class RowProblemAnswer(BaseModel):
    line: int
    messages: list[str]


class Duplicate(BaseModel):
    line: int
    same_as: int


class ImportCheck(BaseModel):
    """What an uploaded file holds: the rows per area, each row's problem, the lines skipped."""

    ready: bool
    filename: str
    file_problem: str | None
    columns: dict[str, str]
    rows: int
    per_area: list[AreaRows]
    problems: list[RowProblemAnswer]
    duplicates: list[Duplicate]
    blank: int
    windows_lines: int

    @classmethod
    def fields_of(cls, report: ImportReport) -> dict[str, object]:
        names = leader_api.area_names()
        per_area: dict[str, int] = {}
        for row in report.rows:
            per_area[row.unit.area] = per_area.get(row.unit.area, 0) + 1
        return {
            "ready": report.ready,
            "filename": report.filename,
            "file_problem": report.file_problem or None,
            "columns": report.columns,
            "rows": len(report.rows),
            "per_area": [AreaRows(name=names.get(area, area), rows=count) for area, count in sorted(per_area.items())],
            "problems": [RowProblemAnswer(line=p.line, messages=list(p.messages)) for p in report.problems],
            "duplicates": [Duplicate(line=line, same_as=first) for line, first in report.duplicates],
            "blank": report.blank,
            "windows_lines": report.windows_lines,
        }

    @classmethod
    def of(cls, report: ImportReport) -> ImportCheck:
        return cls.model_validate(cls.fields_of(report))


class ImportRefused(ImportCheck):
    """A confirmed import of a file with problems: nothing imported (a 422, in the shape of every refusal)."""

    message: str
    errors: dict[str, str]


class ImportDone(ImportCheck):
    """The file imported: how many entries."""

    imported: int


# Units in /leder/enheter/ ------------------------------------------------------------------------------------------

UNITS_URL = f"{leader_api.COOKIE_PATH}/enheter"


class UnitRow(BaseModel):
    """A unit as the units' view lists it: its resource nurses today, and the addresses of its changes."""

    id: str
    name: str
    kind: str
    kind_label: str
    area: str
    area_name: str
    municipality: str
    nurses: int  # active resource nurses today
    closed_on: str | None
    closed_text: str | None
    open: bool
    version: int
    url: str
    close_url: str
    reopen_url: str

    @classmethod
    def of(cls, unit: Unit, nurses: int, day: date) -> UnitRow:
        url = f"{UNITS_URL}/{unit.id}"
        return cls(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            kind_label=gettext(UNIT_KIND_LABELS[unit.kind]),
            area=unit.area,
            area_name=leader_api.area_names().get(unit.area, unit.area),
            municipality=unit.municipality,
            nurses=nurses,
            closed_on=_day(unit.closed_on),
            closed_text=date_nb(unit.closed_on) if unit.closed_on else None,
            open=unit.open_on(day),
            version=unit.version,
            url=url,
            close_url=f"{url}/stenging",
            reopen_url=f"{url}/gjenapning",
        )


class AreaPlaces(BaseModel):
    """An area to choose, with the municipalities (or districts) in it."""

    id: str
    name: str
    municipalities: list[str]


class UnitsAnswer(BaseModel):
    """The units and host units the leader sees (an area leader: their area's, to read), and what a form needs."""

    units: list[UnitRow]
    host_units: list[HostUnitRow]
    areas: list[AreaPlaces]
    kinds: list[Choice]
    can_change: bool
    add_url: str
    add_host_url: str
