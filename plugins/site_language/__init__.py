"""Pelican plugin: the theme's strings in the network's language (bokmål, or nynorsk from theme/locale)."""

from __future__ import annotations

from typing import Any

from pelican import signals

from common.i18n import site_language, translations


def install(generator: Any) -> None:
    generator.env.install_gettext_translations(translations(site_language()), newstyle=True)


def register() -> None:
    signals.generator_init.connect(install)
