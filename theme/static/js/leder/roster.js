// /leder/navneliste/: the roster. The change reports to decide on (roster_reports.js), the coverage per area with
// its chart, each unit's resource nurses with their signatures and history (roster_units.js), the downloads, and
// the network leader's first import (roster_import.js). One answer (/navneliste) for the chosen area fills all but
// the reports; a decision, signatures or an import read it again.
"use strict";

import { api, newest } from "./api.js";
import {
  $, clearOptions, clearTables, element, fillOptions, fillTable, items, numberRow, sameOrigin, showAlert, showDownloads,
  withQuery,
} from "./dom.js";
import { loadFiltered, onSubmit } from "./forms.js";
import * as importer from "./roster_import.js";
import * as reports from "./roster_reports.js";
import * as units from "./roster_units.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = newest();

function coverageRow(row) {
  const percent = t("percent", { percent: row.percent });
  return numberRow(row.name, row.units, row.covered, row.uncovered, percent, row.nurses, row.unsigned, row.grunnkurs_due);
}

// The chart is an image of every area the leader sees; its text alternative says what it shows, and the table
// has the numbers. With one area chosen, the table alone tells it.
function showChart(data, rows) {
  const figure = $("coverage-figure");
  figure.querySelectorAll("img").forEach((node) => node.remove());
  const src = sameOrigin(data.chart_url);
  figure.hidden = !src || !!data.area || !rows.length;
  if (figure.hidden) { return; }
  const image = document.createElement("img");
  image.className = "roster-chart__image";
  image.alt = t("chartAlt", { areas: rows.map((row) => t("chartArea", { name: row.name, covered: row.covered, units: row.units })).join(" ") });
  image.src = withQuery(src, { v: String(latest.count) }); // a new address, so the browser asks again
  figure.prepend(image);
}

function showCoverage(data) {
  const rows = items(data.coverage);
  fillTable("coverage", rows, coverageRow, t("noCoverage"));
  showChart(data, rows);
  const uncovered = items(data.uncovered);
  $("uncovered-list").replaceChildren(...(uncovered.length
    ? uncovered.map((unit) => element("li", t("unitInArea", { unit: unit.name, area: unit.area_name })))
    : [element("li", t("allCovered"))]));
  showDownloads("coverage-downloads", data.coverage_csv_url, [t("coverageExcel"), t("coverageComma")]);
}

// Everything the roster answer holds, for the chosen area. `announce`: say in the live region what came.
export async function loadRoster(announce) {
  const area = $("roster-area").value;
  const parts = { form: $("roster-area-form"), fields: { omrade: "roster-area" }, box: $("roster-error") };
  const result = await loadFiltered(latest, api + "/navneliste" + (area ? "?omrade=" + encodeURIComponent(area) : ""), parts,
    [403, 422], announce && t("loadingRoster"));
  if (!result) { return; }
  const data = result.body;
  const areas = items(data.areas);
  fillOptions($("roster-area"), areas, "name", data.area || "");
  $("roster-area-form").hidden = areas.length < 2;

  const pending = Number(data.pending_reports) || 0;
  $("reports-pending").textContent = t("reportsPending", { count: pending });
  $("reports-pending").hidden = !pending;
  showCoverage(data);
  units.showUnits(data, announce);
  showDownloads("roster-downloads", data.csv_url, [t("rosterExcel"), t("rosterComma")]);
  showDownloads("roster-history-downloads", data.history_csv_url, [t("historyExcel"), t("historyComma")]);
  importer.showImport(data);
}

onSubmit("roster-area-form", () => loadRoster(true));
reports.onDecision(() => loadRoster(false));
units.onChange(() => loadRoster(false));
importer.onImport(() => loadRoster(false));

export async function show() {
  $("roster").hidden = false; // the network's and the areas', shown once the API has said who is signed in
  await Promise.all([reports.show(), loadRoster(false)]);
  // A link to one resource nurse (#roster-entry-ID, from the start page): there, now that the list has come.
  const target = window.location.hash.startsWith("#roster-entry-") && document.getElementById(window.location.hash.slice(1));
  if (target && target.scrollIntoView) { target.scrollIntoView({ block: "center" }); }
}

export function clear() {
  latest.skip();
  $("roster").hidden = true;
  reports.clear();
  units.clear();
  importer.clear();
  clearTables("coverage");
  ["uncovered-list", "coverage-downloads", "roster-downloads", "roster-history-downloads"].forEach((id) => $(id).replaceChildren());
  $("coverage-figure").querySelectorAll("img").forEach((node) => node.remove());
  clearOptions($("roster-area"));
  $("reports-pending").hidden = true;
  showAlert($("roster-error"), "");
}
