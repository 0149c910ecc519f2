"""The annual report as tables, and the tables as what a leader takes away: a Word document to edit (python-docx), a
Markdown file in the site's document format (to publish under content/dokumenter/), and a CSV with one figure per
row (section, row, column, value) for Excel. The leaders' page shows the same tables, with charts.

Every table is made once here, from reports.service.AnnualReport, so the page, the files and the CSV never differ."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt

from common.charts import Bar, Chart, bar_chart
from common.formatting import date_nb
from common.i18n import N_, gettext
from common.templates import render
from courses.models import KIND_LABELS
from reports.service import UNIT_KINDS, WORKPLACE_TYPES, AnnualReport, AreaFigures, Event
from roster.models import UNIT_KIND_LABELS
from selfreport.service import AreaCount, summed

Cell = str | int
NOT_RECORDED = N_("ikke registrert")
UNKNOWN_TYPE = N_("Ikke oppgitt")
WHOLE_NETWORK = N_("I alt")


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    columns: Sequence[str]  # the first column names the rows
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] = ()  # a last row with the sums, if they make sense
    note: str = ""
    keys: Sequence[str] = ()  # what names each row in the CSV, where the first cell alone may repeat

    @property
    def numeric(self) -> list[bool]:
        """Per column: whether it holds figures (right-aligned on the page)."""
        return [
            index > 0 and all(isinstance(row[index], int) or str(row[index]).endswith(" %") for row in self.body)
            for index in range(len(self.columns))
        ]

    def key(self, index: int, row: Sequence[Cell]) -> str:
        return self.keys[index] if index < len(self.keys) else str(row[0])

    @property
    def body(self) -> list[Sequence[Cell]]:
        return [*self.rows, *([self.total] if self.total else [])]


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


def hours_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def kind_label(kind: str) -> str:
    return gettext(UNIT_KIND_LABELS[kind]) if kind in UNIT_KIND_LABELS else gettext(UNKNOWN_TYPE)


def tables(report: AnnualReport) -> list[Table]:
    areas = report.areas
    day = date_nb(report.as_of)
    total = gettext(WHOLE_NETWORK)
    kinds = [kind_label(kind) for kind in UNIT_KINDS]
    nurses = Table(
        "ressurssykepleiere",
        gettext(N_("Ressurssykepleiere per område og type enhet, %(day)s")) % {"day": day},
        [gettext(N_("Område")), *kinds, gettext(N_("I alt"))],
        [[a.name, *(a.nurses_by_kind.get(kind, 0) for kind in UNIT_KINDS), a.nurses] for a in areas],
        [total, *(report.nurses_of_kind(kind) for kind in UNIT_KINDS), report.total("nurses")],
    )
    changes = Table(
        "nye-og-sluttet",
        gettext(N_("Nye og sluttet i %(year)s")) % {"year": report.year},
        [gettext(N_("Område")), gettext(N_("Nye")), gettext(N_("Sluttet"))],
        [[a.name, a.new, a.departed] for a in areas],
        [total, report.total("new"), report.total("departed")],
        gettext(N_("Ny: ny ressurssykepleier eller bytte. Sluttet: sluttet i rollen eller byttet ut.")),
    )
    covered = [a.coverage for a in areas if a.coverage is not None]
    units, with_nurse = sum(c.units for c in covered), sum(c.covered for c in covered)
    coverage = Table(
        "dekning",
        gettext(N_("Dekning og signerte funksjonsbeskrivelser, %(day)s")) % {"day": day},
        [
            gettext(N_("Område")),
            gettext(N_("Enheter")),
            gettext(N_("Med ressurssykepleier")),
            gettext(N_("Dekning")),
            gettext(N_("Ressurssykepleiere")),
            gettext(N_("Signert funksjonsbeskrivelse")),
        ],
        [
            [a.name, c.units, c.covered, percent(c.covered, c.units), a.nurses, a.signed]
            for a in areas
            if (c := a.coverage) is not None
        ],
        [total, units, with_nurse, percent(with_nurse, units), report.total("nurses"), report.total("signed")],
        gettext(N_("Signert: alle tre har signert (ressurssykepleieren, nærmeste leder og nettverksleder).")),
    )
    activity = Table(
        "aktivitet",
        gettext(N_("Nettverksmøter, 12 timer og hospitering i %(year)s")) % {"year": report.year},
        [
            gettext(N_("Område")),
            gettext(N_("Nettverksmøter")),
            gettext(N_("I rollen i løpet av året")),
            gettext(N_("Med minst 12 timer")),
            gettext(N_("Andel med 12 timer")),
            gettext(N_("Hospiteringer")),
        ],
        [[a.name, a.meetings, a.in_role, a.at_goal, percent(a.at_goal, a.in_role), a.hospitations] for a in areas],
        [
            total,
            report.total("meetings"),
            report.total("in_role"),
            report.total("at_goal"),
            percent(report.total("at_goal"), report.total("in_role")),
            report.total("hospitations"),
        ],
        gettext(N_("12 timer: timer på lokale nettverksmøter der ressurssykepleieren er registrert som møtt.")),
    )
    not_recorded = gettext(NOT_RECORDED)
    events = Table(
        "arrangementer",
        gettext(N_("Kurs og møter i %(year)s, med deltakere")) % {"year": report.year},
        [
            gettext(N_("Arrangement")),
            gettext(N_("Dato")),
            gettext(N_("Type")),
            gettext(N_("Område")),
            gettext(N_("Timer")),
            gettext(N_("Påmeldte")),
            gettext(N_("Møtte")),
        ],
        [
            [
                e.course.title,
                date_nb(e.day),
                gettext(KIND_LABELS[e.course.kind]),
                area_name(report, e.course.area),
                hours_text(e.hours),
                e.registered,
                not_recorded if e.came is None else e.came,
            ]
            for e in report.events
        ],
        note=gettext(N_("Møtte: registrert som til stede av områdelederen eller nettverkslederen.")),
        keys=[event_key(report, e) for e in report.events],
    )
    topics = Table(
        "tema",
        gettext(N_("Nettverksmøter og tema")),
        [gettext(N_("Nettverksmøte")), gettext(N_("Dato")), gettext(N_("Område")), gettext(N_("Tema"))],
        [[e.course.title, date_nb(e.day), area_name(report, e.course.area), e.course.summary] for e in report.meetings],
        keys=[event_key(report, e) for e in report.meetings],
    )
    workplaces = Table(
        "arbeidssted",
        gettext(N_("Deltakere etter type arbeidssted")),
        [gettext(N_("Type arbeidssted")), gettext(N_("Deltakelser"))],
        [[kind_label(kind), report.by_workplace_type[kind]] for kind in WORKPLACE_TYPES],
        [total, sum(report.by_workplace_type.values())],
        gettext(N_("Én deltakelse er én person registrert som til stede på ett kurs eller møte.")),
    )
    found = [nurses, changes, coverage, activity, events, topics, workplaces]
    asked = [(a, one) for a in areas if (one := a.self_report) is not None]
    if asked:
        found.append(self_report_table(report, asked))
    return found


def self_report_table(report: AnnualReport, asked: list[tuple[AreaFigures, AreaCount]]) -> Table:
    """The year's self-report round, counted per area."""

    def row(name: str, count: AreaCount) -> list[Cell]:
        return [
            name,
            count.nurses_asked,
            count.nurses_answered,
            percent(count.nurses_answered, count.nurses_asked),
            count.planned.get("ja", 0),
            count.leaders_asked,
            count.leaders_answered,
            count.time_given.get("ja", 0),
            count.time_given.get("delvis", 0),
            count.time_given.get("nei", 0),
        ]

    total = summed(count for _area, count in asked)
    return Table(
        "egenrapport",
        gettext(N_("Årlig egenrapport %(year)s")) % {"year": report.year},
        [
            gettext(N_("Område")),
            gettext(N_("Ressurssykepleiere spurt")),
            gettext(N_("Ressurssykepleiere som svarte")),
            gettext(N_("Svarprosent")),
            gettext(N_("Har hatt samtale med leder om arbeidsplanen")),
            gettext(N_("Ledere spurt")),
            gettext(N_("Ledere som svarte")),
            gettext(N_("Rollen får tid: ja")),
            gettext(N_("Rollen får tid: delvis")),
            gettext(N_("Rollen får tid: nei")),
        ],
        [row(area.name, count) for area, count in asked],
        row(gettext(WHOLE_NETWORK), total),
        gettext(
            N_(
                "Egenrapporten: ressurssykepleierne og deres nærmeste ledere svarer hvert år på noen spørsmål om "
                "rollen. Samtale: ressurssykepleieren svarte ja. Tid: lederens svar."
            )
        ),
    )


def event_key(report: AnnualReport, event: Event) -> str:
    """An event's name in the CSV: its title, day and area (two areas may hold a meeting of the same name)."""
    return f"{event.course.title}, {date_nb(event.day)}, {area_name(report, event.course.area)}"


def area_name(report: AnnualReport, area: str) -> str:
    names = {a.area: a.name for a in report.areas}
    return names.get(area) or gettext(N_("Hele nettverket"))


def charts(report: AnnualReport) -> list[Chart]:
    areas = report.areas
    return [
        Chart(
            "chart-nurses",
            gettext(N_("Ressurssykepleiere per område")),
            [Bar(a.name, a.nurses, str(a.nurses)) for a in areas],
        ),
        Chart(
            "chart-coverage",
            gettext(N_("Andel enheter med ressurssykepleier")),
            [
                Bar(a.name, c.percent, f"{c.percent} %", short=c.covered < c.units)
                for a in areas
                if (c := a.coverage) is not None
            ],
            short_text=gettext(N_("Noen enheter mangler ressurssykepleier")),
            maximum=100,
        ),
        Chart(
            "chart-goal",
            gettext(N_("Andel ressurssykepleiere med minst 12 timer nettverksmøter")),
            [Bar(a.name, _share(a.at_goal, a.in_role), percent(a.at_goal, a.in_role)) for a in areas],
            maximum=100,
        ),
        Chart(
            "chart-workplaces",
            gettext(N_("Deltakelser etter type arbeidssted")),
            [Bar(kind_label(kind), count, str(count)) for kind, count in report.by_workplace_type.items()],
        ),
    ]


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# The files ---------------------------------------------------------------------------------------------------------


def csv_rows(report: AnnualReport) -> Iterator[list[object]]:
    """One figure per row: which table, which row, which column, the value; the header first."""
    yield [gettext(N_("Tabell")), gettext(N_("Rad")), gettext(N_("Kolonne")), gettext(N_("Verdi"))]
    for table in tables(report):
        for index, row in enumerate(table.body):
            for column, value in zip(table.columns[1:], row[1:], strict=True):
                yield [table.title, table.key(index, row), column, value]


def page(
    report: AnnualReport,
    years: Sequence[int],
    areas: dict[str, str],
    area: str | None,
    downloads: Sequence[tuple[str, str]],
    scope_text: str,
) -> str:
    """The leaders' page: the tables, the charts drawn as SVG, the year and area chooser and the downloads."""
    return render(
        "annual_report.html",
        report=report,
        tables=tables(report),
        charts=[(chart.title, bar_chart(chart)) for chart in charts(report)],
        years=years,
        year=report.year,
        areas=areas,
        area=area,
        downloads=downloads,
        scope_text=scope_text,
    )


def markdown(report: AnnualReport, title: str, today_text: str) -> str:
    return render("annual_report.md", report=report, tables=tables(report), title=title, today_text=today_text)


def word(report: AnnualReport, title: str, intro: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "nb-NO"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=0)
    document.add_paragraph(intro)
    for table in tables(report):
        document.add_heading(table.title, level=1)
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table.body:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = str(value)
        if table.note:
            document.add_paragraph(table.note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
