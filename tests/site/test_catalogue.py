"""The site built from the publisher's catalogue file (LINDRA_CATALOGUE -> pelicanconf.py's CATALOGUE,
plugins/catalogue): the change report form and the hospitation form offer the units of the file, as the table has
them, and leave the closed ones out; without the file they offer network.json's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hospitation.models import configured_host_units
from roster.models import configured_units
from tests.support.stack import ROOT


def options(page: str, select_id: str) -> set[str]:
    import re

    start = page.index(f'id="{select_id}"')
    block = page[start : page.index("</select>", start)]
    return set(re.findall(r'<option value="([^"]+)"', block))


def test_with_a_catalogue_the_forms_offer_its_open_units_and_not_network_json_s(tmp_path: Path) -> None:
    units = [unit.json_values() for unit in configured_units().values() if unit.area == "oslo"]
    units[0] = units[0] | {"name": "Nytt navn fra tabellen"}
    units.append(units[1] | {"id": "stengt-enhet", "name": "Stengt enhet", "closed_on": "2020-01-01"})
    units.append(units[1] | {"id": "ny-enhet", "name": "Ny enhet fra lederområdet", "version": 1})
    hosts = [host.json_values() for host in configured_host_units().values()][:2]
    hosts.append(hosts[0] | {"id": "stengt-vert", "name": "Stengt vert", "closed_on": "2020-01-01"})
    catalogue = tmp_path / "katalog.json"
    catalogue.write_text(json.dumps({"units": units, "host_units": hosts, "courses": []}), encoding="utf-8")
    output = tmp_path / "output"
    env = os.environ | {"LINDRA_CATALOGUE": str(catalogue), "LINDRA_BUILD_TIME": "2026-11-23T12:00:00+00:00"}
    pelican = str(Path(sys.executable).parent / "pelican")
    command = [pelican, "content", "--settings", "pelicanconf.py", "--output", str(output), "--quiet"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=300)

    change = (output / "navneliste" / "endring" / "index.html").read_text(encoding="utf-8")
    offered = options(change, "felt-unit")
    assert offered == {unit["id"] for unit in units} - {"stengt-enhet"}
    assert "Nytt navn fra tabellen" in change and "Ny enhet fra lederområdet" in change
    assert "eidsvoll-sykehjem" not in offered, "network.json's units are not read when there is a catalogue"
    hospitation = (output / "hospitering" / "index.html").read_text(encoding="utf-8")
    assert options(hospitation, "felt-host-unit") == {host["id"] for host in hosts} - {"stengt-vert"}


def test_without_a_catalogue_the_forms_offer_network_json_s_units(site: Path) -> None:
    change = (site / "navneliste" / "endring" / "index.html").read_text(encoding="utf-8")
    assert options(change, "felt-unit") == set(configured_units())
    hospitation = (site / "hospitering" / "index.html").read_text(encoding="utf-8")
    assert options(hospitation, "felt-host-unit") == set(configured_host_units())
