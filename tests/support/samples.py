"""Sample courses and sign-up forms, built fresh for each test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from common.ids import new_ulid
from common.tokens import new_token, token_hash
from courses.models import Course, Registration
from tests.support.guard import aged_stamp

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def course(course_id: str = "grunnkurs-test", capacity: int = 20, days_ahead: int = 30, **overrides: Any) -> Course:
    """A course that starts days_ahead from NOW (or from the real now, with now=...), open until a week before."""
    now: datetime = overrides.pop("now", NOW)
    start = now + timedelta(days=days_ahead)
    values: dict[str, Any] = {
        "id": course_id,
        "title": "Grunnkurs i palliasjon",
        "kind": "grunnkurs",
        "start": start,
        "end": start + timedelta(days=1, hours=6),
        "place": "Nordbyhagen, auditorium 1",
        "area": "alle",
        "capacity": capacity,
        "registration_deadline": start - timedelta(days=7),
        "audience": "Ressurssykepleiere",
        "summary": "To dager om lindrende behandling.",
    }
    return Course.model_validate(values | overrides)


def form(**overrides: str) -> dict[str, str]:
    """A sign-up as a browser sends it (every value a string)."""
    values = {
        "name": "Kari Nordmann",
        "email": "kari.nordmann@example.no",
        "phone": "912 34 567",
        "workplace": "Fjellhamar sykehjem",
        "municipality": "Lørenskog",
        "role": "ressurssykepleier",
        "leader_name": "Lise Leder",
        "leader_email": "lise.leder@example.no",
        "consent": "ja",
        "form_started": aged_stamp(),  # filled in a minute ago (tests/support/guard.py)
    }
    return values | overrides


def registration(course_id: str, email: str, name: str = "Deltaker") -> Registration:
    """A registration as the service would make it, for tests and benchmarks that write below the service."""
    return Registration(
        id=new_ulid(datetime.now(UTC)),
        token_hash=token_hash(new_token()),
        course_id=course_id,
        name=name,
        email=email,
        phone="91234567",
        workplace="Fjellhamar sykehjem",
        municipality="Lørenskog",
        area="nedre-romerike",
        role="ressurssykepleier",
        leader_name="Lise Leder",
        leader_email="lise.leder@example.no",
        created_at=NOW,
        expires_at=int(NOW.timestamp()) + 2 * 365 * 86400,
    )
