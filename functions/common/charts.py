"""Bar charts drawn on the server as SVG (theme/templates/partials/bar_chart.svg): they need no JavaScript, print,
and say what they show to a screen reader (a title and a description with every figure). Hours per nurse, an
evaluation's answers and the annual report's figures all use it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.templates import render


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as people read it, e.g. "7,5 timer"
    short: bool = False  # below the goal: hatched as well as coloured


@dataclass(frozen=True)
class Chart:
    id: str  # unique within the page: the SVG's title, description and pattern ids start with it
    title: str
    bars: Sequence[Bar]
    goal: float | None = None  # a dashed line, e.g. the 12-hour goal
    goal_text: str = ""
    short_text: str = ""  # the legend for hatched bars
    maximum: float = 0.0  # the value at full width at least, e.g. 100 for a share in per cent

    @property
    def scale(self) -> float:
        """The value at the bar's full width: the largest value, the goal or the maximum, whichever is bigger."""
        return max([bar.value for bar in self.bars] + [self.goal or 0.0, self.maximum]) or 1.0


def bar_chart(chart: Chart) -> str:
    return render("partials/bar_chart.svg", chart=chart)
