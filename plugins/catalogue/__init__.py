"""Pelican plugin: the units the site's forms offer, from the publisher's catalogue file when there is one.

Without it the site is built from network.json's units and host units (pelicanconf.py). With the setting CATALOGUE
(a path; pelicanconf.py takes it from the environment variable LINDRA_CATALOGUE, or `--extra-settings`), the change
report form (theme/templates/roster_change.html) and the hospitation form (hospitation.html) offer the units of that
file instead, the units the network leader keeps in the table:

    {"units": [roster.live.catalogue_units()], "host_units": [hospitation.live.catalogue_host_units()],
     "courses": [...]}

Each unit as its model dumps it with mode="json" (roster.models.Unit, hospitation.models.HostUnit). A closed unit
(closed_on set) is left out of the forms, should the file hold one. The courses are not this plugin's.

The file's "governance" (publishing/catalogue.py governance_entry: the groups shown with the members shown today, the
contact details and the areas' leaders the network leader keeps in /leder/styring/) takes the place of network.json's
in NETWORK: the governance page (theme/templates/governance.html), the local networks' page (local_networks.html)
and the footer of every page read them from there.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pelican import signals

from common.network_details import overlaid
from hospitation.models import HostUnit
from hospitation.pages import form_context as hospitation_form_context
from roster.models import Unit
from roster.pages import form_context as roster_form_context


def read_catalogue(path: Path, day: date | None = None) -> tuple[dict[str, Unit], dict[str, HostUnit]]:
    """The open units and host units of a catalogue file, by id."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    today = day or date.today()
    units = (Unit.model_validate(one) for one in data.get("units") or [])
    hosts = (HostUnit.model_validate(one) for one in data.get("host_units") or [])
    return (
        {unit.id: unit for unit in units if unit.open_on(today)},
        {unit.id: unit for unit in hosts if unit.open_on(today)},
    )


def apply(settings: dict[str, Any]) -> None:
    """ROSTER_FORM and HOSPITATION_FORM from the catalogue file, when CATALOGUE names one."""
    path = settings.get("CATALOGUE")
    if not path:
        return
    units, hosts = read_catalogue(Path(path))
    given = json.loads(Path(path).read_text(encoding="utf-8"))
    if "units" in given:  # a catalogue without units (courses only) leaves network.json's
        settings["ROSTER_FORM"] = roster_form_context(units)
    if "host_units" in given:
        settings["HOSPITATION_FORM"] = hospitation_form_context(hosts)
    if "governance" in given:
        before = dict(settings["NETWORK"].get("contact") or {})
        settings["NETWORK"] = with_governance(settings["NETWORK"], given["governance"])
        after = settings["NETWORK"].get("contact") or {}
        settings["CONTACT_REPLACED"] = {
            before[name]: after.get(name, "")
            for name in ("email", "phone", "address")
            if before.get(name) and before[name] != after.get(name)
        }


def with_governance(network: dict[str, Any], governance: dict[str, Any]) -> dict[str, Any]:
    """network.json's settings with the table's groups, contact details and areas' leaders."""
    merged = overlaid(network, governance.get("details") or [])
    merged["governance"] = dict(merged.get("governance") or {}) | {"groups": governance.get("groups") or []}
    return merged


def initialized(pelican: Any) -> None:
    apply(pelican.settings)


def content_object_init(content: Any) -> None:
    """The pages kept in git (kontakt, personvern, ...) name network.json's contact details: the ones the network
    leader keeps take their place."""
    replaced: dict[str, str] = content.settings.get("CONTACT_REPLACED") or {}
    text = getattr(content, "_content", None)
    if not replaced or not text:
        return
    for old, new in replaced.items():
        text = text.replace(old, new)
    content._content = text


def register() -> None:
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_object_init)
