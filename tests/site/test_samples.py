"""Four network shapes build from one theme: the default (Ahus: six local networks, arbeidsgruppe) and the samples
Oslo (styringsgruppe + driftsgruppe, sector networks), Bergen (two networks, seven groups with three meetings each,
in nynorsk) and Innlandet (kontaktsykepleiere, klinisk samarbeidsutvalg + arbeidsgruppe)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.test_build import read
from tests.site.test_html import broken_links, nu_errors
from tests.support.stack import ROOT, SAMPLES, build_sample


def config(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((ROOT / "samples" / name / "data" / "network.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=SAMPLES)
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    name = str(request.param)
    return name, build_sample(name, tmp_path_factory.mktemp(name))


def test_the_three_samples_are_there() -> None:
    assert SAMPLES == ["bergen", "innlandet", "oslo"]


def test_a_sample_builds_in_its_language_with_its_governance_and_areas(sample: tuple[str, Path]) -> None:
    name, site = sample
    network = config(name)
    front = read(site / "index.html")
    assert f'<html lang="{network["language"]}">' in front
    assert network["name"] in front
    governance = read(site / "styring" / "index.html")
    for group in network["governance"]["groups"]:
        assert f">{group['name']}</h2>" in governance
    local = read(site / "lokale-nettverk" / "index.html")
    for area in network["areas"]:
        assert f'id="omrade-{area["id"]}"' in local
    for network_ in network.get("networks", []):
        assert f'id="nettverk-{network_["id"]}"' in local
    assert network["colours"]["primary"] in read(site / "nettverk.css")


def test_a_sample_is_valid_html_with_no_broken_link(sample: tuple[str, Path]) -> None:
    _, site = sample
    assert nu_errors(sorted(site.rglob("*.html"))) == []
    assert broken_links(site) == []


def test_bergen_speaks_nynorsk_and_each_group_has_three_meetings(tmp_path: Path) -> None:
    site = build_sample("bergen", tmp_path)
    front = read(site / "index.html")
    assert "Hopp til hovudinnhaldet" in front and "Hopp til hovedinnhold" not in front
    course = next(path for path in (site / "kurs").iterdir() if path.is_dir() and (path / "index.html").exists())
    form_page = read(course / "index.html")
    assert "Meld meg på" in form_page
    calendar = read(site / "kalender" / "index.html")
    assert not any(day in calendar for day in ("mandag", "tirsdag", "lørdag")), "weekdays in nynorsk"
    assert any(day in calendar for day in ("måndag", "tysdag", "onsdag", "torsdag"))
    for area in config("bergen")["areas"]:
        meetings = [p for p in (ROOT / "samples" / "bergen" / "kurs").glob(f"{area['id']}-*.md")]
        assert len(meetings) == 3, area["id"]


def test_a_logo_in_the_config_is_shown_in_the_header(tmp_path: Path) -> None:
    site = build_sample("oslo", tmp_path)
    assert '<img class="site-header__logo" src="/images/logo.svg" alt=""' in read(site / "index.html")
    assert (site / "images" / "logo.svg").is_file()


def test_innlandet_calls_its_nurses_kontaktsykepleiere_in_the_form(tmp_path: Path) -> None:
    site = build_sample("innlandet", tmp_path)
    course = next(p for p in (site / "kurs").iterdir() if p.is_dir() and "<form" in read(p / "index.html"))
    page = read(course / "index.html")
    assert 'value="ressurssykepleier" id="felt-role"> Kontaktsykepleier</label>' in page
