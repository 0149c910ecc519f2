"""The governance and contact details on the site (plugins/catalogue): from the publisher's catalogue file
("governance": the table's groups with the members shown today, the contact details and the areas' leaders) when it
has them, else network.json's. The governance page, the local networks' page, the footer of every page and the pages
kept in git that name the contact details follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.test_html import nu_errors
from tests.site.test_news import main, pelican, read

GOVERNANCE = {
    "groups": [
        {
            "id": "styringsgruppe",
            "name": "Styringsgruppen",
            "mandate": "Styringsgruppen vedtar handlingsplanen.",
            "members": [{"name": "Ingrid Haug", "role": "nestleder", "organisation": "Lillestrøm kommune"}],
        },
        {"id": "arbeidsgruppe", "name": "Arbeidsgruppen", "mandate": "", "members": []},
    ],
    "details": [
        {
            "key": "CONTACT",
            "email": "ny.kontakt@example.no",
            "phone": "22 11 22 11",
            "address": "Postboks 9, 1478 Lørenskog",
        },
        {
            "key": "AREA#oslo",
            "name": "Ola Nordmann",
            "title": "Områdeleder, Bydel Alna",
            "email": "ola@example.no",
            "phone": "",
        },
        {"key": "AREA#ahus", "name": "", "title": "", "email": "", "phone": ""},
    ],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("governance")
    result = pelican({"courses": [], "news": [], "governance": GOVERNANCE}, folder)
    assert result.returncode == 0, result.stderr
    return folder / "output"


def test_the_governance_page_shows_the_tables_groups_and_members(site: Path) -> None:
    page = main(read(site, "styring/index.html"))
    assert page.index('id="gruppe-styringsgruppe"') < page.index('id="gruppe-arbeidsgruppe"'), "in the leader's order"
    assert "<p>Medlemmene av gruppen er ikke lagt ut ennå.</p>" in page, "a group with no member shown"
    assert '<th scope="row">Ingrid Haug</th><td>Nestleder</td><td>Lillestrøm kommune</td>' in page
    assert "Marte Lindqvist" not in page, "network.json's members give way to the table's"


def test_the_footer_and_the_contact_pages_name_the_tables_contact_details(site: Path) -> None:
    for path in ("index.html", "kontakt/index.html", "personvern/index.html"):
        page = read(site, path)
        assert 'href="mailto:ny.kontakt@example.no"' in page, path
        assert "palliasjonsnettverket@example.no" not in page, path
    assert "Postboks 9, 1478 Lørenskog" in main(read(site, "kontakt/index.html"))
    assert 'href="tel:+4722112211"' in read(site, "index.html")


def test_the_local_networks_page_names_the_tables_leaders(site: Path) -> None:
    page = main(read(site, "lokale-nettverk/index.html"))
    oslo = page[page.index('id="omrade-oslo"') : page.index('id="omrade-ahus"')]
    assert "Ola Nordmann, Områdeleder, Bydel Alna" in oslo and 'href="mailto:ola@example.no"' in oslo
    ahus = page[page.index('id="omrade-ahus"') :]
    assert "Jonas Eide" not in ahus and "Leder" not in ahus[: ahus.index("Møtested")], "an area with no leader now"
    assert "Hege Bakkevold" in page, "an area the table has no record of keeps network.json's"


def test_the_changed_pages_are_valid_html(site: Path) -> None:
    assert (
        nu_errors([site / "styring/index.html", site / "lokale-nettverk/index.html", site / "kontakt/index.html"]) == []
    )
