// /leder/personer/: a person's access or erasure request. The address first: what the table holds about it (the
// kinds counted, and the whole as a JSON file to send the person); then, with the box ticked, the erasure of all of it.
"use strict";

import { api } from "./api.js";
import { $, element, showAlert, status } from "./dom.js";
import { onSubmit, sendForm } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
let download = null; // the object URL of the last answer's file

function showFound(data) {
  const email = data.email || "";
  $("people-found").hidden = false;
  $("people-done").hidden = true;
  $("people-summary").textContent = data.total ? t("found", { count: data.total, email: email }) : t("nothing", { email: email });
  $("people-kinds").replaceChildren(...(data.kinds || []).map((kind) => element("li", kind.label + ": " + kind.count)));
  if (download) { URL.revokeObjectURL(download); }
  download = URL.createObjectURL(new Blob([JSON.stringify(data.records || {}, null, 2)], { type: "application/json" }));
  const link = $("people-download");
  link.href = download;
  link.textContent = t("download", { email: email });
  link.parentElement.hidden = !data.total;
  $("people-erase").hidden = !data.total;
  $("people-confirm").checked = false;
  $("people-found-heading").focus();
  status($("people-summary").textContent);
}

onSubmit("people-form", () => {
  $("people-found").hidden = true;
  sendForm({
    lock: "people", url: api + "/personer/innsyn", body: { email: $("people-email").value.trim() },
    form: $("people-form"), fields: { email: "people-email" }, box: $("people-error"), button: $("people-submit"),
    text: t("looking"), onDone: showFound, onStale: (message) => showAlert($("people-error"), message),
  });
});

onSubmit("people-erase", () => {
  sendForm({
    lock: "people", url: api + "/personer/sletting",
    body: { email: $("people-email").value.trim(), confirm: $("people-confirm").checked },
    form: $("people-erase"), fields: { confirm: "people-confirm" }, box: $("people-erase-error"),
    button: $("people-erase-submit"), text: t("erasing"),
    onDone: (data) => {
      $("people-erase").hidden = true;
      $("people-download").parentElement.hidden = true;
      const done = $("people-done");
      done.textContent = data.text;
      done.hidden = false;
      done.focus();
    },
    onStale: (message) => showAlert($("people-erase-error"), message),
  });
});

export function show() {
  $("people-email").focus();
}

export function clear() {
  $("people-found").hidden = true;
  $("people-email").value = "";
  if (download) { URL.revokeObjectURL(download); download = null; }
}
