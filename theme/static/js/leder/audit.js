// /leder/revisjon/ (the network leader's): the audit log of a month, who signed in and downloaded lists, and when.
"use strict";

import { api, load, newest } from "./api.js";
import { $, clearTables, element, fillTable, items, showAlert, status, tableRow } from "./dom.js";
import { onSubmit } from "./forms.js";
import { formatMonth, formatTime, texts, thisMonth } from "./text.js";

const t = texts($("leader-view"));
const latest = newest();
const caption = $("audit-caption").textContent;

function entryRow(entry) {
  const time = element("td");
  const stamp = element("time", entry.at_text || formatTime(entry.at));
  if (entry.at) { stamp.dateTime = entry.at; }
  time.append(stamp);
  // Who: the email, and beside it the user pool's id (it stays if the email changes; older entries have none).
  const actor = element("td", entry.actor);
  if (entry.actor_sub) { actor.append(element("span", t("actorSub", { sub: entry.actor_sub }), "leader-audit__sub")); }
  return tableRow(
    time,
    actor,
    element("td", entry.action_label || entry.action),
    element("td", entry.subject || "–"),
    element("td", entry.rows == null ? "–" : entry.rows, "num"),
  );
}

async function loadAudit() {
  const ticket = latest.next();
  const month = $("audit-month").value.trim();
  showAlert($("leader-alert"), "");
  status(t("loadingAudit"));
  const result = await load(api + "/revisjon" + (month ? "?maned=" + encodeURIComponent(month) : ""));
  if (!result || !ticket.current()) { return; }
  const data = result.body;
  const entries = items(data.entries);
  if (data.month) { $("audit-month").value = data.month; }
  $("audit-caption").textContent = data.month ? caption + ", " + formatMonth(data.month) : caption;
  fillTable("audit", entries, entryRow, t("noAudit"));
  status(entries.length ? t("auditFound", { count: entries.length }) : t("noAudit"));
}

onSubmit("audit-form", loadAudit);

export function show() {
  $("audit-month").value = thisMonth();
  return loadAudit();
}

export function clear() {
  latest.skip();
  clearTables("audit");
  $("audit-month").value = "";
}
