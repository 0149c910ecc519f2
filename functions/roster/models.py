"""The nouns of the roster (navnelisten): the units, the resource nurses' roster entries, and the change reports unit
leaders send.

A roster entry is one period of one resource nurse at one unit, from `start` until `end` (the day they are no longer
in the role; None while they are). An approved change report never overwrites an entry: it ends one period (sets its
`end`, once) and starts another. A change of contact details ends the period and starts the next with the new
details, so a unit's history reads as the list of its entries.

    change report: pending --area or network leader approves--> approved (entries ended and started)
                          \\--declines, with a reason------------> declined
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from common.i18n import N_
from common.network_details import network_now
from common.person import Checkbox, Day, Email, LongText, PlainText, no_markup, phone_number
from common.site import network
from common.validation import FieldText, Version

UnitKind = Literal["langtidshjem", "helsehus", "hjemmetjeneste", "sykehus", "annet"]
UNIT_KIND_LABELS: dict[str, str] = {
    "langtidshjem": N_("Sykehjem (langtidshjem)"),
    "helsehus": N_("Helsehus"),
    "hjemmetjeneste": N_("Hjemmetjeneste"),
    "sykehus": N_("Sykehus"),
    "annet": N_("Annet"),
}
Education = Literal["kreftsykepleier", "palliasjon", "ingen"]
EDUCATION_LABELS: dict[str, str] = {
    "kreftsykepleier": N_("Kreftsykepleier"),
    "palliasjon": N_("Videreutdanning i palliasjon"),
    "ingen": N_("Ingen av disse: grunnkurset anbefales"),
}
ChangeKind = Literal["new", "leaving", "replacement", "contact"]
CHANGE_KIND_LABELS: dict[str, str] = {
    "new": N_("Ny ressurssykepleier"),
    "leaving": N_("Slutter i rollen"),
    "replacement": N_("Bytte: én slutter, en ny begynner"),
    "contact": N_("Endret navn eller kontaktinformasjon"),
}
# Why a period started or ended: a change report's kind, or the first import of the list.
Reason = Literal["new", "leaving", "replacement", "contact", "import"]
ReportStatus = Literal["pending", "approved", "declined"]
REPORT_STATUS_LABELS: dict[str, str] = {
    "pending": N_("Venter på godkjenning"),
    "approved": N_("Godkjent"),
    "declined": N_("Avslått"),
}
Signer = Literal["nurse", "leader", "network"]
SIGNER_LABELS: dict[str, str] = {
    "nurse": N_("Ressurssykepleieren"),
    "leader": N_("Nærmeste leder"),
    "network": N_("Nettverksleder"),
}
EFFECTIVE_WINDOW_DAYS = 366  # a change takes effect within a year before or after the day it is reported
ACTIVE_YEARS = 10  # an entry still open is deleted this long after it started, unless a change ends it first


def _kind_text(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class Unit(BaseModel):
    """A place with (or without) a resource nurse: a nursing home, a home-care zone, a health house, a hospital ward.
    Kept in the table (repository.py), where network.json's units are seeded once and the network leader adds and
    changes them in /leder/enheter/. A closed unit keeps its id, its name and its history, and leaves the coverage
    count and the public form from the day it was closed; reopening clears `closed_on`."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: UnitKind
    area: str
    municipality: str
    closed_on: date | None = None
    version: int = 1

    def open_on(self, day: date) -> bool:
        return self.closed_on is None or day < self.closed_on

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def configured_units() -> dict[str, Unit]:
    """network.json's units: what seeds the table once (live.seed_units), never what a route reads."""
    return {unit["id"]: Unit.model_validate(unit) for unit in network().get("units", [])}


def open_units(units: Mapping[str, Unit], day: date) -> dict[str, Unit]:
    """The units a public form offers: those not closed by that day."""
    return {unit.id: unit for unit in units.values() if unit.open_on(day)}


LEADER_YEARS = 3  # a unit leader's address is kept this long after it was last reported


class UnitLeaderRecord(BaseModel):
    """A unit's leader as last reported (`UNIT#<id>` / `LEADER`): from an approved change report's reporter, or
    the roster import's columns. Personal data: a TTL of LEADER_YEARS after the last update."""

    model_config = ConfigDict(frozen=True)

    unit_id: str
    name: str
    email: str
    source: str  # "report:<id>" or "import:<id>"
    updated_at: datetime
    expires_at: int


class UnitLeader(BaseModel):
    """A unit's leader as the letters read it: an open unit, its area, the leader's name and address."""

    model_config = ConfigDict(frozen=True)

    unit_id: str
    unit_name: str
    area: str
    name: str
    email: str


UnitNameText = Annotated[str, AfterValidator(no_markup), AfterValidator(lambda value: " ".join(value.split()))]


class UnitForm(BaseModel):
    """What the network leader fills in to add a unit or change one (the id stays: it is made from the first name)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: UnitNameText = Field(min_length=1, max_length=120)
    kind: Annotated[UnitKind, BeforeValidator(_kind_text)]
    area: str = Field(min_length=1, max_length=80)
    municipality: str = Field(min_length=1, max_length=80)


class UnitChange(UnitForm):
    version: Version


class UnitVersion(BaseModel):
    """Closing or reopening a unit, or the network leader's signature on an entry: the version the leader saw."""

    model_config = ConfigDict(extra="ignore")

    version: Version


UNIT_TEXTS: dict[str, FieldText] = {
    "name": FieldText(
        N_("Navn på enheten"),
        N_("Skriv inn navnet på enheten."),
        N_("Skriv navnet som vanlig tekst, uten tegnene < og >."),
    ),
    "kind": FieldText(N_("Type enhet"), N_("Velg hva slags enhet det er."), N_("Velg en type fra listen.")),
    "area": FieldText(N_("Område"), N_("Velg området enheten hører til."), N_("Velg et område fra listen.")),
    "municipality": FieldText(
        N_("Kommune eller bydel"), N_("Velg kommunen eller bydelen."), N_("Velg en kommune eller bydel fra listen.")
    ),
}
UNIT_NAME_TAKEN = N_("Det finnes allerede en enhet med dette navnet i %(municipality)s.")
MUNICIPALITY_OUTSIDE = N_("%(municipality)s hører ikke til %(area)s. Velg en kommune eller bydel i området.")


class Signature(BaseModel):
    """The function description signed by one of the three, without paper: who (the name as the table has it, from
    the roster or the unit leader's record or the leader's account), when, how she proved she is who she says (her
    own Min side session, the link mailed to the unit leader's address, the network leader's sign-in), and what she
    signed (the function description's version, as the site titles it)."""

    model_config = ConfigDict(frozen=True)

    signer: Signer
    name: str
    signed_at: datetime
    way: Literal["min_side", "link", "leder"]
    document: str = ""


@dataclass(frozen=True)
class SigningLink:
    """The unit leader's link: which entry, and who she is as the unit's leader record names her."""

    unit: str
    entry_id: str
    name: str
    email: str
    expires_at: int


class AttendedCourse(BaseModel):
    """A course a nurse took part in: matched from the course's registrations, or from the imported list."""

    model_config = ConfigDict(frozen=True)

    kind: str  # grunnkurs, introduksjonskurs, ... (courses.models.CourseKind)
    title: str
    day: date
    course_id: str = ""  # empty when it came from the imported list


class RosterEntry(BaseModel):
    """One period of one resource nurse at one unit. Personal data, so it carries its own expiry."""

    model_config = ConfigDict(frozen=True)

    id: str
    nurse_id: str  # the same person across the periods a change of contact details makes
    unit: str
    area: str
    name: str = ""  # empty once erased (people/erasure.py): the entry stays as an anonymous count
    email: str = ""
    phone: str = ""
    education: Education
    listed: bool = False  # agreed to have their name on the public page
    start: date
    end: date | None = None  # the first day no longer in the role
    start_reason: Reason
    end_reason: Reason | None = None
    started_by: str  # the change report's id, or "import"
    ended_by: str = ""
    signed_by_nurse: date | None = None
    signed_by_leader: date | None = None
    signed_by_network: date | None = None
    signatures: tuple[Signature, ...] = ()  # those given without paper (roster/signing.py), each with its day above
    courses: tuple[AttendedCourse, ...] = ()
    import_id: str = ""  # set on entries from the imported list; shown only once that import is complete
    version: int = 1
    created_at: datetime
    expires_at: int
    # how the newest email about it went (the welcome), as the mail worker writes it (common/outbox.py)
    mail_status: str = ""
    mail_id: str = ""
    mail_at: str = ""

    def active(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def current(self, day: date) -> bool:
        """In the role on that day or later: not ended by then."""
        return self.end is None or day < self.end

    @property
    def open(self) -> bool:
        """Not ended: in the role, or starting later."""
        return self.end is None

    @property
    def signed(self) -> bool:
        return None not in (self.signed_by_nurse, self.signed_by_leader, self.signed_by_network)

    def signature(self, signer: Signer) -> date | None:
        value: date | None = getattr(self, f"signed_by_{signer}")
        return value

    def signed_without_paper(self, signer: Signer) -> Signature | None:
        return next((one for one in self.signatures if one.signer == signer), None)

    @property
    def signed_electronically(self) -> bool:
        """All three signed without paper: the signed document can be made (roster/signed_pdf.py)."""
        return all(self.signed_without_paper(signer) for signer in ("nurse", "leader", "network"))

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def _kind(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _optional_phone(value: str) -> str:
    return phone_number(value) if value else value


OptionalPhone = Annotated[str, AfterValidator(_optional_phone)]


class ChangeReportForm(BaseModel):
    """What a unit leader fills in. Field names are the form's input names. Which of the nurse sections must be
    filled in depends on the kind (forms.py)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    reporter_name: PlainText = Field(min_length=1, max_length=120)
    reporter_email: Email = Field(max_length=254)
    unit: str = Field(min_length=1, max_length=80)
    kind: Annotated[ChangeKind, BeforeValidator(_kind)]
    effective_date: Day = None
    # a new resource nurse (new, replacement)
    new_name: PlainText = Field(default="", max_length=120)
    new_email: Email | Literal[""] = Field(default="", max_length=254)
    new_phone: OptionalPhone = Field(default="", max_length=20)
    new_education: Education | Literal[""] = ""
    new_listed: Checkbox = False
    # the one who leaves (leaving, replacement)
    leaving_name: PlainText = Field(default="", max_length=120)
    leaving_email: Email | Literal[""] = Field(default="", max_length=254)
    # the one whose details change (contact)
    contact_name: PlainText = Field(default="", max_length=120)
    contact_new_name: PlainText = Field(default="", max_length=120)
    contact_new_email: Email | Literal[""] = Field(default="", max_length=254)
    contact_new_phone: OptionalPhone = Field(default="", max_length=20)
    comment: LongText = Field(default="", max_length=1000)
    informed: Checkbox = False


class ChangeReport(BaseModel):
    """A stored change report and its decision. Personal data, so it carries its own expiry."""

    model_config = ConfigDict(frozen=True)

    id: str
    status: ReportStatus = "pending"
    version: int = 1
    kind: ChangeKind
    unit: str
    area: str
    effective_date: date
    reporter_name: str = ""  # empty once the reporter is erased (people/erasure.py)
    reporter_email: str = ""
    new_name: str = ""
    new_email: str = ""
    new_phone: str = ""
    new_education: Education | None = None
    new_listed: bool = False
    leaving_name: str = ""
    leaving_email: str = ""
    contact_name: str = ""
    contact_new_name: str = ""
    contact_new_email: str = ""
    contact_new_phone: str = ""
    comment: str = ""
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str = ""
    decline_reason: str = ""
    ended_entries: tuple[str, ...] = ()
    started_entries: tuple[str, ...] = ()
    expires_at: int
    # how the newest email to the reporter went, as the mail worker writes it (common/outbox.py)
    mail_status: str = ""
    mail_id: str = ""
    mail_at: str = ""

    @property
    def ends_one(self) -> bool:
        """Someone leaves the role (or their old details do)."""
        return self.kind in ("leaving", "replacement", "contact")

    @property
    def starts_one(self) -> bool:
        return self.kind in ("new", "replacement", "contact")

    @property
    def named(self) -> str:
        """Whom the report is about, as the reporter wrote it: for the leaders' list."""
        names = {
            "new": self.new_name,
            "leaving": self.leaving_name,
            "replacement": f"{self.leaving_name} → {self.new_name}",
            "contact": self.contact_name,
        }
        return names[self.kind]

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class Approval(BaseModel):
    """The leader's choice when approving: which entry on the unit's list the report is about."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    entry: str = Field(default="", max_length=80)


class Decline(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    reason: LongText = Field(min_length=1, max_length=1000)


class Signatures(BaseModel):
    """The dates the function description was signed; an empty field is not signed yet."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    nurse: Day = None
    leader: Day = None
    network: Day = None


# The leaders' changes in the leaders' API, each with the version of the report or entry the leader saw.


class ApprovalChange(Approval):
    version: Version


class DeclineChange(Decline):
    version: Version


class SignaturesChange(Signatures):
    version: Version


NAME_INVALID = N_("Skriv navnet som vanlig tekst, uten tegnene < og >.")
EMAIL_INVALID = N_("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.")
PHONE_INVALID = N_("Skriv inn et mobilnummer med 8 sifre, for eksempel 912 34 567, eller med landskode.")
DATE_INVALID = N_("Skriv datoen som dd.mm.åååå, for eksempel 01.03.2027.")
FORM_TEXTS: dict[str, FieldText] = {
    "reporter_name": FieldText(N_("Ditt navn"), N_("Skriv inn navnet ditt."), NAME_INVALID),
    "reporter_email": FieldText(N_("Din e-post"), N_("Skriv inn e-postadressen din."), EMAIL_INVALID),
    "unit": FieldText(N_("Enhet"), N_("Velg enheten det gjelder."), N_("Velg en enhet fra listen.")),
    "kind": FieldText(N_("Hva vil du melde?"), N_("Velg hva du vil melde."), N_("Velg hva du vil melde.")),
    "effective_date": FieldText(N_("Gjelder fra"), N_("Skriv inn datoen endringen gjelder fra."), DATE_INVALID),
    "new_name": FieldText(
        N_("Navn på den nye ressurssykepleieren"), N_("Skriv inn navnet på den nye ressurssykepleieren."), NAME_INVALID
    ),
    "new_email": FieldText(
        N_("E-post til den nye ressurssykepleieren"),
        N_("Skriv inn e-postadressen til den nye ressurssykepleieren. Velkomstbrevet sendes dit."),
        EMAIL_INVALID,
    ),
    "new_phone": FieldText(N_("Mobilnummer"), N_("Skriv inn mobilnummeret."), PHONE_INVALID),
    "new_education": FieldText(
        N_("Utdanning"),
        N_("Velg utdanningen til den nye ressurssykepleieren."),
        N_("Velg et av svarene i listen."),
    ),
    "new_listed": FieldText(N_("Navnet kan vises på nettsiden"), N_("Velg ja eller nei."), N_("Velg ja eller nei.")),
    "leaving_name": FieldText(
        N_("Navn på den som slutter"), N_("Skriv inn navnet på ressurssykepleieren som slutter."), NAME_INVALID
    ),
    "leaving_email": FieldText(N_("E-post til den som slutter"), N_("Skriv inn e-postadressen."), EMAIL_INVALID),
    "contact_name": FieldText(
        N_("Navn slik det står i navnelisten i dag"),
        N_("Skriv inn navnet slik det står i navnelisten i dag."),
        NAME_INVALID,
    ),
    "contact_new_name": FieldText(N_("Nytt navn"), N_("Skriv inn det nye navnet."), NAME_INVALID),
    "contact_new_email": FieldText(N_("Ny e-post"), N_("Skriv inn den nye e-postadressen."), EMAIL_INVALID),
    "contact_new_phone": FieldText(N_("Nytt mobilnummer"), N_("Skriv inn det nye mobilnummeret."), PHONE_INVALID),
    "comment": FieldText(
        N_("Kommentar"), N_("Skriv en kommentar."), N_("Skriv kommentaren som vanlig tekst, uten tegnene < og >.")
    ),
    "informed": FieldText(
        N_("Den det gjelder vet om meldingen"),
        N_("Bekreft at den det gjelder vet at opplysningene registreres i navnelisten."),
        N_("Bekreft at den det gjelder vet at opplysningene registreres i navnelisten."),
    ),
}
DECLINE_TEXTS: dict[str, FieldText] = {
    "reason": FieldText(
        N_("Begrunnelse"),
        N_("Skriv en kort begrunnelse, så forstår lederen hvorfor."),
        N_("Skriv begrunnelsen som vanlig tekst, uten tegnene < og >."),
    ),
}
APPROVAL_TEXTS: dict[str, FieldText] = {
    "entry": FieldText(
        N_("Hvem i navnelisten gjelder det?"),
        N_("Velg ressurssykepleieren meldingen gjelder."),
        N_("Velg en ressurssykepleier fra listen."),
    ),
}
SIGNATURE_TEXTS: dict[str, FieldText] = {
    "nurse": FieldText(N_("Signert av ressurssykepleieren"), N_("Skriv inn datoen."), DATE_INVALID),
    "leader": FieldText(N_("Signert av nærmeste leder"), N_("Skriv inn datoen."), DATE_INVALID),
    "network": FieldText(N_("Signert av nettverksleder"), N_("Skriv inn datoen."), DATE_INVALID),
}


EmailKind = Literal["received", "to_area_leader", "approved", "declined", "welcome"]


@dataclass(frozen=True)
class AreaContact:
    name: str
    email: str


def area_contacts() -> dict[str, AreaContact]:
    """Each area's leader, as the network leader keeps them (common/network_details.py): who is told that a change
    report waits."""
    return {
        area["id"]: AreaContact(area["leader"]["name"], area["leader"]["email"])
        for area in network_now()["areas"]
        if area.get("leader", {}).get("email")
    }
