// Elements, tables, choices, links and messages for the leaders' area. Data goes in as text (textContent), never as
// markup.
"use strict";

import { t } from "./text.js";

export const $ = (id) => document.getElementById(id);

export function element(tag, content, className) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (content != null) { node.textContent = String(content); }
  return node;
}

export function button(text, className) {
  const node = element("button", text, className || "button button--secondary button--small");
  node.type = "button";
  return node;
}

export function tableRow(...cells) {
  const row = document.createElement("tr");
  row.append(...cells);
  return row;
}

// The cell that names the row, for screen readers.
export function rowHeader(text) {
  const cell = element("th", text);
  cell.scope = "row";
  return cell;
}

// A row named by its first cell, then numbers (right-aligned).
export function numberRow(name, ...numbers) {
  return tableRow(rowHeader(name), ...numbers.map((number) => element("td", number, "num")));
}

export function emptyRow(columns, message) {
  const cell = element("td", message);
  cell.colSpan = columns;
  return tableRow(cell);
}

// The rows of the table #ID-table: a row per item, or one that says there is none.
export function fillTable(id, items, row, empty) {
  const table = $(id + "-table");
  const columns = table.tHead.rows[0].cells.length;
  table.tBodies[0].replaceChildren(...(items.length ? items.map(row) : [emptyRow(columns, empty)]));
}

export function clearTables(...ids) {
  ids.forEach((id) => $(id + "-table").tBodies[0].replaceChildren());
}

// Back to the page's own first option ("all", or "choose").
export function clearOptions(select) {
  while (select.options.length > 1) { select.remove(1); }
  select.value = "";
}

// The choices the API sends, after the page's own first option ("all"); the chosen one stays chosen.
export function fillOptions(select, choices, label, chosen) {
  clearOptions(select);
  (Array.isArray(choices) ? choices : []).forEach((choice) => {
    const option = element("option", choice[label]);
    option.value = choice.id;
    select.append(option);
  });
  select.value = chosen;
  if (select.value !== chosen) { select.value = ""; }
}

export function list(items, className) {
  const node = element("ul", null, className);
  node.append(...items.map((item) => (item instanceof Node ? item : element("li", item))));
  return node;
}

export function listItem(...parts) {
  const item = document.createElement("li");
  item.append(...parts.map((part) => (part instanceof Node ? part : document.createTextNode(part))));
  return item;
}

export function link(text, href) {
  const node = element("a", text);
  node.href = href;
  return node;
}

export function mailLink(address) {
  return link(address, "mailto:" + address);
}

// An array from the API's answer, or an empty one.
export function items(value) {
  return Array.isArray(value) ? value : [];
}

export function sameOrigin(url) {
  if (!url) { return null; }
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

// A same-origin URL with the given query parameters (empty ones left out); null for any other origin.
export function withQuery(url, params) {
  const href = sameOrigin(url);
  if (!href) { return null; }
  const parsed = new URL(href);
  Object.keys(params).forEach((name) => { if (params[name]) { parsed.searchParams.set(name, params[name]); } });
  return parsed.href;
}

// The query string (with its "?") of the filled-in parameters, or "".
export function query(params) {
  const found = new URLSearchParams();
  Object.keys(params).forEach((name) => { if (params[name]) { found.set(name, params[name]); } });
  return found.toString() ? "?" + found : "";
}

export function downloadLinks(excelUrl, commaUrl, labels = [t("excel"), t("comma")]) {
  const links = [];
  [[excelUrl, labels[0]], [commaUrl, labels[1]]].forEach(([url, label]) => {
    const href = sameOrigin(url);
    if (!href) { return; }
    const node = element("a", label, "leader-download");
    node.href = href;
    node.setAttribute("download", "");
    links.push(node);
  });
  return links;
}

// The Excel and comma downloads of one list (the same URL, with format=komma) into #ID, with the filters chosen.
export function showDownloads(id, url, labels, filters = {}) {
  $(id).replaceChildren(...downloadLinks(withQuery(url, filters), withQuery(url, Object.assign({}, filters, { format: "komma" })), labels));
}

// The live region at the top of the page.
export function status(message) {
  $("leader-status").textContent = message || "";
}

// A message in an alert region; the API's field errors (a period or month it refused) listed under it.
export function showAlert(container, message, errors) {
  container.replaceChildren();
  if (!message) { return; }
  const box = element("div", null, "error-summary leader-alert");
  box.append(element("p", message));
  const details = Object.values(errors || {}).filter((text) => text && text !== message);
  if (details.length) { box.append(list(details)); }
  container.append(box);
  if (box.scrollIntoView) { box.scrollIntoView({ block: "nearest" }); }
}

// The news that a form went through, in its place on the page, with focus.
export function showDone(node, text) {
  node.textContent = text;
  node.hidden = false;
  node.focus();
}
