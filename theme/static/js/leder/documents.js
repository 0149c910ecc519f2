// /leder/dokumenter/: the network's documents in versions. Upload a new version of a kind (its file goes straight
// to the file store with the form the API signs), preview its text, save it (on the site at once: the newest
// approved version of a kind is its current one, the others are listed as earlier versions); open one to change it,
// take it down, publish it again, or undo its last change. A change is made on the version the leader saw: if
// someone else saved in between, the API says so (409) and nothing is overwritten.
"use strict";

import { api, load, newest, send } from "./api.js";
import { $, button, clearTables, element, fillOptions, fillTable, items, link, rowHeader, showAlert, showDone, status, tableRow } from "./dom.js";
import { resetForm, showErrorSummary } from "./forms.js";
import { showHtml, uploadFile } from "./site_files.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = { list: newest(), document: newest() };
const FIELDS = {
  kind: "document-kind",
  title: "document-title",
  period: "document-period",
  approved_on: "document-approved-on",
  approved_by: "document-approved-by",
  summary: "document-summary",
  text: "document-text",
  file: "document-file",
};
let current = null; // the version being changed, as the API last gave it (null: a new one)
let upload = ""; // the upload id of a new file, once it is in the store

function documentBody() {
  const body = {
    kind: $("document-kind").value,
    title: $("document-title").value,
    period: $("document-period").value,
    approved_on: $("document-approved-on").value,
    approved_by: $("document-approved-by").value,
    summary: $("document-summary").value,
    text: $("document-text").value,
    file: upload,
    keep_file: !$("document-remove-file").checked,
  };
  if (current) { body.version = current.version; }
  return body;
}

function showFileNow() {
  const file = current && current.file;
  $("document-file-now").textContent = file ? t("currentFile", { name: file.name, size: file.size_text }) : t("noFile");
  $("document-remove-file-choice").hidden = !file;
}

function openForm(version) {
  current = version;
  upload = "";
  const form = $("document-form");
  resetForm(form, FIELDS, $("document-error"));
  form.reset();
  $("document-done").hidden = true;
  $("document-preview").hidden = true;
  $("document-form-heading").textContent = version ? t("editHeading") : t("newHeading");
  $("document-kind").disabled = Boolean(version); // a version stays of its kind
  if (version) {
    $("document-kind").value = version.kind;
    $("document-title").value = version.title;
    $("document-period").value = version.period;
    $("document-approved-on").value = version.approved_on;
    $("document-approved-by").value = version.approved_by;
    $("document-summary").value = version.summary;
    $("document-text").value = version.text;
  }
  showFileNow();
  form.hidden = false;
  $("document-form-heading").focus();
}

$("document-file").addEventListener("change", async (event) => {
  const file = (event.target.files || [])[0];
  upload = "";
  if (!file) { return; }
  showAlert($("document-error"), "");
  const answer = await uploadFile({
    url: api + "/dokumenter/fil", file: file, box: $("document-error"), button: $("document-file"),
    text: t("uploading", { name: file.name }), failed: t("uploadFailed", { name: file.name }),
    onRefused: (body) => {
      showErrorSummary(FIELDS, $("document-error"), body, (count) => t("errorsHeading", { count: count }));
      $("document-file").value = "";
    },
  });
  if (!answer) { return; }
  upload = answer.id;
  $("document-file-now").textContent = t("uploaded", { name: file.name });
  status(t("uploaded", { name: file.name }));
});

async function preview() {
  resetForm($("document-form"), FIELDS, $("document-error"));
  const body = Object.assign(documentBody(), { kind: $("document-kind").value || (current && current.kind) || "" });
  const result = await send({
    lock: "document-preview", url: api + "/dokumenter/forhandsvisning", body: body, box: $("document-error"),
    button: $("document-preview-button"), text: t("previewing"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showErrorSummary(FIELDS, $("document-error"), result.body, (count) => t("errorsHeading", { count: count }));
    return;
  }
  showHtml($("document-preview-body"), result.body.html);
  $("document-preview").hidden = false;
  $("document-preview-heading").focus();
  status(t("previewReady"));
}

async function save() {
  resetForm($("document-form"), FIELDS, $("document-error"));
  const url = current ? `${api}/dokumenter/${encodeURIComponent(current.id)}` : api + "/dokumenter";
  const result = await send({
    lock: "document-save", url: url, method: current ? "PUT" : "POST", body: documentBody(), box: $("document-error"),
    button: $("document-save"), text: t("saving"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showErrorSummary(FIELDS, $("document-error"), result.body, (count) => t("errorsHeading", { count: count }));
    return;
  }
  openForm(result.body.document);
  showDetail(result.body);
  showDone($("document-done"), t("saved"));
  await loadDocuments();
}

$("document-form").addEventListener("submit", (event) => {
  event.preventDefault();
  save();
});
$("document-preview-button").addEventListener("click", preview);
$("document-new").addEventListener("click", () => {
  latest.document.skip();
  $("document-detail").hidden = true;
  openForm(null);
});

function showDetail(detail) {
  const version = detail.document;
  $("document-detail-status").textContent = `${version.kind_label} · ${version.status_label} · ${version.approved_text}`;
  $("document-detail-link").replaceChildren(...(version.status === "published" ? [link(t("openPage"), version.url)] : []));
  $("document-publish").hidden = version.status === "published";
  $("document-withdraw").hidden = version.status !== "published";
  $("document-restore").hidden = !detail.can_restore;
  $("document-history").replaceChildren(...items(detail.revisions).map((one) => element("li", t("version", {
    saved: one.saved_text, action: one.action_label, by: one.changed_by || "–",
  }))));
  showAlert($("document-detail-error"), "");
  $("document-detail").hidden = false;
}

async function openDocument(id) {
  const ticket = latest.document.next();
  const result = await load(`${api}/dokumenter/${encodeURIComponent(id)}`);
  if (!result || !ticket.current()) { return; }
  openForm(result.body.document);
  showDetail(result.body);
}

async function step(path, clicked, done) {
  if (!current) { return; }
  const result = await send({
    lock: "document-step", url: `${api}/dokumenter/${encodeURIComponent(current.id)}/${path}`, body: { version: current.version },
    box: $("document-detail-error"), button: clicked,
  });
  if (!result) { return; }
  if (!result.ok) {
    showAlert($("document-detail-error"), result.body.message || "", result.body.errors);
    return;
  }
  openForm(result.body.document);
  showDetail(result.body);
  showDone($("document-done"), done);
  await loadDocuments();
}

$("document-publish").addEventListener("click", () => step("publisering", $("document-publish"), t("published")));
$("document-withdraw").addEventListener("click", () => step("nedtaking", $("document-withdraw"), t("withdrawn")));
$("document-restore").addEventListener("click", () => step("tilbakestilling", $("document-restore"), t("restored")));
$("document-close").addEventListener("click", () => {
  latest.document.skip();
  current = null;
  $("document-detail").hidden = true;
  $("document-form").hidden = true;
  $("document-preview").hidden = true;
  $("documents-list-heading").focus();
});

function documentRow(version) {
  const edit = button(t("edit"));
  edit.setAttribute("aria-label", t("editFor", { title: version.title }));
  edit.addEventListener("click", () => openDocument(version.id));
  const cell = element("td");
  cell.append(edit);
  const shown = version.status !== "published" ? version.status_label : version.current ? t("current") : t("earlier");
  return tableRow(
    rowHeader(version.title),
    element("td", version.kind_label),
    element("td", version.approved_text),
    element("td", shown),
    element("td", version.file ? `${version.file.name} (${version.file.size_text})` : "–"),
    cell,
  );
}

async function loadDocuments() {
  const ticket = latest.list.next();
  const result = await load(api + "/dokumenter");
  if (!result || !ticket.current()) { return null; }
  fillTable("documents", items(result.body.documents), documentRow, t("noDocuments"));
  return result.body;
}

export async function show() {
  status(t("loading"));
  const found = await loadDocuments();
  if (!found) { return; }
  fillOptions($("document-kind"), found.kinds, "label", "");
  const count = items(found.documents).length;
  status(count ? t("documentsFound", { count: count }) : t("noDocuments"));
}

export function clear() {
  latest.list.skip();
  latest.document.skip();
  current = null;
  upload = "";
  clearTables("documents");
  $("document-form").reset();
  $("document-form").hidden = true;
  $("document-preview").hidden = true;
  $("document-detail").hidden = true;
  showAlert($("document-error"), "");
}
