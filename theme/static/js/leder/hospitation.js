// /leder/hospitering/: the hospitation requests in the leader's scope (a host unit's own), the details of one, the
// host's answer (dates, a move, or a no), the network leader's erasure, and the downloads.
"use strict";

import { api, newest, send } from "./api.js";
import {
  $, clearOptions, clearTables, element, fillOptions, fillTable, items, query, rowHeader, sameOrigin, showAlert,
  showDownloads, status, tableRow,
} from "./dom.js";
import { formParts, loadFiltered, onSubmit, resetForm } from "./forms.js";
import { closePanel, contactFacts, decide, fact, openFromAddress, openerCell, panelFacts, personFact } from "./panels.js";
import { texts, today } from "./text.js";

const t = texts($("leader-view"));
// The hospitation forms: the API's field name -> the input's id.
const FILTER_FIELDS = { status: "hospitations-status", enhet: "hospitations-unit" };
const CONFIRM_FIELDS = { first_day: "confirm-first-day", last_day: "confirm-last-day", meeting_time: "confirm-meeting-time", message: "confirm-message" };
const DECLINE_FIELDS = { reason: "decline-reason" };
const latest = newest();

// The request open in the details panel; the host's answer to it (or its erasure) is one at a time.
const panel = {
  name: "hospitation", list: "hospitations", home: "hospiteringer", opener: "request", loading: () => t("loadingHospitation"),
  lock: "answer", item: null, latest: newest(), show: showHospitation, refresh: () => loadHospitations(false),
  changed: () => loadHospitations(false), reloaded: () => ({ reloaded: t("reloaded") }),
};

function filters() {
  return { status: $("hospitations-status").value, enhet: $("hospitations-unit").value };
}

function hospitationRow(item) {
  return tableRow(
    rowHeader(item.name),
    element("td", item.workplace),
    element("td", item.status_label),
    element("td", item.host_unit_name),
    element("td", item.wishes_text),
    element("td", item.days_text || "–"),
    element("td", item.created_text),
    openerCell(panel, item, t("openRequest"), t("openRequestFrom", { name: item.name })),
  );
}

// The list for the chosen status and host unit, with its downloads. `announce`: say in the live region how many.
async function loadHospitations(announce) {
  const chosen = filters();
  const parts = { form: $("hospitations-form"), fields: FILTER_FIELDS, box: $("hospitations-error") };
  const result = await loadFiltered(latest, api + "/hospiteringer" + query(chosen), parts, [422], announce && t("loadingHospitations"));
  if (!result) { return []; }
  const data = result.body;
  const requests = items(data.requests);
  fillOptions($("hospitations-status"), data.statuses, "label", chosen.status);
  fillOptions($("hospitations-unit"), data.units, "name", chosen.enhet);
  // One host unit to choose from (a host unit's own): nothing to filter on.
  $("hospitations-unit-field").hidden = $("hospitations-unit").options.length < 3 && !chosen.enhet;
  $("hospitations-caption").textContent = t("hospitationsCaption", { count: requests.length });
  fillTable("hospitations", requests, hospitationRow, t("noHospitations"));
  showDownloads("hospitations-downloads", data.csv_url, [t("requestsExcel"), t("requestsComma")], chosen);
  showDownloads("evaluations-downloads", data.evaluations_csv_url, [t("evaluationsExcel"), t("evaluationsComma")]);
  if (announce) { status(requests.length ? t("hospitationsFound", { count: requests.length }) : t("noHospitations")); }
  return requests;
}

// Fill the details panel from the request; its forms as the request now allows. Typed-in values stay unless
// `fresh` (another request, or an answer that has been sent).
function showHospitation(item, fresh) {
  const facts = panelFacts(panel, item, t("detailHeading", { name: item.name }));
  fact(facts, "factStatus", item.status_label);
  fact(facts, "factWorkplace", item.workplace);
  fact(facts, "factMunicipality", item.municipality);
  fact(facts, "factArea", item.area_name);
  contactFacts(facts, item.email, item.phone);
  fact(facts, "factLeader", personFact(item.leader_name, item.leader_email));
  fact(facts, "factHost", item.host_unit_name);
  fact(facts, "factWishes", item.wishes_text);
  fact(facts, "factDays", item.days_text);
  fact(facts, "factMeeting", item.meeting_time ? item.meeting_time.replace(":", ".") : "");
  fact(facts, "factMessage", item.host_message);
  fact(facts, "factReason", item.decline_reason);
  fact(facts, "factGoals", item.goals);
  fact(facts, "factReceived", item.created_text);
  fact(facts, "factLearned", item.learned);
  fact(facts, "factRecommend", item.recommend_label);
  fact(facts, "factChange", item.change);

  const moving = item.status === "confirmed";
  $("confirm-heading").textContent = t(moving ? "moveTitle" : "confirmTitle");
  $("confirm-submit").textContent = t(moving ? "moveButton" : "confirmButton");
  $("confirm-form").hidden = !item.can_answer;
  $("decline-form").hidden = !item.can_decline;
  $("erase-part").hidden = !item.can_erase;
  $("erase-confirm").hidden = true;
  showAlert($("erase-error"), "");
  if (fresh) {
    resetForm($("confirm-form"), CONFIRM_FIELDS, $("confirm-error"));
    resetForm($("decline-form"), DECLINE_FIELDS, $("decline-error"));
    $("confirm-first-day").value = item.first_day || "";
    $("confirm-last-day").value = item.last_day || "";
    $("confirm-meeting-time").value = item.meeting_time || "";
    $("confirm-message").value = item.host_message || "";
    $("decline-reason").value = "";
  }
  ["confirm-first-day", "confirm-last-day"].forEach((id) => { $(id).min = today(); });
}

onSubmit("hospitations-form", () => loadHospitations(true));
$("hospitation-close").addEventListener("click", () => closePanel(panel, true));

// The host's answer: dates (a confirmation, or a move), or a no.
onSubmit("confirm-form", () => {
  decide(panel, "/bekreft", {
    first_day: $("confirm-first-day").value,
    last_day: $("confirm-last-day").value,
    meeting_time: $("confirm-meeting-time").value,
    message: $("confirm-message").value,
  }, formParts("confirm", CONFIRM_FIELDS), t("confirmed"));
});

onSubmit("decline-form", () => {
  decide(panel, "/avslag", { reason: $("decline-reason").value }, formParts("decline", DECLINE_FIELDS), t("declined"));
});

// Erasure (the network leader): asked once more on the page, then for good.
$("erase-start").addEventListener("click", () => {
  const item = panel.item;
  if (!item) { return; }
  showAlert($("erase-error"), "");
  $("erase-question").textContent = t("eraseQuestion", { name: item.name });
  $("erase-confirm").hidden = false;
  $("erase-question").focus();
});

$("erase-no").addEventListener("click", () => {
  $("erase-confirm").hidden = true;
  $("erase-start").focus();
});

$("erase-yes").addEventListener("click", async () => {
  const url = panel.item && sameOrigin(panel.item.url);
  const result = await send({ lock: "answer", url: url && url + "/sletting", body: {}, box: $("erase-error"), button: $("erase-yes") });
  if (!result) { return; }
  if (result.ok || result.status === 404) {
    closePanel(panel, false);
    $("hospiteringer").focus();
    status(t("erased"));
    loadHospitations(false);
  } else {
    showAlert($("erase-error"), result.body.message || t("failed"));
    $("erase-question").focus();
  }
});

// A host unit's list is its own, and says how many it has.
export async function show(me) {
  const requests = await loadHospitations(me.role === "vertsenhet");
  openFromAddress(panel, "soknad", requests);
}

export function clear() {
  latest.skip();
  clearTables("hospitations");
  ["hospitations-downloads", "evaluations-downloads"].forEach((id) => $(id).replaceChildren());
  ["hospitations-status", "hospitations-unit"].forEach((id) => clearOptions($(id)));
  resetForm($("hospitations-form"), FILTER_FIELDS, $("hospitations-error"));
  closePanel(panel, false);
}
