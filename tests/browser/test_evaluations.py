"""Course evaluations in Debian's Chromium on the real local stack: a participant answers on a phone, by keyboard and
without JavaScript (the form empty, then with the server's errors, axe-clean both times), and the network leader reads
the course's summary with its charts, axe-clean too."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from courses.models import Course
from courses.repository import DynamoCourseRepository
from evaluations.forms import validate_evaluation
from evaluations.models import Participant
from evaluations.repository import DynamoEvaluationRepository
from evaluations.service import Evaluations
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.hospitation import emails_to
from tests.support.samples import course
from tests.support.stack import TABLE, Site

NETWORK_LEADER = "nettverksleder@example.no"


def asked(client: Any, people: int) -> tuple[Course, Evaluations, list[str]]:
    """A grunnkurs that ended yesterday, and the links its participants were sent."""
    end = datetime.now(UTC) - timedelta(days=1)
    start = end - timedelta(hours=6)
    ended = course(f"grunnkurs-evaluert-{uuid.uuid4().hex[:8]}", start=start, end=end)
    ended = ended.model_copy(update={"title": "Grunnkurs i lindrende behandling", "registration_deadline": start})
    courses = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    courses.put_course(ended)
    evaluations = Evaluations(DynamoEvaluationRepository(client, TABLE), courses)
    addresses = [f"p{n}.{ended.id}@example.no" for n in range(people)]
    evaluations.ask(ended, [Participant(address, f"P {n}") for n, address in enumerate(addresses)], end)
    sent = [message for address in addresses for message in emails_to(address)]  # the outbox, once the worker sent
    links = [str(m.get_body(("plain",)).get_content()).split("/api/evaluering/")[1].split()[0] for m in sent]
    return ended, evaluations, links


def choose(page: Page, presses: int) -> None:
    """Tab into a group of radio buttons, check the first, and move down to the one wanted."""
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(presses):
        page.keyboard.press("ArrowDown")


def test_a_participant_answers_by_keyboard_without_javascript_and_the_form_passes_axe(
    phone: Page, phone_without_js: Page, site: Site, client: Any
) -> None:
    ended, evaluations, (link,) = asked(client, 1)
    for page in (phone, phone_without_js):  # the page has no script: axe (itself a script) runs in the first
        page.goto(f"{site.url}/api/evaluering/{link}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Evaluering av Grunnkurs i lindrende behandling")
        if page is phone:
            assert axe_violations(page) == []
        page.locator("#send-evaluering").click()  # nothing chosen: the server names each question
        expect(page.locator("#feiloppsummering")).to_contain_text("4 feil som må rettes")
        if page is phone:
            assert axe_violations(page) == []

    page = phone_without_js
    tab_to(page, "felt-overall")  # past the error summary's links to the first question
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # 5: svært fornøyd
    choose(page, 3)  # useful: 4
    choose(page, 2)  # practical: 3
    choose(page, 0)  # recommend: ja
    page.keyboard.press("Tab")
    page.keyboard.type("Samtalen om døden.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "send-evaluering"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svarene!")
    (stored,) = evaluations.repo.answers(ended.id)
    assert (stored.overall, stored.useful, stored.practical, stored.recommend) == (5, 4, 3, "ja")
    assert stored.best == "Samtalen om døden." and stored.improve == ""


def test_the_leaders_summary_with_its_charts_passes_axe(phone: Page, site: Site, client: Any) -> None:
    ended, evaluations, links = asked(client, 4)
    for number, link in enumerate(links[:3]):
        fields = {
            "overall": str(number + 3),
            "useful": "4",
            "practical": "5",
            "recommend": "ja",
            "best": f"Svar {number}",
        }
        evaluations.answer(link, validate_evaluation(fields), datetime.now(UTC))

    sign_in_by_keyboard(phone, site, NETWORK_LEADER)
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    phone.goto(f"{site.url}/api/leder/kurs/{ended.id}/evaluering")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Evaluering av Grunnkurs i lindrende behandling")
    expect(phone.locator("main")).to_contain_text("3 (75 prosent)")
    expect(phone.get_by_role("img", name="Hvor fornøyd er du med kurset alt i alt?")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Gjennomsnitt: 4 av 5")
    assert axe_violations(phone) == []
