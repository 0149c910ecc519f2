"""The signed function description as PDF: which description (as the nurse signed it), for whom and which unit,
and the three signatures with their names, days and how each proved who she was. Made from the roster entry's
signatures (roster/signing.py), which are never changed once given: the same entry makes the same document."""

from __future__ import annotations

import io

from common.formatting import OSLO, date_nb, time_nb
from common.i18n import N_, gettext
from common.pdf import A4_HEIGHT, A4_WIDTH, INK, MARGIN, MUTED, new_canvas, wrapped
from roster.models import RosterEntry, Signer

ROLES: dict[Signer, str] = {
    "nurse": N_("Ressurssykepleier"),
    "leader": N_("Nærmeste leder"),
    "network": N_("Leder av kompetansenettverket"),
}
WAYS = {
    "min_side": N_("på Min side, innlogget med lenke til egen e-postadresse"),
    "link": N_("med lenke sendt til enhetslederens e-postadresse"),
    "leder": N_("innlogget i lederområdet"),
}


def signed_pdf(entry: RosterEntry, unit_name: str, network: str, nurse_title: str = "") -> bytes:
    """`nurse_title`: the network's word for the role (network.json), for the first signature's heading."""
    buffer = io.BytesIO()
    title = gettext(N_("Signert funksjonsbeskrivelse: %(name)s")) % {"name": entry.name}
    c = new_canvas(buffer, title, network)
    width = A4_WIDTH - 2 * MARGIN
    y = A4_HEIGHT - MARGIN
    c.setFillColorRGB(*MUTED)
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, y, network)
    y -= 40
    c.setFillColorRGB(*INK)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(MARGIN, y, gettext(N_("Signert funksjonsbeskrivelse")))
    y -= 28
    c.setFont("Helvetica", 12)
    nurse = entry.signed_without_paper("nurse")
    document = nurse.document if nurse and nurse.document else gettext(N_("Funksjonsbeskrivelse"))
    for line in (
        *wrapped(document, "Helvetica", 12, width),
        gettext(N_("For: %(name)s")) % {"name": entry.name},
        gettext(N_("Enhet: %(unit)s")) % {"unit": unit_name},
    ):
        c.drawString(MARGIN, y, line)
        y -= 17
    y -= 20
    signers: tuple[Signer, ...] = ("nurse", "leader", "network")
    for signer in signers:
        signature = entry.signed_without_paper(signer)
        c.setFont("Helvetica-Bold", 12)
        role = nurse_title.capitalize() if signer == "nurse" and nurse_title else gettext(ROLES[signer])
        c.drawString(MARGIN, y, role)
        y -= 17
        c.setFont("Helvetica", 11)
        if signature is None:
            c.drawString(MARGIN, y, gettext(N_("Ikke signert ennå")))
            y -= 30
            continue
        at = signature.signed_at.astimezone(OSLO)
        said = gettext(N_("Signert av %(name)s %(date)s kl. %(time)s, %(way)s.")) % {
            "name": signature.name,
            "date": date_nb(at),
            "time": time_nb(at),
            "way": gettext(WAYS[signature.way]),
        }
        for line in wrapped(said, "Helvetica", 11, width):
            c.drawString(MARGIN, y, line)
            y -= 15
        y -= 18
    c.setFillColorRGB(*MUTED)
    c.setFont("Helvetica", 9)
    for line in wrapped(
        gettext(N_("Signaturene er gitt elektronisk i %(network)s og lagret med navnelisten.")) % {"network": network},
        "Helvetica",
        9,
        width,
    ):
        c.drawString(MARGIN, y, line)
        y -= 12
    c.showPage()
    c.save()
    return buffer.getvalue()
