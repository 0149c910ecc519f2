"""The self-report's HTML pages: the form behind a nurse's or a leader's link (again with its errors), the thanks, the
refusals, and the leaders' page of a round's answers in their scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.errors import DomainError, InvalidInput, SelfReportAnswered
from common.formatting import date_nb
from common.i18n import N_, gettext
from common.person import NO_PATIENT_DATA
from common.templates import render
from common.validation import FieldText
from selfreport.models import (
    LEADER_TEXTS,
    NURSE_TEXTS,
    PLANNED_LABELS,
    ROLE_LABELS,
    TEXT_MAX,
    TIME_LABELS,
    Invitation,
    Round,
    answer_path,
    units_text,
)
from selfreport.service import AreaCount, Results, summed

AREA = N_("Område")
COUNT_HEADERS = (
    N_("Ressurssykepleiere spurt"),
    N_("Har svart"),
    N_("Har hatt samtale med leder"),
    N_("Ledere spurt"),
    N_("Har svart"),
    N_("Rollen får tid: ja / delvis / nei"),
)


def _values(fields: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in fields.items() if isinstance(value, str)}


def form_page(
    found: Round,
    invitation: Invitation,
    token: str,
    unit_names: Mapping[str, str],
    fields: dict[str, Any],
    errors: dict[str, str],
    message: str = "",
    nurses: list[str] | None = None,
) -> str:
    """Her form, empty or as sent with a message at each field, or over it (common.errors.LookAgain). A leader's
    names the resource nurses of her units (`nurses`)."""
    return render(
        "self_report.html",
        invitation=invitation,
        nurses=nurses or [],
        year=found.year,
        units_text=units_text(invitation, unit_names),
        closes_text=date_nb(found.closes_on),
        action=answer_path(token),
        form=_values(fields),
        errors=errors,
        form_message=gettext(InvalidInput.message) if errors else message,
        TEXTS=NURSE_TEXTS if invitation.role == "nurse" else LEADER_TEXTS,
        PLANNED_LABELS=PLANNED_LABELS,
        TIME_LABELS=TIME_LABELS,
        NO_PATIENT_DATA=NO_PATIENT_DATA,
        text_max=TEXT_MAX,
    )


def thanks_page() -> str:
    return render(
        "message.html",
        title=gettext(N_("Takk for egenrapporten!")),
        message=gettext(
            N_("Svarene er lagret. Nettverket bruker dem til å følge opp ressurssykepleierne og i årsrapporten.")
        ),
        tone="success",
    )


def message_page(error: DomainError) -> str:
    """A refusal: kind (a success) for a second answer, a warning for anything else."""
    tone = "success" if isinstance(error, SelfReportAnswered) else None
    return render("message.html", title=gettext(error.title), message=gettext(error.message), tone=tone)


def count_row(name: str, count: AreaCount) -> list[object]:
    time = " / ".join(str(count.time_given.get(choice, 0)) for choice in TIME_LABELS)
    return [
        name,
        count.nurses_asked,
        count.nurses_answered,
        count.planned.get("ja", 0),
        count.leaders_asked,
        count.leaders_answered,
        time,
    ]


def question(texts: Mapping[str, FieldText], name: str) -> str:
    """A question's label in the network's language (a helper, so the catalogue takes the label, not the name)."""
    return gettext(texts[name].label)


def answers_of(invitation: Invitation) -> list[tuple[str, str]]:
    """Her answers as (question, answer), in the form's order."""
    if not invitation.answered:
        return []
    if invitation.role == "nurse":
        return [
            (question(NURSE_TEXTS, "did"), invitation.did),
            (question(NURSE_TEXTS, "next_year"), invitation.next_year),
            (question(NURSE_TEXTS, "planned"), gettext(PLANNED_LABELS.get(invitation.planned or "", ""))),
        ]
    found = [
        (question(LEADER_TEXTS, "time_given"), gettext(TIME_LABELS.get(invitation.time_given or "", ""))),
        (question(LEADER_TEXTS, "planned"), gettext(PLANNED_LABELS.get(invitation.planned or "", ""))),
    ]
    if invitation.comment:
        found.append((question(LEADER_TEXTS, "comment"), invitation.comment))
    return found


def status_text(invitation: Invitation) -> str:
    if invitation.answered_at is not None:
        return gettext(N_("Svarte %(day)s.")) % {"day": date_nb(invitation.answered_at)}
    if invitation.mail_status in ("failed", "suppressed", "bounced", "complained", "capped"):
        return gettext(N_("Ikke svart. E-posten kom ikke fram: sjekk adressen i navnelisten."))
    if invitation.reminded_at is not None:
        return gettext(N_("Ikke svart ennå. Påminnelse sendt %(day)s.")) % {"day": date_nb(invitation.reminded_at)}
    return gettext(N_("Ikke svart ennå. Spurt %(day)s.")) % {"day": date_nb(invitation.invited_at)}


def round_facts(found: Round) -> list[tuple[str, str]]:
    reminder = gettext(N_("Sendt")) if found.reminded else date_nb(found.reminder_on)
    return [
        (gettext(N_("Åpnet")), date_nb(found.opened_on)),
        (gettext(N_("Frist")), date_nb(found.closes_on)),
        (gettext(N_("Påminnelse")), reminder),
    ]


def results_page(results: Results, area_names: Mapping[str, str], unit_names: Mapping[str, str]) -> str:
    found = results.round
    base = f"/api/leder/egenrapport/{found.year}/svar.csv"
    rows = [count_row(area_names.get(count.area, count.area), count) for count in results.counts]
    total = count_row(gettext(N_("I alt")), summed(results.counts)) if len(results.counts) > 1 else None
    sections = [
        {
            "id": count.area,
            "name": area_names.get(count.area, count.area),
            "people": [
                {
                    "name": one.name,
                    "role": gettext(ROLE_LABELS[one.role]),
                    "units": units_text(one, unit_names),
                    "status": status_text(one),
                    "answers": answers_of(one),
                }
                for one in results.invitations
                if one.area == count.area
            ],
        }
        for count in results.counts
    ]
    return render(
        "self_report_results.html",
        year=found.year,
        facts=round_facts(found),
        headers=[gettext(AREA), *(gettext(header) for header in COUNT_HEADERS)],
        rows=rows,
        total_row=total,
        sections=sections,
        downloads=[
            (gettext(N_("Svarene som CSV (Excel)")), f"{base}?format=excel"),
            (gettext(N_("Svarene som CSV (komma)")), f"{base}?format=komma"),
        ],
    )
