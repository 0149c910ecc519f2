"""Pelican plugin: courses and meetings from content/kurs/*.md.

Each file's metadata is validated by the very model the sign-up function uses (courses.models.Course), so a course
that builds is a course the API accepts. Writes kurs/{id}/ (page with the sign-up form), kurs/{id}/kvittering/
(receipt), kurs/ (list), and kurs/kurs.json (what `make run` and deploys put into the table).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.contents import Page
from pelican.generators import Generator
from pydantic import ValidationError

from courses.models import Course
from courses.pages import form_context

METADATA = ("id", "title", "kind", "start", "end", "place", "area", "capacity", "registration_deadline", "audience")


class CourseError(Exception):
    """A course file whose metadata the model refuses; the build stops and says which file and field."""


def build_time() -> datetime:
    """Now, or LINDRA_BUILD_TIME (ISO) so that a test builds the site as of a fixed moment."""
    fixed = os.environ.get("LINDRA_BUILD_TIME")
    return datetime.fromisoformat(fixed) if fixed else datetime.now(UTC)


class CourseGenerator(Generator):
    def generate_context(self) -> None:
        entries: list[tuple[Course, str]] = []
        for path in self.get_files(self.settings.get("COURSE_PATHS", ["kurs"]), exclude=[]):
            page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
            entries.append((self._course(path, page), page.content))
        ids = [course.id for course, _ in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise CourseError(f"course id used twice: {', '.join(duplicates)}")
        entries.sort(key=lambda entry: entry[0].start)
        now = build_time()
        self.entries = entries
        self.now = now
        self.context["courses"] = [course for course, _ in entries]
        self.context["upcoming_courses"] = [course for course, _ in entries if course.end >= now]
        self.context["past_courses"] = [course for course, _ in reversed(entries) if course.end < now]
        self.context["open_course_ids"] = {course.id for course, _ in entries if course.is_open(now)}

    def _course(self, path: str, page: Page) -> Course:
        meta = page.metadata
        values: dict[str, Any] = {name: meta.get(name) for name in METADATA if meta.get(name) is not None}
        if meta.get("summary"):
            values["summary"] = Markup(meta["summary"]).striptags()  # noqa: S704 - the author's own text, tags removed
        try:
            return Course.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise CourseError(f"{path}: {problems}") from exc

    def generate_output(self, writer: Any) -> None:
        common = form_context()
        for course, content in self.entries:
            writer.write_file(
                f"{course.url}index.html",
                self.get_template("course"),
                self.context,
                course=course,
                course_content=content,
                form={},
                errors={},
                form_message="",
                is_open=course.is_open(self.now),
                current_url="kurs/",
                **common,
            )
            writer.write_file(
                f"{course.receipt_url}index.html",
                self.get_template("receipt"),
                self.context,
                course=course,
                current_url="kurs/",
            )
        writer.write_file("kurs/index.html", self.get_template("courses"), self.context, current_url="kurs/")
        feed = [course.model_dump(mode="json") for course, _ in self.entries]
        target = Path(self.output_path) / "kurs" / "kurs.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(feed, ensure_ascii=False, indent=1), encoding="utf-8")


def get_generators(_pelican: Any) -> type[Generator]:
    return CourseGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
