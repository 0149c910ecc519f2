// /leder/kurs/: the courses and meetings of a period with their numbers, status and a chart, the participant list of
// one, its attendance list (attendance.js), the downloads, and the course editor (course_editor.js).
"use strict";

import { api, load, newest, send } from "./api.js";
import * as attendance from "./attendance.js";
import * as editor from "./course_editor.js";
import {
  $, button, clearTables, downloadLinks, element, fillTable, items, mailLink, query, rowHeader, sameOrigin, showAlert,
  status, tableRow,
} from "./dom.js";
import { onSubmit } from "./forms.js";
import { formatDay, texts } from "./text.js";

const t = texts($("leader-view"));
const latest = { courses: newest(), participants: newest() };

function courseRow(course) {
  const cell = document.createElement("td");
  const lists = element("div", null, "leader-lists");
  cell.append(lists);
  const participantsUrl = sameOrigin(course.participants_url);
  if (participantsUrl) {
    const open = button(t("participants"));
    open.addEventListener("click", () => loadParticipants(participantsUrl, course));
    lists.append(open);
  }
  const attendanceUrl = sameOrigin(course.attendance_url);
  if (attendanceUrl) { lists.append(attendance.opener(course, attendanceUrl)); }
  lists.append(...downloadLinks(course.csv_url, course.csv_comma_url));
  // Letters to its people (the agenda, the minutes): the letters view, opened for this course.
  const letters = element("a", t("letters"));
  letters.href = new URL("../meldinger/?kurs=" + encodeURIComponent(course.id), window.location.href).href;
  letters.setAttribute("aria-label", t("lettersFor", { title: course.title }));
  lists.append(letters);
  if (course.evaluation_url) {
    // The evaluation's summary is a page of its own (HTML from the API), to read or print.
    const evaluation = element("a", t("evaluation"));
    evaluation.href = course.evaluation_url;
    evaluation.setAttribute("aria-label", t("evaluationFor", { title: course.title }));
    lists.append(evaluation);
  }
  const edit = document.createElement("td");
  const opener = editor.opener(course);
  if (opener) { edit.append(opener); }
  return tableRow(
    rowHeader(course.title),
    element("td", course.date_text),
    element("td", course.area_name || ""),
    element("td", course.status_label || ""),
    element("td", course.capacity, "num"),
    element("td", course.confirmed, "num"),
    element("td", course.waiting, "num"),
    edit,
    cell,
  );
}

// A bar per course, measured against the larger of its seats and its sign-ups; a line marks the seats. The bar is
// decoration: the numbers are in the text beside it and in the table.
function courseBar(course) {
  const capacity = Math.max(0, Number(course.capacity) || 0);
  const confirmed = Math.max(0, Number(course.confirmed) || 0);
  const waiting = Math.max(0, Number(course.waiting) || 0);
  const scale = Math.max(capacity, confirmed + waiting, 1);
  const percent = (value) => (100 * value) / scale + "%";
  const bar = element("span", null, "chart__bar");
  bar.setAttribute("aria-hidden", "true");
  const filled = element("span", null, "chart__part chart__part--confirmed");
  filled.style.width = percent(confirmed);
  const queued = element("span", null, "chart__part chart__part--waiting");
  queued.style.width = percent(waiting);
  bar.append(filled, queued);
  if (capacity) {
    const seats = element("span", null, "chart__capacity");
    seats.style.left = percent(capacity);
    bar.append(seats);
  }
  const item = element("li", null, "chart__item");
  item.append(
    element("span", course.date_text ? course.title + ", " + course.date_text : course.title, "chart__title"),
    bar,
    element("span", t("chartNumbers", { confirmed: confirmed, waiting: waiting, capacity: capacity }), "chart__numbers"),
  );
  return item;
}

export async function loadCourses() {
  const ticket = latest.courses.next();
  showAlert($("leader-alert"), "");
  status(t("loadingCourses"));
  const result = await load(api + "/kurs" + query({ fra: $("period-from").value, til: $("period-to").value }), [403]);
  if (!result || !ticket.current()) { return; }
  if (result.status === 403) {
    // A role that sees no courses (a host unit): say so, and show nothing else.
    $("courses-content").hidden = true;
    $("courses-message").textContent = result.body.message || t("failed");
    $("courses-message").hidden = false;
    status("");
    return;
  }
  const data = result.body;
  const courses = items(data.courses);
  $("period-from").value = data.from || "";
  $("period-to").value = data.to || "";
  $("courses-caption").textContent = t("coursesCaption", { from: formatDay(data.from), to: formatDay(data.to) });
  fillTable("courses", courses, courseRow, t("noCourses"));
  $("courses-bars").replaceChildren(...courses.map(courseBar));
  $("courses-chart").hidden = !courses.length;
  $("period-downloads").replaceChildren(...downloadLinks(data.period_csv_url, data.period_csv_comma_url));
  status(courses.length ? t("coursesFound", { count: courses.length }) : t("noCourses"));
}

// A participant's email that did not arrive: what happened, and a button that sends it again.
function mailProblem(registration, participantsUrl, reload) {
  const box = element("div", null, "mail-problem");
  box.append(element("p", registration.mail_problem, "notice notice--warning"));
  if (registration.can_send_again) {
    const again = button(t("sendAgain"), "button button--secondary");
    again.setAttribute("aria-label", t("sendAgainFor", { name: registration.name }));
    again.addEventListener("click", async () => {
      const url = `${participantsUrl}/${encodeURIComponent(registration.id)}/epost`;
      const result = await send({ lock: `again-${registration.id}`, url, body: {}, box: $("leader-alert"), button: again });
      if (!result) { return; }
      if (!result.ok) { showAlert($("leader-alert"), result.body.message || t("failed")); return; }
      await reload();
      status(t("sentAgain", { name: registration.name }));
    });
    box.append(again);
  }
  return box;
}

function participantRow(registration, participantsUrl, reload) {
  const place = registration.position
    ? t("position", { status: registration.status_label, position: registration.position })
    : registration.status_label;
  const email = document.createElement("td");
  if (registration.email) { email.append(mailLink(registration.email)); }
  if (registration.mail_problem) { email.append(mailProblem(registration, participantsUrl, reload)); }
  return tableRow(
    rowHeader(registration.name),
    element("td", place),
    element("td", registration.workplace),
    element("td", registration.municipality),
    email,
    element("td", registration.phone),
    element("td", registration.created_text),
  );
}

async function loadParticipants(url, course, focus = true) {
  const ticket = latest.participants.next();
  showAlert($("leader-alert"), "");
  status(t("loadingParticipants"));
  const result = await load(url);
  if (!result || !ticket.current()) { return; }
  const info = result.body.course || course;
  const registrations = items(result.body.registrations);
  $("participants-heading").textContent = t("participants") + ": " + info.title;
  $("participants-caption").textContent = t("participantsCaption", { title: info.title, date: info.date_text });
  $("participants-downloads").replaceChildren(...downloadLinks(info.csv_url, info.csv_comma_url));
  const reload = () => loadParticipants(url, course, false);
  fillTable("participants", registrations, (one) => participantRow(one, url, reload), t("noParticipants"));
  $("participants").hidden = false;
  if (focus) { $("participants-heading").focus(); }
  status(registrations.length ? t("participantsFound", { count: registrations.length }) : t("noParticipants"));
}

onSubmit("period-form", loadCourses);
attendance.onChange(loadCourses);
editor.onChange(loadCourses);

export function show() {
  $("courses-content").hidden = false;
  $("courses-message").hidden = true;
  $("participants").hidden = true;
  return Promise.all([loadCourses(), editor.show()]);
}

export function clear() {
  latest.courses.skip();
  latest.participants.skip();
  clearTables("courses", "participants");
  ["courses-bars", "period-downloads", "participants-downloads"].forEach((id) => $(id).replaceChildren());
  ["period-from", "period-to"].forEach((id) => { $(id).value = ""; });
  attendance.clear();
  editor.clear();
}
