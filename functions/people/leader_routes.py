"""An access or erasure request answered by a leader (`/leder/personer/`, leaders/app.py includes this router), for
a person in her scope (people/erasure.in_scope: the network leader anyone, an area leader a person with a record in
her area):

- `POST /api/leder/personer/innsyn` {"email"}: everything the table holds about the address, by kind, to send the
  person (audited as an export, without the address).
- `POST /api/leder/personer/sletting` {"email", "confirm": true}: erase it all, as Min side's button does; audited
  with the counts only.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, ConfigDict

from common import leader_api
from common.audit import AuditEntry
from common.errors import Forbidden, InvalidInput
from common.http import answer, checked_json
from common.i18n import N_, gettext
from common.person import Checkbox
from common.validation import reads
from people.forms import validate_sign_in
from people.models import SignInForm

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
CONFIRM = N_("Kryss av for at personen har bedt om å bli slettet, og at du vil slette alt.")


class PersonAsked(SignInForm):
    """Whom the request is about."""


class ErasureAsked(SignInForm):
    confirm: Checkbox = False


def read_asked(fields: dict[str, Any]) -> None:
    validate_sign_in(fields)


reads(PersonAsked, read_asked)
reads(ErasureAsked, read_asked)


class KindCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    entity: str
    label: str
    count: int


class PersonRecords(BaseModel):
    """What the table holds about the address: the kinds counted, and the records themselves to send her."""

    id: str = "innsyn"  # what the leaders' forms take as a done answer
    email: str
    total: int
    kinds: list[KindCount]
    records: dict[str, list[dict[str, Any]]]


class ErasureDone(BaseModel):
    id: str = "sletting"
    total: int
    kinds: list[KindCount]
    seats_freed: int
    promoted: int
    text: str


def _counts(counts: dict[str, int]) -> list[KindCount]:
    from people.erasure import ENTITY_LABELS

    return [
        KindCount(entity=name, label=gettext(ENTITY_LABELS.get(name, name)), count=count)
        for name, count in sorted(counts.items())
    ]


@router.post("/api/leder/personer/innsyn")
def access(body: Annotated[PersonAsked, Body()]) -> Response[PersonRecords]:
    from common.aws import dynamodb
    from common.settings import settings
    from people.erasure import export, found_items, in_scope

    signed_in = leader_api.current_leader(router.current_event)
    checked_json(router.current_event)
    table = settings().table_name
    found = found_items(dynamodb(), table, body.email)
    if found and not in_scope(signed_in, found):
        raise Forbidden()
    records: dict[str, list[dict[str, Any]]] = export(dynamodb(), table, body.email)["entities"] if found else {}
    leader_api.audit_log().record(
        AuditEntry(
            at=leader_api.now(),
            actor=signed_in.username,
            actor_sub=signed_in.sub,
            action="export",
            subject="innsyn",
            rows=sum(len(one) for one in records.values()),
        )
    )
    counts = {name: len(one) for name, one in records.items()}
    logger.info("access request answered", extra={"records": sum(counts.values())})
    return answer(
        200, PersonRecords(email=body.email, total=sum(counts.values()), kinds=_counts(counts), records=records)
    )


@router.post("/api/leder/personer/sletting")
def erase_person(body: Annotated[ErasureAsked, Body()]) -> Response[ErasureDone]:
    from common.aws import dynamodb
    from common.settings import settings
    from courses.service import utc_now
    from people.erasure import erase

    signed_in = leader_api.current_leader(router.current_event)
    checked_json(router.current_event)
    if not body.confirm:
        raise InvalidInput(message=gettext(CONFIRM), field_errors={"confirm": gettext(CONFIRM)})
    summary = erase(dynamodb(), settings().table_name, body.email, utc_now, signed_in)
    counts: dict[str, int] = {}
    for part in (summary.removed, summary.anonymised, summary.unnamed):
        for name, count in part.items():
            counts[name] = counts.get(name, 0) + count
    if summary.nothing:
        text = gettext(N_("Vi fant ingenting om denne adressen. Ingenting er slettet."))
    else:
        text = gettext(N_("Slettet: %(count)s opplysninger. %(promoted)s på ventelisten fikk plass.")) % {
            "count": summary.total,
            "promoted": summary.promoted,
        }
    logger.info("erasure by a leader", extra={"items": summary.total, "promoted": summary.promoted})
    done = ErasureDone(
        total=summary.total,
        kinds=_counts(counts),
        seats_freed=summary.seats_freed,
        promoted=summary.promoted,
        text=text,
    )
    return answer(200, done)
