// The roster's change reports: the unit leaders' reports of a resource nurse who starts, leaves or has new contact
// details, listed by status (those waiting first), one in a details panel to approve or decline with a reason.
"use strict";

import { api, newest } from "./api.js";
import { $, clearOptions, clearTables, element, fillOptions, fillTable, items, rowHeader, showAlert, status, tableRow } from "./dom.js";
import { formParts, loadFiltered, onSubmit, resetForm } from "./forms.js";
import { closePanel, contactFacts, decide, fact, openFromAddress, openerCell, panelFacts, personFact } from "./panels.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const APPROVE_FIELDS = { entry: "approve-entry" };
const REPORT_DECLINE_FIELDS = { reason: "report-decline-reason" };
const latest = newest();
let decided = () => {}; // what else a decision changes (the roster)

// The change report open in its details panel; a decision on it is one at a time.
const panel = {
  name: "report", list: "reports", home: "reports-heading", opener: "report", loading: () => t("loadingReport"),
  lock: "decision", item: null, latest: newest(), show: showReport, refresh: () => loadReports(false), changed: reportChanged,
  reloaded: reportReloaded,
};

export function onDecision(callback) {
  decided = callback;
}

function reportRow(item) {
  return tableRow(
    element("td", item.created_text),
    element("td", item.unit_name),
    element("td", item.kind_label),
    rowHeader(item.named),
    element("td", item.effective_text),
    element("td", item.status_label),
    openerCell(panel, item, t("openReport"), t("openReportAbout", { name: item.named, unit: item.unit_name })),
  );
}

async function loadReports(announce) {
  const select = $("reports-status");
  // Until the statuses have come, the list shows the reports that wait for a decision.
  const chosen = select.options.length > 1 ? select.value : "pending";
  const parts = { form: $("reports-form"), fields: { status: "reports-status" }, box: $("reports-error") };
  const result = await loadFiltered(latest, api + "/endringsmeldinger" + (chosen ? "?status=" + encodeURIComponent(chosen) : ""),
    parts, [403, 422], announce && t("loadingReports"));
  if (!result) { return []; }
  const reports = items(result.body.reports);
  fillOptions(select, result.body.statuses, "label", chosen);
  const label = select.value ? select.options[select.selectedIndex].text : "";
  $("reports-caption").textContent = label
    ? t("reportsCaptionStatus", { status: label, count: reports.length })
    : t("reportsCaption", { count: reports.length });
  fillTable("reports", reports, reportRow, t("noReports"));
  if (announce) { status(reports.length ? t("reportsFound", { count: reports.length }) : t("noReports")); }
  return reports;
}

function showReport(item, fresh) {
  const facts = panelFacts(panel, item, t("reportHeading", { kind: item.kind_label, name: item.named }));
  const starts = item.kind === "new" || item.kind === "replacement";
  fact(facts, "factStatus", item.status_label);
  fact(facts, "factKind", item.kind_label);
  fact(facts, "factUnit", item.unit_name);
  fact(facts, "factArea", item.area_name);
  fact(facts, "factEffective", item.effective_text);
  fact(facts, "factLeaving", item.leaving_email ? item.leaving_name + " (" + item.leaving_email + ")" : item.leaving_name);
  fact(facts, "factContactName", item.contact_name);
  fact(facts, "factContactNewName", item.contact_new_name);
  fact(facts, "factContactNewEmail", item.contact_new_email);
  fact(facts, "factContactNewPhone", item.contact_new_phone);
  fact(facts, "factNewName", item.new_name);
  contactFacts(facts, item.new_email, item.new_phone);
  fact(facts, "factEducation", item.new_education_label);
  fact(facts, "factListed", starts ? (item.new_listed ? t("yes") : t("no")) : "");
  fact(facts, "factComment", item.comment);
  fact(facts, "factReporter", personFact(item.reporter_name, item.reporter_email));
  fact(facts, "factReported", item.created_text);
  fact(facts, "factDecided", item.decided_text ? (item.decided_by ? item.decided_text + " (" + item.decided_by + ")" : item.decided_text) : "");
  fact(facts, "factDeclineReason", item.decline_reason);

  const pending = item.status === "pending";
  $("approve-form").hidden = !pending;
  $("report-decline-form").hidden = !pending;
  $("approve-entry-field").hidden = !(pending && item.needs_entry);
  if (fresh) {
    resetForm($("approve-form"), APPROVE_FIELDS, $("approve-error"));
    resetForm($("report-decline-form"), REPORT_DECLINE_FIELDS, $("report-decline-error"));
    const candidates = items(item.candidates).map((candidate) => ({
      id: candidate.id, label: t("candidate", { name: candidate.name, email: candidate.email, start: candidate.start_text }),
    }));
    fillOptions($("approve-entry"), candidates, "label", item.suggested || "");
    $("report-decline-reason").value = "";
  }
}

// A decision (or a report read again) changes the list of reports and may change the roster.
function reportChanged() {
  loadReports(false);
  decided();
}

// Read again after a 409 or 404: if the report itself has not changed (the unit's list did, or the person is on it
// already), the message alone says it.
function reportReloaded(item, version) {
  return item.version !== version || item.status !== "pending" ? { reloaded: t("reportReloaded") } : {};
}

onSubmit("reports-form", () => loadReports(true));
$("report-close").addEventListener("click", () => closePanel(panel, true));

// Approve or decline the open report.
onSubmit("approve-form", () => {
  const item = panel.item;
  const entry = item && item.needs_entry ? $("approve-entry").value : "";
  decide(panel, "/godkjenning", { entry: entry }, formParts("approve", APPROVE_FIELDS), t("approved"));
});

onSubmit("report-decline-form", () => {
  decide(panel, "/avslag", { reason: $("report-decline-reason").value }, formParts("report-decline", REPORT_DECLINE_FIELDS),
    t("reportDeclined"));
});

export async function show() {
  openFromAddress(panel, "melding", await loadReports(false));
}

export function clear() {
  latest.skip();
  closePanel(panel, false);
  clearTables("reports");
  clearOptions($("reports-status"));
  showAlert($("reports-error"), "");
}
