"""Pelican plugin: the privacy page's table of how long each kind of record is kept, as configured now
(people/retention.py). A page that has the paragraph `[[oppbevaring]]` gets the table in its place."""

from __future__ import annotations

from html import escape
from typing import Any

from pelican import signals

MARKER = "<p>[[oppbevaring]]</p>"


def table() -> str:
    from common.i18n import gettext
    from people.retention import CAPTION, COLUMNS, retention_rows

    rows = "".join(
        f'<tr><th scope="row">{escape(what)}</th><td>{escape(how)}</td></tr>' for what, how in retention_rows()
    )
    return (
        '<div class="table-scroll" role="region" aria-labelledby="oppbevaring-tittel" tabindex="0">'
        '<table class="table"><caption id="oppbevaring-tittel">'
        f"{escape(gettext(CAPTION))}</caption>"
        f'<thead><tr><th scope="col">{escape(gettext(COLUMNS[0]))}</th>'
        f'<th scope="col">{escape(gettext(COLUMNS[1]))}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def content_object_init(content: Any) -> None:
    text = getattr(content, "_content", None)
    if isinstance(text, str) and MARKER in text:
        content._content = text.replace(MARKER, table())


def register() -> None:
    signals.content_object_init.connect(content_object_init)
