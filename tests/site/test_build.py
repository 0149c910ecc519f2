"""The built site: every course has its page, form and receipt; pages are accessible and self-contained."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from courses.models import Course
from tests.site.conftest import ROOT, build

COURSE_FILES = sorted((ROOT / "content" / "kurs").glob("*.md"))
FORM_FIELDS = ["name", "email", "phone", "workplace", "municipality", "role", "leader_name", "leader_email", "consent"]
QUESTIONS = ["workplace_type", "diet"]  # grunnkurs-2027-var asks these too


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.label_for: set[str] = set()
        self.h1 = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "label" and attributes.get("for"):
            self.label_for.add(str(attributes["for"]))
        if tag == "h1":
            self.h1 += 1

    def inputs(self) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t in ("input", "select", "textarea") and a.get("type") != "hidden"]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_pages_the_issue_names_are_built(site: Path) -> None:
    for page in ("index.html", "om/index.html", "kurs/index.html"):
        assert (site / page).is_file(), page
    assert len(COURSE_FILES) >= 3


def test_every_course_has_a_page_and_is_in_the_feed(site: Path) -> None:
    feed = [Course.model_validate(entry) for entry in json.loads(read(site / "kurs" / "kurs.json"))]
    assert len(feed) == len(COURSE_FILES)
    kinds = {course.kind for course in feed}
    assert {"introduksjonskurs", "grunnkurs", "fagdag"} <= kinds
    assert any(course.kind == "grunnkurs" and len(course.days) == 2 for course in feed), "a two-day grunnkurs"
    assert any(course.kind == "fagdag" and course.start.month == 10 for course in feed), "the October fagdag"
    for course in feed:
        page = read(site / course.url / "index.html")
        assert course.title in page


def test_an_open_course_page_has_the_sign_up_form_with_a_label_for_every_field(site: Path) -> None:
    page_text = read(site / "kurs" / "grunnkurs-2027-var" / "index.html")
    page = Page(page_text)
    forms = [attrs for tag, attrs in page.tags if tag == "form"]
    assert len(forms) == 1
    assert {key: forms[0][key] for key in ("method", "action", "accept-charset")} == {
        "method": "post",
        "action": "/api/kurs/grunnkurs-2027-var/pameldinger",
        "accept-charset": "utf-8",
    }
    names = {str(field["name"]) for field in page.inputs()}
    assert names == set(FORM_FIELDS) | set(QUESTIONS) | {"website"}, "and the honeypot (common/form_guard.py)"
    for field in page.inputs():
        if field.get("type") == "radio":
            continue
        assert field["id"] in page.label_for, field
    assert "<legend" in page_text
    assert "/theme/js/signup.js" in page_text


def test_a_course_past_its_deadline_shows_no_form(site: Path) -> None:
    page = read(site / "kurs" / "fagdag-2026" / "index.html")
    assert "<form" not in page
    assert "Påmeldingen til dette kurset er stengt" in page
    listing = read(site / "kurs" / "index.html")
    assert listing.index("Tidligere") < listing.index("fagdag-2026")


def test_the_front_page_lists_upcoming_courses(site: Path) -> None:
    page = read(site / "index.html")
    assert "/kurs/introduksjonskurs-2027-var/" in page
    assert "/kurs/fagdag-2026/" not in page


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "om/index.html",
        "kurs/index.html",
        "kurs/grunnkurs-2027-var/index.html",
    ],
)
def test_each_page_is_norwegian_has_one_h1_and_a_skip_link_first(site: Path, name: str) -> None:
    text = read(site / name)
    page = Page(text)
    assert text.lower().startswith("<!doctype html>")
    assert ("html", {"lang": "nb"}) in page.tags
    assert page.h1 == 1
    first_link = next(attrs for tag, attrs in page.tags if tag == "a")
    assert first_link["href"] == "#hovedinnhold"
    main = next(attrs for tag, attrs in page.tags if tag == "main")
    assert (main["id"], main["tabindex"]) == ("hovedinnhold", "-1")
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for path in html_pages(site):
        page = Page(read(path))
        for tag, attrs in page.tags:
            for attribute in ("src", "srcset", "poster", "data"):
                value = attrs.get(attribute) or ""
                assert not re.match(r"^(https?:)?//", value), f"{path}: <{tag} {attribute}={value}>"
            if tag == "link":
                assert not re.match(r"^(https?:)?//", attrs.get("href") or ""), f"{path}: {attrs}"
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", read(css)), css
        assert "@import" not in read(css)


def test_the_stylesheet_shows_focus_and_adapts_to_small_screens(site: Path) -> None:
    css = read(site / "theme" / "css" / "site.css")
    assert ":focus-visible" in css
    assert "@media" in css


def test_a_course_file_with_bad_metadata_stops_the_build_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    broken = content / "kurs" / "grunnkurs-2027-var.md"
    broken.write_text(read(broken).replace("Capacity: 40", "Capacity: mange"), encoding="utf-8")
    monkeypatch.setenv("LINDRA_BUILD_TIME", "2026-11-23T12:00:00+00:00")
    with pytest.raises(Exception, match=r"grunnkurs-2027-var\.md: capacity"):
        build(tmp_path / "output", content)


class Outline(HTMLParser):
    """Headings in order and the landmarks, as a screen reader lists them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.append(tag)


def test_every_page_has_one_h1_no_skipped_heading_level_and_the_landmarks_in_order(site: Path) -> None:
    problems = []
    for path in html_pages(site):
        outline = Outline(read(path))
        name = str(path.relative_to(site))
        if outline.headings.count(1) != 1 or outline.headings[0] != 1:
            problems.append(f"{name}: h1s {outline.headings}")
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            if after > before + 1:
                problems.append(f"{name}: h{before} then h{after}")
        if [tag for tag in outline.landmarks if tag != "nav"][:3] != ["header", "main", "footer"]:
            problems.append(f"{name}: landmarks {outline.landmarks}")
    assert problems == []


def test_every_public_form_on_the_site_has_the_guards(site: Path) -> None:
    """A honeypot out of sight, sound and tab order, and an empty start that js/form_guard.js fills in (the
    function hands one out with the form when a post comes without it): common/form_guard.py."""
    forms = 0
    for path in html_pages(site):
        text = read(path)
        for form in re.findall(r'<form [^>]*method="post"[^>]*>.*?</form>', text, flags=re.S):
            if 'action="/api/' not in form or "/api/leder/" in form:
                continue
            forms += 1
            assert '<input type="hidden" name="form_started" value="" data-form-stamp>' in form, path
            trap = re.search(
                r'<div class="form-guard" aria-hidden="true">\s*<label for="([^"]+)">La dette feltet stå '
                r'tomt</label>\s*<input type="text" id="([^"]+)" name="website" value="" tabindex="-1" '
                r'autocomplete="off">\s*</div>',
                form,
            )
            assert trap and trap[1] == trap[2], path
            assert '<script type="module" src="/theme/js/form_guard.js"></script>' in form, path
    assert forms >= 5, "sign-ups, absences, the hospitation request and the change report"
    assert (site / "theme" / "js" / "form_guard.js").is_file()
