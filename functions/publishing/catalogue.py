"""The catalogue: what the site build reads from the table, written to a JSON file that the Pelican plugins read
(LINDRA_CATALOGUE): every course and meeting with its description (drafts too: the course_pages plugin leaves them
out), the open units and host units the public forms offer (the catalogue plugin), the published news (the
news_pages plugin; a picture by the address the publisher puts its file at), the documents (document_pages), and the
governance groups with the members shown today, the areas' leaders and the contact details (the catalogue plugin lays
them over network.json's)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from common.access import NETWORK_WIDE
from common.i18n import gettext
from courses.items import Counts
from courses.models import Course
from documents.models import DOCUMENT_KINDS, DocumentVersion
from governance.models import Governance
from governance.service import published_groups
from news.models import Article


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


def news_entry(article: Article) -> dict[str, Any]:
    """A published article as the news_pages plugin reads it."""
    image = article.image
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "area": article.area,
        "published_at": (article.published_at or article.updated_at).isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "image": {"url": image.url, "alt": image.alt, "width": image.width, "height": image.height} if image else None,
    }


def document_entries(shelves: dict[str, list[DocumentVersion]]) -> list[dict[str, Any]]:
    """Each kind with published versions, in the network's order, its versions newest approved first, as the
    document_pages plugin reads them."""
    return [
        {
            "kind": kind,
            "label": gettext(label),
            "url": f"dokumenter/{kind}/",
            "versions": [
                {
                    "id": one.id,
                    "url": one.url,
                    "aliases": list(one.aliases),
                    "title": one.title,
                    "period": one.period,
                    "approved_on": one.approved_on.isoformat(),
                    "approved_by": one.approved_by,
                    "summary": one.summary,
                    "text": one.text,
                    "file": {
                        "url": one.file.path,
                        "name": one.file.name,
                        "content_type": one.file.content_type,
                        "size": one.file.size,
                    }
                    if one.file
                    else None,
                    "updated_at": one.updated_at.isoformat(),
                }
                for one in shelves[kind]
            ],
        }
        for kind, label in DOCUMENT_KINDS.items()
        if shelves.get(kind)
    ]


def governance_entry(governance: Governance, day: date) -> dict[str, Any]:
    """The groups the governance page shows, each member by name, role and workplace only (those whose period lasts
    on day, with their consent); the contact details and areas' leaders as common/network_details.overlaid reads
    them."""
    details = [governance.contact.model_dump(include={"email", "phone", "address"}) | {"key": governance.contact.key}]
    fields = {"name", "title", "email", "phone"}
    details += [
        leader.model_dump(include=fields) | {"key": leader.key} for leader in governance.leaders if leader.version
    ]
    return {
        "groups": [
            {
                "id": group.id,
                "name": group.name,
                "mandate": group.mandate,
                "members": [member.model_dump(include={"name", "role", "organisation"}) for member in group.members],
            }
            for group in published_groups(governance.groups, day)
        ],
        "details": details,
    }
