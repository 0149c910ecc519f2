"""News' answers in the leaders' API: the articles a leader writes, one article with its versions, a saved article,
the preview, and a picture to upload with where its bytes go. What news/leader_routes.py sends."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from common.answers import NamedChoice
from common.audit import ACTION_LABELS
from common.formatting import OSLO, date_nb, time_nb
from common.i18n import gettext
from common.leader_api import area_names
from news.models import STATUS_LABELS, Article, ArticleImage, Revision
from news.service import ArticleView


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{date_nb(moment.astimezone(OSLO).date())} {time_nb(moment)}"


class ImageAnswer(BaseModel):
    alt: str
    width: int | None
    height: int | None
    site_url: str  # where the site shows it once published (relative to the site's root)

    @classmethod
    def of(cls, image: ArticleImage) -> ImageAnswer:
        return cls(alt=image.alt, width=image.width, height=image.height, site_url="/" + image.url)


class ArticleAnswer(BaseModel):
    id: str
    title: str
    summary: str
    body: str
    area: str
    area_name: str
    status: str
    status_label: str
    published_at: str
    published_text: str
    updated_text: str
    version: int
    url: str  # the article's page on the site
    image: ImageAnswer | None

    @classmethod
    def of(cls, article: Article) -> ArticleAnswer:
        return cls(
            id=article.id,
            title=article.title,
            summary=article.summary,
            body=article.body,
            area=article.area,
            area_name=area_names().get(article.area, article.area),
            status=article.status,
            status_label=gettext(STATUS_LABELS[article.status]),
            published_at=article.published_at.isoformat() if article.published_at else "",
            published_text=_when(article.published_at),
            updated_text=_when(article.updated_at),
            version=article.version,
            url="/" + article.url,
            image=ImageAnswer.of(article.image) if article.image else None,
        )


class RevisionAnswer(BaseModel):
    version: int
    saved_text: str
    changed_by: str
    action_label: str
    status_label: str
    title: str

    @classmethod
    def of(cls, revision: Revision) -> RevisionAnswer:
        article = revision.article
        return cls(
            version=article.version,
            saved_text=_when(article.updated_at),
            changed_by=revision.changed_by,
            action_label=gettext(ACTION_LABELS.get(revision.action, revision.action)),
            status_label=gettext(STATUS_LABELS[article.status]),
            title=article.title,
        )


class ArticleDetail(BaseModel):
    article: ArticleAnswer
    revisions: list[RevisionAnswer]  # newest first
    can_restore: bool  # a version before this one is kept

    @classmethod
    def of(cls, view: ArticleView) -> ArticleDetail:
        versions = {revision.article.version for revision in view.revisions}
        return cls(
            article=ArticleAnswer.of(view.article),
            revisions=[RevisionAnswer.of(revision) for revision in view.revisions],
            can_restore=view.article.version - 1 in versions,
        )


class ArticleList(BaseModel):
    articles: list[ArticleAnswer]
    areas: list[NamedChoice]  # where this leader may write news


class PreviewAnswer(BaseModel):
    html: str  # the text as the site will show it (made safe)


class ImageUpload(BaseModel):
    """A picture's upload id, and the form the browser posts its bytes with: to `url`, the `fields` first, the file
    last."""

    id: str
    name: str
    url: str
    fields: dict[str, str]
