"""The network's config (content/data/network.json) as the context every page is rendered with.

The Pelican build (pelicanconf.py) and the functions read the same file through this module, so the site's chrome
and the forms' choices cannot drift apart.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from common.i18n_marks import N_

FUNCTIONS_DIR = Path(__file__).resolve().parents[1]
# A governance group member's role, as written in the config -> its label.
# A governance group member's role (functions/governance/): the site shows its label.
MEMBER_ROLES = {
    "leder": N_("Leder"),
    "nestleder": N_("Nestleder"),
    "medlem": N_("Medlem"),
    "sekretær": N_("Sekretær"),
    "observatør": N_("Observatør"),
}
REPO_DIR = FUNCTIONS_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"none of {[str(c) for c in candidates]} exists")


def network_file() -> Path:
    """NETWORK_FILE, or the data/network.json of LINDRA_CONTENT (a sample's content folder); in the repo
    content/data/network.json; in a Lambda package site/network.json beside the code."""
    if "NETWORK_FILE" in os.environ:
        return Path(os.environ["NETWORK_FILE"])
    if "LINDRA_CONTENT" in os.environ:
        return Path(os.environ["LINDRA_CONTENT"]) / "data" / "network.json"
    return _first_existing(REPO_DIR / "content" / "data" / "network.json", FUNCTIONS_DIR / "site" / "network.json")


def locale_dir() -> Path:
    """In the repo: theme/locale. In a Lambda package: site/locale beside the code."""
    return _first_existing(REPO_DIR / "theme" / "locale", FUNCTIONS_DIR / "site" / "locale")


def templates_dir() -> Path:
    """In the repo: theme/templates. In a Lambda package: site/templates beside the code."""
    if "TEMPLATES_DIR" in os.environ:
        return Path(os.environ["TEMPLATES_DIR"])
    return _first_existing(REPO_DIR / "theme" / "templates", FUNCTIONS_DIR / "site" / "templates")


@lru_cache(maxsize=1)
def network() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(network_file().read_text(encoding="utf-8"))
    return data


def municipality_areas() -> dict[str, str]:
    """Municipality or district name -> the id of the local network (area) it belongs to."""
    return {name: area["id"] for area in network()["areas"] for name in area["municipalities"]}


def site_context() -> dict[str, Any]:
    """Names every template may use, in the Pelican build and in the functions alike."""
    data = network()
    return {
        "MEMBER_ROLES": MEMBER_ROLES,
        "LANG": data.get("language", "nb"),
        "SITENAME": data["name"],
        "SITEURL": "",
        "NETWORK": data,
        "AREA_NAMES": {area["id"]: area["name"] for area in data["areas"]} | {"alle": "Hele nettverket"},
    }
