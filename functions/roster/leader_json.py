"""The roster's answers in the leaders' API, as JSON: an entry of the navneliste, a change report, coverage per area,
and the check of an imported file. What roster/leader_routes.py sends; the leaders' page (theme/static/js) reads it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from common import leader_api
from common.formatting import date_nb, time_nb
from common.i18n import gettext
from roster.coverage import AreaCoverage
from roster.export import REASON_LABELS
from roster.importer import ImportReport
from roster.models import CHANGE_KIND_LABELS, EDUCATION_LABELS, REPORT_STATUS_LABELS, ChangeReport, RosterEntry, units
from roster.training import grunnkurs_due

BASE = f"{leader_api.COOKIE_PATH}/navneliste"
REPORTS = f"{leader_api.COOKIE_PATH}/endringsmeldinger"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def entry_json(entry: RosterEntry, day: date) -> dict[str, Any]:
    unit = units().get(entry.unit)
    return {
        "id": entry.id,
        "nurse_id": entry.nurse_id,
        "version": entry.version,
        "unit": entry.unit,
        "unit_name": unit.name if unit else entry.unit,
        "area": entry.area,
        "area_name": leader_api.area_names().get(entry.area, entry.area),
        "name": entry.name,
        "email": entry.email,
        "phone": entry.phone,
        "education": entry.education,
        "education_label": gettext(EDUCATION_LABELS[entry.education]),
        "listed": entry.listed,
        "start": entry.start.isoformat(),
        "start_text": date_nb(entry.start),
        "end": _day(entry.end),
        "end_text": date_nb(entry.end) if entry.end else None,
        "start_reason_label": gettext(REASON_LABELS[entry.start_reason]),
        "end_reason_label": gettext(REASON_LABELS[entry.end_reason]) if entry.end_reason else None,
        "active": entry.active(day),
        "open": entry.open,
        "signatures": {
            "nurse": _day(entry.signed_by_nurse),
            "leader": _day(entry.signed_by_leader),
            "network": _day(entry.signed_by_network),
        },
        "signed": entry.signed,
        "grunnkurs_due": grunnkurs_due(entry),
        "courses": [{"title": c.title, "kind": c.kind, "day_text": date_nb(c.day)} for c in entry.courses],
        "signatures_url": f"{BASE}/enheter/{entry.unit}/{entry.id}/signaturer",
    }


def coverage_json(row: AreaCoverage) -> dict[str, Any]:
    return {
        "area": row.area,
        "name": row.name,
        "units": row.units,
        "covered": row.covered,
        "uncovered": row.uncovered,
        "percent": row.percent,
        "nurses": row.nurses,
        "unsigned": row.unsigned,
        "grunnkurs_due": row.grunnkurs_due,
    }


def report_json(report: ChangeReport, full: bool = False) -> dict[str, Any]:
    unit = units().get(report.unit)
    body: dict[str, Any] = {
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
    if full:
        body |= {
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
    return body


def _moment(value: datetime) -> str:
    return f"{date_nb(value)} kl. {time_nb(value)}"


def import_json(report: ImportReport) -> dict[str, Any]:
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
        "per_area": [{"name": names.get(area, area), "rows": count} for area, count in sorted(per_area.items())],
        "problems": [{"line": p.line, "messages": list(p.messages)} for p in report.problems],
        "duplicates": [{"line": line, "same_as": first} for line, first in report.duplicates],
        "blank": report.blank,
        "windows_lines": report.windows_lines,
    }
