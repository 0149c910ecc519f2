"""The document editor's rules on fakes: a new version keeps the older ones as earlier versions, a file only if it is
the PDF or Word file it says, a text always, versions on the one seen, the state before brought back, the network
leader's alone; and the seed files read into versions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from common.access import Leader
from common.errors import DocumentChanged, Forbidden, InvalidInput, UnknownDocument
from common.formatting import read_day
from documents.content import document_files
from documents.forms import read_document
from documents.service import DocumentEditor, current_versions, document_file
from publishing.catalogue import document_entries
from tests.unit.fakes import FakeDocumentRepository, FakeStore

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
ROOT = Path(__file__).resolve().parents[2]


def leader(role: str = "nettverksleder", area: str | None = None) -> Leader:
    claims: dict[str, Any] = {"sub": f"sub-{role}", "jti": "j", "exp": 2_000_000_000, "email": f"{role}@example.no"}
    claims |= {"name": "Marte Lindqvist", "cognito:groups": [role]} | ({"custom:area": area} if area else {})
    return Leader.from_claims(claims)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def editor() -> tuple[DocumentEditor, FakeDocumentRepository, FakeStore]:
    repo, store = FakeDocumentRepository(), FakeStore()
    return DocumentEditor(repo, store, Clock()), repo, store


def plan(**changes: object) -> dict[str, object]:
    return {
        "kind": "handlingsplan",
        "title": "Handlingsplan 2024–2026",
        "period": "2024–2026",
        "approved_on": "2024-01-15",
        "approved_by": "Arbeidsgruppen",
        "summary": "Hva nettverket skal gjøre.",
        "text": "## Mål\n\n- Alle har en funksjonsbeskrivelse.",
    } | changes


def uploaded(docs: DocumentEditor, store: FakeStore, name: str, data: bytes) -> str:
    upload, form = docs.start_file(leader(), name, len(data))
    assert upload.key.startswith("nettsted/") and form.fields["key"] == upload.key
    store.files[upload.key] = data
    return upload.id


def errors(refused: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return dict(refused.value.field_errors or {})


def test_a_new_version_keeps_the_one_before_as_an_earlier_version() -> None:
    docs, repo, store = editor()
    old = docs.add(leader(), plan(file=uploaded(docs, store, "Handlingsplan 2024-2026.pdf", PDF)))
    new = docs.add(leader(), plan(title="Handlingsplan 2027", period="2027", approved_on="10.11.2026"))
    assert (old.slug, new.slug, old.url) == ("2024-2026", "2027", "dokumenter/handlingsplan/2024-2026/")
    assert old.file is not None and old.file.path.startswith("dokumenter/filer/handlingsplan-2024-2026-")
    assert old.file.path.endswith(".pdf") and old.file.size == len(PDF)
    shelves = current_versions(repo.versions())
    assert [v.title for v in shelves["handlingsplan"]] == ["Handlingsplan 2027", "Handlingsplan 2024–2026"]
    entry = document_entries(shelves)[0]
    assert entry["url"] == "dokumenter/handlingsplan/" and entry["versions"][1]["file"]["name"].endswith(".pdf")
    assert [e.action for e in repo.audit] == ["document_added", "document_added"] and len(repo.publish_requests) == 2


def test_a_second_version_of_the_same_period_gets_its_own_address() -> None:
    docs, _, _ = editor()
    first, second = docs.add(leader(), plan()), docs.add(leader(), plan())
    assert (first.slug, second.slug) == ("2024-2026", "2024-2026-2")


def test_taking_the_newest_down_makes_the_one_before_current_and_it_can_come_back() -> None:
    docs, repo, _ = editor()
    docs.add(leader(), plan())
    newest = docs.add(leader(), plan(title="Handlingsplan 2027", period="2027", approved_on="2026-11-10"))
    down = docs.withdraw(leader(), newest.id, 1)
    assert [v.title for v in current_versions(repo.versions())["handlingsplan"]] == ["Handlingsplan 2024–2026"]
    again = docs.publish(leader(), newest.id, down.version)
    assert again.on_site and current_versions(repo.versions())["handlingsplan"][0].id == newest.id


def test_a_change_on_an_older_version_is_refused_and_the_state_before_comes_back() -> None:
    docs, _, _ = editor()
    made = docs.add(leader(), plan())
    changed = docs.change(leader(), made.id, plan(summary="Feil ingress.", kind="strategi"), 1)
    assert changed.kind == "handlingsplan", "a version stays of its kind"
    with pytest.raises(DocumentChanged):
        docs.change(leader(), made.id, plan(summary="Min endring."), 1)
    back = docs.restore(leader(), made.id, 2)
    assert (back.summary, back.version, back.slug) == (made.summary, 3, made.slug)
    with pytest.raises(InvalidInput):
        docs.restore(leader(), docs.add(leader(), plan()).id, 1)


def test_a_renamed_program_or_a_picture_is_refused_at_the_file() -> None:
    docs, repo, store = editor()
    program = uploaded(docs, store, "plan.pdf", b"MZ\x90\x00\x03 a program")
    with pytest.raises(InvalidInput) as refused:
        docs.add(leader(), plan(file=program))
    assert "plan.pdf" in errors(refused)["file"] and repo.stored == {}
    for name, size in (("plan.exe", 100), ("bilde.png", 100), ("plan.pdf", 0), ("plan.pdf", 21 * 1024 * 1024)):
        with pytest.raises(InvalidInput) as refused:
            document_file(name, size)
        assert "file" in errors(refused)
    word = uploaded(docs, store, "Mandat.docx", b"PK\x03\x04 word")
    made = docs.add(leader(), plan(kind="mandat", file=word))
    assert made.file is not None and made.file.content_type.endswith("wordprocessingml.document")


def test_every_field_is_told_at_once_and_a_text_is_needed() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_document({"kind": "brosjyre", "title": "", "approved_on": "31.02.2024", "summary": "", "text": ""})
    assert set(errors(refused)) == {"kind", "title", "approved_on", "summary", "text"}
    assert read_day("2024-01-15") == read_day("15.1.2024") == date(2024, 1, 15) and read_day("januar") is None
    docs, _, _ = editor()
    with pytest.raises(InvalidInput) as refused:
        docs.add(leader(), plan(text="<script>x()</script>"))
    assert "text" in errors(refused)


def test_only_the_network_leader_keeps_the_documents() -> None:
    docs, _, _ = editor()
    made = docs.add(leader(), plan())
    with pytest.raises(Forbidden):
        docs.versions(leader("omradeleder", "follo"))
    with pytest.raises(Forbidden):
        docs.change(leader("omradeleder", "follo"), made.id, plan(), 1)
    with pytest.raises(UnknownDocument):
        docs.view(leader(), "finnes-ikke")


def test_the_seed_files_read_into_versions_and_keep_their_addresses() -> None:
    found = {version.kind: version for version in document_files(ROOT / "content" / "dokumenter")}
    assert set(found) >= {"mandat", "strategi", "handlingsplan", "arsrapport"}
    assert found["strategi"].period == "2026–2029" and found["strategi"].url == "dokumenter/strategi/2026-2029/"
    report = found["arsrapport"]
    assert report.aliases == ("dokumenter/arsrapport-2025/",) and report.file is not None
    assert report.file.key == "" and report.file.path == "dokumenter/filer/arsrapport-2025-tall.csv"
    assert all(v.text.strip() and v.summary for v in found.values())
