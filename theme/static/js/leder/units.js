// /leder/enheter/: the network's units (with their resource nurses today) and the host units for hospitation. The
// network leader adds one, changes one (name, kind, area, municipality; the host unit's email), and closes or reopens
// it; an area leader sees their area's, to read (the API decides, and says can_change).
"use strict";

import { api, load, newest, send } from "./api.js";
import { $, button, clearOptions, clearTables, element, fillOptions, fillTable, items, rowHeader, sameOrigin, showAlert, showDone, status, tableRow } from "./dom.js";
import { formParts, onSubmit, resetForm, sendForm } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = newest();

// The two kinds of unit: their form (the API's field name -> the input's id), table and addresses.
const KINDS = {
  unit: {
    name: "unit",
    table: "units",
    fields: { name: "unit-name", kind: "unit-kind", area: "unit-area", municipality: "unit-municipality" },
    addHeading: () => t("addUnitHeading"),
    addButton: () => t("addUnitButton"),
    addUrl: (data) => data.add_url,
    rows: (data) => items(data.units),
    editing: null,
  },
  host: {
    name: "host",
    table: "host-units",
    fields: { name: "host-name", kind: "host-kind", area: "host-area", email: "host-email" },
    addHeading: () => t("addHostHeading"),
    addButton: () => t("addHostButton"),
    addUrl: (data) => data.add_host_url,
    rows: (data) => items(data.host_units),
    editing: null,
  },
};
let data = null; // the API's last answer

function statusText(item) {
  return item.open ? t("open") : t("closed", { day: item.closed_text || item.closed_on || "" });
}

function editCell(kind, item) {
  const cell = document.createElement("td");
  if (data && data.can_change && sameOrigin(item.url)) {
    const edit = button(t("edit"));
    edit.setAttribute("aria-label", t("editUnit", { name: item.name }));
    edit.dataset.edit = item.id;
    edit.addEventListener("click", () => startEdit(kind, item));
    cell.append(edit);
  } else {
    cell.textContent = "–";
  }
  return cell;
}

function unitRow(item) {
  return tableRow(
    rowHeader(item.name),
    element("td", item.kind_label),
    element("td", item.municipality),
    element("td", item.area_name),
    element("td", item.nurses, "num"),
    element("td", statusText(item)),
    editCell(KINDS.unit, item),
  );
}

function hostRow(item) {
  return tableRow(
    rowHeader(item.name),
    element("td", item.kind),
    element("td", item.area_name),
    element("td", item.email),
    element("td", statusText(item)),
    editCell(KINDS.host, item),
  );
}

function municipalities(area) {
  const found = items(data && data.areas).find((one) => one.id === area);
  return found ? found.municipalities.map((name) => ({ id: name, name: name })) : [];
}

function fillMunicipalities(chosen) {
  fillOptions($("unit-municipality"), municipalities($("unit-area").value), "name", chosen || "");
}

// The units and host units as they are now; the forms (for the network leader) with the API's choices.
async function loadUnits(announce) {
  const ticket = latest.next();
  if (announce) { status(t("loadingUnits")); }
  const result = await load(api + "/enheter");
  if (!result || !ticket.current()) { return; }
  data = result.body;
  const units = KINDS.unit.rows(data);
  const hosts = KINDS.host.rows(data);
  $("units-caption").textContent = t("unitsCaption", { count: units.length });
  $("host-units-caption").textContent = t("hostUnitsCaption", { count: hosts.length });
  fillTable("units", units, unitRow, t("noUnits"));
  fillTable("host-units", hosts, hostRow, t("noHostUnits"));
  const kind = $("unit-kind").value;
  const area = $("unit-area").value;
  const hostArea = $("host-area").value;
  const municipality = $("unit-municipality").value;
  fillOptions($("unit-kind"), data.kinds, "label", kind);
  fillOptions($("unit-area"), data.areas, "name", area);
  fillOptions($("host-area"), data.areas, "name", hostArea);
  fillMunicipalities(municipality);
  $("unit-form").hidden = !data.can_change;
  $("host-form").hidden = !data.can_change;
  if (announce) { status(t("unitsFound", { count: units.length, hosts: hosts.length })); }
}

function fill(kind, item) {
  Object.keys(kind.fields).forEach((field) => {
    if (field !== "municipality") { $(kind.fields[field]).value = item ? item[field] || "" : ""; }
  });
  if (kind === KINDS.unit) { fillMunicipalities(item ? item.municipality : ""); }
}

function showState(kind, item) {
  const part = $(kind.name + "-state");
  part.hidden = !item;
  showAlert($(kind.name + "-state-error"), "");
  if (!item) { return; }
  $(kind.name + "-state-intro").textContent = item.open
    ? t("closeIntro", { name: item.name })
    : t("reopenIntro", { name: item.name, day: item.closed_text || item.closed_on || "" });
  $(kind.name + "-state-submit").textContent = t(item.open ? "closeButton" : "reopenButton", { name: item.name });
}

// The form for a change of `item` (or, without one, for a new unit).
function setMode(kind, item) {
  kind.editing = item;
  $(kind.name + "-form-heading").textContent = item ? t("editUnitHeading", { name: item.name }) : kind.addHeading();
  $(kind.name + "-submit").textContent = item ? t("saveButton") : kind.addButton();
  $(kind.name + "-cancel").hidden = !item;
  showState(kind, item);
}

function startEdit(kind, item) {
  resetForm($(kind.name + "-form"), kind.fields, $(kind.name + "-error"));
  setMode(kind, item);
  fill(kind, item);
  $(kind.name + "-form-heading").focus();
}

// Back to adding a unit; focus on the row's button of the unit that was being changed, when asked.
function stopEdit(kind, focusRow) {
  const item = kind.editing;
  resetForm($(kind.name + "-form"), kind.fields, $(kind.name + "-error"));
  setMode(kind, null);
  fill(kind, null);
  if (focusRow && item) {
    const again = $(kind.table + "-table").querySelector('[data-edit="' + CSS.escape(item.id) + '"]');
    if (again) { again.focus(); }
  }
}

function fresh(kind, id) {
  return kind.rows(data || {}).find((one) => one.id === id) || null;
}

// After a 409 (someone else changed it) or a 404: the list anew, and the unit in the form as it is now.
async function reloadEditing(kind, box, message) {
  const id = kind.editing && kind.editing.id;
  await loadUnits(false);
  const now = id ? fresh(kind, id) : null;
  if (now) {
    setMode(kind, now);
    fill(kind, now);
  } else {
    setMode(kind, null);
    fill(kind, null);
  }
  showAlert(box, message, now ? { reloaded: t("reloaded") } : {});
}

async function done(kind, text) {
  stopEdit(kind, false);
  await loadUnits(false);
  showDone($("units-done"), text);
}

function submitUnit(kind) {
  const item = kind.editing;
  const body = {};
  Object.keys(kind.fields).forEach((field) => { body[field] = $(kind.fields[field]).value; });
  if (item) { body.version = item.version; }
  const parts = formParts(kind.name, kind.fields);
  sendForm(Object.assign(parts, {
    lock: "unit",
    url: item ? sameOrigin(item.url) : sameOrigin(kind.addUrl(data || {})),
    method: item ? "PUT" : "POST",
    body: body,
    onDone: (saved) => done(kind, t(item ? "unitSaved" : "unitAdded", { name: saved.name })),
    onStale: (message) => reloadEditing(kind, parts.box, message),
  }));
}

async function changeState(kind) {
  const item = kind.editing;
  if (!item) { return; }
  const box = $(kind.name + "-state-error");
  const url = sameOrigin(item.open ? item.close_url : item.reopen_url);
  const result = await send({ lock: "unit", url: url, body: { version: item.version }, box: box, button: $(kind.name + "-state-submit") });
  if (!result) { return; }
  if (result.ok) {
    await done(kind, t(result.body.open ? "unitReopened" : "unitClosed", { name: result.body.name }));
  } else if (result.status === 409 || result.status === 404) {
    await reloadEditing(kind, box, result.body.message || t("failed"));
  } else {
    showAlert(box, result.body.message || t("failed"), result.body.errors);
  }
}

$("unit-area").addEventListener("change", () => fillMunicipalities(""));
Object.values(KINDS).forEach((kind) => {
  onSubmit(kind.name + "-form", () => submitUnit(kind));
  $(kind.name + "-cancel").addEventListener("click", () => stopEdit(kind, true));
  $(kind.name + "-state-submit").addEventListener("click", () => changeState(kind));
});

export function show() {
  return loadUnits(true);
}

export function clear() {
  latest.skip();
  data = null;
  clearTables("units", "host-units");
  Object.values(KINDS).forEach((kind) => {
    stopEdit(kind, false);
    $(kind.name + "-form").hidden = true;
  });
  ["unit-kind", "unit-area", "unit-municipality", "host-area"].forEach((id) => clearOptions($(id)));
  $("units-done").hidden = true;
}
