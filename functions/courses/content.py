"""The courses of content/kurs/*.md: the seed of the table, imported once (`make run` into an empty local table, a
command into a deployed stack; courses/repository.py import_course never overwrites a course edited in the leaders'
area). Each file is Pelican's Markdown: `Key: value` lines, a blank line, then the description and programme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import ValidationError

from courses.models import Course

METADATA = (
    "id",
    "title",
    "kind",
    "start",
    "end",
    "place",
    "area",
    "capacity",
    "registration_deadline",
    "audience",
    "questions",
    "cancellation_deadline",
    "leader_can_join",
    "status",
    "reminder_days",
    "directions",
)


class CourseFileError(Exception):
    """A course file the model refuses; says which file and what."""


def read_course_file(path: Path) -> tuple[Course, str]:
    """A course file into the course and its description (Markdown)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip():
            meta[name.strip().lower()] = value.strip()
    values: dict[str, Any] = {name: meta[name] for name in METADATA if meta.get(name)}
    if meta.get("summary"):
        values["summary"] = Markup(meta["summary"]).striptags()  # noqa: S704 - the author's own text, tags removed
    try:
        return Course.model_validate(values), body.strip() + "\n"
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CourseFileError(f"{path}: {problems}") from exc


def course_files(folder: Path) -> Iterator[tuple[Course, str]]:
    for path in sorted(folder.glob("*.md")):
        yield read_course_file(path)
