// The texts the leaders' area shows and the dates it writes. Every text comes from the page (data-text-* attributes,
// translated by the template): the shared ones on #leader-app, each view's on its own element.
"use strict";

export const app = document.getElementById("leader-app");
export const locale = document.documentElement.lang || "nb";

// A lookup of the texts on `node` (and then on #leader-app): the text coursesFound, with { count: 2 }, reads
// data-text-courses-found and fills in {count}; a name without a value stays as it is.
export function texts(node) {
  return function t(key, values) {
    const name = "text" + key.charAt(0).toUpperCase() + key.slice(1);
    const template = (node && node.dataset[name]) || app.dataset[name] || "";
    return template.replace(/\{(\w+)\}/g, (match, part) => (values && values[part] != null ? String(values[part]) : match));
  };
}

// The shared texts (sign-in, session, errors, downloads).
export const t = texts(app);

export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) { return iso || ""; }
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Oslo" }).format(date);
}

export function formatDay(day) {
  const date = new Date(day + "T00:00:00Z");
  if (!day || Number.isNaN(date.getTime())) { return day || ""; }
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

export function formatMonth(month) {
  const date = new Date(month + "-01T00:00:00Z");
  if (!month || Number.isNaN(date.getTime())) { return month || ""; }
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

// The day (YYYY-MM-DD) in Oslo of a moment (now, unless given).
export function osloDay(moment) {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Oslo" })
    .format(moment || new Date());
}

export function today() {
  return osloDay();
}

// A day `count` days after `day` (both YYYY-MM-DD).
export function addDays(day, count) {
  const date = new Date(day + "T00:00:00Z");
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

export function thisMonth() {
  return today().slice(0, 7);
}
