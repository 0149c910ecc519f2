// Attendance: who came to a course or meeting. The list of one event in a panel under the courses (panels.js): a
// big checkbox row per person, those with a seat first, then the area's resource nurses who may come without one.
// Read-only before the event's day. Saving sends everyone ticked; everyone else on the list did not come.
"use strict";

import { newest } from "./api.js";
import { $, button, element, sameOrigin, showAlert, status } from "./dom.js";
import { onSubmit, sendForm } from "./forms.js";
import { closePanel, fact, openPanel, panelFacts, reloadPanel } from "./panels.js";
import { locale, texts } from "./text.js";

const t = texts($("leader-view"));
let refresh = () => {}; // the courses' list, read again when the panel finds its event gone

const panel = {
  name: "attendance", list: "courses", home: "courses-heading", opener: "attendance", loading: () => t("loadingAttendance"),
  lock: "attendance", item: null, latest: newest(), show: showAttendance, refresh: () => refresh(), changed: () => {},
  reloaded: () => ({ reloaded: t("attendanceReloaded") }),
};

// What to read again when the list of events may have changed.
export function onChange(callback) {
  refresh = callback;
}

// The button in the courses' list that opens the event's attendance.
export function opener(course, url) {
  const open = button(t("attendance"));
  open.setAttribute("aria-label", t("attendanceFor", { title: course.title }));
  open.dataset.attendance = course.id;
  open.addEventListener("click", () => openPanel(panel, url));
  return open;
}

// The person's workplace and area, how they are on the list, and the absence they reported (if any).
function personParts(person, id) {
  const parts = element("span", null, "attendance-person__text");
  const name = element("span", person.name, "attendance-person__name");
  name.id = id + "-name";
  const about = element("span", null, "attendance-person__about");
  about.id = id + "-about";
  const where = [person.workplace, person.area_name].filter(Boolean);
  about.append(
    document.createTextNode(where.length === 2 ? t("attendanceAbout", { workplace: where[0], area: where[1] }) : where.join("")),
    document.createTextNode(" "),
    element("span", person.source_label, "attendance-person__source attendance-person__source--" + person.source),
  );
  parts.append(name, about);
  if (person.absence) {
    const absence = element("span", t("attendanceAbsence", { reason: person.absence }), "attendance-person__absence");
    absence.id = id + "-absence";
    parts.append(absence);
  }
  return parts;
}

function personRow(person, index) {
  const id = "attendance-person-" + index;
  const row = element("li", null, "attendance-person");
  row.dataset.search = [person.name, person.workplace, person.area_name].join(" ").toLocaleLowerCase(locale);
  const label = element("label", null, "attendance-person__label");
  label.htmlFor = id;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = id;
  box.name = "present";
  box.value = person.id;
  box.checked = person.present === true;
  box.setAttribute("aria-labelledby", id + "-name");
  box.setAttribute("aria-describedby", id + "-about" + (person.absence ? " " + id + "-absence" : ""));
  label.append(box, personParts(person, id));
  row.append(label);
  return row;
}

// The same person, to read only (before the event's day).
function personItem(person, index) {
  const row = element("li", null, "attendance-person attendance-person--read");
  row.append(personParts(person, "attendance-read-" + index));
  return row;
}

function countPresent() {
  const boxes = $("attendance-list").querySelectorAll("input[type=checkbox]");
  const ticked = Array.from(boxes).filter((box) => box.checked).length;
  $("attendance-count").textContent = t("attendanceCount", { present: ticked, total: boxes.length });
  return { present: ticked, total: boxes.length };
}

// Only the rows whose name, workplace or area has what is typed; ticked ones stay ticked when hidden.
function filterPeople(announce) {
  const search = $("attendance-search").value.trim().toLocaleLowerCase(locale);
  const rows = Array.from($("attendance-list").children);
  let shown = 0;
  rows.forEach((row) => {
    row.hidden = !!search && !(row.dataset.search || "").includes(search);
    if (!row.hidden) { shown++; }
  });
  const text = search ? t("attendanceShown", { shown: shown, total: rows.length }) : "";
  if (announce || !text) { $("attendance-shown").textContent = text; }
}

function showAttendance(data) {
  const course = data.course || {};
  const id = data.id || course.id;
  if (!panel.item || panel.item.id !== id) { $("attendance-search").value = ""; } // another event
  const facts = panelFacts(panel, { id: id, url: data.url }, t("attendanceHeading", { title: course.title }));
  fact(facts, "factDate", course.date_text);
  fact(facts, "factHours", course.hours_text);
  const people = Array.isArray(data.people) ? data.people : [];
  const empty = people.length ? null : element("li", t("noPeople"), "attendance-empty");
  const canMark = !!data.can_mark && people.length > 0;
  $("attendance-not-yet").textContent = data.not_yet || "";
  $("attendance-not-yet").hidden = !!data.can_mark || !data.not_yet;
  $("attendance-form").hidden = !canMark;
  $("attendance-readonly").hidden = canMark;
  $("attendance-readonly").replaceChildren(...(canMark ? [] : (empty ? [empty] : people.map(personItem))));
  $("attendance-list").replaceChildren(...(canMark ? people.map(personRow) : []));
  const certificates = sameOrigin(data.certificates_url || "");
  $("attendance-certificates").hidden = !certificates;
  if (certificates) { $("attendance-certificates-link").href = certificates; }
  showAlert($("attendance-error"), "");
  countPresent();
  filterPeople(false);
}

$("attendance-list").addEventListener("change", countPresent);
$("attendance-search").addEventListener("input", () => filterPeople(true));
// Enter in the search box finds; it does not save the list.
$("attendance-search").addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); } });
$("attendance-close").addEventListener("click", () => closePanel(panel, true));

onSubmit("attendance-form", () => {
  const url = panel.item && sameOrigin(panel.item.url);
  if (!url) { return; }
  const present = Array.from($("attendance-list").querySelectorAll("input[type=checkbox]:checked")).map((box) => box.value);
  $("attendance-detail-done").hidden = true;
  sendForm({
    lock: "attendance", url: url, body: { present: present }, form: $("attendance-form"), fields: {},
    box: $("attendance-error"), button: $("attendance-submit"), clear: $("attendance-detail-alert"),
    onDone: (data) => {
      showAttendance(data);
      const count = countPresent();
      const done = $("attendance-detail-done");
      done.textContent = t("attendanceSaved", count);
      done.hidden = false;
      status(t("attendanceSaved", count)); // focus stays on the button; the live region says it
    },
    onStale: (message) => reloadPanel(panel, message),
  });
});

export function clear() {
  closePanel(panel, false);
}
