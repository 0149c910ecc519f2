// The roster's first import (the network leader, once): a file checked first, each row to correct named by its line,
// then imported when it is clean.
"use strict";

import { busy, send, whileBusy } from "./api.js";
import { $, element, list, listItem, sameOrigin, showAlert, showDone, status } from "./dom.js";
import { markFieldErrors, onSubmit, resetForm, showFormErrors } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const IMPORT_FIELDS = { file: "import-file" };
const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
let importUrl = null; // where the roster answer says the import goes (none once it is done, or for other leaders)
let upload = null; // { filename, content } of the file last checked, for the import that may follow
let imported = false; // the import is done: its receipt stays in view although the part would otherwise go
let changed = () => {}; // the roster read again after an import

export function onImport(callback) {
  changed = callback;
}

// The file's bytes as base64, a slice at a time (a 4 MB file in one call to fromCharCode is too many arguments).
function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  const parts = [];
  for (let start = 0; start < bytes.length; start += 0x8000) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(start, start + 0x8000)));
  }
  return window.btoa(parts.join(""));
}

function readFile(file) {
  if (file.arrayBuffer) { return file.arrayBuffer(); }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

function clearImportReport() {
  upload = null;
  $("import-report").hidden = true;
  $("import-report-body").replaceChildren();
  $("import-confirm").hidden = true;
}

// What the file says: its problem, or the rows ready per area and the columns read.
function fileParts(data) {
  if (data.file_problem) {
    const box = element("div", null, "error-summary leader-alert");
    box.append(element("p", data.file_problem));
    return [box];
  }
  const parts = [element("p", t("importRows", { filename: data.filename, count: Number(data.rows) || 0 }))];
  const perArea = Array.isArray(data.per_area) ? data.per_area : [];
  if (perArea.length) { parts.push(list(perArea.map((area) => t("importArea", { area: area.name, count: area.rows })), "roster-list")); }
  const columns = data.columns && typeof data.columns === "object" ? Object.values(data.columns) : [];
  if (columns.length) { parts.push(element("p", t("importColumns", { columns: columns.join(", ") }), "field__hint")); }
  return parts;
}

// What the check found: the file's parts, then each row to correct by its line, the duplicates and blank lines.
function showImportReport(data) {
  const parts = fileParts(data);
  const problems = Array.isArray(data.problems) ? data.problems : [];
  if (problems.length) {
    const box = element("div", null, "roster-problems");
    box.append(element("h5", t("importProblems", { count: problems.length })));
    box.append(list(problems.map((problem) => {
      const item = listItem(element("strong", t("importLine", { line: problem.line })));
      item.append(list(Array.isArray(problem.messages) ? problem.messages : []));
      return item;
    }), "roster-problem-list"));
    parts.push(box);
  }
  const duplicates = Array.isArray(data.duplicates) ? data.duplicates : [];
  if (duplicates.length) {
    parts.push(element("h5", t("importDuplicatesHeading")));
    parts.push(list(duplicates.map((duplicate) => t("importDuplicate", { line: duplicate.line, first: duplicate.same_as })), "roster-list"));
  }
  if (Number(data.blank) > 0) { parts.push(element("p", t("importBlank", { count: data.blank }))); }
  if (Number(data.windows_lines) > 0) { parts.push(element("p", t("importWindows", { count: data.windows_lines }), "notice")); }
  if (!data.ready && !data.file_problem) { parts.push(element("p", t("importFix"), "leader-warning")); }
  $("import-report-body").replaceChildren(...parts);
  const count = Number(data.rows) || 0;
  $("import-confirm").textContent = count === 1 ? t("importButtonOne") : t("importButton", { count: count });
  $("import-confirm").hidden = !data.ready;
  $("import-report").hidden = false;
}

async function sendImport(confirm) {
  resetForm($("import-form"), IMPORT_FIELDS, $("import-error"));
  $("import-done").hidden = true;
  const result = await send({
    lock: "import", url: importUrl, body: Object.assign({ confirm: confirm }, upload),
    box: $("import-error"), button: confirm ? $("import-confirm") : $("import-check"), text: confirm ? t("importing") : t("checkingFile"),
  });
  if (!result) { return; }
  const data = result.body;
  if (result.ok && confirm) {
    imported = true;
    clearImportReport();
    $("import-file").value = "";
    showDone($("import-done"), t("imported", { count: data.imported }));
    changed();
  } else if (result.ok) {
    showImportReport(data);
    $("import-report-heading").focus();
    status(data.ready ? t("importReady", { count: data.rows }) : t("importNotReady"));
  } else if (result.status === 422 && "ready" in data) {
    showImportReport(data);
    showAlert($("import-error"), data.message || t("failed"));
    $("import-report-heading").focus();
  } else {
    if (result.status === 409) { clearImportReport(); changed(); }
    showFormErrors(IMPORT_FIELDS, $("import-error"), data);
  }
}

// The file refused before it is sent (too big, unreadable): said at the field and in the form's alert.
function refuseFile(message) {
  markFieldErrors(IMPORT_FIELDS, { file: message });
  showAlert($("import-error"), message);
  $("import-file").focus();
}

$("import-file").addEventListener("change", () => {
  clearImportReport();
  $("import-done").hidden = true;
});

onSubmit("import-form", async () => {
  if (busy("import") || !importUrl) { return; }
  resetForm($("import-form"), IMPORT_FIELDS, $("import-error"));
  clearImportReport();
  const file = $("import-file").files[0];
  if (file && file.size > IMPORT_MAX_BYTES) {
    refuseFile(t("fileTooBig"));
    return;
  }
  let content = "";
  let unreadable = false;
  if (file) { // reading a large file takes a moment: one check at a time
    await whileBusy("import", async () => {
      try { content = base64(await readFile(file)); } catch (error) { unreadable = true; }
    });
  }
  if (unreadable) {
    refuseFile(t("fileUnreadable"));
    return;
  }
  upload = { filename: file ? file.name : "", content: content };
  sendImport(false);
});

$("import-confirm").addEventListener("click", () => {
  if (busy("import") || !upload || !importUrl) { return; }
  sendImport(true);
});

// The part as the roster answer allows: the network leader's until the list is imported (then its receipt stays).
export function showImport(data) {
  importUrl = sameOrigin(data.import_url);
  $("roster-import").hidden = !data.can_import && !imported;
  $("import-form").hidden = !data.can_import;
}

export function clear() {
  importUrl = null;
  imported = false;
  clearImportReport();
  $("import-file").value = "";
  $("import-done").hidden = true;
  showAlert($("import-error"), "");
}
