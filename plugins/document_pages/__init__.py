"""Pelican plugin: the network's documents, from the table through the publisher's catalogue file, or from the files.

The leaders upload the documents (mandat, strategi, handlingsplan, ...) in the browser, with versions, and the
publisher (functions/publishing/) writes the published ones to the catalogue file (CATALOGUE, env LINDRA_CATALOGUE)
under "documents": one entry per kind with at least one published version, in the network's order:

    {"documents": [{"kind": "handlingsplan", "label": "Handlingsplan", "url": "dokumenter/handlingsplan/",
                    "versions": [{"id": "01J...", "url": "dokumenter/handlingsplan/2027/", "aliases": [],
                                  "title": "...", "period": "2027" or "", "approved_on": "2026-11-10",
                                  "approved_by": "..." or "", "summary": "plain text", "text": "Markdown" or "",
                                  "file": null or {"url": "dokumenter/filer/x.pdf", "name": "x.pdf",
                                                   "content_type": "application/pdf", "size": 123456},
                                  "updated_at": ISO with offset}]}]}   # newest approved first: [0] is the current one

With a "documents" key the content/dokumenter/*.md pages with `Template: document` are dropped (on
`page_generator_finalized`; the list page, `Template: documents`, stays) and this plugin's generator writes:

- the kind's page at kind.url: the current version in full, then "Tidligere versjoner" (the earlier ones, each with
  its file and a link to its own page). In the search index (data-pagefind-body).
- every version's own page at version.url and at each of its aliases (older addresses), with a canonical link to the
  kind's page (the current version) or to itself (an earlier one). Not in the search index: the current version's
  text is found on the kind's page, and an earlier version should not be found in place of the current one. An
  earlier version's page says so and links to the current one.

The list page (theme/templates/documents.html) gets the kinds as `document_kinds`. The text is Markdown made safe by
common/markdown_text.py. The file is the publisher's: it puts it into the output after the build, at file.url; the
pages only link to it. Without a catalogue, or with one without "documents" (`make site`, the site tier), everything
is as before: the files are the documents and `document_kinds` is None. A bad entry (no title, a url that is not
"dokumenter/.../", a url used twice, a bad date) stops the build with a DocumentError naming the kind and the id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from common.markdown_text import safe_html

KIND = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A page's address under the documents: "dokumenter/" and at least one lowercase segment, ending in "/".
URL = re.compile(r"^dokumenter/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+$")
FILE_URL = re.compile(r"^dokumenter/[\w./-]+$")
FILE_TYPES = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "ODT",
}
RESERVED = {"dokumenter/filer/"}  # the files' folder is the publisher's


class DocumentError(Exception):
    """A document the site cannot show as it is; the build stops and says which."""


@dataclass(frozen=True)
class DocumentFile:
    """A version's file to download: its address relative to SITEURL, name, type ("PDF", "Word") and size in bytes."""

    url: str
    name: str
    kind: str
    size: int


@dataclass(frozen=True)
class DocumentVersion:
    id: str
    url: str
    aliases: tuple[str, ...]
    title: str
    period: str
    approved_on: date
    approved_by: str
    summary: str
    content: Markup
    file: DocumentFile | None
    updated_at: datetime | None


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    label: str
    url: str
    versions: tuple[DocumentVersion, ...]

    @property
    def current(self) -> DocumentVersion:
        return self.versions[0]

    @property
    def earlier(self) -> tuple[DocumentVersion, ...]:
        return self.versions[1:]


def catalogue_documents(settings: dict[str, Any]) -> list[Any] | None:
    """The catalogue's "documents", or None when this build has no catalogue or its catalogue has no "documents"."""
    path = settings.get("CATALOGUE")
    if not path:
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "documents" not in data:
        return None
    documents = data["documents"]
    if not isinstance(documents, list):
        raise DocumentError('the catalogue\'s "documents" is not a list')
    return documents


def _text(entry: dict[str, Any], key: str, name: str, required: bool = False) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise DocumentError(f"document {name}: {key!r} is missing or not a text")
    return value.strip()


def _url(value: Any, name: str, key: str) -> str:
    if not isinstance(value, str) or not URL.fullmatch(value) or value in RESERVED:
        raise DocumentError(f"document {name}: {key} {value!r} is not a relative address 'dokumenter/.../'")
    return value


def _file(value: Any, name: str) -> DocumentFile | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DocumentError(f"document {name}: file is neither null nor an object")
    url = value.get("url")
    if not isinstance(url, str) or not FILE_URL.fullmatch(url) or ".." in url.split("/") or url.endswith("/"):
        raise DocumentError(f"document {name}: file url {url!r} is not a path 'dokumenter/...' relative to the site")
    file_name = _text(value, "name", name) or url.rsplit("/", 1)[-1]
    size = value.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise DocumentError(f"document {name}: file size is not a positive whole number ({size!r})")
    content_type = str(value.get("content_type") or "").split(";")[0].strip().lower()
    kind = FILE_TYPES.get(content_type) or url.rsplit(".", 1)[-1].upper()
    return DocumentFile(url, file_name, kind, size)


def _version(entry: Any, kind: str, number: int) -> DocumentVersion:
    if not isinstance(entry, dict):
        raise DocumentError(f"document {kind}: version {number} is not an object")
    version_id = entry.get("id")
    if not isinstance(version_id, str) or not version_id.strip():
        raise DocumentError(f"document {kind}: version {number} has no id")
    name = f"{kind} {version_id}"
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        raise DocumentError(f"document {name}: aliases is not a list")
    approved = entry.get("approved_on")
    try:
        if not isinstance(approved, str) or len(approved) != 10:
            raise ValueError(approved)
        approved_on = date.fromisoformat(approved)
    except ValueError as exc:
        raise DocumentError(f"document {name}: 'approved_on' is not an ISO date ({approved!r})") from exc
    updated_at = None
    if entry.get("updated_at"):
        try:
            updated_at = datetime.fromisoformat(str(entry["updated_at"]))
        except ValueError as exc:
            raise DocumentError(f"document {name}: 'updated_at' is not an ISO date and time") from exc
    return DocumentVersion(
        id=version_id,
        url=_url(entry.get("url"), name, "url"),
        aliases=tuple(_url(alias, name, "alias") for alias in aliases),
        title=_text(entry, "title", name, required=True),
        period=_text(entry, "period", name),
        approved_on=approved_on,
        approved_by=_text(entry, "approved_by", name),
        summary=_text(entry, "summary", name),
        content=safe_html(_text(entry, "text", name)),
        file=_file(entry.get("file"), name),
        updated_at=updated_at,
    )


def document_kinds(entries: list[Any]) -> list[DocumentKind]:
    """The catalogue's documents, checked, in its order; every address used once."""
    kinds: list[DocumentKind] = []
    used: dict[str, str] = {}

    def claim(url: str, name: str) -> None:
        if url in used:
            raise DocumentError(f"document {name}: url {url!r} is used twice (also by {used[url]})")
        used[url] = name

    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise DocumentError(f"document entry {number} is not an object")
        kind = entry.get("kind")
        if not isinstance(kind, str) or not KIND.fullmatch(kind):
            raise DocumentError(f"document entry {number}: kind {kind!r} is not a slug (lowercase a-z, 0-9, hyphens)")
        if any(one.kind == kind for one in kinds):
            raise DocumentError(f"document {kind}: kind used twice")
        versions = entry.get("versions")
        if not isinstance(versions, list) or not versions:
            raise DocumentError(f"document {kind}: no published version")
        label = _text(entry, "label", kind, required=True)
        url = _url(entry.get("url"), kind, "url")
        claim(url, kind)
        checked = tuple(_version(version, kind, at) for at, version in enumerate(versions, start=1))
        ids = [version.id for version in checked]
        for version in checked:
            name = f"{kind} {version.id}"
            if ids.count(version.id) > 1:
                raise DocumentError(f"document {name}: id used twice")
            for address in (version.url, *version.aliases):
                claim(address, name)
        kinds.append(DocumentKind(kind, label, url, checked))
    return kinds


def initialized(pelican: Any) -> None:
    """The catalogue's documents, checked before anything is read: a bad entry stops the build at once."""
    entries = catalogue_documents(pelican.settings)
    pelican.settings["DOCUMENT_KINDS"] = None if entries is None else document_kinds(entries)


def drop_document_files(generator: Any) -> None:
    """With the catalogue's documents, content/dokumenter's document pages are not built (the list page stays)."""
    if generator.settings.get("DOCUMENT_KINDS") is None:
        return
    for name in ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations"):
        found = getattr(generator, name, None)
        if isinstance(found, list):
            found[:] = [page for page in found if getattr(page, "template", "") != "document"]


class DocumentGenerator(Generator):
    """The kinds' and versions' pages; `document_kinds` for the list page (None: the files are the documents)."""

    def generate_context(self) -> None:
        self.kinds: list[DocumentKind] | None = self.settings.get("DOCUMENT_KINDS")
        self.context["document_kinds"] = self.kinds

    def generate_output(self, writer: Any) -> None:
        if self.kinds is None:
            return
        template = self.get_template("document_version")
        for kind in self.kinds:
            common = {"document_kind": kind, "current_url": "dokumenter/"}
            writer.write_file(f"{kind.url}index.html", template, self.context, version=kind.current, **common)
            for version in kind.versions:
                for address in (version.url, *version.aliases):
                    writer.write_file(
                        f"{address}index.html",
                        template,
                        self.context,
                        version=version,
                        own_page=True,
                        canonical=kind.url if version is kind.current else version.url,
                        **common,
                    )


def get_generators(_pelican: Any) -> type[Generator]:
    return DocumentGenerator


def register() -> None:
    signals.initialized.connect(initialized)
    signals.page_generator_finalized.connect(drop_document_files)
    signals.get_generators.connect(get_generators)
