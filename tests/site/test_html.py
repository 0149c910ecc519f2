"""Every built page, and every page the functions render, is valid HTML (the W3C Nu checker, npm vnu-jar, run with
Java) and has no broken internal link."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from common.errors import AlreadyRegistered, InvalidInput, RegistrationClosed, RegistrationNotFound, TryAgain
from common.site import municipality_areas
from common.validation import validate
from courses.emails import registration_email
from courses.models import FORM_TEXTS, RegistrationForm
from courses.pages import course_page, message_page, receipt_page
from hospitation import pages as hospitation_pages
from hospitation.emails import RECIPIENTS, hospitation_email
from hospitation.forms import validate_request
from hospitation.models import Hospitation, WishedPeriod, configured_host_units
from tests.support.samples import NOW, course, form, registration
from tests.support.stack import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(files: list[Path]) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def rendered_pages(folder: Path) -> list[Path]:
    """The pages the sign-up function answers with, one per kind of error, written to files for the checker."""
    invalid = pytest.raises(InvalidInput)
    with invalid as caught:
        validate(RegistrationForm, form(email="feil", name=""), FORM_TEXTS, {"municipalities": municipality_areas()})
    pages = {
        "invalid": course_page(course(), form(email="feil", name=""), caught.value),
        "empty": course_page(course(), {}, InvalidInput(field_errors={f: t.missing for f, t in FORM_TEXTS.items()})),
        "duplicate": course_page(course(), form(), AlreadyRegistered()),
        "closed": course_page(course(), form(), RegistrationClosed()),
        "unknown": message_page(RegistrationNotFound()),
        "confirmed": receipt_page(course(), registration("grunnkurs-test", "kari@example.no"), None, "t"),
        "waiting": receipt_page(
            course(),
            registration("grunnkurs-test", "ola@example.no").model_copy(update={"status": "waitlisted", "position": 3}),
            2,
            "t",
        ),
        "cancelled": receipt_page(
            course(),
            registration("grunnkurs-test", "per@example.no").model_copy(update={"status": "cancelled"}),
            None,
            "t",
        ),
    }
    pages["leader-box"] = course_page(course(leader_can_join=True), form(bring_leader="ja"), TryAgain())
    signed_up = registration("grunnkurs-test", "kari@example.no")
    for kind in ("confirmed", "waitlisted", "promoted", "cancelled"):
        email = registration_email(kind, course(), signed_up.model_copy(update={"position": 4}), "t", NOW, "Lise")
        pages[f"email-{kind}"] = email.get_body(("html",)).get_content()
    pages |= hospitation_rendered()
    pages |= counting_rendered()
    paths = []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths


def counting_rendered() -> dict[str, str]:
    """The meeting page with the absence form's errors, the evaluation's pages, its leaders' summary, and the
    annual report's page (with the same figures the unit tests make)."""
    from attendance.models import ABSENCE_TEXTS
    from attendance.pages import absence_form_page
    from evaluations import pages as evaluation_pages
    from evaluations.models import Evaluation
    from evaluations.service import Summary
    from reports import documents
    from tests.unit.test_annual_report import entry, meeting, report

    local = meeting("nettverksmote-test", start=NOW + timedelta(days=10))
    missing = InvalidInput(field_errors={name: text.missing for name, text in ABSENCE_TEXTS.items()})
    answers = tuple(
        Evaluation(
            id=f"a{n}",
            course_id="grunnkurs-test",
            overall=n,
            useful=4,
            practical=5,
            recommend="ja",
            best="Praten om <pårørende>" if n == 3 else "",
            expires_at=2_000_000_000,
        )
        for n in range(1, 5)
    )
    figures = report(entries=[entry("Ada", "as-sykehjem", "folloregionen", date(2026, 5, 1))], courses=[local])
    return {
        "absence-invalid": absence_form_page(local, {"name": "Kari"}, missing),
        "evaluation-form": evaluation_pages.form_page(course(), "t", {}, {}),
        "evaluation-invalid": evaluation_pages.form_page(
            course(), "t", {"best": "x"}, {"overall": "Velg fra 1 til 5."}
        ),
        "evaluation-thanks": evaluation_pages.thanks_page(),
        "evaluation-summary": evaluation_pages.summary_page(Summary(course(), 9, 4, answers), "Hele nettverket"),
        "evaluation-few": evaluation_pages.summary_page(Summary(course(), 9, 2, ()), "Hele nettverket"),
        "annual-report": documents.page(
            figures, [2027, 2026], {"folloregionen": "Folloregionen"}, None, [("Word", "#")], "Tallene for alle."
        ),
    }


def hospitation_rendered() -> dict[str, str]:
    """The hospitation function's pages: the form with errors, the nurse's page at every step, the consent page,
    the pages after an answer; and every email's HTML part."""
    unit = next(iter(configured_host_units().values()))
    day = NOW.date()
    request = Hospitation(
        id="01HOSP",
        name="Kari Nordmann",
        email="kari@example.no",
        phone="91234567",
        workplace="Fjellhamar sykehjem",
        municipality="Lørenskog",
        area="nedre-romerike",
        leader_name="Lise Leder",
        leader_email="lise@example.no",
        host_unit=unit.id,
        host_area=unit.area,
        wishes=(WishedPeriod(first=day, last=day.replace(day=min(day.day + 10, 28))),),
        goals="Lære om smertelindring.\nOg om samtaler med pårørende.",
        created_at=NOW,
        consent_until=NOW,
        expires_at=2_000_000_000,
    )
    confirmed = request.model_copy(
        update={
            "status": "confirmed",
            "answered_at": NOW,
            "first_day": day,
            "last_day": day,
            "meeting_time": "08:00",
            "host_message": "Møt i resepsjonen.",
            "dates_as_wished": False,
        }
    )
    invalid = pytest.raises(InvalidInput)
    with invalid as caught:
        validate_request(
            {"name": "<b>", "period2_first": "2020-01-01"}, municipality_areas(), configured_host_units(), day
        )
    HOSTS = configured_host_units()  # noqa: N806
    pages = {
        "hosp-invalid": hospitation_pages.request_page({"name": "<b>"}, caught.value, configured_host_units()),
        "hosp-busy": hospitation_pages.request_page({}, TryAgain(), configured_host_units()),
        "hosp-consent": hospitation_pages.consent_page(request, "t", {}, {}, HOSTS),
        "hosp-consent-error": hospitation_pages.consent_page(
            request, "t", {"decision": "nei"}, {"reason": "Skriv en kort begrunnelse."}, HOSTS
        ),
        "hosp-consented": hospitation_pages.consent_answered_page(confirmed),
        "hosp-erased": hospitation_pages.erased_page(),
        "hosp-message": hospitation_pages.message_page(RegistrationNotFound()),
        "hosp-evaluation-error": hospitation_pages.status_page(
            request.model_copy(update={"status": "evaluating"}),
            "t",
            NOW,
            HOSTS,
            {},
            {"learned": "Skriv kort hva du lærte."},
        ),
    }
    for status in ("awaiting_consent", "awaiting_host", "confirmed", "evaluating", "completed", "declined_by_host"):
        changed = confirmed.model_copy(update={"status": status, "decline_reason": "Fullt i desember."})
        pages[f"hosp-status-{status}"] = hospitation_pages.status_page(changed, "t", NOW, HOSTS)
    for kind in RECIPIENTS:
        email = hospitation_email(kind, confirmed, unit, "t", NOW)
        pages[f"hosp-email-{kind}"] = email.get_body(("html",)).get_content()
    return pages


def test_every_built_page_is_valid_html(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    assert nu_errors(pages) == []


def test_every_page_the_function_renders_is_valid_html(tmp_path: Path) -> None:
    assert nu_errors(rendered_pages(tmp_path)) == []


FUNCTION_PAGES = {
    "/api/ressurssykepleiere",
    "/api/leder/arsrapport",
}  # GET pages the functions render, not in the static build


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        for name in ("href", "src", "action"):
            value = attributes.get(name)
            if value and not (value.startswith("/api/") and (tag == "form" or value in FUNCTION_PAGES)):
                self.links.append(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_no_internal_link_is_broken(site: Path) -> None:
    assert broken_links(site) == []


def broken_links(site: Path) -> list[str]:
    broken = []
    parsed = {path.resolve(): parse(path) for path in site.rglob("*.html")}
    for path, links in parsed.items():
        for link in links.links:
            url = urlsplit(link)
            if url.scheme in ("mailto", "tel") or (url.scheme and url.netloc):
                continue
            if not url.path:
                target = path
            elif url.path.startswith("/"):
                target = site / unquote(url.path).lstrip("/")
            else:
                target = path.parent / unquote(url.path)
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parsed[target.resolve()].ids:
                broken.append(f"{path.relative_to(site)} -> {link} (no such id)")
    return broken
