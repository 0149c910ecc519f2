"""The HTML pages of the roster that the functions render: the change report form again with its errors, and the
public page with the counts per area. The site build renders the form page too, with form_context(), so both come
from the same templates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from common.errors import DomainError, InvalidInput
from common.formatting import date_nb
from common.i18n import N_, gettext
from common.person import NO_PATIENT_DATA
from common.settings import settings
from common.site import network
from common.templates import render
from roster.coverage import AreaCoverage, chart
from roster.models import CHANGE_KIND_LABELS, EDUCATION_LABELS, FORM_TEXTS, RosterEntry, Unit

RECEIPT_PATH = "/navneliste/endring/mottatt/"
BACK = {"back_url": "/navneliste/endring/", "back_label": N_("Meld en endring i navnelisten")}


def form_context(units: Mapping[str, Unit]) -> dict[str, Any]:
    """What the change report form needs besides the values and errors: labels, and the units it offers by area (the
    function's: those open in the table, roster.live.offered_units; the site build's: pelicanconf.py's)."""
    by_area = [
        (area["name"], sorted((u for u in units.values() if u.area == area["id"]), key=lambda u: u.name))
        for area in network()["areas"]
    ]
    return {
        "FORM_TEXTS": FORM_TEXTS,
        "UNITS_BY_AREA": [(name, found) for name, found in by_area if found],
        "CHANGE_KIND_LABELS": CHANGE_KIND_LABELS,
        "EDUCATION_LABELS": EDUCATION_LABELS,
        "NO_PATIENT_DATA": NO_PATIENT_DATA,
        "ROSTER_RETENTION_MONTHS": settings().roster_retention_months,
    }


def _values(fields: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in fields.items() if isinstance(value, str)}


def change_page(fields: dict[str, Any], error: DomainError, units: Mapping[str, Unit]) -> str:
    """The form page with the form filled in as sent, an error summary on top and a message at each field."""
    return render(
        "roster_change.html",
        page=None,
        form=_values(fields),
        errors=error.field_errors if isinstance(error, InvalidInput) else {},
        form_message=gettext(error.message),
        ROSTER_FORM=form_context(units),
    )


def public_page(rows: list[AreaCoverage], listed: list[RosterEntry], day: date, known: Mapping[str, Unit]) -> str:
    """The counts per area, the chart, and the names of those who agreed to be listed, by area and unit."""
    names: dict[str, list[tuple[str, str]]] = {row.area: [] for row in rows}
    for entry in sorted(listed, key=lambda e: (known[e.unit].name if e.unit in known else e.unit, e.name)):
        if entry.area in names:
            names[entry.area].append((entry.name, known[entry.unit].name if entry.unit in known else entry.unit))
    title = gettext(N_("Enheter med og uten ressurssykepleier, per område"))
    return render(
        "roster_public.html",
        rows=rows,
        names=names,
        chart_svg=chart(rows, title),
        day_text=date_nb(day),
        totals={
            "units": sum(row.units for row in rows),
            "covered": sum(row.covered for row in rows),
            "nurses": sum(row.nurses for row in rows),
        },
    )


def message_page(error: DomainError) -> str:
    return render("message.html", title=gettext(error.title), message=gettext(error.message), **BACK)
