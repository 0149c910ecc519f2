"""The publisher on the real local stack: a course changed in the table (through the editor's repository, as the
leaders' API changes it) is on the served site within seconds, through DynamoDB Local's stream; drafts stay off the
site, a cancelled course says "Avlyst"; a build with no change writes nothing; the seed never overwrites a course
edited in the leaders' area."""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from courses.models import Course
from courses.repository import DynamoCourseRepository
from local import environment
from publishing.build import SiteSource
from publishing.service import publish
from publishing.targets import FolderTarget
from tests.support.samples import course
from tests.support.stack import ROOT, TABLE, Publisher, Site

AREAS = ["gardermoregionen", "nedre-romerike", "folloregionen", "kongsvingerregionen", "oslo", "ahus"]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode())


def new_course(repository: DynamoCourseRepository, **overrides: Any) -> Course:
    now = datetime.now(UTC)
    made = course(f"publisert-{time.time_ns()}", now=now, area="nedre-romerike", kind="nettverksmote", **overrides)
    return repository.create_course(made, "## Program\n\nVi snakker om **lindring**.", now)


def test_a_published_change_is_served_within_seconds_and_a_draft_is_not(
    site: Site, publisher: Publisher, repository: DynamoCourseRepository
) -> None:
    before = publisher.builds
    draft = new_course(repository, status="draft", title="Et utkast ingen ser")
    published = new_course(repository, title="Nettverksmøte om lindring hjemme")
    seconds = publisher.wait(before)
    page = fetch(f"{site.url}/kurs/{published.id}/")
    assert "Nettverksmøte om lindring hjemme" in page and "<strong>lindring</strong>" in page
    assert 'action="/api/kurs/' in page, "the sign-up form"
    assert published.title in fetch(f"{site.url}/kurs/")
    assert published.title in fetch(f"{site.url}/kalender/")
    assert published.title in fetch(f"{site.url}/kalender/nedre-romerike.ics")
    assert published.title not in fetch(f"{site.url}/kalender/folloregionen.ics")
    feed = json.loads(fetch(f"{site.url}/kurs/kurs.json"))
    assert published.id in {entry["id"] for entry in feed} and draft.id not in {entry["id"] for entry in feed}
    assert not (site.output / "kurs" / draft.id).exists()
    assert seconds < 20, f"built and served {seconds:.1f} s after the change"

    before = publisher.builds
    cancelled = repository.change_course(
        published.model_copy(update={"status": "cancelled"}), None, published.version, datetime.now(UTC)
    )
    publisher.wait(before)
    page = fetch(f"{site.url}/kurs/{cancelled.id}/")
    assert "Avlyst" in page and 'action="/api/kurs/' not in page
    assert "STATUS:CANCELLED" in fetch(f"{site.url}/kurs/{cancelled.id}/{cancelled.id}.ics")


def test_a_build_with_nothing_changed_writes_nothing(
    site: Site, dynamodb_local: Any, repository: DynamoCourseRepository, tmp_path: Path
) -> None:
    source = SiteSource(root=ROOT, content=str(site.content))
    target = FolderTarget(tmp_path / "site")
    first = publish(repository, AREAS, source, target)
    assert first.written > 100 and first.courses >= 6
    second = publish(repository, AREAS, source, target)
    assert (second.written, second.deleted) == (0, 0)


def test_the_seed_puts_a_course_in_once_and_never_over_one_edited_in_the_leaders_area(
    client: Any, repository: DynamoCourseRepository, tmp_path: Path
) -> None:
    folder = tmp_path / "kurs"
    folder.mkdir()
    seed = (ROOT / "content" / "kurs" / "fagdag-2027.md").read_text(encoding="utf-8")
    seeded_id = f"fagdag-seed-{time.time_ns()}"
    (folder / f"{seeded_id}.md").write_text(seed.replace("Id: fagdag-2027", f"Id: {seeded_id}"), encoding="utf-8")
    assert environment.seed_courses(client, TABLE, folder) == 1
    stored = repository.get_course(seeded_id)
    assert stored is not None and stored.version == 0 and "Program" in repository.description(seeded_id)
    repository.change_course(stored.model_copy(update={"capacity": 300}), None, 0, datetime.now(UTC))
    assert environment.seed_courses(client, TABLE, folder) == 0
    again = repository.get_course(seeded_id)
    assert again is not None and again.capacity == 300 and again.version == 1
    assert again.start - again.end < timedelta(0)


def test_a_unit_the_network_leader_adds_is_offered_by_the_published_change_report_form(
    site: Site, publisher: Publisher
) -> None:
    from tests.support.hospitation import leader_call, sign_in

    cookie = sign_in(site, "nettverksleder@example.no")
    name = f"Dal testhjem {time.time_ns() % 1_000_000}"
    unit = {"name": name, "kind": "langtidshjem", "area": "gardermoregionen", "municipality": "Eidsvoll"}
    added = leader_call(site, "POST", "/api/leder/enheter", unit, cookie)
    assert added.status == 201, added.body
    unit_id = added.json()["id"]
    seconds = publisher.until(lambda: f'value="{unit_id}"' in fetch(f"{site.url}/navneliste/endring/"))
    assert seconds < 30
    assert name in fetch(f"{site.url}/navneliste/endring/")
