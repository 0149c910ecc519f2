"""The absence form ("Kan du ikke komme?") on a local meeting's page: there on every nettverksmøte that has not ended,
on no other kind of event; it posts a plain form to the API (so it works without JavaScript), has a label for every
field and the warning against patient information, and its ids never clash with the sign-up form's."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.site.conftest import build
from tests.site.test_build import Page, read
from tests.support.stack import ROOT

MEETINGS = ["nettverksmote-follo-2027-02", "nettverksmote-nedre-romerike-2027-01"]
OTHERS = ["grunnkurs-2027-var", "introduksjonskurs-2027-var", "fagdag-2027", "fagdag-2026"]
NO_PATIENT_DATA = "Ikke skriv pasientopplysninger eller noe som kan kjenne igjen en pasient eller pårørende."


def absence_forms(page: Page) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in page.tags if tag == "form" and "data-absence-form" in attrs]


@pytest.mark.parametrize("course_id", MEETINGS)
def test_a_local_meeting_page_has_the_absence_form_that_posts_without_javascript(site: Path, course_id: str) -> None:
    text = read(site / "kurs" / course_id / "index.html")
    page = Page(text)

    (form,) = absence_forms(page)
    assert {key: form[key] for key in ("method", "action", "accept-charset")} == {
        "method": "post",
        "action": f"/api/kurs/{course_id}/fravaer",
        "accept-charset": "utf-8",
    }
    assert 'id="fravaer">Kan du ikke komme?</h2>' in text
    fields = [attrs for attrs in page.inputs() if str(attrs.get("id", "")).startswith("fravaer-")]
    assert [attrs["name"] for attrs in fields] == ["website", "name", "email", "reason"], "the honeypot first"
    fields = fields[1:]
    assert all(attrs["id"] in page.label_for for attrs in fields)
    assert NO_PATIENT_DATA in text and 'aria-describedby="fravaer-reason-hint"' in text
    assert "/theme/js/absence.js" in text
    ids = Counter(str(attrs["id"]) for _, attrs in page.tags if attrs.get("id"))
    assert [id_ for id_, count in ids.items() if count > 1] == [], "beside the sign-up form"


@pytest.mark.parametrize("course_id", OTHERS)
def test_no_other_kind_of_event_has_it(site: Path, course_id: str) -> None:
    text = read(site / "kurs" / course_id / "index.html")

    assert absence_forms(Page(text)) == []
    assert "Kan du ikke komme?" not in text and "absence.js" not in text


def test_a_meeting_that_has_ended_has_no_absence_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINDRA_BUILD_TIME", "2027-02-01T12:00:00+00:00")  # Nedre Romerike's in January is over
    site = build(tmp_path / "output", ROOT / "content")

    ended = read(site / "kurs" / "nettverksmote-nedre-romerike-2027-01" / "index.html")
    coming = read(site / "kurs" / "nettverksmote-follo-2027-02" / "index.html")

    assert absence_forms(Page(ended)) == [] and "absence.js" not in ended
    assert len(absence_forms(Page(coming))) == 1


def test_the_script_is_small_and_builds_its_messages_as_text() -> None:
    script = (ROOT / "theme" / "static" / "js" / "absence.js").read_text(encoding="utf-8")

    assert len(script.encode()) < 6 * 1024, "the meeting page stays light"
    assert '"use strict"' in script
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in script, unsafe


def test_the_form_rendered_again_has_each_error_at_its_field_and_the_values_as_sent(tmp_path: Path) -> None:
    """What a function rendering the meeting page again after a plain post with errors would show (course.html with
    absence_form and absence_errors), valid HTML."""
    from common.templates import render
    from courses.pages import form_context
    from tests.site.test_html import nu_errors
    from tests.support.samples import course

    meeting = course("nettverksmote-test", kind="nettverksmote", area="nedre-romerike")
    text = render(
        "course.html",
        course=meeting,
        course_content="",
        form={},
        errors={},
        form_message="",
        is_open=True,
        absence_form={"name": "Kari <Nordmann>", "email": "kari@example.no", "reason": ""},
        absence_errors={"name": "Skriv navnet som vanlig tekst.", "reason": "Skriv kort hvorfor du ikke kan komme."},
        **form_context(),
    )
    page = Page(text)

    assert 'id="fravaer-feil" role="alert"' in text and '<a href="#fravaer-reason">Skriv kort hvorfor' in text
    reason = next(attrs for attrs in page.inputs() if attrs.get("id") == "fravaer-reason")
    assert (reason["aria-invalid"], reason["aria-describedby"]) == ("true", "fravaer-reason-hint fravaer-reason-feil")
    name = next(attrs for attrs in page.inputs() if attrs.get("id") == "fravaer-name")
    assert (name["value"], name["aria-describedby"]) == ("Kari <Nordmann>", "fravaer-name-feil")
    email = next(attrs for attrs in page.inputs() if attrs.get("id") == "fravaer-email")
    assert "aria-invalid" not in email and email["aria-describedby"] == "fravaer-email-hint"
    assert "Kari &lt;Nordmann&gt;" in text, "escaped"
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    assert nu_errors([tmp_path / "page.html"]) == []
