"""Letters in the leaders' API: attach a file, preview a letter, send it, list a course's letters and the network's,
and see how one letter's emails went. Part of LeaderFunction (leaders/app.py includes this router); who may write to
whom is letters/service.py's, on common/access.py's rules."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import NETWORK_WIDE, Leader
from common.answers import Choice, NamedChoice
from common.http import answer, checked_json, read_form
from common.i18n import gettext
from common.leader_api import area_names, current_leader, every_area
from common.validation import reads
from letters.answers import (
    DeliveryAnswer,
    FileAnswer,
    LetterAnswer,
    LetterChoices,
    LetterDetail,
    LetterList,
    LetterSent,
    PreviewAnswer,
    UploadAnswer,
    delivery_problem,
    kind_label,
    progress_answer,
)
from letters.forms import LetterFields, read_letter
from letters.live import articles, letters
from letters.models import COURSE_GROUP_LABELS, ROSTER_GROUP_LABELS, UploadStart
from letters.service import unreadable_file

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def _body() -> dict[str, Any]:
    checked_json(router.current_event)
    return read_form(router.current_event)


def _read_upload(fields: dict[str, Any]) -> None:
    raise unreadable_file()


reads(LetterFields, read_letter)
reads(UploadStart, _read_upload)


@router.get("/api/leder/meldinger/valg")
def letter_choices() -> Response[LetterChoices]:
    leader = signed_in_leader()
    leader.require_courses()
    names = area_names()
    areas = [NETWORK_WIDE, *every_area()] if leader.role == "nettverksleder" else [str(leader.area)]
    newsletter = leader.role == "nettverksleder"
    return answer(
        200,
        LetterChoices(
            areas=[NamedChoice(id=area, name=names.get(area, area)) for area in areas],
            course_groups=[Choice(id=k, label=gettext(v)) for k, v in COURSE_GROUP_LABELS.items()],
            roster_groups=[Choice(id=k, label=gettext(v)) for k, v in ROSTER_GROUP_LABELS.items()],
            articles=[Choice(id=a.url, label=f"{a.title} ({a.date})") for a in articles()] if newsletter else [],
            newsletter=newsletter,
        ),
    )


@router.post("/api/leder/vedlegg")
def start_upload(body: Annotated[UploadStart, Body()]) -> Response[UploadAnswer]:
    """A file to attach: its record, and the form its bytes go to the store with (S3's presigned POST)."""
    leader = signed_in_leader()
    _body()
    attachment, form = letters().start_upload(leader, body.name, body.size, body.content_type)
    logger.info("upload started", extra={"bytes": attachment.size})
    return answer(201, UploadAnswer(file=FileAnswer.of(attachment), url=form.url, fields=form.fields))


@router.post("/api/leder/meldinger/forhandsvisning")
def preview_letter(body: Annotated[LetterFields, Body()]) -> Response[PreviewAnswer]:
    leader = signed_in_leader()
    preview = letters().preview(leader, read_letter(_body()))
    return answer(200, PreviewAnswer.of(preview))


@router.post("/api/leder/meldinger")
def send_letter(body: Annotated[LetterFields, Body()]) -> Response[LetterSent]:
    """The letter accepted: each recipient's email is in the outbox, and the mail worker sends them at SES's pace."""
    leader = signed_in_leader()
    preview = letters().send(leader, read_letter(_body()))
    logger.info("letter sent", extra={"audience": preview.letter.audience, "recipients": len(preview.recipients)})
    return answer(202, LetterSent(letter=LetterAnswer.of(preview.letter)))


@router.get("/api/leder/meldinger")
def list_letters() -> Response[LetterList]:
    leader = signed_in_leader()
    return answer(200, LetterList(letters=[LetterAnswer.of(letter) for letter in letters().letters_to_network(leader)]))


@router.get("/api/leder/kurs/<course_id>/meldinger")
def list_course_letters(course_id: str) -> Response[LetterList]:
    leader = signed_in_leader()
    found = letters().letters_of_course(leader, course_id)
    return answer(200, LetterList(letters=[LetterAnswer.of(letter) for letter in found]))


@router.get("/api/leder/meldinger/<letter_id>")
def show_letter(letter_id: str) -> Response[LetterDetail]:
    from common.markdown_text import safe_html

    leader = signed_in_leader()
    letter, progress, undelivered = letters().letter(leader, letter_id)
    return answer(
        200,
        LetterDetail(
            letter=LetterAnswer.of(letter),
            html=str(safe_html(letter.text)) if letter.text else "",
            files=[FileAnswer.of(attachment, letter.id) for attachment in letter.attachments],
            progress=progress_answer(progress.total, progress.sent, progress.waiting, progress.undelivered),
            undelivered=[
                DeliveryAnswer(
                    name=d.name, email=d.email, kind_label=kind_label(d.kind), problem=delivery_problem(d.mail_status)
                )
                for d in undelivered
            ],
        ),
    )
