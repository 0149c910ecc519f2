// /leder/timer/: the hours of each resource nurse at the local meetings toward the yearly goal, per area with a
// chart, and the downloads.
"use strict";

import { api, newest } from "./api.js";
import {
  $, clearOptions, clearTables, element, fillOptions, fillTable, items, numberRow, query, rowHeader, sameOrigin, showDownloads,
  status, tableRow, withQuery,
} from "./dom.js";
import { loadFiltered, onSubmit, resetForm } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
// The hours' filter: the API's field name -> the input's id.
const HOURS_FIELDS = { ar: "hours-year", omrade: "hours-area" };
const latest = newest();

function hoursRow(nurse, goalText) {
  const mark = nurse.behind
    ? element("strong", t("hoursBehind", { goal: goalText }), "hours-behind")
    : element("span", t("hoursReached"), "hours-reached");
  const cell = document.createElement("td");
  cell.append(mark);
  return tableRow(
    rowHeader(nurse.name),
    element("td", nurse.unit_name),
    element("td", nurse.area_name),
    element("td", nurse.hours_text, "num"),
    cell,
  );
}

function hoursAreaRow(area) {
  return numberRow(area.name, area.nurses, area.behind, area.average_text);
}

// The chart is an image beside the table that has its numbers (so its text alternative is empty).
function showHoursChart(data, areas) {
  const figure = $("hours-figure");
  $("hours-chart-box").replaceChildren();
  const src = sameOrigin(data.chart_url);
  figure.hidden = !src || !areas.length;
  if (figure.hidden) { return; }
  const image = document.createElement("img");
  image.className = "roster-chart__image hours-chart__image";
  image.alt = "";
  image.src = withQuery(src, { v: String(latest.count) }); // a new address, so the browser asks again
  $("hours-chart-box").append(image);
}

// The hours of the chosen year (this year at first) and area. `announce`: say in the live region what came.
async function loadHours(announce) {
  const filters = { ar: $("hours-year").value.trim(), omrade: $("hours-area").value };
  const parts = { form: $("hours-form"), fields: HOURS_FIELDS, box: $("hours-error") };
  const result = await loadFiltered(latest, api + "/timer" + query(filters), parts, [403, 422], announce && t("loadingHours"));
  if (!result) { return; }
  const data = result.body;
  const nurses = items(data.nurses);
  const areas = items(data.areas);
  const choices = items(data.choices);
  $("hours-year").value = data.year || "";
  fillOptions($("hours-area"), choices, "name", data.area || "");
  $("hours-area-field").hidden = choices.length < 2;
  $("hours-caption").textContent = t("hoursCaption", { year: data.year });
  $("hours-areas-caption").textContent = t("hoursAreasCaption", { year: data.year });
  fillTable("hours", nurses, (nurse) => hoursRow(nurse, data.goal_text), t("noHours"));
  fillTable("hours-areas", areas, hoursAreaRow, t("noHours"));
  showHoursChart(data, areas);
  showDownloads("hours-downloads", data.csv_url, [t("hoursExcel"), t("hoursComma")]);
  if (announce) {
    status(t("hoursFound", { count: nurses.length, behind: nurses.filter((nurse) => nurse.behind).length }));
  }
}

onSubmit("hours-form", () => loadHours(true));

export function show() {
  return loadHours(false);
}

export function clear() {
  latest.skip();
  clearTables("hours", "hours-areas");
  $("hours-downloads").replaceChildren();
  $("hours-chart-box").replaceChildren();
  $("hours-figure").hidden = true;
  $("hours-year").value = "";
  clearOptions($("hours-area"));
  resetForm($("hours-form"), HOURS_FIELDS, $("hours-error"));
}
