"""Domain errors. Each knows its HTTP status and the Norwegian message a person sees.

Handlers never build error answers themselves: common/http.py turns any DomainError into one.
"""

from __future__ import annotations

from common.i18n import N_


class DomainError(Exception):
    status = 400
    reason: str | None = None  # a machine-readable word for the page's script, where it acts on this refusal
    title = N_("Vi kunne ikke ta imot skjemaet")
    message = N_("Noe i forespørselen var feil.")

    def __init__(self, message: str | None = None, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message
        self.field_errors: dict[str, str] = field_errors or {}


class BadRequest(DomainError):
    status = 400
    message = N_("Vi klarte ikke å lese skjemaet. Prøv å sende det på nytt.")


class PayloadTooLarge(DomainError):
    status = 413
    message = N_("Skjemaet er for stort. Kort ned teksten og prøv igjen.")


class UnsupportedMediaType(DomainError):
    status = 415
    message = N_("Skjemaet må sendes som et vanlig nettskjema eller som JSON.")


class InvalidInput(DomainError):
    status = 422
    message = N_("Noen av feltene må rettes før vi kan ta imot skjemaet.")


class FormRefused(DomainError):
    """A public form whose hidden field was filled in (common/form_guard.py): a program, not a person."""

    status = 400
    message = N_("Vi kunne ikke ta imot skjemaet. Prøv igjen, eller ta kontakt med nettverket hvis det ikke går.")


class LookAgain(InvalidInput):
    """A public form sent without the signed time it was handed out, with a forged one, or too soon or too long
    after (common/form_guard.py). The form comes back as it was sent, with a new time: one more click sends it."""

    title = N_("Se over skjemaet")
    message = N_("Se over skjemaet og send det på nytt.")


class CourseNotFound(DomainError):
    status = 404
    message = N_("Vi finner ikke dette kurset. Det kan være avlyst eller flyttet. Se oversikten over kurs og møter.")


class RegistrationClosed(DomainError):
    status = 409
    message = N_("Påmeldingen til dette kurset er stengt. Ta kontakt med nettverket hvis du likevel ønsker å delta.")


class AlreadyRegistered(DomainError):
    status = 409
    message = N_(
        "Denne e-postadressen er allerede påmeldt kurset. Du trenger ikke melde deg på igjen: lenken til påmeldingen "
        "din står i e-posten vi sendte deg."
    )


class CompanionAlreadyRegistered(DomainError):
    status = 409
    message = N_("Lederen du vil melde på, er allerede påmeldt kurset. Meld deg på alene, så har dere plass begge to.")

    def __init__(self) -> None:
        super().__init__(field_errors={"leader_email": self.message})


class Busy(DomainError):
    status = 503
    message = N_("Mange melder seg på akkurat nå. Vent litt og send skjemaet på nytt.")


class TryAgain(DomainError):
    status = 503
    title = N_("Prøv igjen om litt")
    message = N_("Vi har mye å gjøre akkurat nå og fikk ikke lagret noe. Vent litt og send skjemaet på nytt.")


class RegistrationNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke påmeldingen")
    message = N_(
        "Lenken er ikke gyldig lenger, eller den ble kopiert med feil. Ta kontakt med nettverket hvis du trenger hjelp."
    )


class CancellationClosed(DomainError):
    status = 409
    title = N_("Fristen for å melde seg av er ute")
    message = N_("Det er for sent å melde seg av her. Ring eller send en e-post til nettverket, så hjelper vi deg.")


# The leaders' area ---------------------------------------------------------------------------------------------


class CourseChanged(DomainError):
    status = 409
    title = N_("Kurset er endret")
    message = N_("Noen andre endret kurset akkurat nå. Last inn kurset på nytt, og gjør endringen din igjen.")


class CourseNotDraft(DomainError):
    status = 409
    title = N_("Kurset kan ikke slettes")
    message = N_("Bare et utkast kan slettes. Et publisert kurs kan avlyses, så får alle påmeldte beskjed.")


class CourseNotChangeable(DomainError):
    status = 409
    title = N_("Kurset kan ikke endres")
    message = N_("Kurset er avlyst eller holdt, og kan ikke endres. Lag en kopi hvis det skal holdes på nytt.")


class NotSignedIn(DomainError):
    status = 401
    title = N_("Du er ikke logget inn")
    message = N_("Logg inn for å se dette.")


class SessionExpired(DomainError):
    status = 401
    title = N_("Økten er utløpt")
    message = N_("Økten er utløpt. Logg inn igjen.")


class WrongPassword(DomainError):
    status = 401
    title = N_("Innloggingen lyktes ikke")
    message = N_("Feil e-post eller passord. Prøv igjen, eller be nettverkslederen om et nytt passord.")


class Forbidden(DomainError):
    status = 403
    title = N_("Ingen tilgang")
    message = N_("Du har ikke tilgang til dette. Ta kontakt med nettverkslederen hvis du mener du skal ha det.")


class MfaRequired(Forbidden):
    """The network leader's session before the second factor is on: only turning it on, and signing out, work."""

    reason = "mfa_enrolment_required"
    title = N_("Slå på innlogging med kode")
    message = N_(
        "Som nettverksleder må du slå på innlogging med kode fra en app på telefonen før du kan bruke lederområdet. "
        "Det tar et par minutter, og du gjør det bare én gang."
    )


class WrongOrigin(DomainError):
    status = 403
    title = N_("Ingen tilgang")
    message = N_("Forespørselen kom ikke fra nettstedets egne sider.")


class TooManyAttempts(DomainError):
    status = 429
    title = N_("For mange forsøk")
    message = N_("For mange forsøk på kort tid. Vent noen minutter og prøv igjen.")


class NothingToSendAgain(DomainError):
    status = 409
    title = N_("Ingen e-post å sende på nytt")
    message = N_(
        "Denne e-posten er allerede sendt på nytt, eller den kom fram. Last listen på nytt for å se hvordan det gikk."
    )


# Hospitation -----------------------------------------------------------------------------------------------------


class LinkNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke lenken")
    message = N_(
        "Lenken er ikke gyldig. Den kan ha blitt kopiert med feil, eller søknaden er slettet. Kopier hele lenken fra "
        "e-posten, eller ta kontakt med nettverket."
    )


class LinkUsed(DomainError):
    status = 409
    title = N_("Lenken er allerede brukt")
    message = N_("Denne lenken er allerede brukt, og svaret er registrert. Du trenger ikke gjøre noe mer.")


class LinkExpired(DomainError):
    status = 410
    title = N_("Lenken er utløpt")
    message = N_(
        "Lenken virker ikke lenger. Sykepleieren kan sende en ny søknad, eller du kan ta kontakt med nettverket, så "
        "hjelper vi deg."
    )


class AlreadyAnswered(DomainError):
    status = 409
    title = N_("Søknaden er allerede besvart")
    message = N_("Søknaden er allerede besvart eller trukket, så det er ikke noe mer å svare på her.")


class HospitationNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke søknaden")
    message = N_("Søknaden finnes ikke, eller den er slettet.")


class ChangedMeanwhile(DomainError):
    status = 409
    title = N_("Søknaden er endret")
    message = N_("Noen andre endret søknaden akkurat nå. Last inn siden på nytt og se om det fortsatt trengs.")


class NotNow(DomainError):
    status = 409
    title = N_("Det går ikke nå")
    message = N_("Søknaden er ikke lenger på det trinnet, så dette kan ikke gjøres nå. Last inn siden på nytt.")


# The roster ----------------------------------------------------------------------------------------------------


class ReportNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke endringsmeldingen")
    message = N_("Endringsmeldingen finnes ikke, eller den er slettet.")


class EntryNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke ressurssykepleieren")
    message = N_("Ressurssykepleieren står ikke i navnelisten for denne enheten. Last inn siden på nytt.")


class ReportDecided(DomainError):
    status = 409
    title = N_("Meldingen er allerede behandlet")
    message = N_("Endringsmeldingen er allerede godkjent eller avslått. Last inn siden på nytt.")


class RosterChanged(DomainError):
    status = 409
    title = N_("Navnelisten er endret")
    message = N_("Noen andre endret navnelisten akkurat nå. Last inn siden på nytt og se om det fortsatt trengs.")


class AlreadyOnRoster(DomainError):
    status = 409
    title = N_("Står allerede i navnelisten")
    message = N_(
        "Denne e-postadressen står allerede i navnelisten for enheten. Avslå meldingen, eller godkjenn en melding om "
        "endret kontaktinformasjon i stedet."
    )


class ImportDone(DomainError):
    status = 409
    title = N_("Navnelisten er allerede importert")
    message = N_(
        "Navnelisten er importert én gang, og siden da holdes den oppdatert med endringsmeldinger. Meld endringer "
        "der i stedet."
    )


class ImportInterrupted(DomainError):
    status = 409
    title = N_("En import ble avbrutt")
    message = N_(
        "Forrige import ble avbrutt før den var ferdig. Last opp den samme filen igjen, så gjør vi den ferdig."
    )


# Units and host units (roster/unit_service.py, hospitation/host_unit_service.py) ------------------------------


class UnitNotFound(DomainError):
    status = 404
    title = N_("Finner ikke enheten")
    message = N_("Vi finner ikke denne enheten. Last inn siden på nytt.")


class UnitChanged(DomainError):
    """A change made on a unit someone else changed since it was read: a conflict, told in the form's alert."""

    status = 409
    title = N_("Enheten er endret")
    message = N_("Noen andre har endret enheten. Last inn på nytt.")


class HostUnitNotFound(UnitNotFound):
    message = N_("Vi finner ikke denne vertsenheten. Last inn siden på nytt.")


class HostUnitChanged(UnitChanged):
    title = N_("Vertsenheten er endret")
    message = N_("Noen andre har endret vertsenheten. Last inn på nytt.")


# Attendance ----------------------------------------------------------------------------------------------------


class AbsenceClosed(DomainError):
    status = 409
    title = N_("Møtet har begynt")
    message = N_("Møtet har allerede begynt, så fraværet kan ikke meldes her. Si fra til områdelederen din.")


class NotALocalMeeting(DomainError):
    status = 409
    title = N_("Fravær meldes for nettverksmøter")
    message = N_("Fravær meldes bare for de lokale nettverksmøtene. Er du påmeldt et kurs, melder du deg av i stedet.")


# Course evaluations --------------------------------------------------------------------------------------------


class EvaluationNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke evalueringen")
    message = N_(
        "Lenken er ikke gyldig. Den kan ha blitt kopiert med feil. Kopier hele lenken fra e-posten, eller ta kontakt "
        "med nettverket."
    )


class EvaluationAnswered(DomainError):
    status = 409
    title = N_("Du har allerede svart – takk!")
    message = N_("Evalueringen kan bare besvares én gang, og svarene dine er lagret. Du trenger ikke gjøre noe mer.")


class EvaluationClosed(DomainError):
    status = 410
    title = N_("Evalueringen er avsluttet")
    message = N_("Fristen for å svare på evalueringen er ute. Takk likevel for at du var med på kurset!")


# The yearly self-report (functions/selfreport/) -----------------------------------------------------------------


class SelfReportNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke egenrapporten")
    message = N_(
        "Lenken er ikke gyldig. Den kan ha blitt kopiert med feil. Kopier hele lenken fra e-posten, eller ta kontakt "
        "med nettverket."
    )


class SelfReportAnswered(DomainError):
    status = 409
    title = N_("Du har allerede svart – takk!")
    message = N_("Egenrapporten kan bare sendes én gang, og svarene dine er lagret. Du trenger ikke gjøre noe mer.")


class SelfReportClosed(DomainError):
    status = 410
    title = N_("Fristen er ute")
    message = N_("Fristen for å svare på årets egenrapport er ute. Ta kontakt med nettverket hvis du vil si noe.")


class RoundNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke runden")
    message = N_("Det er ikke åpnet noen egenrapport for dette året.")


class RoundChanged(DomainError):
    status = 409
    title = N_("Runden er endret")
    message = N_("Noen andre har endret runden akkurat nå. Last inn siden på nytt og prøv igjen.")


# A leader's letters (functions/letters/) ---------------------------------------------------------------------


class LetterNotFound(DomainError):
    status = 404
    message = N_("Vi finner ikke denne meldingen. Den kan være slettet etter at tiden for å ta vare på den gikk ut.")


class NobodyToSendTo(DomainError):
    status = 422
    message = N_("Ingen får denne meldingen: ingen i gruppene du har valgt har en e-postadresse hos oss.")


class TooManyRecipients(DomainError):
    status = 422
    message = N_("En melding kan gå til høyst 4 000 personer. Send den til ett område om gangen.")


class ArticleNotFound(DomainError):
    status = 422
    message = N_("Vi finner ikke nyheten. Den kan være tatt bort fra nettstedet. Velg en annen.")


class UnknownArticle(DomainError):
    """A news article the editor asks for by its address that is not there."""

    status = 404
    message = N_("Vi finner ikke denne nyheten. Last inn listen over nyheter på nytt.")


class ArticleChanged(DomainError):
    status = 409
    title = N_("Nyheten er endret")
    message = N_("Noen andre endret nyheten akkurat nå. Last den inn på nytt, og gjør endringen din igjen.")


class UnknownDocument(DomainError):
    """A document version the editor asks for by its id that is not there."""

    status = 404
    message = N_("Vi finner ikke dette dokumentet. Last inn listen over dokumenter på nytt.")


class DocumentChanged(DomainError):
    status = 409
    title = N_("Dokumentet er endret")
    message = N_("Noen andre endret dokumentet akkurat nå. Last det inn på nytt, og gjør endringen din igjen.")


class UnknownGroup(DomainError):
    """A governance group, a member of one, or an area the editor asks for that is not there."""

    status = 404
    message = N_("Vi finner ikke dette. Last inn siden på nytt.")


class GovernanceChanged(DomainError):
    status = 409
    title = N_("Opplysningene er endret")
    message = N_("Noen andre endret dette akkurat nå. Last siden inn på nytt, og gjør endringen din igjen.")


# Min side (functions/people/) ---------------------------------------------------------------------------------


class SignInLinkNotFound(DomainError):
    """A Min side link used before, too old, or never ours: the same answer for each."""

    status = 404
    title = N_("Lenken virker ikke")
    message = N_(
        "Lenken til Min side er brukt, utløpt eller ikke gyldig. Hver lenke virker én gang og i 15 minutter. "
        "Be om en ny lenke, så sender vi den til deg."
    )


class MyPageClosed(DomainError):
    """No Min side session, or one that has ended: she asks for a new link."""

    status = 401
    title = N_("Du er ikke logget inn på Min side")
    message = N_("Du er logget ut, eller det har gått en stund. Be om en ny lenke, så kommer du inn igjen.")


class NotYours(DomainError):
    """A registration Min side is asked to change that is not the signed-in person's (or no longer there)."""

    status = 404
    title = N_("Vi finner ikke påmeldingen")
    message = N_("Vi finner ikke denne påmeldingen på Min side. Last siden inn på nytt.")


class NotPresent(DomainError):
    """A certificate asked for of an event the person is not marked present at (yet)."""

    status = 404
    title = N_("Ingen kursbevis ennå")
    message = N_("Oppmøtet ditt på dette kurset er ikke registrert. Kursbeviset kommer når lederen har registrert det.")


class CertificateNotFound(DomainError):
    """No certificate with the code asked for (or it has run out): the check says so and nothing else."""

    status = 404
    title = N_("Vi finner ikke kursbeviset")
    message = N_(
        "Vi finner ikke noe kursbevis med denne koden. Sjekk at koden er skrevet riktig, slik den står nederst på "
        "kursbeviset."
    )


class NoneMarkedPresent(DomainError):
    """A course's certificates asked for before anyone the leader sees is marked present."""

    status = 409
    title = N_("Ingen kursbevis ennå")
    message = N_("Ingen er registrert som til stede på dette kurset ennå. Registrer oppmøtet først.")


class YearNotKept(DomainError):
    """An hours statement asked for of a year the attendance marks are not kept for."""

    status = 404
    title = N_("Ingen timeoversikt for det året")
    message = N_("Timeoversikten finnes for i år og de to årene før. Eldre oppmøte er slettet.")


class AlreadySigned(DomainError):
    """A signature of the function description given again (roster/signing.py)."""

    status = 409
    title = N_("Allerede signert")
    message = N_("Funksjonsbeskrivelsen er allerede signert her.")


class NotYetSigned(DomainError):
    """A signature before the one it follows: the nurse, then her leader, then the network leader."""

    status = 409
    title = N_("Ikke klar til signering ennå")
    message = N_("Ressurssykepleieren signerer funksjonsbeskrivelsen først, så nærmeste leder, så nettverkslederen.")


class SigningLinkNotFound(DomainError):
    """The unit leader's signing link used, expired or never made."""

    status = 404
    title = N_("Lenken virker ikke")
    message = N_(
        "Lenken til funksjonsbeskrivelsen er brukt, utløpt eller ikke gyldig. Ta kontakt med nettverket, så får du "
        "en ny."
    )
