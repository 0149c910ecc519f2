"""The news editor's rules on fakes: who writes which news, a picture only with its alt text and only if it is one,
versions on the one seen, the version before brought back, and a page the site could not show refused."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from common.access import Leader
from common.errors import ArticleChanged, Forbidden, InvalidInput, UnknownArticle
from news.content import read_article_file
from news.forms import read_article
from news.service import Newsroom, image_file
from tests.unit.fakes import FakeNewsRepository, FakeStore

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
AREAS = ["follo", "nedre-romerike"]


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def leader(role: str = "nettverksleder", area: str | None = None) -> Leader:
    claims: dict[str, Any] = {"sub": f"sub-{role}-{area}", "jti": "j", "exp": 2_000_000_000}
    claims |= {"email": f"{role}@example.no", "name": f"Leder {area or 'nett'}", "cognito:groups": [role]}
    claims |= {"custom:area": area} if area else {}
    return Leader.from_claims(claims)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def room() -> tuple[Newsroom, FakeNewsRepository, FakeStore]:
    repo, store = FakeNewsRepository(), FakeStore()
    return Newsroom(repo, store, AREAS, Clock()), repo, store


def fields(**changes: object) -> dict[str, object]:
    return {
        "title": "Ny strategi vedtatt",
        "summary": "Kort om den.",
        "body": "Strategien er **vedtatt**.",
        "area": "alle",
    } | changes


def field_errors(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return dict(exc.value.field_errors or {})


def test_a_draft_is_made_then_published_each_a_version_with_its_audit_entry_and_a_build() -> None:
    news, repo, _ = room()
    draft = news.create(leader(), fields())
    assert (draft.id, draft.status, draft.version, draft.published_at) == ("ny-strategi-vedtatt", "draft", 1, None)
    published = news.publish(leader(), draft.id, 1)
    assert (published.status, published.version) == ("published", 2) and published.published_at is not None
    assert [entry.action for entry in repo.audit] == ["news_created", "news_published"]
    assert [entry.subject for entry in repo.audit] == ["nyheter/ny-strategi-vedtatt"] * 2
    assert repo.publish_requests == ["NEWS#ny-strategi-vedtatt"] * 2
    assert [r.article.version for r in news.view(leader(), draft.id).revisions] == [2, 1]


def test_a_second_article_of_the_same_title_gets_its_own_address() -> None:
    news, _, _ = room()
    first = news.create(leader(), fields())
    second = news.create(leader(), fields(publish=True))
    assert (first.id, second.id) == ("ny-strategi-vedtatt", "ny-strategi-vedtatt-2")
    assert second.status == "published" and second.published_at is not None


def test_a_change_on_an_older_version_is_refused_and_nothing_is_lost() -> None:
    news, repo, _ = room()
    made = news.create(leader(), fields())
    news.change(leader(), made.id, fields(title="Endret tittel"), 1)
    with pytest.raises(ArticleChanged):
        news.change(leader(), made.id, fields(title="Min endring"), 1)
    stored = repo.article(made.id)
    assert stored is not None and (stored.title, stored.version) == ("Endret tittel", 2)


def test_a_published_article_changed_stays_published_and_keeps_its_date() -> None:
    news, _, _ = room()
    made = news.create(leader(), fields(publish=True))
    changed = news.change(leader(), made.id, fields(summary="Ny ingress."), 1)
    assert changed.status == "published" and changed.published_at == made.published_at
    down = news.withdraw(leader(), made.id, 2)
    assert down.status == "withdrawn" and not down.on_site


def test_the_version_before_is_brought_back_as_a_new_version() -> None:
    news, repo, _ = room()
    made = news.create(leader(), fields(publish=True))
    news.change(leader(), made.id, fields(title="Feil tittel", body="Feil tekst."), 1)
    back = news.restore(leader(), made.id, 2)
    assert (back.title, back.body, back.version, back.status) == (made.title, made.body, 3, "published")
    assert repo.audit[-1].action == "news_restored"
    with pytest.raises(ArticleChanged):
        news.restore(leader(), made.id, 2)  # not the version stored any more
    with pytest.raises(InvalidInput):
        news.restore(leader(), news.create(leader(), fields(title="Annen")).id, 1)  # nothing before version 1


def test_an_area_leader_writes_their_own_areas_news_only() -> None:
    news, _, _ = room()
    follo = leader("omradeleder", "follo")
    own = news.create(follo, fields(area="follo"))
    assert own.area == "follo"
    with pytest.raises(InvalidInput) as refused:
        news.create(follo, fields(area="alle"))
    assert "area" in field_errors(refused)
    network = news.create(leader(), fields(title="For alle"))
    with pytest.raises(Forbidden):
        news.change(follo, network.id, fields(area="follo"), 1)
    assert [a.id for a in news.articles(follo)] == [own.id]
    assert news.areas(follo) == ["follo"] and news.areas(leader()) == ["alle", *AREAS]
    with pytest.raises(Forbidden):
        news.articles(
            Leader.from_claims({"sub": "h", "jti": "j", "exp": 1, "cognito:groups": ["vertsenhet"], "custom:unit": "u"})
        )


def test_the_form_tells_every_field_at_once() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_article({"title": "", "summary": "x" * 301, "body": "", "area": ""})
    assert set(field_errors(refused)) == {"title", "summary", "body", "area"}


def test_a_text_that_would_be_empty_on_the_page_is_refused() -> None:
    news, repo, _ = room()
    with pytest.raises(InvalidInput) as refused:
        news.create(leader(), fields(body="<script>alert(1)</script>"))
    assert "body" in field_errors(refused) and repo.stored == {}


def test_a_picture_needs_its_alt_text_and_must_be_a_picture() -> None:
    news, repo, store = room()
    upload, form = news.start_image(leader(), "sommerfest.png", 2048)
    assert upload.key.startswith("nettsted/") and form.fields["key"] == upload.key
    store.files[upload.key] = png(1200, 800)
    with pytest.raises(InvalidInput) as refused:
        news.create(leader(), fields(image=upload.id, image_alt=""))
    assert "image_alt" in field_errors(refused) and repo.stored == {}
    made = news.create(leader(), fields(image=upload.id, image_alt="Sykepleiere rundt et bord"))
    assert made.image is not None and (made.image.width, made.image.height) == (1200, 800)
    assert made.image.url == f"nyheter/bilder/{upload.id.lower()}.png"
    kept = news.change(leader(), made.id, fields(image_alt="Ny bildetekst"), 1)
    assert kept.image is not None and kept.image.key == upload.key and kept.image.alt == "Ny bildetekst"
    removed = news.change(leader(), made.id, fields(keep_image=False), 2)
    assert removed.image is None


def test_a_renamed_program_is_refused_at_the_picture() -> None:
    news, repo, store = room()
    upload, _ = news.start_image(leader(), "bilde.jpg", 4096)
    store.files[upload.key] = b"MZ\x90\x00\x03 this is a program"
    with pytest.raises(InvalidInput) as refused:
        news.create(leader(), fields(image=upload.id, image_alt="Et bilde"))
    assert "bilde.jpg" in field_errors(refused)["image"] and repo.stored == {}


def test_someone_elses_or_a_missing_upload_is_refused() -> None:
    news, _, store = room()
    upload, _ = news.start_image(leader("omradeleder", "follo"), "bilde.png", 100)
    store.files[upload.key] = png(10, 10)
    with pytest.raises(InvalidInput) as refused:
        news.create(leader(), fields(image=upload.id, image_alt="Et bilde"))
    assert "image" in field_errors(refused)
    mine, _ = news.start_image(leader(), "bilde.png", 100)  # started, never uploaded
    with pytest.raises(InvalidInput):
        news.create(leader(), fields(image=mine.id, image_alt="Et bilde"))


@pytest.mark.parametrize(
    ("name", "size"),
    [("program.exe", 100), ("bilde", 100), ("bilde.png", 0), ("bilde.png", 6 * 1024 * 1024), ("bilde.png", "mye")],
)
def test_a_picture_to_upload_is_refused_by_its_name_or_size(name: str, size: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        image_file(name, size)
    assert "image" in field_errors(refused)


def test_an_unknown_article_is_not_found() -> None:
    news, _, _ = room()
    with pytest.raises(UnknownArticle):
        news.view(leader(), "finnes-ikke")


def test_the_seed_files_read_into_articles() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "content" / "nyheter"
    articles = [read_article_file(path) for path in sorted(root.glob("*.md"))]
    assert articles and all(a.on_site and a.published_at and a.title and a.summary and a.body for a in articles)
    strategy = next(a for a in articles if a.id == "ny-strategi-vedtatt")
    assert strategy.area == "alle" and strategy.published_at is not None and strategy.published_at.year == 2026
