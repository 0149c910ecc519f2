"""Pelican plugin: the leaders' area as one static page per view (LEADER_VIEWS in pelicanconf.py), each written from
theme/templates/leader.html with `view` naming the partial (partials/leder/{view}.html) and the script module
(js/leder/{view}.js) it shows. /leder/ is the start page; the others are /leder/{address}/."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator


class LeaderViewGenerator(Generator):
    def generate_context(self) -> None:
        self.views: dict[str, str] = dict(self.settings.get("LEADER_VIEWS", {}))
        self.context["LEADER_VIEWS"] = self.views

    def generate_output(self, writer: Any) -> None:
        template = self.get_template("leader")
        for view, url in self.views.items():
            writer.write_file(f"{url}index.html", template, self.context, view=view, view_url=url)


def get_generators(_pelican: Any) -> type[Generator]:
    return LeaderViewGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
