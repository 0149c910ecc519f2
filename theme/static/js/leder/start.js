// /leder/ "Til behandling": what waits for the leader and what comes soon, each a count and a short list linking
// into its view. Read from the views' own routes: the change reports waiting for a decision, the hospitation
// requests waiting for the host, the function descriptions without every signature (the roster), and the courses
// from today on (full or with a waiting list, and those that start in the next seven days).
"use strict";

import { api, load, newest } from "./api.js";
import { $, element, items, link, listItem, showAlert, status } from "./dom.js";
import { addDays, osloDay, texts, today } from "./text.js";

const t = texts($("leader-view"));
const SHOWN = 5; // items in each short list; the rest are counted
const PARTS = ["reports", "hospitations", "unsigned", "full", "week"];
const latest = newest();

function viewUrl(part) {
  return $("start-" + part + "-link").getAttribute("href");
}

// One part: its count (or that there is none), and the first few items as links into the view.
function showPart(part, found, text, href) {
  $("start-" + part + "-count").textContent = found.length ? t(part + "Count", { count: found.length }) : t(part + "None");
  const shown = found.slice(0, SHOWN).map((item) => listItem(link(text(item), href(item))));
  if (found.length > SHOWN) { shown.push(listItem(t("more", { count: found.length - SHOWN }))); }
  $("start-" + part + "-list").replaceChildren(...shown);
  $("start-" + part).classList.toggle("start-item--waiting", found.length > 0);
  return found.length;
}

// The lists asked for, each from its view's route: where its items are in the answer, what an item says, and the
// address (in its view) that opens it.
const LISTS = [
  {
    part: "reports", url: "/endringsmeldinger?status=pending", key: "reports", anchor: "#melding-",
    text: (report) => t("reportItem", { name: report.named, unit: report.unit_name, kind: report.kind_label }),
  },
  {
    part: "hospitations", url: "/hospiteringer?status=awaiting_host", key: "requests", anchor: "#soknad-",
    text: (request) => t("hospitationItem", { name: request.name, host: request.host_unit_name }),
  },
  {
    part: "unsigned", url: "/navneliste", key: "unsigned", anchor: "#roster-entry-",
    text: (entry) => t("unsignedItem", { name: entry.name, unit: entry.unit_name }),
  },
];

// One list: null when it could not be read (said in the alert), else what shows it (and returns its count).
async function waiting(spec) {
  const result = await load(api + spec.url, [403]);
  if (!result || !result.ok) { return null; }
  return () => showPart(spec.part, items(result.body[spec.key]), spec.text,
    (item) => viewUrl(spec.part) + spec.anchor + encodeURIComponent(item.id));
}

// Full: every seat taken, or someone waiting. This week: from today to seven days on, in Oslo.
async function courses() {
  const from = today();
  const result = await load(api + "/kurs?fra=" + from, [403]);
  if (!result || !result.ok) { return null; }
  const coming = items(result.body.courses).filter((course) => !course.ended);
  const full = coming.filter((course) => Number(course.waiting) > 0 || (course.capacity > 0 && course.confirmed >= course.capacity));
  const last = addDays(from, 7);
  const week = coming.filter((course) => {
    const day = osloDay(new Date(course.start));
    return day >= from && day <= last;
  });
  return () => {
    showPart("week", week, (course) => t("weekItem", { title: course.title, date: course.date_text }), () => viewUrl("week"));
    return showPart("full", full, (course) => t("fullItem", {
      title: course.title, date: course.date_text, confirmed: course.confirmed, capacity: course.capacity, waiting: course.waiting,
    }), () => viewUrl("full"));
  };
}

// Every part is asked at once; each is shown when all have come, and the live region says how many things wait
// (what comes this week is not one of them).
export async function show() {
  const ticket = latest.next();
  showAlert($("leader-alert"), "");
  status(t("loadingStart"));
  const parts = await Promise.all([...LISTS.map(waiting), courses()]);
  if (!ticket.current()) { return; }
  const count = parts.reduce((sum, fill) => sum + (fill ? fill() : 0), 0);
  if (parts.every(Boolean)) { status(t("startFound", { count: count })); }
}

export function clear() {
  latest.skip();
  PARTS.forEach((part) => {
    $("start-" + part + "-count").textContent = "";
    $("start-" + part + "-list").replaceChildren();
    $("start-" + part).classList.remove("start-item--waiting");
  });
}
