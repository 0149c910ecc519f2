"""Hospitation on the real local stack, over HTTP as a browser and the leaders' page use it: the local server with the
real handlers, DynamoDB Local, moto's Cognito for the host's sign-in, and every email read back from the outbox. The
daily schedule runs in this process with a clock of the test's choosing, on the same table and outbox."""

from __future__ import annotations

import html
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from common.formatting import OSLO
from hospitation.models import HospitationForm, WishedPeriod, configured_host_units
from hospitation.repository import DynamoHospitationRepository
from hospitation.schedule import run
from hospitation.service import Workflow
from tests.support.hospitation import (
    HOST_COORDINATOR,
    HOST_UNIT_EMAIL,
    Answer,
    Person,
    confirm_as_host,
    consent_link,
    consent_yes,
    emails_to,
    get_page,
    leader_call,
    link_in,
    link_item,
    morning_after,
    post_form,
    request_fields,
    request_id,
    sign_in,
    status,
    stored,
    submit,
    text_of,
    the_email,
    today,
)
from tests.support.stack import TABLE, Site

pytestmark = pytest.mark.usefixtures("site")

AREA_LEADER = "omradeleder.nedre-romerike@example.no"  # Lørenskog is in Nedre Romerike
OTHER_AREA_LEADER = "omradeleder.kongsvingerregionen@example.no"


def title(answer: Answer) -> str:
    found = re.search(r"<title>(.*?) – ", answer.text, re.S)
    assert found, answer.text[:500]
    return html.unescape(found.group(1).strip())


def h1(answer: Answer) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", answer.text, re.S)
    assert found, answer.text[:500]
    return html.unescape(found.group(1).strip())


def stay(message: Any) -> Any:
    """The one VEVENT of the email's .ics attachment, read by icalendar."""
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "hospitering.ics"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return event


def listed_ids(site: Site, cookie: str) -> dict[str, Any]:
    answer = leader_call(site, "GET", "/api/leder/hospiteringer", cookie=cookie)
    assert answer.status == 200, answer.body
    return {entry["id"]: entry for entry in answer.json()["requests"]}


def test_a_request_goes_from_the_form_through_consent_and_dates_to_its_evaluation(site: Site, client: Any) -> None:
    person = Person.new()

    # The nurse sends the form (no JavaScript: form-encoded) and is sent on to her own page
    page = submit(site, person)
    shown = get_page(site, page)
    assert shown.status == 200 and "Venter på leders samtykke" in shown.text
    assert "noindex" in shown.text
    receipt = the_email(person.email, "Vi har fått søknaden din om hospitering")
    assert link_in(receipt, site, "/api/hospitering/") == page
    assert "Palliativt senter, Ahus" in text_of(receipt)

    # Her leader gets the one-time consent link; opening it shows the request and changes nothing
    consent_email = the_email(person.leader_email, f"{person.name} ber om samtykke til å hospitere")
    consent = link_in(consent_email, site, "/api/samtykke/")
    request = request_id(client, consent)
    assert request_id(client, page) == request
    before, link_before = stored(client, request), link_item(client, consent)
    assert before["status"]["S"] == "awaiting_consent" and before["area"]["S"] == "nedre-romerike"
    opened = get_page(site, consent)
    assert opened.status == 200, opened.text
    assert title(opened) == "Samtykke til hospitering"
    assert person.name in opened.text and "Jeg vil se en familiesamtale." in opened.text
    assert stored(client, request) == before and link_item(client, consent) == link_before

    # The leader says yes: the link is used, the nurse is told, the host unit is asked
    answered = post_form(site, consent, {"decision": "ja"})
    assert answered.status == 200 and h1(answered) == "Takk for svaret"
    assert status(client, request) == "awaiting_host"
    used = link_item(client, consent)
    assert used is not None and "used_at" in used
    consented = the_email(person.email, "Lederen din har sagt ja til hospiteringen")
    assert "Venter på vertsenheten" in get_page(site, link_in(consented, site, "/api/hospitering/")).text
    host_emails = [
        message
        for message in emails_to(HOST_UNIT_EMAIL, "Ny søknad om hospitering hos Palliativt senter, Ahus")
        if person.name in text_of(message)
    ]
    assert len(host_emails) == 1
    assert f"{site.url}/leder/#hospiteringer" in text_of(host_emails[0])
    assert "/api/samtykke/" not in text_of(host_emails[0]) and "/api/hospitering/" not in text_of(host_emails[0])

    # The host unit's coordinator signs in, finds the request and sets the dates
    cookie = sign_in(site, HOST_COORDINATOR)
    entry = listed_ids(site, cookie)[request]
    assert entry["status"] == "awaiting_host" and entry["can_answer"] is True
    first_day = today() + timedelta(days=22)  # within the first wished period
    last_day = first_day + timedelta(days=1)
    confirmed = confirm_as_host(site, request, first_day, last_day, cookie)
    assert confirmed["status"] == "confirmed"
    assert (confirmed["first_day"], confirmed["last_day"]) == (first_day.isoformat(), last_day.isoformat())

    # The nurse's confirmation carries the stay as an all-day event; her leader gets a copy with the same one
    confirmation = the_email(person.email, "Hospiteringen er bekreftet: ")
    assert confirmation["Reply-To"] == HOST_UNIT_EMAIL
    assert "08.30" in text_of(confirmation) and "Møt i resepsjonen" in text_of(confirmation)
    event = stay(confirmation)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is date and type(end) is date, "whole days, not times"
    assert (start, end) == (first_day, last_day + timedelta(days=1))
    uid = str(event["uid"])
    assert uid == f"hospitering-{request}@127.0.0.1"
    copy = the_email(person.leader_email, f"Til orientering: {person.name} skal hospitere")
    assert str(stay(copy)["uid"]) == uid

    # Moved dates update the same calendar entry: same UID, a higher SEQUENCE
    moved_first, moved_last = first_day + timedelta(days=1), last_day + timedelta(days=1)
    confirm_as_host(site, request, moved_first, moved_last, cookie)
    confirmations = emails_to(person.email, "Hospiteringen er bekreftet: ")
    assert len(confirmations) == 2
    moved = stay(confirmations[-1])
    assert str(moved["uid"]) == uid
    assert int(moved["sequence"]) > int(event["sequence"])
    assert (moved.decoded("dtstart"), moved.decoded("dtend")) == (moved_first, moved_last + timedelta(days=1))

    # The schedule asks for the evaluation the morning after the last day, not while the stay goes on
    run(now=datetime.combine(moved_last, time(20, 0), OSLO))
    assert emails_to(person.email, "Hvordan var hospiteringen?") == []
    assert status(client, request) == "confirmed"
    done = run(now=morning_after(moved_last))
    assert done.get("evaluation", 0) >= 1
    assert status(client, request) == "evaluating"
    evaluation_email = the_email(person.email, "Hvordan var hospiteringen?")
    evaluation_link = link_in(evaluation_email, site, "/api/hospitering/")
    assert evaluation_link.endswith("#evaluering")
    nurse_page = evaluation_link.removesuffix("#evaluering")
    shown = get_page(site, nurse_page)
    assert shown.status == 200 and 'id="evaluering"' in shown.text
    assert f'action="{nurse_page}/evaluering"' in shown.text

    # The nurse answers: the request is completed
    answer = {"learned": "Hvordan teamet kartlegger smerter.", "recommend": "ja", "change": ""}
    evaluated = post_form(site, f"{nurse_page}/evaluering", answer)
    assert evaluated.status == 303 and evaluated.location == nurse_page
    assert "Takk for evalueringen" in get_page(site, nurse_page).text
    completed = stored(client, request)
    assert completed["status"]["S"] == "completed"
    assert completed["learned"]["S"] == "Hvordan teamet kartlegger smerter." and completed["recommend"]["S"] == "ja"

    # A second evaluation, through any of her links, is refused and changes nothing
    again = post_form(site, f"{page}/evaluering", {"learned": "Noe annet.", "recommend": "nei"})
    assert again.status == 409
    assert title(again) == "Søknaden er allerede besvart"
    assert "Du har allerede sendt evalueringen" in again.text
    assert stored(client, request) == completed

    # The host reads the evaluation in the leaders' area
    detail = leader_call(site, "GET", f"/api/leder/hospiteringer/{request}", cookie=cookie).json()
    assert detail["learned"] == "Hvordan teamet kartlegger smerter." and detail["recommend_label"] == "Ja"


def test_a_consent_request_to_a_leader_outside_the_employers_goes_once_the_nurse_confirms_her_address(
    site: Site, client: Any
) -> None:
    # Given a nurse whose leader's address is not at one of the network's employers
    person = Person.new("Gro")
    person = Person(person.name, person.email, person.leader_name, f"leder.{uuid.uuid4().hex[:10]}@gmail.com")
    page = submit(site, person)
    request = request_id(client, page)
    # Then her receipt asks her to confirm her own address, and her leader has nothing yet
    receipt = the_email(person.email, "Vi har fått søknaden din")
    confirm = link_in(receipt, site, "/api/epost/")
    assert f"Vi sender e-posten til {person.leader_name} når du har bekreftet" in text_of(receipt)
    assert emails_to(person.leader_email) == []
    assert stored(client, request)["consent_held_id"]["S"]
    # When she opens the link (a page that asks) and confirms with its button
    assert get_page(site, confirm).status == 200 and emails_to(person.leader_email) == []
    assert post_form(site, confirm, {}).status == 200
    # Then the consent request goes to the leader, once, however often she confirms
    assert post_form(site, confirm, {}).status == 200
    consent = the_email(person.leader_email, f"{person.name} ber om samtykke")
    assert post_form(site, link_in(consent, site, "/api/samtykke/"), {"decision": "ja"}).status == 200
    assert status(client, request) == "awaiting_host"


def test_a_consent_link_that_ran_out_is_410_and_changes_nothing(site: Site, client: Any) -> None:
    # Given a request sent 15 days ago (through the service, with its clock): its consent link worked for 14 days
    person = Person.new("Eli")
    fields = request_fields(person)
    flow = Workflow(DynamoHospitationRepository(client, TABLE), configured_host_units())
    wishes = (
        WishedPeriod(
            first=date.fromisoformat(fields["period1_first"]), last=date.fromisoformat(fields["period1_last"])
        ),
    )
    flow.submit(
        HospitationForm.model_validate(fields), wishes, "nedre-romerike", datetime.now(UTC) - timedelta(days=15)
    )
    consent = consent_link(site, person)
    request = request_id(client, consent)
    before, link_before = stored(client, request), link_item(client, consent)

    # When the leader opens it now, or answers through it
    for answer in (get_page(site, consent), post_form(site, consent, {"decision": "ja"})):
        # Then a page says the link ran out, and nothing changed
        assert answer.status == 410, answer.text
        assert title(answer) == h1(answer) == "Lenken er utløpt"
        assert 'role="alert"' in answer.text
    assert stored(client, request) == before and link_item(client, consent) == link_before
    assert emails_to(person.email, "Lederen din har sagt") == []


def test_a_forged_consent_link_is_404_and_changes_nothing(site: Site, client: Any) -> None:
    person = Person.new("Frida")
    submit(site, person)
    consent = consent_link(site, person)
    request = request_id(client, consent)
    before = stored(client, request)
    token = consent.rsplit("/", 1)[1]
    forged_tokens = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character changed
        token[:-2],  # cut short
        uuid.uuid4().hex,  # made up
        token + "x" * 40,  # too long to be a token
    ]
    for forged in forged_tokens:
        for answer in (
            get_page(site, f"/api/samtykke/{forged}"),
            post_form(site, f"/api/samtykke/{forged}", {"decision": "ja"}),
        ):
            assert answer.status == 404, (forged, answer.text)
            assert title(answer) == h1(answer) == "Vi finner ikke lenken"
    # The nurse's own link is no consent link either
    own = post_form(site, "/api/samtykke/" + own_token(person, site), {"decision": "ja"})
    assert own.status == 404
    assert stored(client, request) == before
    assert emails_to(person.email, "Lederen din har sagt") == []


def own_token(person: Person, site: Site) -> str:
    """The token of the nurse's own link, from her receipt."""
    receipt = the_email(person.email, "Vi har fått søknaden din om hospitering")
    return link_in(receipt, site, "/api/hospitering/").rsplit("/", 1)[1]


def test_a_used_consent_link_is_409_and_changes_nothing(site: Site, client: Any) -> None:
    # Given a consent the leader gave through her link
    person = Person.new("Gro")
    submit(site, person)
    consent = consent_link(site, person)
    request = request_id(client, consent)
    consent_yes(site, person)
    after_yes, link_after_yes = stored(client, request), link_item(client, consent)
    assert after_yes["status"]["S"] == "awaiting_host"

    # When the link is opened again, the same answer is replayed, or another answer is tried
    for answer in (
        get_page(site, consent),
        post_form(site, consent, {"decision": "ja"}),
        post_form(site, consent, {"decision": "nei", "reason": "Vi har for lite folk i desember."}),
    ):
        # Then a page says so, and nothing changed: no second answer, no email
        assert answer.status == 409, answer.text
        assert title(answer) == h1(answer) == "Lenken er allerede brukt"
    assert stored(client, request) == after_yes and link_item(client, consent) == link_after_yes
    assert len(emails_to(person.email, "Lederen din har sagt ja")) == 1
    assert emails_to(person.email, "Lederen din har sagt nei") == []
    assert len([m for m in emails_to(HOST_UNIT_EMAIL, "Ny søknad") if person.name in text_of(m)]) == 1


def test_the_consent_links_of_a_request_the_schedule_ended_say_they_ran_out(site: Site, client: Any) -> None:
    # Given a request sent 30 days ago whose leader never answered: one reminder after a week (a new link for 14
    # days), and when that ran out too, the schedule ended the request
    person = Person.new("Hege")
    fields = request_fields(person)
    sent = datetime.now(UTC) - timedelta(days=30)
    flow = Workflow(DynamoHospitationRepository(client, TABLE), configured_host_units())
    wishes = (
        WishedPeriod(
            first=date.fromisoformat(fields["period1_first"]), last=date.fromisoformat(fields["period1_last"])
        ),
    )
    flow.submit(HospitationForm.model_validate(fields), wishes, "nedre-romerike", sent)
    first = consent_link(site, person)
    request = request_id(client, first)
    flow.run_schedule(sent + timedelta(days=8))
    reminder = the_email(person.leader_email, "Påminnelse: ")
    second = link_in(reminder, site, "/api/samtykke/")
    flow.run_schedule(sent + timedelta(days=23))
    assert status(client, request) == "expired"
    assert len(emails_to(person.email, "Søknaden om hospitering er avsluttet")) == 1
    before = stored(client, request)

    # When the leader opens either link now, then a page says the link ran out, and nothing changes
    for link in (first, second):
        answer = get_page(site, link)
        assert stored(client, request) == before
        assert (answer.status, title(answer)) == (410, "Lenken er utløpt")


def test_an_area_leader_sees_only_the_requests_of_their_area_and_answers_none_of_another_hosts(
    site: Site, client: Any
) -> None:
    # Given a request from a nurse in Lørenskog (Nedre Romerike) to the palliative centre at Ahus
    person = Person.new("Ingrid")
    page = submit(site, person)
    request = request_id(client, page)

    # The host unit sees nothing until the nurse's leader has said yes
    host = sign_in(site, HOST_COORDINATOR)
    assert request not in listed_ids(site, host)
    assert leader_call(site, "GET", f"/api/leder/hospiteringer/{request}", cookie=host).status == 403
    consent_yes(site, person)
    assert request in listed_ids(site, host)
    before = stored(client, request)
    version = int(before["version"]["N"])
    first_day = today() + timedelta(days=22)
    dates = {"first_day": first_day.isoformat(), "last_day": first_day.isoformat(), "meeting_time": "08:00"}

    # The area leader of another area: not listed, not exported, 403 on the request and on both answers
    other = sign_in(site, OTHER_AREA_LEADER)
    assert request not in listed_ids(site, other)
    export = leader_call(site, "GET", "/api/leder/hospiteringer.csv", cookie=other)
    assert export.status == 200 and person.name not in export.body.decode("utf-8-sig")
    assert leader_call(site, "GET", f"/api/leder/hospiteringer/{request}", cookie=other).status == 403
    confirm = leader_call(
        site, "POST", f"/api/leder/hospiteringer/{request}/bekreft", dates | {"version": version}, other
    )
    assert confirm.status == 403, confirm.body
    decline = leader_call(
        site, "POST", f"/api/leder/hospiteringer/{request}/avslag", {"version": version, "reason": "Nei."}, other
    )
    assert decline.status == 403, decline.body
    assert stored(client, request) == before

    # The area leader of the nurse's area sees it, with the details, but answers only for their own host units
    own = sign_in(site, AREA_LEADER)
    entry = listed_ids(site, own)[request]
    assert entry["name"] == person.name and entry["can_answer"] is False
    detail = leader_call(site, "GET", f"/api/leder/hospiteringer/{request}", cookie=own)
    assert detail.status == 200 and detail.json()["leader_email"] == person.leader_email
    export = leader_call(site, "GET", "/api/leder/hospiteringer.csv", cookie=own)
    assert export.status == 200 and person.name in export.body.decode("utf-8-sig")
    confirm = leader_call(
        site, "POST", f"/api/leder/hospiteringer/{request}/bekreft", dates | {"version": version}, own
    )
    assert confirm.status == 403, confirm.body
    assert stored(client, request) == before


def test_a_leader_who_has_not_answered_in_a_week_gets_one_reminder_however_often_the_schedule_runs(
    site: Site, client: Any
) -> None:
    # Given a request whose leader has not answered
    person = Person.new("Kari")
    page = submit(site, person)
    request = request_id(client, page)
    first = consent_link(site, person)

    # A week less an hour after it was sent, nothing is due yet
    sent = datetime.now(UTC)
    run(now=sent + timedelta(days=7) - timedelta(hours=1))
    assert emails_to(person.leader_email, "Påminnelse: ") == []

    # When the schedule runs 8 days later, again, three times at once (a delivery repeated), and the next day
    eight_days = sent + timedelta(days=8)
    run(now=eight_days)
    after_first_run = stored(client, request)
    run(now=eight_days)
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(run, [eight_days] * 3)), "no run fails"
    run(now=eight_days + timedelta(days=1))

    # Then the leader has had exactly one reminder, with a new link of its own; nothing else changed
    (reminder,) = emails_to(person.leader_email, "Påminnelse: ")
    assert reminder["Subject"] == f"Påminnelse: {person.name} venter på svar om hospitering"
    second = link_in(reminder, site, "/api/samtykke/")
    assert second != first
    assert stored(client, request) == after_first_run
    assert after_first_run["status"]["S"] == "awaiting_consent" and "consent_reminded_at" in after_first_run
    assert [str(m["Subject"]) for m in emails_to(person.email)] == ["Vi har fått søknaden din om hospitering"]
    assert len(emails_to(person.leader_email)) == 2

    # Both links work until the leader answers through one; then the other says the request is answered
    assert get_page(site, first).status == 200 and get_page(site, second).status == 200
    assert post_form(site, second, {"decision": "ja"}).status == 200
    old = get_page(site, first)
    assert old.status == 409 and title(old) == "Søknaden er allerede besvart"
    assert status(client, request) == "awaiting_host"


def test_the_daily_run_the_morning_after_the_last_day_asks_for_the_evaluation(site: Site, client: Any) -> None:
    # Given a confirmed stay of one day
    person = Person.new("Liv")
    page = submit(site, person)
    consent_yes(site, person)
    request = request_id(client, page)
    day = today() + timedelta(days=21)
    confirm_as_host(site, request, day, day)

    # When EventBridge Scheduler runs the schedule as the template says, at 07:00 Oslo time the morning after
    run(now=datetime.combine(day + timedelta(days=1), time(7, 0, 5), OSLO))

    # Then the nurse is asked for her evaluation that morning
    assert status(client, request) == "evaluating"
    assert len(emails_to(person.email, "Hvordan var hospiteringen?")) == 1


def test_the_same_form_sent_twice_makes_one_request(site: Site, client: Any) -> None:
    # A double click, or the browser sending again: the same form token gets the first answer again
    person = Person.new("Mona")
    token = uuid.uuid4().hex
    first = submit(site, person, form_token=token)
    again = submit(site, person, form_token=token)
    assert again == first
    assert len(emails_to(person.email, "Vi har fått søknaden din")) == 1
    assert len(emails_to(person.leader_email)) == 1
