"""Min side's pages that the function renders: the sign-in form again with its errors, the link's page with its
button, and the page itself (theme/templates/my_page_sign_in.html, confirm_email.html, my_page.html)."""

from __future__ import annotations

from typing import Any

from common.errors import DomainError, InvalidInput
from common.i18n import N_, gettext
from common.templates import render
from courses.pages import letter_views
from hospitation.models import HOSPITATION_STATUS_LABELS
from people.models import GROUP_TITLES, LINK_ASKED, LINK_MINUTES, Overview
from roster.models import RosterEntry

SIGN_IN_PAGE = "/min-side/"
ASKED_PAGE = "/min-side/sendt/"
PAGE = "/api/min-side"
OPEN_ASK = N_("Trykk på knappen for å gå til Min side. Lenken virker én gang.")

# What the page says after a change she made (?endret=...): a fixed set, so that no text comes from the address.
DONE: dict[str, str] = {
    "avmeldt": N_("Du er meldt av."),
    "avmeldt-videre": N_("Du er meldt av. Plassen din gikk til den første på ventelisten."),
    "rettet": N_("Opplysningene på påmeldingen er rettet."),
    "signert": N_("Du har signert funksjonsbeskrivelsen. Nærmeste leder får en e-post med lenke for å signere."),
}


def sign_in_page(fields: dict[str, Any] | None = None, error: DomainError | None = None) -> str:
    """/min-side/'s form, from the function: again with its errors, or after a session ended (error's message)."""
    values = {"email": fields["email"]} if fields and isinstance(fields.get("email"), str) else {}
    field_errors = error.field_errors if isinstance(error, InvalidInput) else {}
    return render(
        "my_page_sign_in.html",
        page=None,
        form=values,
        errors=field_errors,
        form_message=gettext(error.message) if error is not None and not field_errors else "",
    )


def asked_message() -> str:
    return gettext(LINK_ASKED) % {"minutes": LINK_MINUTES}


def open_page(action: str) -> str:
    return render(
        "confirm_email.html",
        title=gettext(N_("Logg inn på Min side")),
        message=gettext(OPEN_ASK),
        action=action,
        button=gettext(N_("Gå til Min side")),
        button_id="til-min-side",
    )


def my_page(
    overview: Overview,
    done: str = "",
    errors: dict[str, str] | None = None,
    corrected: str = "",
    form: dict[str, Any] | None = None,
    years: tuple[int, ...] = (),
    signing: str = "",
    description: tuple[str, str] = ("", ""),
) -> str:
    """The page: her registrations by kind (each with its letters, a cancel button and a correction form while it is
    coming), her hours of the year, her hospitations and her roster entries. With `errors`, the correction form of
    the registration `corrected` is open with its messages and what she sent."""
    groups = [
        {
            "id": name,
            "title": gettext(GROUP_TITLES[name]),
            "items": [{"item": one, "letters": letter_views(one.letters)} for one in overview.registrations[name]],
        }
        for name in ("coming", "waiting", "past", "cancelled")
    ]
    return render(
        "my_page.html",
        overview=overview,
        groups=groups,
        hospitation_labels={k: gettext(v) for k, v in HOSPITATION_STATUS_LABELS.items()},
        done=gettext(DONE[done]) if done in DONE else "",
        errors=errors or {},
        corrected=corrected,
        form=form or {},
        years=years,
        signing=signing,
        description={"title": description[0], "url": description[1]},
    )


def message_page(error: DomainError) -> str:
    return render(
        "message.html",
        title=gettext(error.title),
        message=gettext(error.message),
        back_url=SIGN_IN_PAGE,
        back_label=N_("Be om en ny lenke til Min side"),
    )


def signing_page(leader: str, entry: RosterEntry, unit: str, title: str, url: str, action: str) -> str:
    """The unit leader's page behind her link: whose description, which, and the button that signs."""
    return render(
        "function_description_sign.html", leader=leader, entry=entry, unit=unit, title=title, url=url, action=action
    )


def done_page(title: str, message: str) -> str:
    return render(
        "message.html",
        title=gettext(title),
        message=message,
        tone="success",
        back_url="/",
        back_label=N_("Til forsiden"),
    )


def data_page(data: dict[str, Any], errors: dict[str, str] | None = None) -> str:
    """Everything about her, entity by entity (people/erasure.export), and the form that erases it."""
    from people.erasure import ENTITY_LABELS

    entities = data.get("entities", {})
    groups = [
        {"id": name, "title": gettext(ENTITY_LABELS.get(name, name)), "records": records}
        for name, records in sorted(entities.items(), key=lambda pair: gettext(ENTITY_LABELS.get(pair[0], pair[0])))
    ]
    labels = {name: gettext(label) for name, label in FIELD_LABELS.items()}
    return render("my_data.html", email=data.get("email", ""), groups=groups, errors=errors or {}, labels=labels)


# The usual fields' names on the readable page; any other is shown by its own name.
FIELD_LABELS = {
    "name": N_("Navn"),
    "email": N_("E-post"),
    "phone": N_("Mobil"),
    "workplace": N_("Arbeidssted"),
    "municipality": N_("Kommune eller bydel"),
    "area": N_("Lokalt nettverk"),
    "role": N_("Rolle"),
    "course_id": N_("Kurs eller møte"),
    "status": N_("Status"),
    "position": N_("Plass på ventelisten"),
    "created_at": N_("Registrert"),
    "leader_name": N_("Nærmeste leder"),
    "leader_email": N_("Nærmeste leders e-post"),
    "unit": N_("Enhet"),
    "start": N_("Fra"),
    "end": N_("Til"),
    "hours": N_("Timer"),
    "present": N_("Til stede"),
    "reason": N_("Grunn"),
    "subject": N_("Emne"),
    "text": N_("Tekst"),
    "kind": N_("Hva"),
    "kept_until": N_("Slettes senest"),
    "year": N_("År"),
    "units": N_("Enheter"),
    "invited_at": N_("Spurt"),
    "reminded_at": N_("Påminnelse sendt"),
    "answered_at": N_("Svart"),
    "did": N_("Hva har du gjort som ressurssykepleier i år?"),
    "next_year": N_("Hva vil du gjøre som ressurssykepleier neste år?"),
    "planned": N_("Samtale om arbeidsplanen"),
    "time_given": N_("Rollen får tid"),
    "comment": N_("Kommentar"),
}
