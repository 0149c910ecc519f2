// The course editor on /leder/kurs/: a form to make a course or meeting (saved as a draft), to change one (with the
// version it was read at, and an email about a new time or place if the leader wants), or to make a series of
// meetings; what may be done with a course is in course_actions.js. The form's choices (kinds, the areas this leader
// may use, the questions) come from /api/leder/kurs/skjema. A refusal is shown at each field and in an error summary
// that links to them; a change someone else made first asks the leader to load the course again.
"use strict";

import { api, busy, load, send } from "./api.js";
import { $, button, element, fillOptions, items, link, sameOrigin, showAlert, status } from "./dom.js";
import * as actions from "./course_actions.js";
import { dayList } from "./course_days.js";
import { clearFieldErrors, onSubmit, resetForm, showErrorSummary } from "./forms.js";
import { texts, today } from "./text.js";

const t = texts($("leader-view"));
const form = $("course-form");
const box = $("course-form-error");
const FIELDS = {
  title: "course-title",
  kind: "course-kind",
  area: "course-area",
  days: "course-days",
  place: "course-place",
  capacity: "course-capacity",
  registration_deadline: "course-registration-deadline",
  cancellation_deadline: "course-cancellation-deadline",
  audience: "course-audience",
  summary: "course-summary",
  description: "course-description",
  questions: "course-questions",
  dates: "course-dates",
  start: "course-series-start",
  end: "course-series-end",
  deadline_days: "course-deadline-days",
  reminder_days: "course-reminder-days",
  directions: "course-directions",
};
const TEXT_FIELDS = ["title", "place", "capacity", "registration_deadline", "cancellation_deadline", "audience",
  "summary", "description", "directions", "reminder_days"];

// mode: "new", "edit" or "series"; item: the course open, as the API last sent it; opener: where focus goes back.
const editor = { mode: "new", item: null, opener: null };
let choices = null; // the answer of /kurs/skjema, once it has come
let choicesLoading = null;
let changed = async () => {}; // the list read again

const days = dayList({ base: "course-days", name: "days", times: true, max: 10, changed: showNotify });
const dates = dayList({ base: "course-dates", name: "dates", times: false, max: 24 });

export function onChange(callback) {
  changed = callback;
}

// An error in the summary, with the day or date it is at.
export function describe(name, error) {
  return days.describe(name, error) || dates.describe(name, error) || error;
}

function fields() {
  return Object.assign({}, FIELDS, days.fields(), dates.fields());
}

function courseUrl(id) {
  return sameOrigin(api + "/kurs/" + encodeURIComponent(id));
}

// The news of what a change did, at the top of the editor (announced).
export function done(text) {
  $("course-done").textContent = text || "";
}

async function loadChoices() {
  const result = await load(api + "/kurs/skjema", [403]);
  if (!result || !result.ok) { return null; }
  choices = result.body;
  fillOptions($("course-kind"), items(choices.kinds), "label", "");
  fillOptions($("course-area"), items(choices.areas), "name", "");
  $("course-questions-list").replaceChildren(...items(choices.questions).map((question) => {
    const label = element("label", null, "checkbox");
    const box = element("input");
    box.type = "checkbox";
    box.name = "questions";
    box.value = question.id;
    box.id = "course-question-" + question.id;
    label.htmlFor = box.id;
    label.append(box, document.createTextNode(" "), element("span", question.label));
    return label;
  }));
  $("course-new").hidden = !items(choices.areas).length;
  return choices;
}

// The value given; with none, the one choice there is (an area leader's own area).
function choose(select, value) {
  select.value = value || "";
  if (!value && select.options.length === 2) { select.value = select.options[1].value; }
}

// The form emptied (a new course, or a series), or filled with `course` as stored.
function fill(course) {
  clearFieldErrors(form, fields());
  showAlert(box, "");
  const values = course || {};
  TEXT_FIELDS.forEach((name) => { $(FIELDS[name]).value = values[name] == null ? "" : String(values[name]); });
  if (!course) { $("course-reminder-days").value = "7, 1"; }  // a new course: a week and a day before
  choose($("course-kind"), values.kind);
  choose($("course-area"), values.area);
  const asked = items(values.questions);
  form.querySelectorAll("input[name=questions]").forEach((node) => { node.checked = asked.includes(node.value); });
  $("course-leader-can-join").checked = !!values.leader_can_join;
  days.set(items(values.days), course ? "" : today());
  dates.set(["", ""], today());
  ["course-series-start", "course-series-end"].forEach((id) => { $(id).value = ""; });
  $("course-deadline-days").value = "2";
  $("course-publish-later").checked = true;
  $("course-notify").checked = true;
  showNotify();
}

function registered(course) {
  return (Number(course.confirmed) || 0) + (Number(course.waiting) || 0);
}

// A published course with people registered whose days or place the leader changed: they may be told.
function showNotify() {
  const course = editor.item;
  const count = course && editor.mode === "edit" && course.status === "published" ? registered(course) : 0;
  const moved = count > 0 && (JSON.stringify(days.values()) !== JSON.stringify(items(course.days))
    || $("course-place").value.trim() !== course.place);
  $("course-notify-label").textContent = count === 1 ? t("notifyOne") : t("notifyMany", { count: count });
  $("course-notify-part").hidden = !moved;
}

form.addEventListener("input", (event) => {
  if (event.target.closest("#course-days") || event.target.id === "course-place") { showNotify(); }
});

// The editor's parts for its mode: the days or the series' dates, the deadlines, the course's status and actions.
function showMode(mode, course) {
  editor.mode = mode;
  editor.item = course || null;
  const series = mode === "series";
  $("course-days-part").hidden = series;
  $("course-deadlines").hidden = series;
  $("course-series-part").hidden = !series;
  const heading = { new: t("newCourse"), series: t("newSeries"), edit: course ? t("editCourse", { title: course.title }) : "" };
  $("course-editor-heading").textContent = heading[mode];
  $("course-form-submit").textContent = { new: t("saveDraft"), series: t("saveSeries"), edit: t("saveChanges") }[mode];
  const changeable = !course || course.can_change;
  form.hidden = !changeable;
  $("course-not-changeable").textContent = changeable ? "" : t("notChangeable");
  $("course-not-changeable").hidden = changeable;
  showFacts(course);
  actions.show(course);
  showNotify();
}

// What the course is now: its status, seats and page.
export function showFacts(course) {
  const facts = $("course-editor-facts");
  facts.replaceChildren();
  facts.hidden = !course;
  if (!course) { return; }
  facts.append(document.createTextNode(t("courseStatus", {
    status: course.status_label, confirmed: course.confirmed, waiting: course.waiting, capacity: course.capacity,
  })));
  const page = course.status !== "draft" && sameOrigin(course.page_url);
  if (page) { facts.append(document.createTextNode(" "), link(t("openPage"), page)); }
}

function openPanel(opener) {
  editor.opener = opener || null;
  $("course-editor").hidden = false;
  $("course-editor-heading").focus();
}

async function ready() {
  if (!choices) { await (choicesLoading || (choicesLoading = loadChoices())); }
  return !!choices;
}

async function openNew(mode, opener) {
  if (!await ready()) { return; }
  done("");
  showAlert($("course-editor-alert"), "");
  fill(null);
  showMode(mode);
  openPanel(opener);
}

// The course as stored, into the form (from the list's button, or again after someone else changed it).
export async function openCourse(id, opener, news) {
  if (!await ready()) { return; }
  const url = courseUrl(id);
  status(t("loadingCourse"));
  const result = await load(url, [403, 404]);
  if (!result) { return; }
  status("");
  if (!result.ok) {
    close(false);
    showAlert($("courses-error"), result.body.message || t("failed"));
    changed();
    return;
  }
  done(news || "");
  showAlert($("course-editor-alert"), "");
  fill(result.body);
  showMode("edit", result.body);
  openPanel(opener || editor.opener);
}

// The list's button that opens a course in the editor, for a course this leader may change.
export function opener(course) {
  if (!course.editable) { return null; }
  const open = button(t("edit"));
  open.setAttribute("aria-label", t("editFor", { title: course.title }));
  open.dataset.editCourse = course.id;
  open.addEventListener("click", () => openCourse(course.id, open));
  return open;
}

export function close(focus) {
  const id = editor.item && editor.item.id;
  $("course-editor").hidden = true;
  actions.reset();
  editor.item = null;
  if (!focus) { return; }
  const row = Array.from($("courses-table").querySelectorAll("button[data-edit-course]")).find((node) => node.dataset.editCourse === id);
  const back = (editor.opener && editor.opener.isConnected && editor.opener) || row || $("course-new-course");
  back.focus();
}

function checked(name) {
  return Array.from(form.querySelectorAll("input[name=" + name + "]:checked")).map((node) => node.value);
}

function formBody() {
  const body = {};
  ["title", "kind", "area", "place", "capacity", "audience", "summary", "description", "directions", "reminder_days"].forEach((name) => {
    body[name] = $(FIELDS[name]).value;
  });
  body.questions = checked("questions");
  body.leader_can_join = $("course-leader-can-join").checked;
  if (editor.mode === "series") {
    return Object.assign(body, {
      dates: dates.values(), start: $("course-series-start").value, end: $("course-series-end").value,
      deadline_days: $("course-deadline-days").value, publish: $("course-publish-now").checked,
    });
  }
  body.days = days.values();
  body.registration_deadline = $("course-registration-deadline").value;
  body.cancellation_deadline = $("course-cancellation-deadline").value;
  if (editor.mode === "edit") {
    body.version = editor.item.version;
    body.notify = !$("course-notify-part").hidden && $("course-notify").checked;
  }
  return body;
}

// Someone else changed the course (or it can no longer be changed): say so in `container`, with a button that
// loads it again.
export function stale(container, message) {
  showAlert(container, message || t("failed"));
  const summary = container.firstElementChild;
  const id = editor.item && editor.item.id;
  if (!summary || !id) { return; }
  const again = button(t("reloadCourse"), "button button--secondary");
  again.addEventListener("click", () => openCourse(id, null, t("reloadedCourse")));
  const actionsLine = element("p");
  actionsLine.append(again);
  summary.append(actionsLine);
  summary.tabIndex = -1;
  summary.focus();
}

// What a save did, in words.
function savedText(mode, answer) {
  const course = answer.course;
  if (mode === "new") { return t("savedDraft"); }
  const parts = [course.status === "published" ? t("savedPublished") : t("saved")];
  if (answer.promoted) { parts.push(t("promoted", { count: answer.promoted })); }
  if (answer.notified) { parts.push(t("notified", { count: answer.notified })); }
  return parts.join(" ");
}

// A course the API sent back after a change: into the editor, with the news; the list read again.
export function applied(course, news, refill) {
  if (refill) { fill(course); }
  showMode("edit", course);
  done(news);
  changed();
}

onSubmit("course-form", async () => {
  const map = fields();
  if (busy("course")) { return; }
  const mode = editor.mode;
  const url = mode === "edit" ? courseUrl(editor.item.id) : api + "/kurs" + (mode === "series" ? "/serie" : "");
  resetForm(form, map, box);
  done("");
  const result = await send({
    lock: "course", url: url, body: formBody(), box: box, button: $("course-form-submit"),
    method: mode === "edit" ? "PUT" : "POST",
  });
  if (!result) { return; }
  if (result.ok && mode === "series") {
    const made = items(result.body.courses);
    const published = made.length && made[0].status === "published";
    close(false);
    done(published ? t("seriesPublished", { count: made.length }) : t("seriesDrafts", { count: made.length }));
    $("course-new-series").focus();
    changed();
  } else if (result.ok && result.body.course) {
    applied(result.body.course, savedText(mode, result.body), true);
    if (mode === "new") { $("course-editor-heading").focus(); }
  } else if (result.status === 409 || result.status === 404) {
    stale(box, result.body.message);
  } else {
    showErrorSummary(map, box, result.body, (count) => t("formErrors", { count: count }), describe);
  }
});

$("course-new-course").addEventListener("click", (event) => openNew("new", event.currentTarget));
$("course-new-series").addEventListener("click", (event) => openNew("series", event.currentTarget));
$("course-editor-close").addEventListener("click", () => close(true));
$("course-editor").addEventListener("keydown", (event) => {
  if (event.key === "Escape" && actions.dismiss()) { event.preventDefault(); }
});

actions.init({ current: () => editor.item, url: courseUrl, applied: applied, stale: stale, done: done, close: close,
  changed: () => changed(), opened: (course, news) => { applied(course, news, true); $("course-editor-heading").focus(); } });

export function show() {
  choicesLoading = loadChoices();
  return choicesLoading;
}

export function clear() {
  close(false);
  done("");
  choices = null;
  choicesLoading = null;
  $("course-new").hidden = true;
}
