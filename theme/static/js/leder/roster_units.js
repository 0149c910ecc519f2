// The roster's units under a heading per area, each with its resource nurses (now, or starting later), the dates
// their function description was signed (a form to record them), and the unit's history on request; the list of
// function descriptions that miss a signature.
"use strict";

import { load, send } from "./api.js";
import { $, button, element, fillTable, items, link, list, listItem, sameOrigin, showAlert, status } from "./dom.js";
import { sendForm } from "./forms.js";
import { contactFacts, fact } from "./panels.js";
import { formatDay, texts, today } from "./text.js";

const t = texts($("leader-view"));
const SIGNERS = [["nurse", "signerNurse"], ["leader", "signerLeader"], ["network", "signerNetwork"]];
let changed = async () => {}; // the roster read again, after signatures are saved
let mayNetwork = false; // whether the signed-in leader may set the network leader's date (the roster answer says)

export function onChange(callback) {
  changed = callback;
}

function signatureText(day) {
  return day ? formatDay(day) : t("missing");
}

function signatureList(entry) {
  const signatures = entry.signatures || {};
  return list([
    t("signedNurse", { date: signatureText(signatures.nurse) }),
    t("signedLeader", { date: signatureText(signatures.leader) }),
    t("signedNetwork", { date: signatureText(signatures.network) }),
  ], "roster-signatures");
}

function grunnkursText(entry) {
  if (entry.grunnkurs_due) { return t("grunnkursDue"); }
  const taken = items(entry.courses).find((course) => course.kind === "grunnkurs");
  return taken ? t("grunnkursTaken", { date: taken.day_text }) : t("grunnkursNotNeeded");
}

function coursesFact(entry) {
  const courses = items(entry.courses);
  if (!courses.length) { return t("noEntryCourses"); }
  return list(courses.map((course) => t("course", { title: course.title, date: course.day_text })), "roster-courses");
}

function dateField(entry, name, text, id) {
  const field = element("div", null, "field");
  const label = element("label", text, "field__label");
  label.htmlFor = id;
  const input = element("input", null, "field__input");
  input.type = "date";
  input.id = id;
  input.name = name;
  input.value = (entry.signatures || {})[name] || "";
  input.max = today();
  field.append(label);
  if (name === "network" && !mayNetwork) {
    const hint = element("p", t("networkOnly"), "field__hint");
    hint.id = id + "-hint";
    field.append(hint);
    input.readOnly = true;
    input.setAttribute("aria-describedby", hint.id);
  }
  field.append(input);
  return field;
}

// The form to record the dates the function description was signed. The network leader's date is read-only
// unless the signed-in leader is the network leader.
function signatureForm(entry) {
  const base = "sign-" + entry.id;
  const fields = {};
  const form = element("form", null, "form roster-sign");
  form.id = base;
  form.noValidate = true;
  form.hidden = true;
  const group = element("fieldset", null, "form__group");
  const legend = element("legend", t("signLegend", { name: entry.name }));
  legend.id = base + "-legend";
  group.append(legend);
  SIGNERS.forEach(([name, text]) => {
    fields[name] = base + "-" + name;
    group.append(dateField(entry, name, t(text), fields[name]));
  });
  const box = element("div");
  box.id = base + "-error";
  box.setAttribute("role", "alert");
  const submit = element("button", t("saveSignatures"), "button");
  submit.type = "submit";
  form.append(box, group, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { version: entry.version };
    Object.keys(fields).forEach((name) => { body[name] = $(fields[name]).value; });
    sendForm({
      lock: "signatures", url: sameOrigin(entry.signatures_url), body: body, form: form, fields: fields, box: box, button: submit,
      onDone: () => signed(entry),
      onStale: (message) => signaturesStale(entry, message),
    });
  });
  return form;
}

// The signatures given without paper (on Min side, by the unit leader's link, here): what they say, the network
// leader's button once the nurse and her leader have signed, and the signed PDF once all three have.
function electronicParts(card, entry) {
  if (entry.electronic_text) { card.append(element("p", entry.electronic_text, "roster-entry__electronic")); }
  const pdf = sameOrigin(entry.signed_pdf_url);
  const signUrl = sameOrigin(entry.network_sign_url);
  if (!pdf && !(signUrl && mayNetwork)) { return; }
  const actions = element("p", null, "roster-entry__actions");
  if (pdf) {
    const download = link(entry.signed_pdf_label, pdf);
    download.className = "leader-download";
    download.setAttribute("download", "");
    actions.append(download);
  }
  const box = element("div");
  box.id = "network-sign-" + entry.id + "-error";
  box.setAttribute("role", "alert");
  if (signUrl && mayNetwork) {
    const sign = button(entry.network_sign_label, "button button--small");
    sign.id = "network-sign-" + entry.id;
    sign.addEventListener("click", async () => {
      const result = await send({ lock: "signatures", url: signUrl, body: { version: entry.version }, box: box, button: sign });
      if (!result) { return; }
      if (result.ok) {
        await signed(entry);
      } else {
        showAlert(box, result.body.message || t("failed"));
      }
    });
    actions.append(sign);
  }
  card.append(actions, box);
}

// The list anew (coverage and the unsigned list change too); then back to this nurse, with the news.
async function signed(entry) {
  await changed();
  const toggle = $("sign-toggle-" + entry.id);
  if (toggle) { toggle.focus(); }
  status(t("signaturesSaved", { name: entry.name }));
}

// Changed (or ended) meanwhile: show it as it is now, with the form open and why.
async function signaturesStale(entry, message) {
  await changed();
  const again = $("sign-" + entry.id);
  const toggle = $("sign-toggle-" + entry.id);
  if (again && toggle) {
    toggleSignatures(toggle, again, false);
    showAlert($("sign-" + entry.id + "-error"), message, { reloaded: t("signaturesReloaded") });
    toggle.focus();
  } else {
    showAlert($("roster-error"), message);
    $("roster-units-heading").focus();
  }
}

function toggleSignatures(toggle, form, focus) {
  const opening = form.hidden;
  form.hidden = !opening;
  toggle.setAttribute("aria-expanded", String(opening));
  if (opening && focus) { form.querySelector("input:not([readonly])").focus(); }
}

// Each term with its text in a box of its own, so that on a wide screen they flow side by side in pairs.
function pairUp(facts) {
  Array.from(facts.querySelectorAll(":scope > dt")).forEach((term) => {
    const pair = element("div", null, "roster-fact");
    term.before(pair);
    pair.append(term, term.nextElementSibling || "");
  });
  return facts;
}

function entryCard(entry) {
  const card = element("li", null, "roster-entry");
  card.id = "roster-entry-" + entry.id;
  card.append(element("p", entry.name, "roster-entry__name"));
  const facts = element("dl", null, "roster-facts");
  contactFacts(facts, entry.email, entry.phone);
  fact(facts, "factEducation", entry.education_label);
  fact(facts, "factFrom", entry.active ? entry.start_text : t("startsLater", { date: entry.start_text }));
  fact(facts, "factTo", entry.end_text);
  fact(facts, "factListed", entry.listed ? t("yes") : t("no"));
  fact(facts, "factGrunnkurs", grunnkursText(entry));
  fact(facts, "factCourses", coursesFact(entry));
  fact(facts, "factSignatures", signatureList(entry));
  card.append(pairUp(facts));
  electronicParts(card, entry);
  if (sameOrigin(entry.signatures_url)) {
    const form = signatureForm(entry);
    const toggle = button(t("recordSignatures"));
    toggle.id = "sign-toggle-" + entry.id;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", form.id);
    toggle.setAttribute("aria-label", t("recordSignaturesFor", { name: entry.name }));
    toggle.addEventListener("click", () => toggleSignatures(toggle, form, true));
    const actions = element("p", null, "roster-entry__actions");
    actions.append(toggle);
    card.append(actions, form);
  }
  return card;
}

function historyRow(entry) {
  return [entry.name, entry.start_text, entry.end_text || "–", entry.start_reason_label, entry.end_reason_label || "–", entry.email];
}

// The unit's history as a table in `box` (made here: a table per unit shown).
function historyTable(box, unit, entries) {
  const captionId = box.id + "-caption";
  const scroll = element("div", null, "table-scroll");
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-labelledby", captionId);
  scroll.tabIndex = 0;
  const table = element("table", null, "table");
  table.id = box.id + "-table";
  const caption = element("caption", t("historyCaption", { unit: unit.name }));
  caption.id = captionId;
  const headRow = table.createTHead().insertRow();
  ["historyName", "historyFrom", "historyTo", "historyStarted", "historyEnded", "historyEmail"].forEach((key) => {
    const th = element("th", t(key));
    th.scope = "col";
    headRow.append(th);
  });
  table.prepend(caption);
  table.createTBody();
  scroll.append(table);
  box.replaceChildren(scroll);
  fillTable(box.id, entries, (entry) => {
    const [name, ...cells] = historyRow(entry);
    const row = document.createElement("tr");
    const header = element("th", name);
    header.scope = "row";
    row.append(header, ...cells.map((text) => element("td", text)));
    return row;
  }, t("noHistory"));
}

async function toggleHistory(toggle, box, unit) {
  if (toggle.getAttribute("aria-expanded") === "true") {
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = t("showHistory");
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const url = sameOrigin(unit.history_url);
  if (!url) { return; }
  status(t("loadingHistory"));
  const result = await load(url, [403, 404]);
  if (!result) { return; }
  if (!result.ok) {
    status("");
    showAlert($("roster-error"), result.body.message || t("failed"));
    return;
  }
  const entries = items(result.body.entries);
  historyTable(box, unit, entries);
  box.hidden = false;
  toggle.setAttribute("aria-expanded", "true");
  toggle.textContent = t("hideHistory");
  status(t("historyFound", { unit: unit.name, count: entries.length }));
}

function unitCard(unit) {
  const entries = items(unit.entries);
  const card = element("section", null, "leader-box roster-unit" + (entries.length ? "" : " roster-unit--empty"));
  const headingId = "roster-unit-" + unit.id;
  card.setAttribute("aria-labelledby", headingId);
  const heading = element("h5", unit.name);
  heading.id = headingId;
  const top = element("div", null, "roster-unit__top");
  top.append(heading, element("p", [unit.kind_label, unit.municipality].filter(Boolean).join(", "), "roster-unit__meta"));
  card.append(top);
  if (entries.length) {
    card.append(list(entries.map(entryCard), "roster-entries"));
  } else {
    card.append(element("p", t("noNurse"), "roster-unit__empty"));
  }
  if (sameOrigin(unit.history_url)) {
    const box = element("div", null, "roster-history");
    box.id = "roster-history-" + unit.id;
    box.hidden = true;
    const toggle = button(t("showHistory"));
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", box.id);
    toggle.setAttribute("aria-describedby", headingId);
    toggle.addEventListener("click", () => toggleHistory(toggle, box, unit));
    const actions = element("p", null, "roster-unit__actions");
    actions.append(toggle);
    top.append(actions);
    card.append(box);
  }
  return card;
}

// The units under a heading per area, in the order the API sends them (by area, then by name).
function unitGroups(units) {
  const groups = [];
  units.forEach((unit) => {
    let group = groups[groups.length - 1];
    if (!group || group.name !== unit.area_name) {
      group = { name: unit.area_name, units: [] };
      groups.push(group);
    }
    group.units.push(unit);
  });
  return groups.map((group) => {
    const part = element("div", null, "roster-area");
    const cards = element("div", null, "roster-area__units");
    cards.append(...group.units.map(unitCard));
    part.append(element("h4", group.name), cards);
    return part;
  });
}

function unsignedItem(entry) {
  const signatures = entry.signatures || {};
  const missing = SIGNERS.filter(([name]) => !signatures[name]).map(([, text]) => t(text));
  return listItem(link(entry.name, "#roster-entry-" + entry.id),
    " " + t("unsignedAt", { unit: entry.unit_name, missing: missing.join(", ").toLowerCase() }));
}

// The units of the roster answer, and the unsigned list. `announce`: say in the live region what came.
export function showUnits(data, announce) {
  mayNetwork = !!data.can_sign_for_network;
  const unsigned = items(data.unsigned);
  $("unsigned-list").replaceChildren(...(unsigned.length ? unsigned.map(unsignedItem) : [element("li", t("allSigned"))]));
  const units = items(data.units);
  $("roster-unit-list").replaceChildren(...unitGroups(units));
  if (announce) {
    const nurses = units.reduce((sum, unit) => sum + items(unit.entries).length, 0);
    status(t("rosterFound", { units: units.length, nurses: nurses }));
  }
}

export function clear() {
  mayNetwork = false;
  ["unsigned-list", "roster-unit-list"].forEach((id) => $(id).replaceChildren());
}
