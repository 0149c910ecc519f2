"""/_outbox on the local server: the emails the functions "sent" (var/outbox/*.eml), newest first, to read in the
browser. Only the local server has it; in AWS the emails go through SES."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from html import escape
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em}}
td,th{{text-align:left;padding:.3em .8em .3em 0;vertical-align:top}}pre{{white-space:pre-wrap}}
iframe{{width:100%;height:40em;border:1px solid #888}}</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes EmailMessage
    return message


def messages(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.eml"), reverse=True) if outbox.is_dir() else []


def index_page(outbox: Path) -> str:
    rows = []
    for path in messages(outbox):
        message = _read(path)
        rows.append(
            f"<tr><td>{escape(str(message['Date']))}</td><td>{escape(str(message['To']))}</td>"
            f'<td><a href="/_outbox/{escape(path.stem)}">{escape(str(message["Subject"]))}</a></td></tr>'
        )
    body = (
        f"<p>{len(rows)} e-poster i {escape(str(outbox))}. Nyeste først.</p>"
        "<table><thead><tr><th>Sendt</th><th>Til</th><th>Emne</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        if rows
        else f"<p>Ingen e-poster ennå. De havner i {escape(str(outbox))}.</p>"
    )
    return PAGE.format(title="Utboks (lokalt)", body=body)


def find(outbox: Path, name: str) -> Path | None:
    """The .eml file called name, and only a file directly in the outbox."""
    path = outbox / f"{name}.eml"
    return path if path.parent == outbox and path.is_file() and "/" not in name and not name.startswith(".") else None


def message_page(path: Path) -> str:
    message = _read(path)
    text = message.get_body(preferencelist=("plain",))
    attachments = [part.get_filename() or "" for part in message.iter_attachments()]
    headers = "".join(
        f"<tr><th>{name}</th><td>{escape(str(message[name]))}</td></tr>"
        for name in ("From", "To", "Reply-To", "Subject", "Date")
        if message[name]
    )
    body = (
        f"<table>{headers}</table>"
        f"<p>Vedlegg: {escape(', '.join(attachments)) or 'ingen'} · "
        f'<a href="/_outbox/{escape(path.stem)}.eml">Last ned .eml</a> · <a href="/_outbox/">Alle e-poster</a></p>'
        "<h2>Tekst</h2>"
        f"<pre>{escape(text.get_content() if text else '')}</pre>"
        "<h2>HTML</h2>"
        f'<iframe title="HTML-delen" sandbox src="/_outbox/{escape(path.stem)}.html"></iframe>'
    )
    return PAGE.format(title=escape(str(message["Subject"])), body=body)


def html_part(path: Path) -> str:
    part = _read(path).get_body(preferencelist=("html",))
    return str(part.get_content()) if part else ""
