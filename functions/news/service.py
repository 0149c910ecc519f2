"""The news editor's rules: who writes which news, a picture only with its alt text and only a real PNG or JPEG, every
save a new version on the one the leader saw, the versions before kept and one brought back, and the site built
again whenever what it shows changes. The repository, the file store and the clock come in as arguments (tests use
fakes).

- The network leader writes news for the whole network and for every area; an area leader their own area's
  (common/access.py: Leader.edits_news_in).
- A draft is not on the site. Publishing puts it on the news list, the front page, the Atom feed and search at the
  next build (within a minute); taking it down removes it at the next build. A published article changed stays
  published, changed.
- Each save is one transaction with its version, its audit entry and (when the site changes) a publish request.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import imagesize  # type: ignore[import-untyped]
from markupsafe import Markup

from common.access import NETWORK_WIDE, Leader
from common.audit import AuditEntry
from common.errors import ArticleChanged, Forbidden, InvalidInput, UnknownArticle
from common.files import FileStore, Upload, UploadForm, looks_like
from common.i18n import N_, gettext
from common.ids import new_ulid
from common.markdown_text import safe_html
from common.places import slug
from news.forms import ArticleDraft, read_article, told
from news.models import IMAGE_TYPES, MAX_IMAGE_BYTES, Article, ArticleImage, Revision

ID_ATTEMPTS = 20
IMAGE_HEAD_BYTES = 64 * 1024  # enough of a PNG or JPEG to read its size in pixels
REFUSALS = {
    "image_name": N_("Bildet må være en PNG- eller JPEG-fil (.png, .jpg eller .jpeg)."),
    "image_size": N_("Bildet kan være høyst 5 MB. Gjør det mindre, og last det opp på nytt."),
    "image_type": N_("Filen «%(name)s» er ikke et bilde i PNG- eller JPEG-format, selv om navnet sier det."),
    "image_alt": N_("Skriv en bildetekst for dem som ikke ser bildet: hva viser det?"),
    "empty_page": N_("Teksten blir tom på nettsiden. Skriv vanlig tekst; koder og skript tas bort."),
    "no_earlier": N_("Det finnes ingen tidligere versjon å gå tilbake til."),
}


def _refused(key: str) -> str:
    return gettext(REFUSALS[key])


def image_file(name: object, size: object) -> tuple[str, str, int]:
    """A picture to upload, by its name and size as the browser has them: its name, its type by its name's ending,
    its size, at most MAX_IMAGE_BYTES. InvalidInput at the field otherwise."""
    clean = " ".join(str(name).replace("/", " ").replace("\\", " ").split())[:200]
    ending = clean.rpartition(".")[2].lower() if "." in clean else ""
    if ending not in IMAGE_TYPES:
        raise InvalidInput(field_errors={"image": _refused("image_name")})
    try:
        wanted = int(str(size))
    except ValueError:
        wanted = 0
    if not 0 < wanted <= MAX_IMAGE_BYTES:
        raise InvalidInput(field_errors={"image": _refused("image_size")})
    return clean, IMAGE_TYPES[ending], wanted


class ArticleIdTaken(Exception):
    """A new article's address is in use: the editor tries the next one."""


class NewsRepository(Protocol):
    def articles(self) -> list[Article]: ...

    def article(self, article_id: str) -> Article | None: ...

    def revisions(self, article_id: str) -> list[Revision]:
        """The article's versions, newest first."""
        ...

    def revision(self, article_id: str, version: int) -> Revision | None: ...

    def save(self, article: Article, seen_version: int | None, revision: Revision, entry: AuditEntry) -> Article:
        """Store the article at its version, with the revision and the audit entry, and a publish request when the
        site shows it or showed it; seen_version None for a new one (ArticleIdTaken if its id is used),
        ArticleChanged when the stored one is not at seen_version."""
        ...

    def add_upload(self, upload: Upload) -> None: ...

    def upload(self, upload_id: str) -> Upload | None: ...


@dataclass(frozen=True)
class ArticleView:
    """An article as the editor shows it, with its versions."""

    article: Article
    revisions: list[Revision]


def article_html(article: Article) -> Markup:
    return safe_html(article.body)


class Newsroom:
    def __init__(
        self, repo: NewsRepository, store: FileStore, every_area: Sequence[str], clock: Callable[[], datetime]
    ) -> None:
        self.repo = repo
        self.store = store
        self._areas = [NETWORK_WIDE, *every_area]
        self.clock = clock

    # reading -------------------------------------------------------------------------------------------------

    def articles(self, leader: Leader) -> list[Article]:
        """The articles this leader writes, newest first (the published by when they were, then the drafts)."""
        leader.require_courses()
        found = [article for article in self.repo.articles() if leader.edits_news_in(article.area)]
        return sorted(found, key=lambda a: (a.published_at or a.updated_at, a.updated_at), reverse=True)

    def view(self, leader: Leader, article_id: str) -> ArticleView:
        article = self._article(leader, article_id)
        return ArticleView(article, self.repo.revisions(article_id))

    def areas(self, leader: Leader) -> list[str]:
        leader.require_courses()
        return [area for area in self._areas if leader.edits_news_in(area)]

    def preview(self, leader: Leader, fields: dict[str, object]) -> Markup:
        """The text as the site will show it; the same checks as saving, but nothing stored."""
        leader.require_courses()
        draft = read_article(dict(fields))
        self._check_area(leader, draft.area)
        return self._page_text(draft.body)

    # a picture -------------------------------------------------------------------------------------------------

    def start_image(self, leader: Leader, name: object, size: object) -> tuple[Upload, UploadForm]:
        """A picture's record and the form its bytes go to the store with."""
        leader.require_courses()
        clean, content_type, wanted = image_file(name, size)
        now = self.clock()
        upload_id = new_ulid(now)
        upload = Upload(
            upload_id, clean, wanted, content_type, f"nettsted/{upload_id}", leader.sub or leader.username, now
        )
        self.repo.add_upload(upload)
        return upload, self.store.upload_form(upload.key, upload.content_type, MAX_IMAGE_BYTES)

    def _image(self, leader: Leader, draft: ArticleDraft, stored: ArticleImage | None) -> ArticleImage | None:
        """The article's picture after this save: a new upload (checked by its first bytes), the stored one kept,
        or none; never without its alt text."""
        if draft.image:
            upload = self.repo.upload(draft.image)
            mine = upload is not None and upload.owner == (leader.sub or leader.username)
            if upload is None or not mine or not upload.key.startswith("nettsted/"):
                raise InvalidInput(field_errors={"image": told("image")})
            size = self.store.size(upload.key)
            if size is None:
                raise InvalidInput(field_errors={"image": told("image")})
            if size > MAX_IMAGE_BYTES:
                raise InvalidInput(field_errors={"image": _refused("image_size")})
            head = self.store.first_bytes(upload.key, IMAGE_HEAD_BYTES)
            if not looks_like(upload.content_type, head):
                raise InvalidInput(field_errors={"image": _refused("image_type") % {"name": upload.name}})
            width, height = imagesize.get(io.BytesIO(head))
            picture: ArticleImage | None = ArticleImage(
                key=upload.key,
                content_type=upload.content_type,
                alt=draft.image_alt,
                width=width if width > 0 else None,
                height=height if height > 0 else None,
            )
        elif stored is not None and draft.keep_image:
            picture = stored.model_copy(update={"alt": draft.image_alt})
        else:
            picture = None
        if picture is not None and not picture.alt:
            raise InvalidInput(field_errors={"image_alt": _refused("image_alt")})
        return picture

    # writing ---------------------------------------------------------------------------------------------------

    def create(self, leader: Leader, fields: dict[str, object]) -> Article:
        """A new article from the form: a draft, or published at once when the leader says so."""
        leader.require_courses()
        draft = read_article(dict(fields))
        self._check_area(leader, draft.area)
        self._page_text(draft.body)
        image = self._image(leader, draft, None)
        now = self.clock()
        base = slug(draft.title) if any(c.isalnum() for c in draft.title) else "nyhet"
        for attempt in range(ID_ATTEMPTS):
            article = Article(
                id=base if attempt == 0 else f"{base}-{attempt + 1}",
                title=draft.title,
                summary=draft.summary,
                body=draft.body,
                area=draft.area,
                image=image,
                status="published" if draft.publish else "draft",
                published_at=now if draft.publish else None,
                updated_at=now,
                version=1,
            )
            action = "news_published" if draft.publish else "news_created"
            try:
                return self._save(leader, article, None, action)
            except ArticleIdTaken:
                continue
        raise ArticleIdTaken(base)

    def change(self, leader: Leader, article_id: str, fields: dict[str, object], version: int) -> Article:
        """The article as the form now says; published if the leader says so (a published one stays so)."""
        stored = self._article(leader, article_id, version)
        draft = read_article(dict(fields))
        self._check_area(leader, draft.area)
        self._page_text(draft.body)
        image = self._image(leader, draft, stored.image)
        now = self.clock()
        publish = draft.publish or stored.on_site
        changed = stored.model_copy(
            update={
                "title": draft.title,
                "summary": draft.summary,
                "body": draft.body,
                "area": draft.area,
                "image": image,
                "status": "published" if publish else stored.status,
                "published_at": stored.published_at or (now if publish else None),
                "updated_at": now,
                "version": version + 1,
            }
        )
        action = "news_published" if publish and not stored.on_site else "news_changed"
        return self._save(leader, changed, version, action)

    def publish(self, leader: Leader, article_id: str, version: int) -> Article:
        stored = self._article(leader, article_id, version)
        now = self.clock()
        published = stored.model_copy(
            update={
                "status": "published",
                "published_at": stored.published_at or now,
                "updated_at": now,
                "version": version + 1,
            }
        )
        return self._save(leader, published, version, "news_published")

    def withdraw(self, leader: Leader, article_id: str, version: int) -> Article:
        """Taken off the site (kept here, and can be published again)."""
        stored = self._article(leader, article_id)
        withdrawn = stored.model_copy(
            update={"status": "withdrawn", "updated_at": self.clock(), "version": version + 1}
        )
        return self._save(leader, withdrawn, version, "news_withdrawn")

    def restore(self, leader: Leader, article_id: str, version: int) -> Article:
        """The version before the one the leader saw, brought back as a new version: its text, picture, area and
        whether it is on the site."""
        stored = self._article(leader, article_id, version)
        earlier = self.repo.revision(article_id, version - 1) if version > 1 else None
        if earlier is None:
            raise InvalidInput(field_errors={"": _refused("no_earlier")})
        old = earlier.article
        self._check_area(leader, old.area)
        now = self.clock()
        back = stored.model_copy(
            update={
                "title": old.title,
                "summary": old.summary,
                "body": old.body,
                "area": old.area,
                "image": old.image,
                "status": old.status,
                "published_at": stored.published_at or (now if old.on_site else None),
                "updated_at": now,
                "version": version + 1,
            }
        )
        return self._save(leader, back, version, "news_restored")

    # the rest --------------------------------------------------------------------------------------------------

    def _save(self, leader: Leader, article: Article, seen: int | None, action: str) -> Article:
        now = article.updated_at
        entry = AuditEntry(
            at=now,
            actor=leader.username,
            action=action,
            subject=f"nyheter/{article.id}",
            actor_sub=leader.sub or None,
        )
        revision = Revision(article=article, changed_by=leader.name, action=action)
        return self.repo.save(article, seen, revision, entry)

    def _article(self, leader: Leader, article_id: str, version: int | None = None) -> Article:
        """The stored article, if this leader writes it; ArticleChanged when it is no longer at the version seen."""
        leader.require_courses()
        article = self.repo.article(article_id)
        if article is None:
            raise UnknownArticle()
        if not leader.edits_news_in(article.area):
            raise Forbidden()
        if version is not None and article.version != version:
            raise ArticleChanged()
        return article

    def _check_area(self, leader: Leader, area: str) -> None:
        if area not in self._areas or not leader.edits_news_in(area):
            raise InvalidInput(field_errors={"area": told("area")})

    @staticmethod
    def _page_text(body: str) -> Markup:
        """The text as the page shows it; refused when nothing of it would be left on the page."""
        html = safe_html(body)
        if not html.striptags().strip():
            raise InvalidInput(field_errors={"body": _refused("empty_page")})
        return html
