// Field errors, and the forms and filtered lists of the signed-in area.
"use strict";

import { busy, load, send } from "./api.js";
import { $, element, link, list, listItem, showAlert, status } from "./dom.js";
import { t } from "./text.js";

// `fields` maps the API's field names to the ids of the inputs of `form`, in page order.
export function clearFieldErrors(form, fields) {
  form.querySelectorAll("[data-field-error]").forEach((note) => note.remove());
  form.querySelectorAll(".field--error").forEach((field) => field.classList.remove("field--error"));
  Object.values(fields).forEach((id) => {
    const input = $(id);
    input.removeAttribute("aria-invalid");
    const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id + "-error");
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
  });
}

// Each field's error next to its field, described by it and marked invalid. Returns the first such input, and the
// errors of fields that are not shown (those go in the alert).
export function markFieldErrors(fields, errors) {
  const rest = Object.assign({}, errors);
  let first = null;
  Object.keys(fields).forEach((name) => {
    const input = $(fields[name]);
    if (!errors[name] || input.closest("[hidden]")) { return; }
    delete rest[name];
    const note = element("p", null, "field__error");
    note.id = input.id + "-error";
    note.setAttribute("data-field-error", "");
    note.append(element("span", t("error") + ": ", "visually-hidden"), document.createTextNode(errors[name]));
    input.before(note);
    input.setAttribute("aria-invalid", "true");
    const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", ids.concat(note.id).join(" "));
    input.closest(".field").classList.add("field--error");
    first = first || input;
  });
  return { first: first, rest: rest };
}

export function resetForm(form, fields, box) {
  clearFieldErrors(form, fields);
  showAlert(box, "");
}

// The API's refusal of a form (its answer's body): each field's error next to its field, the message and the
// errors in the form's alert, and focus on the first field in error.
export function showFormErrors(fields, box, body) {
  const errors = body.errors || {};
  const marked = markFieldErrors(fields, errors);
  showAlert(box, body.message || t("failed"), errors);
  if (marked.first) { marked.first.focus(); }
}

// Focus on a field named in an error summary: the input, or a group's first input; its field in view.
export function focusField(input) {
  const target = input.matches("fieldset") ? input.querySelector("input, select, textarea, button") || input : input;
  const field = input.closest(".field") || input;
  if (field.scrollIntoView) { field.scrollIntoView({ block: "start" }); }
  target.focus({ preventScroll: true });
}

// The API's refusal of a form as an error summary in `box` (an alert region): `heading(count)` over each field's
// error as a link to its field (the error is next to the field too, see markFieldErrors), the errors of fields not
// shown as text, or the API's message alone; focus on the summary. `describe(name, error)`, if given, says which
// field an error is at (a day's start time among several).
export function showErrorSummary(fields, box, body, heading, describe = (name, error) => error) {
  const errors = body.errors || {};
  markFieldErrors(fields, errors);
  box.replaceChildren();
  const names = Object.keys(errors);
  const summary = element("div", null, "error-summary leader-alert");
  summary.tabIndex = -1;
  summary.append(element("p", names.length ? heading(names.length) : body.message || t("failed"), "error-summary__title"));
  if (names.length) {
    summary.append(list(names.map((name) => {
      const input = fields[name] && $(fields[name]);
      const text = describe(name, errors[name]);
      if (!input || input.getAttribute("aria-invalid") !== "true") { return element("li", text); }
      const jump = link(text, "#" + input.id);
      jump.addEventListener("click", (event) => {
        event.preventDefault();
        focusField(input);
      });
      return listItem(jump);
    })));
  }
  box.append(summary);
  summary.focus();
}

// A form's parts by the page's names: #NAME-form, its alert #NAME-error and its button #NAME-submit.
export function formParts(name, fields) {
  return { form: $(name + "-form"), fields: fields, box: $(name + "-error"), button: $(name + "-submit") };
}

// Run `handler` when the form #ID is sent, instead of sending it.
export function onSubmit(id, handler) {
  $(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handler(event);
  });
}

// Send a form of the signed-in area (the options of send, and the form's `form` and `fields`). First its errors go
// (and the alert `clear`, if given). A success with an id goes to `onDone`; a 409 or 404 (changed or gone
// meanwhile) to `onStale`, with the API's message; anything else is shown at the fields and in `box`.
export async function sendForm(options) {
  const { lock, url, form, fields, box, clear, onDone, onStale } = options;
  if (busy(lock) || !url) { return; }
  resetForm(form, fields, box);
  if (clear) { showAlert(clear, ""); }
  const result = await send(options);
  if (!result) { return; }
  if (result.ok && result.body.id) {
    onDone(result.body);
  } else if (result.status === 409 || result.status === 404) {
    onStale(result.body.message || t("failed"));
  } else {
    showFormErrors(fields, box, result.body);
  }
}

// A list read after its filter form (`parts`: the form, its `fields` and its alert `box`), the newest answer only
// (`latest`, see api.newest); `loading` is said in the live region, if given. The form's errors go first; the API's
// refusal of a filter (the statuses in `refused`) is shown at its fields. Null when there is nothing (more) to show.
export async function loadFiltered(latest, url, parts, refused, loading) {
  const ticket = latest.next();
  resetForm(parts.form, parts.fields, parts.box);
  if (loading) { status(loading); }
  const result = await load(url, refused);
  if (!result || !ticket.current()) { return null; }
  if (!result.ok) {
    status("");
    showFormErrors(parts.fields, parts.box, result.body);
    return null;
  }
  return result;
}
