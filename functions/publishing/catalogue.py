"""The catalogue: what the site build reads from the table, written to a JSON file that the Pelican plugins read
(LINDRA_CATALOGUE): every course and meeting with its description (drafts too: the course_pages plugin leaves them
out), and the open units and host units the public forms offer (the catalogue plugin)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from common.access import NETWORK_WIDE
from courses.items import Counts
from courses.models import Course


class CatalogueRepository(Protocol):
    def all_courses(self, areas: list[str]) -> Any: ...

    def descriptions(self, course_ids: list[str]) -> dict[str, str]: ...


def catalogue(
    repo: CatalogueRepository,
    every_area: Sequence[str],
    units: Sequence[dict[str, Any]] = (),
    host_units: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The courses of every area and of the whole network, soonest first, each with its description; the units."""
    found: list[tuple[Course, Counts]] = list(repo.all_courses([*every_area, NETWORK_WIDE]))
    found.sort(key=lambda pair: (pair[0].start, pair[0].id))
    texts = repo.descriptions([course.id for course, _ in found])
    return {
        "courses": [course.model_dump(mode="json") | {"description": texts.get(course.id, "")} for course, _ in found],
        "units": list(units),
        "host_units": list(host_units),
    }


def write_catalogue(data: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
