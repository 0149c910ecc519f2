"""Jinja2 rendering for the functions, from the same theme templates the Pelican build uses."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from common.form_guard import new_stamp
from common.formatting import JINJA_FILTERS
from common.i18n import site_language, translations
from common.network_details import network_now
from common.site import site_context, templates_dir


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(site_language()), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(JINJA_FILTERS)
    env.globals.update(site_context())
    env.globals["form_stamp"] = new_stamp  # a form the function renders starts now (partials/form_guard.html)
    return env


def render(template: str, **context: Any) -> str:
    """The template with the network's details as they are now (the footer's contact: common/network_details.py)."""
    return environment().get_template(template).render(**({"NETWORK": network_now()} | context))
