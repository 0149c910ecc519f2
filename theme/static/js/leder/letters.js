// /leder/meldinger/: write a letter to a course's people, the roster or the newsletter's subscribers, attach files
// (each goes straight to the file store with the form the API signs), preview it with its number of recipients,
// send it, and follow its emails ("Sendt 640 av 1 000"); the letters sent before. /leder/meldinger/?kurs=ID opens
// it for that course (the courses view links here).
"use strict";

import { api, load, newest, request, send, signedIn } from "./api.js";
import {
  $, button, clearTables, element, fillOptions, fillTable, items, link, rowHeader, sameOrigin, showAlert, status,
  tableRow,
} from "./dom.js";
import { resetForm, showErrorSummary } from "./forms.js";
import { showHtml, uploadFile } from "./site_files.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = { letters: newest(), detail: newest() };
let attachments = []; // the files of the letter being written: { id, name, size_text }
let polling = null;
let sendKey = ""; // this letter's own key: sent twice (a double click, a retry), it goes once

function audience() {
  const chosen = document.querySelector("#letter-form input[name=audience]:checked");
  return chosen ? chosen.value : "course";
}

function fields() {
  return {
    audience: "letter-audience",
    course_id: "letter-course",
    groups: audience() === "roster" ? "letter-roster-groups" : "letter-course-groups",
    area: "letter-area",
    article: "letter-article",
    subject: "letter-subject",
    text: "letter-text",
    attachments: "letter-files",
  };
}

function showAudience() {
  const chosen = audience();
  $("letter-course-part").hidden = chosen !== "course";
  $("letter-roster-part").hidden = chosen !== "roster";
  $("letter-newsletter-part").hidden = chosen !== "newsletter";
}

function checkboxes(container, name, choices, checked) {
  container.replaceChildren(...items(choices).map((choice) => {
    const box = element("div", null, "choice");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = choice.id;
    input.id = `${name}-${choice.id}`;
    input.checked = input.defaultChecked = checked.includes(choice.id);  // a reset of the form keeps them
    const label = element("label", choice.label);
    label.htmlFor = input.id;
    box.append(input, label);
    return box;
  }));
}

function checked(container) {
  return Array.from(container.querySelectorAll("input:checked")).map((input) => input.value);
}

function letterBody() {
  const chosen = audience();
  return {
    audience: chosen,
    course_id: chosen === "course" ? $("letter-course").value : "",
    area: chosen === "roster" ? $("letter-area").value : "",
    article: chosen === "newsletter" ? $("letter-article").value : "",
    groups: chosen === "roster" ? checked($("letter-roster-group-list")) : checked($("letter-course-group-list")),
    leaders_copy: chosen === "course" && $("letter-leaders-copy").checked,
    subject: $("letter-subject").value,
    text: $("letter-text").value,
    attachments: attachments.map((file) => file.id),
    send_key: sendKey,
  };
}

// Files ---------------------------------------------------------------------------------------------------------

function showFiles() {
  $("letter-file-list").replaceChildren(...attachments.map((file) => {
    const remove = button(t("remove"));
    remove.setAttribute("aria-label", t("removeFor", { name: file.name }));
    remove.addEventListener("click", () => {
      attachments = attachments.filter((other) => other.id !== file.id);
      showFiles();
      status(t("removed", { name: file.name }));
      $("letter-files").focus();
    });
    const item = element("li", `${file.name} (${file.size_text}) `);
    item.append(remove);
    return item;
  }));
}

async function upload(file) {
  const answer = await uploadFile({
    url: api + "/vedlegg", file: file, box: $("letter-error"), button: $("letter-files"),
    body: { name: file.name, size: file.size, content_type: file.type },
    text: t("uploading", { name: file.name }), failed: t("uploadFailed", { name: file.name }),
    onRefused: (body) => showAlert($("letter-error"), (body.errors && body.errors.file) || body.message || t("uploadFailed", { name: file.name })),
  });
  if (!answer) { return; }
  attachments.push(answer.file);
  showFiles();
  status(t("uploaded", { name: file.name }));
}

$("letter-files").addEventListener("change", async (event) => {
  showAlert($("letter-error"), "");
  for (const file of Array.from(event.target.files || [])) {
    await upload(file);
  }
  event.target.value = "";
});

// Preview and sending -------------------------------------------------------------------------------------------

function showPreview(preview) {
  $("letter-preview-recipients").textContent = preview.recipients_text;
  $("letter-preview-counts").replaceChildren(...items(preview.counts).map((count) => element("li", `${count.label}: ${count.count}`)));
  $("letter-preview-kind").textContent = preview.service_mail ? t("serviceMail") : t("listMail");
  $("letter-preview-subject").textContent = preview.subject;
  showHtml($("letter-preview-body"), preview.html);
  $("letter-preview-files").replaceChildren(...items(preview.files).map((file) => element("li", `${file.name} (${file.size_text})`)));
  $("letter-send").textContent = t("sendTo", { count: preview.recipients });
  showAlert($("letter-preview-error"), "");
  $("letter-preview").hidden = false;
  $("letter-preview-heading").focus();
  status(t("previewReady", { recipients: preview.recipients_text }));
}

async function previewLetter() {
  if (!sendKey) { sendKey = window.crypto.randomUUID(); }
  const form = $("letter-form");
  resetForm(form, fields(), $("letter-error"));
  $("letter-preview").hidden = true;
  const result = await send({
    lock: "letter-preview", url: api + "/meldinger/forhandsvisning", body: letterBody(), box: $("letter-error"),
    button: $("letter-submit"), text: t("previewing"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showErrorSummary(fields(), $("letter-error"), result.body, (count) => t("errorsHeading", { count: count }));
    return;
  }
  showPreview(result.body);
}

async function sendLetter() {
  const result = await send({
    lock: "letter-send", url: api + "/meldinger", body: letterBody(), box: $("letter-preview-error"), button: $("letter-send"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showAlert($("letter-preview-error"), result.body.message || "", result.body.errors);
    return;
  }
  $("letter-preview").hidden = true;
  sendKey = "";
  const kept = { course: $("letter-course").value, area: $("letter-area").value, audience: audience() };
  $("letter-form").reset();  // a new letter next, to the same people
  $("letter-course").value = kept.course;
  $("letter-area").value = kept.area;
  $("audience-" + kept.audience).checked = true;
  attachments = [];
  showFiles();
  showAudience();
  await openLetter(result.body.letter.url, t("sent"));
  await loadLetters();
}

$("letter-form").addEventListener("submit", (event) => {
  event.preventDefault();
  previewLetter();
});
$("letter-send").addEventListener("click", sendLetter);
$("letter-edit").addEventListener("click", () => {
  $("letter-preview").hidden = true;
  $("letter-subject").focus();
});
document.querySelectorAll("#letter-form input[name=audience]").forEach((input) => input.addEventListener("change", showAudience));

// One letter and its progress -----------------------------------------------------------------------------------

function stopPolling() {
  if (polling) { clearTimeout(polling); }
  polling = null;
}

function showLetter(detail) {
  const letter = detail.letter;
  $("letter-detail-heading").textContent = letter.subject;
  $("letter-detail-about").textContent = `${letter.audience_label}${letter.course_title ? ": " + letter.course_title : ""} · ${letter.area_name} · ${letter.groups_text} · ${letter.sent_text} · ${letter.sender_name}`;
  $("letter-progress").textContent = detail.progress.text;
  $("letter-progress-bar").max = Math.max(1, detail.progress.total);
  $("letter-progress-bar").value = detail.progress.sent;
  const problems = items(detail.undelivered);
  $("letter-undelivered").replaceChildren(...(problems.length
    ? problems.map((one) => element("li", `${one.name} (${one.email}, ${one.kind_label}): ${one.problem}`))
    : [element("li", t("undeliveredNone"))]));
  showHtml($("letter-detail-body"), detail.html);
  $("letter-detail-files").replaceChildren(...items(detail.files).map((file) => {
    const item = element("li");
    item.append(link(`${file.name} (${file.size_text})`, file.url));
    return item;
  }));
}

async function openLetter(url, done) {
  stopPolling();
  const ticket = latest.detail.next();
  const result = await load(sameOrigin(url) || url);
  if (!result || !ticket.current()) { return; }
  showLetter(result.body);
  $("letter-detail").hidden = false;
  if (done) {
    $("letter-detail-done").textContent = done;
    $("letter-detail-done").hidden = false;
    $("letter-detail-done").focus();
  } else {
    $("letter-detail-done").hidden = true;
    $("letter-detail-heading").focus();
  }
  const follow = async () => {
    if ($("letter-detail").hidden || !ticket.current() || !signedIn()) { return; }
    const again = await request(sameOrigin(url) || url).catch(() => null);
    if (!again || !again.ok || !ticket.current()) { return; }
    showLetter(again.body);
    if (again.body.progress.waiting > 0) { polling = setTimeout(follow, 3000); }
  };
  if (result.body.progress.waiting > 0) { polling = setTimeout(follow, 3000); }
}

$("letter-detail-close").addEventListener("click", () => {
  stopPolling();
  latest.detail.skip();
  $("letter-detail").hidden = true;
  $("letters-list-heading").focus();
});
$("letters-list-heading").tabIndex = -1;

// The letters sent ----------------------------------------------------------------------------------------------

function letterRow(letter) {
  const open = button(t("open"));
  open.setAttribute("aria-label", t("openFor", { subject: letter.subject }));
  open.addEventListener("click", () => openLetter(letter.url));
  const cell = document.createElement("td");
  cell.append(open);
  const to = letter.course_title ? `${letter.course_title} (${letter.groups_text})` : `${letter.audience_label}, ${letter.area_name}`;
  return tableRow(
    rowHeader(letter.subject),
    element("td", letter.sent_text),
    element("td", to),
    element("td", letter.recipients, "num"),
    element("td", letter.sender_name),
    cell,
  );
}

async function loadLetters() {
  const ticket = latest.letters.next();
  const course = audience() === "course" ? $("letter-course").value : "";
  status(t("loading"));
  const url = course ? `${api}/kurs/${encodeURIComponent(course)}/meldinger` : api + "/meldinger";
  const result = await load(url);
  if (!result || !ticket.current()) { return; }
  const letters = items(result.body.letters);
  const chosen = $("letter-course").selectedOptions[0];
  $("letters-caption").textContent = course ? t("courseLetters", { title: chosen ? chosen.textContent : course }) : t("networkLetters");
  fillTable("letters", letters, letterRow, t("noLetters"));
  status(letters.length ? t("lettersFound", { count: letters.length }) : t("noLetters"));
}

$("letter-course").addEventListener("change", loadLetters);
document.querySelectorAll("#letter-form input[name=audience]").forEach((input) => input.addEventListener("change", loadLetters));

export async function show() {
  const [choices, courses] = await Promise.all([load(api + "/meldinger/valg"), load(api + "/kurs")]);
  if (!choices || !courses) { return; }
  const wanted = new URLSearchParams(window.location.search).get("kurs") || "";
  fillOptions($("letter-course"), items(courses.body.courses).map((course) => ({ id: course.id, name: `${course.title}, ${course.date_text}` })), "name", wanted);
  fillOptions($("letter-area"), choices.body.areas, "name", "");
  fillOptions($("letter-article"), choices.body.articles, "label", "");
  checkboxes($("letter-course-group-list"), "course-group", choices.body.course_groups, ["confirmed"]);
  checkboxes($("letter-roster-group-list"), "roster-group", choices.body.roster_groups, ["nurses"]);
  $("audience-newsletter-choice").hidden = !choices.body.newsletter;
  showAudience();
  await loadLetters();
}

export function clear() {
  stopPolling();
  latest.letters.skip();
  latest.detail.skip();
  attachments = [];
  showFiles();
  clearTables("letters");
  $("letter-form").reset();
  $("letter-preview").hidden = true;
  $("letter-detail").hidden = true;
  showAlert($("letter-error"), "");
}
