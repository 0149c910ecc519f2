"""A letter's email to one recipient: the leader's text (Markdown made safe for the HTML part, as written for the text
part), the news article for a newsletter, the files as links (common/downloads.py: each opens a download that works
for five minutes), and a footer that says why the person gets it: a course's letter is service mail about their own
registration; the roster's letters and the newsletter are mailing lists, with a one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any
from urllib.parse import urlsplit

from common.downloads import download_url
from common.formatting import date_nb
from common.i18n import N_, gettext
from common.markdown_text import safe_html
from common.network_details import network_now
from common.settings import settings
from common.site import network
from common.templates import render
from common.unsubscribe import add_list_headers, unsubscribe_url
from letters.models import Letter

COPY_FOR = N_("Du får en kopi som nærmeste leder for %(names)s.")
WHY: dict[str, str] = {
    "participant": N_(
        "Du får denne e-posten fordi du er meldt på %(course)s. Den hører til påmeldingen din og er ikke en "
        "e-postliste."
    ),
    "leader": N_(
        "Du får denne e-posten fordi noen du er nærmeste leder for er meldt på %(course)s, og oppga deg som leder."
    ),
    "roster": N_(
        "Du får denne e-posten fordi du står på navnelisten til %(network)s, som ressurssykepleier eller leder."
    ),
    "newsletter": N_("Du får nyhetsbrevet fra %(network)s fordi du abonnerer på det."),
}
KEPT_UNTIL = N_("Lenkene til vedleggene virker til %(date)s.")


def names_text(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return gettext(N_("%(first)s og %(last)s")) % {"first": ", ".join(names[:-1]), "last": names[-1]}


def letter_email(letter: Letter, recipient: dict[str, Any], now: datetime) -> EmailMessage:
    """The message to one recipient (a draft's fields: to, name, kind, copy_for)."""
    site_url = settings().site_url.rstrip("/")
    domain = urlsplit(site_url).hostname or "lindra.local"
    address, kind = str(recipient["to"]), str(recipient.get("kind", ""))
    greeting = str(recipient.get("name") or "")
    mailing_list = letter.mailing_list
    why_key = mailing_list or ("leader" if kind == "leader" else "participant")
    why = gettext(WHY[why_key]) % {"course": letter.course_title, "network": network()["name"]}
    copy_for = [str(name) for name in recipient.get("copy_for") or []]
    files = [(a.name, a.size, download_url(letter.id, a.id)) for a in letter.attachments]
    kept_until = date_nb(datetime.fromtimestamp(letter.expires_at, UTC))
    context = {
        "letter": letter,
        "greeting": greeting,
        "copy_note": gettext(COPY_FOR) % {"names": names_text(copy_for)} if copy_for else "",
        "text": letter.text,
        "html": safe_html(letter.text) if letter.text else "",
        "article_url": f"{site_url}/{letter.article_url}" if letter.article_url else "",
        "files": files,
        "kept_note": gettext(KEPT_UNTIL) % {"date": kept_until} if files else "",
        "why": why,
        "unsubscribe_url": unsubscribe_url(mailing_list, address) if mailing_list else "",
        "sender_name": letter.sender_name,
    }
    message = EmailMessage()
    message["Subject"] = letter.subject
    message["From"] = formataddr((network()["name"], settings().mail_from))
    message["To"] = formataddr((greeting, address)) if greeting else address
    message["Reply-To"] = letter.sender if "@" in letter.sender else network_now()["contact"]["email"]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    if mailing_list:
        add_list_headers(message, mailing_list, address)
        message["Precedence"] = "bulk"
    message.set_content(render("email/letter.txt", **context))
    message.add_alternative(
        render("email/letter.html", **context | {"article_html": letter.article_html}), subtype="html"
    )
    return message
