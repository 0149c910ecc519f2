// /leder/egenrapport/: the yearly self-report. The rounds with the counts of the leader's areas (the newest in the
// table, earlier ones as links to their answers); for the network leader, the form that opens a round and the one
// that moves the open round's closing day.
"use strict";

import { api, load } from "./api.js";
import {
  $, clearTables, element, fillTable, items, link, numberRow, sameOrigin, showAlert, showDownloads, status,
} from "./dom.js";
import { onSubmit, sendForm } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const OPEN_FIELDS = { year: "self-report-year", closes_on: "self-report-closes" };
const CHANGE_FIELDS = { closes_on: "self-report-new-closes" };
let newest = null; // the newest round, as last read

function areaRow(area) {
  const time = [area.time_given, area.time_partly, area.time_not].join(" / ");
  return numberRow(area.name, area.nurses_asked, area.nurses_answered, area.planned, area.leaders_asked,
    area.leaders_answered, time);
}

function roundText(round) {
  if (!round.open) { return t("closed", { year: round.year, closes: round.closes_text }); }
  const key = round.reminded ? "openReminded" : "open";
  return t(key, { year: round.year, closes: round.closes_text, reminder: round.reminder_text });
}

function showRounds(data, me) {
  const rounds = items(data.rounds);
  newest = rounds[0] || null;
  const networkLeader = me.role === "nettverksleder";
  const years = items(data.years);
  $("self-report-open-section").hidden = !data.may_open;
  $("self-report-year").replaceChildren(...years.map((year) => {
    const option = element("option", year);
    option.value = String(year);
    return option;
  }));
  $("self-report-status").textContent = newest ? roundText(newest) : t("none");
  $("self-report-summary").textContent = newest ? t("summary", newest) : "";
  fillTable("self-report-areas", newest ? items(newest.areas) : [], areaRow, t("noArea"));
  const links = $("self-report-links");
  links.replaceChildren();
  if (newest) {
    links.append(link(t("answers", { year: newest.year }), sameOrigin(newest.results_url)), element("br"));
    const downloads = element("span");
    downloads.id = "self-report-downloads";
    links.append(downloads);
    showDownloads("self-report-downloads", sameOrigin(newest.results_url + ".csv"));
  }
  $("self-report-change").hidden = !(networkLeader && newest && newest.open);
  if (newest) { $("self-report-new-closes").value = newest.closes_on; }
  $("self-report-earlier").replaceChildren(...rounds.slice(1).map((round) => {
    const item = element("li");
    item.append(link(t("earlier", { year: round.year }), sameOrigin(round.results_url)));
    return item;
  }));
}

let signedInAs = null;

async function loadRounds(announce) {
  if (announce) { status(t("loading")); }
  const result = await load(api + "/egenrapport");
  if (!result || !result.ok) { return; }
  showRounds(result.body, signedInAs);
  if (announce) { status($("self-report-status").textContent); }
}

function done(data) {
  const node = $("self-report-done");
  node.textContent = data.text;
  node.hidden = false;
  node.focus();
  status(data.text);
  loadRounds(false);
}

onSubmit("self-report-open", () => {
  sendForm({
    lock: "self-report", url: api + "/egenrapport",
    body: { year: $("self-report-year").value, closes_on: $("self-report-closes").value.trim() },
    form: $("self-report-open"), fields: OPEN_FIELDS, box: $("self-report-open-error"),
    button: $("self-report-open-submit"), text: t("opening"), onDone: done,
    onStale: (message) => { showAlert($("self-report-open-error"), message); loadRounds(false); },
  });
});

onSubmit("self-report-change", () => {
  if (!newest) { return; }
  sendForm({
    lock: "self-report", url: api + "/egenrapport/" + newest.year + "/frist",
    body: { closes_on: $("self-report-new-closes").value.trim(), version: newest.version },
    form: $("self-report-change"), fields: CHANGE_FIELDS, box: $("self-report-change-error"),
    button: $("self-report-change-submit"), text: t("moving"), onDone: done,
    onStale: (message) => { showAlert($("self-report-change-error"), message); loadRounds(false); },
  });
});

export function show(me) {
  signedInAs = me;
  return loadRounds(true);
}

export function clear() {
  newest = null;
  signedInAs = null;
  clearTables("self-report-areas");
  $("self-report-done").hidden = true;
  $("self-report-open-section").hidden = true;
  $("self-report-change").hidden = true;
  $("self-report-earlier").replaceChildren();
  $("self-report-links").replaceChildren();
}
