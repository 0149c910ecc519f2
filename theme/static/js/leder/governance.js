// /leder/styring/: the network leader keeps the governance groups (name, mandate, whether the site shows them, and
// their members), each local network's leader and the network's contact details. A group's section and a local
// network's form are copies of the page's <template>s, their ids given a prefix of their own; they stay on the page
// (and so do their alert regions) while the data is read again. Every change is sent with the version the leader
// saw: if someone else saved in between, the API says so (409), the page shows the message and reads everything
// again, and nothing is overwritten.
"use strict";

import { api, load, newest, send } from "./api.js";
import { $, button, element, fillOptions, fillTable, items, rowHeader, showAlert, showDone, status, tableRow } from "./dom.js";
import { resetForm, showErrorSummary } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = newest();
const groups = new Map(); // group id -> { group, prefix, node, editing }
const areas = new Map(); // area id -> { area, prefix, node }
let roles = []; // the members' roles, as the API lists them
let contact = null; // the contact details, as the API last gave them

// A page id for a copy of a template, from an API id (letters, digits, - and _ only).
function prefixOf(kind, id) {
  return kind + "-" + String(id).replace(/[^\w-]/g, "_");
}

// A copy of <template id=NAME>, every id in it (and every reference to one) with `prefix` in front.
function copy(name, prefix) {
  const node = $(name).content.firstElementChild.cloneNode(true);
  const parts = [node, ...node.querySelectorAll("*")];
  parts.forEach((part) => {
    if (part.id) { part.id = prefix + "-" + part.id; }
    ["for", "aria-labelledby", "aria-describedby"].forEach((attribute) => {
      const value = part.getAttribute(attribute);
      if (value) { part.setAttribute(attribute, value.split(" ").map((id) => prefix + "-" + id).join(" ")); }
    });
  });
  return node;
}

// The API's field names -> the ids of a form's inputs (the copy's prefix in front).
function fieldsOf(prefix, names) {
  const fields = {};
  Object.keys(names).forEach((name) => { fields[name] = prefix + "-" + names[name]; });
  return fields;
}

const MEMBER_FIELDS = {
  name: "member-name", role: "member-role", organisation: "member-organisation", since: "member-since",
  until: "member-until", consent: "member-consent",
};
const GROUP_FIELDS = { name: "group-name", mandate: "group-mandate", shown: "group-shown-input" };
const AREA_FIELDS = { name: "area-name", title: "area-title", email: "area-email", phone: "area-phone" };
const CONTACT_FIELDS = { email: "contact-email", phone: "contact-phone", address: "contact-address" };
const NEW_GROUP_FIELDS = { name: "group-new-name", mandate: "group-new-mandate" };

// Send a form's change: `onDone(body)` on success; a 409 or 404 (changed or gone meanwhile) shows the API's
// message in `box` and reads everything again; a refusal shows each field's error at its field and in an error
// summary in `box`.
async function save({ lock, url, method, body, form, fields, box, clicked, onDone }) {
  resetForm(form, fields, box);
  const result = await send({ lock: lock, url: url, method: method, body: body, box: box, button: clicked, text: t("saving") });
  if (!result) { return; }
  if (result.ok) {
    onDone(result.body);
    return;
  }
  const answer = Object.assign({}, result.body, { errors: result.body.errors || result.body.field_errors || {} });
  if (result.status === 409 || result.status === 404) {
    await loadAll();
    showAlert(box.isConnected ? box : $("governance-error"), answer.message || t("failed"), { reloaded: t("reloaded") });
    return;
  }
  const known = Object.keys(answer.errors).filter((name) => fields[name]);
  if (known.length) {
    showErrorSummary(fields, box, answer, (count) => t("errorsHeading", { count: count }));
  } else {
    showAlert(box, answer.message || t("failed"), answer.errors);
  }
}

function paragraphs(text) {
  return String(text || "").split(/\n\s*\n/).map((piece) => piece.trim()).filter(Boolean).map((piece) => element("p", piece));
}

// ---------- A group ----------

function part(entry, id) {
  return $(entry.prefix + "-" + id);
}

function memberRow(entry, member) {
  const edit = button(t("edit"));
  edit.setAttribute("aria-label", t("editMember", { name: member.name }));
  edit.dataset.member = member.id;
  edit.addEventListener("click", () => editMember(entry, member));
  const remove = button(t("remove"));
  remove.setAttribute("aria-label", t("removeMember", { name: member.name }));
  remove.addEventListener("click", () => removeMember(entry, member, remove));
  const editCell = element("td");
  editCell.append(edit);
  const removeCell = element("td");
  removeCell.append(remove);
  return tableRow(
    rowHeader(member.name),
    element("td", member.role_label || member.role),
    element("td", member.organisation),
    element("td", member.current === false ? t("notCurrent", { period: member.period_text || "–" }) : member.period_text || "–"),
    editCell,
    removeCell,
  );
}

function memberForm(entry, member) {
  entry.editing = member ? member.id : null;
  const form = part(entry, "member-form");
  resetForm(form, fieldsOf(entry.prefix, MEMBER_FIELDS), part(entry, "member-error"));
  form.reset();
  fillOptions(part(entry, "member-role"), roles, "label", member ? member.role : "");
  if (member) {
    part(entry, "member-name").value = member.name;
    part(entry, "member-organisation").value = member.organisation;
    part(entry, "member-since").value = member.since || "";
    part(entry, "member-until").value = member.until || "";
    part(entry, "member-consent").checked = true; // they said yes when they were added
  }
  part(entry, "member-heading").textContent = member ? t("editHeading", { name: member.name }) : t("addHeading");
  part(entry, "member-submit").textContent = member ? t("saveMember") : t("addButton");
  part(entry, "member-cancel").hidden = !member;
}

function editMember(entry, member) {
  memberForm(entry, member);
  part(entry, "member-heading").focus();
}

function memberBody(entry) {
  return {
    name: part(entry, "member-name").value,
    role: part(entry, "member-role").value,
    organisation: part(entry, "member-organisation").value,
    since: part(entry, "member-since").value,
    until: part(entry, "member-until").value,
    consent: part(entry, "member-consent").checked,
    version: entry.group.version,
  };
}

// The group as the API gave it: its heading, mandate, state, members and the form to change it. The member form
// keeps what the leader has typed unless `resetMember`.
function showGroup(group, resetMember) {
  let entry = groups.get(group.id);
  if (!entry) {
    const prefix = prefixOf("g", group.id);
    entry = { group: group, prefix: prefix, node: copy("group-template", prefix), editing: null };
    groups.set(group.id, entry);
    $("governance-groups").append(entry.node); // on the page first: its parts are found by their ids
    wireGroup(entry);
    resetMember = true;
  }
  entry.group = group;
  part(entry, "group-heading").textContent = group.name;
  part(entry, "group-mandate-text").replaceChildren(...paragraphs(group.mandate));
  part(entry, "group-shown").textContent = group.shown ? t("shown") : t("notShown");
  part(entry, "group-updated").textContent = group.updated_text ? t("updated", { when: group.updated_text }) : "";
  part(entry, "group-restore").hidden = !group.can_restore;
  part(entry, "members-caption").textContent = t("membersCaption", { name: group.name });
  fillTable(entry.prefix + "-members", items(group.members), (member) => memberRow(entry, member), t("noMembers"));
  part(entry, "group-name").value = group.name;
  part(entry, "group-mandate").value = group.mandate || "";
  part(entry, "group-shown-input").checked = Boolean(group.shown);
  const editing = entry.editing && items(group.members).find((member) => member.id === entry.editing);
  if (resetMember || (entry.editing && !editing)) {
    memberForm(entry, resetMember ? null : editing);
  } else if (!editing) {
    fillOptions(part(entry, "member-role"), roles, "label", part(entry, "member-role").value);
  }
  return entry;
}

function groupUrl(entry, path) {
  return `${api}/styring/grupper/${encodeURIComponent(entry.group.id)}${path || ""}`;
}

// A change of the group that went through: the group as it is now, the news in the group's receipt, with focus.
function changed(entry, group, news, resetMember) {
  showGroup(group, resetMember);
  showDone(part(entry, "group-done"), news);
}

function wireGroup(entry) {
  part(entry, "member-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const editing = entry.editing;
    const body = memberBody(entry);
    save({
      lock: "governance-member", form: part(entry, "member-form"), fields: fieldsOf(entry.prefix, MEMBER_FIELDS),
      url: groupUrl(entry, editing ? `/medlemmer/${encodeURIComponent(editing)}` : "/medlemmer"),
      method: editing ? "PUT" : "POST", body: body, box: part(entry, "member-error"), clicked: part(entry, "member-submit"),
      onDone: (group) => changed(entry, group, t(editing ? "memberSaved" : "memberAdded", { name: body.name.trim() }), true),
    });
  });
  part(entry, "member-cancel").addEventListener("click", () => {
    memberForm(entry, null);
    part(entry, "member-heading").focus();
  });
  part(entry, "group-form").addEventListener("submit", (event) => {
    event.preventDefault();
    save({
      lock: "governance-group", form: part(entry, "group-form"), fields: fieldsOf(entry.prefix, GROUP_FIELDS),
      url: groupUrl(entry), method: "PUT", box: part(entry, "group-error"), clicked: part(entry, "group-submit"),
      body: {
        name: part(entry, "group-name").value,
        mandate: part(entry, "group-mandate").value,
        shown: part(entry, "group-shown-input").checked,
        version: entry.group.version,
      },
      onDone: (group) => changed(entry, group, t("groupSaved"), false),
    });
  });
  part(entry, "group-restore").addEventListener("click", () => {
    save({
      lock: "governance-group", form: part(entry, "group-form"), fields: fieldsOf(entry.prefix, GROUP_FIELDS),
      url: groupUrl(entry, "/tilbakestilling"),
      body: { version: entry.group.version }, box: part(entry, "group-alert"), clicked: part(entry, "group-restore"),
      onDone: (group) => changed(entry, group, t("restored"), true),
    });
  });
}

function removeMember(entry, member, clicked) {
  save({
    lock: "governance-member", form: part(entry, "member-form"), fields: fieldsOf(entry.prefix, MEMBER_FIELDS),
    url: groupUrl(entry, `/medlemmer/${encodeURIComponent(member.id)}/fjerning`), body: { version: entry.group.version },
    box: part(entry, "group-alert"), clicked: clicked,
    onDone: (group) => changed(entry, group, t("memberRemoved", { name: member.name }), entry.editing === member.id),
  });
}

$("group-new-form").addEventListener("submit", (event) => {
  event.preventDefault();
  save({
    lock: "governance-new-group", form: $("group-new-form"), fields: NEW_GROUP_FIELDS, url: api + "/styring/grupper",
    box: $("group-new-error"), clicked: $("group-new-submit"),
    body: { name: $("group-new-name").value, mandate: $("group-new-mandate").value },
    onDone: (group) => {
      $("group-new-form").reset();
      const entry = showGroup(group, true);
      showDone(part(entry, "group-done"), t("groupAdded", { name: group.name }));
    },
  });
});

// ---------- A local network's leader ----------

function showArea(area) {
  let entry = areas.get(area.area);
  if (!entry) {
    const prefix = prefixOf("a", area.area);
    entry = { area: area, prefix: prefix, node: copy("area-template", prefix) };
    areas.set(area.area, entry);
    $("areas-list").append(entry.node);
    wireArea(entry);
  }
  entry.area = area;
  part(entry, "area-heading").textContent = area.area_name || area.area;
  Object.keys(AREA_FIELDS).forEach((name) => { part(entry, AREA_FIELDS[name]).value = area[name] || ""; });
  part(entry, "area-restore").hidden = !area.can_restore;
  return entry;
}

function areaUrl(entry, path) {
  return `${api}/styring/omrader/${encodeURIComponent(entry.area.area)}${path || ""}`;
}

function wireArea(entry) {
  const fields = fieldsOf(entry.prefix, AREA_FIELDS);
  const done = (news) => (area) => {
    showArea(area);
    showDone(part(entry, "area-done"), news);
  };
  entry.node.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { version: entry.area.version };
    Object.keys(fields).forEach((name) => { body[name] = $(fields[name]).value; });
    save({
      lock: "governance-area", form: entry.node, fields: fields, url: areaUrl(entry), method: "PUT", body: body,
      box: part(entry, "area-error"), clicked: part(entry, "area-submit"),
      onDone: done(t("areaSaved", { name: entry.area.area_name || entry.area.area })),
    });
  });
  part(entry, "area-restore").addEventListener("click", () => {
    save({
      lock: "governance-area", form: entry.node, fields: fields, url: areaUrl(entry, "/tilbakestilling"),
      body: { version: entry.area.version }, box: part(entry, "area-error"), clicked: part(entry, "area-restore"),
      onDone: done(t("restored")),
    });
  });
}

// ---------- The contact details ----------

function showContact(found) {
  contact = found || { email: "", phone: "", address: "", version: 0, can_restore: false };
  Object.keys(CONTACT_FIELDS).forEach((name) => { $(CONTACT_FIELDS[name]).value = contact[name] || ""; });
  $("contact-restore").hidden = !contact.can_restore;
}

function contactDone(news) {
  return (found) => {
    showContact(found);
    showDone($("contact-done"), news);
  };
}

$("contact-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = { version: contact ? contact.version : 0 };
  Object.keys(CONTACT_FIELDS).forEach((name) => { body[name] = $(CONTACT_FIELDS[name]).value; });
  save({
    lock: "governance-contact", form: $("contact-form"), fields: CONTACT_FIELDS, url: api + "/styring/kontakt",
    method: "PUT", body: body, box: $("contact-error"), clicked: $("contact-submit"), onDone: contactDone(t("contactSaved")),
  });
});
$("contact-restore").addEventListener("click", () => {
  save({
    lock: "governance-contact", form: $("contact-form"), fields: CONTACT_FIELDS, url: api + "/styring/kontakt/tilbakestilling",
    body: { version: contact ? contact.version : 0 }, box: $("contact-error"), clicked: $("contact-restore"),
    onDone: contactDone(t("restored")),
  });
});

// ---------- The whole view ----------

// Everything read again and shown (the groups and local networks no longer there taken away); null if it failed.
async function loadAll() {
  const ticket = latest.next();
  const result = await load(api + "/styring");
  if (!result || !ticket.current()) { return null; }
  const found = result.body;
  roles = items(found.roles);
  const ids = new Set(items(found.groups).map((group) => group.id));
  groups.forEach((entry, id) => { if (!ids.has(id)) { entry.node.remove(); groups.delete(id); } });
  items(found.groups).forEach((group) => showGroup(group, false));
  items(found.groups).forEach((group) => $("governance-groups").append(groups.get(group.id).node)); // in their order
  const names = new Set(items(found.areas).map((area) => area.area));
  areas.forEach((entry, id) => { if (!names.has(id)) { entry.node.remove(); areas.delete(id); } });
  items(found.areas).forEach(showArea);
  $("areas-none").hidden = items(found.areas).length > 0;
  showContact(found.contact);
  return found;
}

export async function show() {
  status(t("loading"));
  const found = await loadAll();
  if (!found) { return; }
  status(t("loaded", { count: items(found.groups).length }));
}

export function clear() {
  latest.skip();
  groups.forEach((entry) => entry.node.remove());
  groups.clear();
  areas.clear();
  $("areas-list").replaceChildren();
  roles = [];
  showContact(null);
  contact = null;
  $("group-new-form").reset();
  [["group-new-form", NEW_GROUP_FIELDS, "group-new-error"], ["contact-form", CONTACT_FIELDS, "contact-error"]]
    .forEach(([form, fields, box]) => resetForm($(form), fields, $(box)));
  $("contact-done").hidden = true;
  $("areas-none").hidden = true;
}
