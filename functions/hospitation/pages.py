"""The HTML pages of hospitation that the function renders: the request form again with its errors, the nurse's own
page, the leader's consent page, and the short pages after an answer. The site build renders the form page too, with
form_context(), so both come from the same templates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.errors import DomainError, InvalidInput
from common.formatting import OSLO
from common.i18n import N_, gettext
from common.person import NO_PATIENT_DATA, RECOMMEND_LABELS
from common.settings import settings
from common.templates import render
from hospitation.emails import days_text, wishes_text
from hospitation.models import (
    CONSENT_TEXTS,
    EVALUATION_TEXTS,
    FORM_TEXTS,
    HOSPITATION_STATUS_LABELS,
    Hospitation,
    HostUnit,
)

BACK = {"back_url": "/hospitering/", "back_label": N_("Om hospitering")}


def form_context(units: Mapping[str, HostUnit]) -> dict[str, Any]:
    """What the request form needs besides the values and errors: labels and the host units it offers, by kind (the
    function's: those open in the table, hospitation.live.offered_host_units; the site build's: pelicanconf.py's)."""
    kinds: dict[str, list[Any]] = {}
    for unit in sorted(units.values(), key=lambda u: u.name):
        kinds.setdefault(unit.kind, []).append(unit)
    return {
        "FORM_TEXTS": FORM_TEXTS,
        "HOST_UNITS_BY_KIND": kinds,
        "NO_PATIENT_DATA": NO_PATIENT_DATA,
        "RETENTION_MONTHS": settings().retention_months,
    }


def _values(fields: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in fields.items() if isinstance(value, str)}


def request_page(fields: dict[str, Any], error: DomainError, units: Mapping[str, HostUnit]) -> str:
    """The request page with the form filled in as sent, an error summary on top and a message at each field."""
    return render(
        "hospitation.html",
        page=None,
        form=_values(fields),
        errors=error.field_errors if isinstance(error, InvalidInput) else {},
        form_message=gettext(error.message),
        HOSPITATION_FORM=form_context(units),
    )


def _summary(request: Hospitation, units: Mapping[str, HostUnit]) -> dict[str, Any]:
    unit = units.get(request.host_unit)
    return {
        "request": request,
        "unit_name": unit.name if unit else request.host_unit,
        "unit_email": unit.email if unit else "",
        "wishes_text": wishes_text(request),
        "days_text": days_text(request),
        "status_label": gettext(HOSPITATION_STATUS_LABELS[request.status]),
        "created": request.created_at.astimezone(OSLO),
    }


def status_page(
    request: Hospitation,
    token: str,
    now: datetime,
    units: Mapping[str, HostUnit],
    fields: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
) -> str:
    """The nurse's own page: where the request is, each step with its date, and what the nurse can do now. A
    message without errors goes over the evaluation form (common.errors.LookAgain)."""
    base = f"/api/hospitering/{token}"
    return render(
        "hospitation_status.html",
        **_summary(request, units),
        can_withdraw=request.can_withdraw(now.astimezone(OSLO).date()),
        withdraw_url=f"{base}/trekk",
        evaluation_url=f"{base}/evaluering",
        erase_url=f"{base}/sletting",
        form=_values(fields or {}),
        errors=errors or {},
        form_message=gettext(InvalidInput.message) if errors else message,
        FORM_TEXTS=EVALUATION_TEXTS,
        RECOMMEND_LABELS=RECOMMEND_LABELS,
        NO_PATIENT_DATA=NO_PATIENT_DATA,
    )


def consent_page(
    request: Hospitation,
    token: str,
    fields: dict[str, Any],
    errors: dict[str, str],
    units: Mapping[str, HostUnit],
    message: str = "",
) -> str:
    """What the nearest leader is asked to consent to, with yes or no (and a reason for no)."""
    return render(
        "hospitation_consent.html",
        **_summary(request, units),
        action=f"/api/samtykke/{token}",
        form=_values(fields),
        errors=errors,
        form_message=gettext(InvalidInput.message) if errors else message,
        FORM_TEXTS=CONSENT_TEXTS,
        NO_PATIENT_DATA=NO_PATIENT_DATA,
    )


def consent_answered_page(request: Hospitation) -> str:
    if request.status == "awaiting_host":
        title, message = N_("Takk for svaret"), N_("Du har sagt ja. Søknaden er sendt videre til vertsenheten.")
    else:
        title, message = N_("Takk for svaret"), N_("Du har sagt nei. Sykepleieren får beskjed, med begrunnelsen din.")
    return render("message.html", title=gettext(title), message=gettext(message), tone="success", **BACK)


def erased_page() -> str:
    return render(
        "message.html",
        title=gettext(N_("Opplysningene er slettet")),
        message=gettext(N_("Søknaden og opplysningene dine er slettet. Lenken virker ikke lenger.")),
        tone="success",
        **BACK,
    )


def message_page(error: DomainError) -> str:
    return render("message.html", title=gettext(error.title), message=gettext(error.message), **BACK)
