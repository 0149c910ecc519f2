"""News in the leaders' API: the articles a leader writes, one with its versions, a new one, a change, publishing,
taking down, the version before brought back, the preview, and a picture to upload. Part of LeaderFunction
(leaders/app.py includes this router); who writes which news is news/service.py's, on common/access.py's rules."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.answers import NamedChoice
from common.errors import BadRequest, InvalidInput
from common.http import answer, checked_json, read_form
from common.leader_api import area_names, current_leader, read_version
from common.validation import reads
from news.answers import ArticleAnswer, ArticleDetail, ArticleList, ImageUpload, PreviewAnswer
from news.forms import ArticleChange, ArticleFields, ArticleStep, ImageStart, read_article, told
from news.live import newsroom
from news.models import Article
from news.service import image_file

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def _body() -> dict[str, Any]:
    checked_json(router.current_event)
    return read_form(router.current_event)


def _read_image_start(fields: dict[str, Any]) -> None:
    image_file(fields.get("name", ""), fields.get("size", ""))
    raise InvalidInput(field_errors={"image": told("image")})


def _read_change(fields: dict[str, Any]) -> None:
    read_article(fields)
    read_version(fields)
    raise BadRequest()


def _read_step(fields: dict[str, Any]) -> None:
    read_version(fields)
    raise BadRequest()


reads(ArticleFields, read_article)
reads(ArticleChange, _read_change)
reads(ArticleStep, _read_step)
reads(ImageStart, _read_image_start)


def _detail(article: Article, status: int = 200) -> Response[ArticleDetail]:
    return answer(status, ArticleDetail.of(newsroom().view(signed_in_leader(), article.id)))


@router.get("/api/leder/nyheter")
def list_articles() -> Response[ArticleList]:
    leader = signed_in_leader()
    room = newsroom()
    names = area_names()
    return answer(
        200,
        ArticleList(
            articles=[ArticleAnswer.of(article) for article in room.articles(leader)],
            areas=[NamedChoice(id=area, name=names.get(area, area)) for area in room.areas(leader)],
        ),
    )


@router.post("/api/leder/nyheter")
def create_article(body: Annotated[ArticleFields, Body()]) -> Response[ArticleDetail]:
    leader = signed_in_leader()
    article = newsroom().create(leader, _body())
    logger.info("news article created", extra={"article_id": article.id, "status": article.status})
    return _detail(article, 201)


@router.post("/api/leder/nyheter/forhandsvisning")
def preview_article(body: Annotated[ArticleFields, Body()]) -> Response[PreviewAnswer]:
    leader = signed_in_leader()
    return answer(200, PreviewAnswer(html=str(newsroom().preview(leader, _body()))))


@router.post("/api/leder/nyheter/bilde")
def start_image(body: Annotated[ImageStart, Body()]) -> Response[ImageUpload]:
    """A picture for an article: its record, and the form its bytes go to the store with (S3's presigned POST)."""
    leader = signed_in_leader()
    _body()
    upload, form = newsroom().start_image(leader, body.name, body.size)
    logger.info("image upload started", extra={"bytes": upload.size})
    return answer(201, ImageUpload(id=upload.id, name=upload.name, url=form.url, fields=form.fields))


@router.get("/api/leder/nyheter/<article_id>")
def show_article(article_id: str) -> Response[ArticleDetail]:
    leader = signed_in_leader()
    return answer(200, ArticleDetail.of(newsroom().view(leader, article_id)))


@router.put("/api/leder/nyheter/<article_id>")
def change_article(article_id: str, body: Annotated[ArticleChange, Body()]) -> Response[ArticleDetail]:
    leader = signed_in_leader()
    article = newsroom().change(leader, article_id, _body(), body.version)
    logger.info("news article changed", extra={"article_id": article.id, "version": article.version})
    return _detail(article)


@router.post("/api/leder/nyheter/<article_id>/publisering")
def publish_article(article_id: str, body: Annotated[ArticleStep, Body()]) -> Response[ArticleDetail]:
    leader = signed_in_leader()
    _body()
    return _detail(newsroom().publish(leader, article_id, body.version))


@router.post("/api/leder/nyheter/<article_id>/nedtaking")
def withdraw_article(article_id: str, body: Annotated[ArticleStep, Body()]) -> Response[ArticleDetail]:
    leader = signed_in_leader()
    _body()
    return _detail(newsroom().withdraw(leader, article_id, body.version))


@router.post("/api/leder/nyheter/<article_id>/tilbakestilling")
def restore_article(article_id: str, body: Annotated[ArticleStep, Body()]) -> Response[ArticleDetail]:
    """The version before the one the leader saw, brought back as a new version."""
    leader = signed_in_leader()
    _body()
    return _detail(newsroom().restore(leader, article_id, body.version))
