"""Every UI string from one catalogue. Source strings are bokmål; a network whose config says "language": "nn" gets
them from theme/locale/nn/LC_MESSAGES/messages.po (made with Babel: `make messages`).

Templates call _("..."); Python marks its strings with N_("...") where they are defined and translates them with
gettext() where they are shown.
"""

from __future__ import annotations

from functools import lru_cache
from gettext import NullTranslations

from common.i18n_marks import N_
from common.site import locale_dir, network

__all__ = ["LANGUAGES", "N_", "Catalogue", "gettext", "site_language", "translations"]

LANGUAGES = ("nb", "nn")


class Catalogue(NullTranslations):
    """A gettext translations object over a .po file's messages."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> NullTranslations:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {LANGUAGES}")
    if language == "nb":
        return NullTranslations()
    from babel.messages.pofile import read_po  # only when a network is not in bokmål

    with (locale_dir() / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    return Catalogue({str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy})


def site_language() -> str:
    return str(network().get("language", "nb"))


def gettext(message: str) -> str:
    """A message in the network's language."""
    return translations(site_language()).gettext(message)
