"""Pelican plugin: the courses and meetings, and the calendar.

The courses come from the table: the publisher (functions/publishing/) writes them to a catalogue file and points
LINDRA_CATALOGUE (or the CATALOGUE setting) at it. Without one (`make site`, the site tier's builds) they come from
content/kurs/*.md, the table's seed (courses/content.py), read by the very model the functions use. Drafts are left
out; a cancelled course keeps its page, which says "Avlyst". Descriptions are Markdown, made safe by
common/markdown_text.py. Writes:

- kurs/{id}/ (the course page with the sign-up form) and kurs/{id}/{id}.ics (the receipt is the function's);
- kurs/ (upcoming and past) and kurs/kurs.json (what `make run` and deploys put into the table);
- kalender/ with a pre-built page for every area and type (filtering needs no JavaScript), kalender/alle.ics and
  kalender/{area}.ics (an area's feed has its own events and the network-wide ones);
- nettverk.css: the network's colours from its config.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from common.i18n import gettext
from common.markdown_text import safe_html
from courses.content import CourseFileError, course_files
from courses.ical import calendar
from courses.models import KIND_LABELS, Course
from courses.pages import form_context

ALL = "alle"


class CourseError(Exception):
    """A course the model refuses, or whose area the network does not have; the build stops and says where."""


def catalogue_path(settings: dict[str, Any]) -> Path | None:
    """The catalogue file the publisher wrote, if this build is the publisher's."""
    path = settings.get("CATALOGUE") or os.environ.get("LINDRA_CATALOGUE")
    return Path(path) if path else None


def catalogue_courses(path: Path) -> list[tuple[Course, str]]:
    """The courses of a catalogue file: {"courses": [{...the course's fields, "description": Markdown}]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for entry in data.get("courses", []):
        description = str(entry.get("description") or "")
        entries.append((Course.model_validate({k: v for k, v in entry.items() if k != "description"}), description))
    return entries


def build_time() -> datetime:
    """Now, or LINDRA_BUILD_TIME (ISO) so that a test builds the site as of a fixed moment."""
    fixed = os.environ.get("LINDRA_BUILD_TIME")
    return datetime.fromisoformat(fixed) if fixed else datetime.now(UTC)


@dataclass(frozen=True)
class CalendarView:
    """One pre-built calendar page: the events of an area (or all) of a kind (or all)."""

    area: str
    kind: str

    @property
    def url(self) -> str:
        if self.area == ALL and self.kind == ALL:
            return "kalender/"
        if self.kind == ALL:
            return f"kalender/{self.area}/"
        return f"kalender/{self.area}/{self.kind}/"

    def shows(self, course: Course) -> bool:
        in_area = self.area == ALL or course.area in (self.area, ALL)
        return in_area and (self.kind == ALL or course.kind == self.kind)


class CourseGenerator(Generator):
    def generate_context(self) -> None:
        network = self.settings["NETWORK"]
        areas = {area["id"] for area in network["areas"]} | {ALL}
        catalogue = catalogue_path(self.settings)
        if catalogue is not None:
            found = catalogue_courses(catalogue)
        else:
            try:
                found = [
                    entry
                    for folder in self.settings.get("COURSE_PATHS", ["kurs"])
                    for entry in course_files(Path(self.path) / folder)
                ]
            except CourseFileError as exc:
                raise CourseError(str(exc)) from exc
        entries: list[tuple[Course, str]] = []
        for course, description in found:
            if course.area not in areas:
                raise CourseError(f"{course.id}: area {course.area!r} is not in the network's config ({sorted(areas)})")
            if course.published:
                entries.append((course, safe_html(description)))
        ids = [course.id for course, _ in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise CourseError(f"course id used twice: {', '.join(duplicates)}")
        entries.sort(key=lambda entry: entry[0].start)
        self.entries = entries
        self.now = build_time()
        courses = [course for course, _ in entries]
        self.context["courses"] = courses
        self.context["upcoming_courses"] = [course for course in courses if course.end >= self.now]
        self.context["past_courses"] = [course for course in reversed(courses) if course.end < self.now]
        self.context["KIND_LABELS"] = {kind: gettext(label) for kind, label in KIND_LABELS.items()}
        in_order = [ALL, *(area["id"] for area in network["areas"])]  # the config's order
        self.views = [CalendarView(area, kind) for area in in_order for kind in [ALL, *KIND_LABELS]]

    def generate_output(self, writer: Any) -> None:
        common = form_context()
        output = Path(self.output_path)
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
            self._write(output / course.url / f"{course.id}.ics", self._ical([course], course.title))
        writer.write_file("kurs/index.html", self.get_template("courses"), self.context, current_url="kurs/")
        for view in self.views:
            shown = [course for course in self.context["courses"] if view.shows(course)]
            writer.write_file(
                f"{view.url}index.html",
                self.get_template("calendar"),
                self.context,
                view=view,
                views=self.views,
                upcoming=[course for course in shown if course.end >= self.now],
                past=[course for course in reversed(shown) if course.end < self.now],
                current_url="kalender/",
            )
        area_names = self.settings["AREA_NAMES"]
        for view in self.views:
            if view.kind == ALL:
                name = self.settings["SITENAME"] + ("" if view.area == ALL else f" – {area_names[view.area]}")
                courses = [course for course in self.context["courses"] if view.shows(course)]
                self._write(output / "kalender" / f"{view.area}.ics", self._ical(courses, name))
        feed = [course.model_dump(mode="json") for course in self.context["courses"]]
        self._write(output / "kurs" / "kurs.json", json.dumps(feed, ensure_ascii=False, indent=1).encode())
        colours = self.settings["NETWORK"].get("colours") or {}
        self._write(output / "nettverk.css", network_css(colours).encode())

    def _ical(self, courses: list[Course], name: str) -> bytes:
        site_url = self.settings.get("SITEURL", "")
        domain = site_url.split("://")[-1].split("/")[0] or "lindra.local"
        # DTSTAMP at the day's start, not the build's second: an hourly build with no change writes the same file
        # (and uploads nothing); a changed course says so by its SEQUENCE, its version.
        stamp = self.now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return calendar(courses, name, site_url, stamp, domain)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def network_css(colours: dict[str, str]) -> str:
    """The network's colours as CSS custom properties over the theme's defaults (a file: no inline style)."""
    lines = []
    if colours.get("primary"):
        lines += [f"  --c-main: {colours['primary']};", f"  --c-link: {colours['primary']};"]
    if colours.get("accent"):
        lines.append(f"  --c-focus: {colours['accent']};")
    return ":root {\n" + "\n".join(lines) + "\n}\n" if lines else "/* the theme's own colours */\n"


def get_generators(_pelican: Any) -> type[Generator]:
    return CourseGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
