"""What a network publishes, driven by its config: governance, local networks, documents, news, the statements."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.pofile import read_po

from tests.site.test_build import read
from tests.support.stack import ROOT

NETWORK = json.loads((ROOT / "content" / "data" / "network.json").read_text(encoding="utf-8"))
DOCTYPES = {
    "mandat",
    "strategi",
    "handlingsplan",
    "kompetanseplan",
    "funksjonsbeskrivelse",
    "hospitering",
    "arsrapport",
}


def test_the_governance_page_shows_every_group_and_member_from_the_config(site: Path) -> None:
    page = read(site / "styring" / "index.html")
    for group in NETWORK["governance"]["groups"]:
        assert f">{group['name']}</h2>" in page
        for member in group["members"]:
            assert member["name"] in page


def test_the_local_networks_page_shows_each_area_with_its_leader_and_meetings(site: Path) -> None:
    page = read(site / "lokale-nettverk" / "index.html")
    for area in NETWORK["areas"]:
        assert f'id="omrade-{area["id"]}"' in page
        assert area["leader"]["email"] in page
    assert "/kurs/nettverksmote-nedre-romerike-2027-01/" in page


def test_every_kind_of_document_has_a_dated_versioned_page_listed_in_the_archive(site: Path) -> None:
    archive = read(site / "dokumenter" / "index.html")
    found = set()
    for path in (ROOT / "content" / "dokumenter").glob("*.md"):
        meta = dict(line.split(": ", 1) for line in path.read_text(encoding="utf-8").split("\n\n")[0].splitlines())
        if meta.get("Template") != "document":
            continue
        found.add(meta["Doctype"])
        page = read(site / meta["Url"] / "index.html")
        assert f"<dd>{meta['Version']}</dd>" in page
        assert f'<time datetime="{meta["Date"][:10]}">' in page
        assert f'href="/{meta["Url"]}"' in archive
    assert found >= DOCTYPES


def test_news_has_a_list_and_an_atom_feed(site: Path) -> None:
    feed = ET.parse(site / "nyheter" / "atom.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(list((ROOT / "content" / "nyheter").glob("*.md")))
    listing = read(site / "nyheter" / "index.html")
    for entry in entries:
        title = entry.findtext("{http://www.w3.org/2005/Atom}title")
        assert title and title in listing


def test_contact_privacy_and_accessibility_statements_are_linked_from_every_page(site: Path) -> None:
    for slug in ("kontakt", "personvern", "tilgjengelighet"):
        assert (site / slug / "index.html").is_file()
    for page in ("index.html", "kurs/index.html", "dokumenter/strategi/index.html"):
        text = read(site / page)
        assert 'href="/personvern/"' in text and 'href="/tilgjengelighet/"' in text
    statement = read(site / "tilgjengelighet" / "index.html")
    assert "WCAG" in statement and "Tilsynet for universell utforming" in statement
    privacy = read(site / "personvern" / "index.html")
    assert "12 måneder" in privacy and "Datatilsynet" in privacy


def test_the_networks_colours_come_from_its_config_in_a_stylesheet(site: Path) -> None:
    css = read(site / "nettverk.css")
    assert NETWORK["colours"]["primary"] in css and NETWORK["colours"]["accent"] in css


def test_the_message_catalogue_is_up_to_date_and_nynorsk_is_complete(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "--omit-header",
            "--sort-output",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = {m.id for m in read_po(pot.open("rb")) if m.id}
    committed = {m.id for m in read_po((ROOT / "theme" / "locale" / "messages.pot").open("rb")) if m.id}
    assert extracted == committed, "run `make messages`"
    nynorsk = read_po((ROOT / "theme" / "locale" / "nn" / "LC_MESSAGES" / "messages.po").open("rb"))
    translated = {m.id for m in nynorsk if m.id and m.string and not m.fuzzy}
    assert extracted - translated == set(), "translate the new entries in theme/locale/nn/LC_MESSAGES/messages.po"


def test_the_hospitation_page_explains_the_routine_and_asks_for_every_host_unit_in_the_config(site: Path) -> None:
    page = read(site / "hospitering" / "index.html")
    assert 'action="/api/hospitering"' in page and 'method="post"' in page
    assert 'href="/dokumenter/hospitering/"' in page, "the whole routine is one click away"
    for unit in NETWORK["host_units"]:
        assert f'<option value="{unit["id"]}">{unit["name"]}</option>' in page
    for name in ("leader_name", "leader_email", "period1_first", "period1_last", "period2_first", "goals", "consent"):
        assert f'name="{name}"' in page
    assert 'id="felt-goals-hint"' in page and "Ikke skriv pasientopplysninger" in page
    assert 'aria-describedby="felt-goals-hint"' in page, "the warning is read out with the field"
    routine = read(site / "dokumenter" / "hospitering" / "index.html")
    assert 'href="/hospitering/"' in routine, "the routine points to the form"
