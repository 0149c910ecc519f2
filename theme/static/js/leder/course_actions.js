// What may be done with the course open in the editor (course_editor.js), as its answer's can_* say: publish it,
// take it off the site while nobody has signed up, cancel it (everyone registered is emailed) or delete a draft, each
// of these two asked once more on the page, and copy it to new days (a small form). Each is sent with the version
// the course was read at.
"use strict";

import { busy, send } from "./api.js";
import { $, showAlert } from "./dom.js";
import { dayList } from "./course_days.js";
import { onSubmit, resetForm, showErrorSummary } from "./forms.js";
import { texts, today } from "./text.js";

const t = texts($("leader-view"));
const alert = $("course-editor-alert");
const COPY_FIELDS = {
  title: "course-copy-title",
  days: "course-copy-days",
  registration_deadline: "course-copy-registration-deadline",
  cancellation_deadline: "course-copy-cancellation-deadline",
};
const copyDays = dayList({ base: "course-copy-days", name: "days", times: true, max: 10 });
let editor = null; // the editor's hooks (init)
let asking = null; // the action the confirmation asks about: its path and the button that asked

export function init(hooks) {
  editor = hooks;
}

function registered(course) {
  return (Number(course.confirmed) || 0) + (Number(course.waiting) || 0);
}

// The buttons for the course open (none for a new one).
export function show(course) {
  $("course-actions").hidden = !course;
  reset();
  if (!course) { return; }
  $("course-publish").hidden = !course.can_publish;
  $("course-unpublish").hidden = !(course.status === "published" && course.can_change && registered(course) === 0);
  $("course-cancel").hidden = !course.can_cancel;
  $("course-delete").hidden = !course.can_delete;
  $("course-actions-hint").hidden = $("course-publish").hidden && $("course-unpublish").hidden;
}

// The confirmation and the copy form closed, their messages gone.
export function reset() {
  $("course-confirm").hidden = true;
  asking = null;
  $("course-copy-form").hidden = true;
  $("course-copy-open").setAttribute("aria-expanded", "false");
  showAlert(alert, "");
}

// Escape closes the confirmation (focus back on its button): true if there was one to close.
export function dismiss() {
  if ($("course-confirm").hidden) { return false; }
  const back = asking && asking.button;
  $("course-confirm").hidden = true;
  asking = null;
  if (back) { back.focus(); }
  return true;
}

// The address of an action on the course open.
function actionUrl(path) {
  const course = editor.current();
  const url = course && editor.url(course.id);
  return url ? url + path : null;
}

// A change of status: the course as it is now into the editor (with `news`), or why not.
async function act(path, trigger, news) {
  const course = editor.current();
  if (!course || busy("course")) { return; }
  editor.done("");
  showAlert(alert, "");
  const result = await send({ lock: "course", url: actionUrl(path), body: { version: course.version }, box: alert, button: trigger });
  if (!result) { return; }
  $("course-confirm").hidden = true;
  asking = null;
  if (result.ok && path === "/sletting") {
    editor.close(false);
    editor.done(t("deleted", { title: course.title }));
    $("course-new-course").focus();
    editor.changed();
  } else if (result.ok && result.body.course) {
    editor.applied(result.body.course, news(result.body), false);
    $("course-editor-heading").focus();
  } else if (result.status === 409 || result.status === 404) {
    editor.stale(alert, result.body.message);
  } else {
    showAlert(alert, result.body.message || t("failed"), result.body.errors);
    trigger.focus();
  }
}

function ask(path, trigger, question, yes) {
  asking = { path: path, button: trigger };
  showAlert(alert, "");
  $("course-confirm-question").textContent = question;
  $("course-confirm-yes").textContent = yes;
  $("course-confirm").hidden = false;
  $("course-confirm-question").focus();
}

$("course-publish").addEventListener("click", (event) => act("/publisering", event.currentTarget, () => t("published")));
$("course-unpublish").addEventListener("click", (event) => act("/avpublisering", event.currentTarget, () => t("unpublished")));

$("course-cancel").addEventListener("click", (event) => {
  const course = editor.current();
  const count = registered(course);
  ask("/avlysning", event.currentTarget, count
    ? t("cancelQuestion", { title: course.title, count: count })
    : t("cancelQuestionNone", { title: course.title }), t("yesCancel"));
});

$("course-delete").addEventListener("click", (event) => {
  ask("/sletting", event.currentTarget, t("deleteQuestion", { title: editor.current().title }), t("yesDelete"));
});

$("course-confirm-yes").addEventListener("click", (event) => {
  if (!asking) { return; }
  act(asking.path, event.currentTarget, (answer) => (answer.notified
    ? t("cancelled", { count: answer.notified })
    : t("cancelledNone")));
});

$("course-confirm-no").addEventListener("click", () => dismiss());

// The copy: a new title, new days and deadlines.
$("course-copy-open").addEventListener("click", () => {
  const form = $("course-copy-form");
  const course = editor.current();
  const opening = form.hidden;
  form.hidden = !opening;
  $("course-copy-open").setAttribute("aria-expanded", String(opening));
  if (!opening || !course) { return; }
  resetForm(form, Object.assign({}, COPY_FIELDS, copyDays.fields()), $("course-copy-error"));
  $("course-copy-title").value = course.title;
  copyDays.set(course.days.map((day) => ({ day: "", start: day.start, end: day.end })), today());
  $("course-copy-registration-deadline").value = "";
  $("course-copy-cancellation-deadline").value = "";
  $("course-copy-title").focus();
});

onSubmit("course-copy-form", async () => {
  const course = editor.current();
  const fields = Object.assign({}, COPY_FIELDS, copyDays.fields());
  if (!course || busy("course")) { return; }
  const box = $("course-copy-error");
  resetForm($("course-copy-form"), fields, box);
  editor.done("");
  const body = {
    title: $("course-copy-title").value, days: copyDays.values(),
    registration_deadline: $("course-copy-registration-deadline").value,
    cancellation_deadline: $("course-copy-cancellation-deadline").value,
  };
  const result = await send({ lock: "course", url: actionUrl("/kopi"), body: body, box: box, button: $("course-copy-submit") });
  if (!result) { return; }
  if (result.ok && result.body.course) {
    editor.opened(result.body.course, t("copied"));
  } else if (result.status === 404 || result.status === 409) {
    editor.stale(box, result.body.message);
  } else {
    showErrorSummary(fields, box, result.body, (count) => t("formErrors", { count: count }),
      (name, error) => copyDays.describe(name, error) || error);
  }
});
