// Details panels: one item of a list (a hospitation request, a change report, an event's attendance) shown under
// the list, with the forms that decide on it.
//
// A panel goes by the page's names: #NAME-detail with its -heading, -alert and -done (the news of a decision), and
// #NAME-facts; the list's alert #LIST-error and table #LIST-table, whose buttons that open an item carry
// data-OPENER; `home` (the section's heading) takes focus when the item is gone. `item` is the item open, as the API
// last sent it; `loading` the text to say while it comes; `show` fills the panel, `refresh` reads the list again,
// `changed` everything a decision changes, and `reloaded` says why an item read again after a 409 or 404 differs
// from the version that was sent. `latest` (api.newest) keeps only the newest answer.
"use strict";

import { load } from "./api.js";
import { $, button, element, mailLink, sameOrigin, showAlert, showDone, status } from "./dom.js";
import { sendForm } from "./forms.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));

// One fact of the item: a term and its text (or a node, such as a link); nothing when there is no value.
export function fact(list, key, value) {
  if (value == null || value === "") { return; }
  const details = element("dd", typeof value === "object" ? null : value);
  if (typeof value === "object") { details.append(value); }
  list.append(element("dt", t(key)), details);
}

// A person's name, with the e-mail address as a link in brackets after it.
export function personFact(name, email) {
  if (!email) { return name; }
  const part = document.createDocumentFragment();
  part.append(document.createTextNode((name || "") + " ("), mailLink(email), document.createTextNode(")"));
  return part;
}

export function contactFacts(list, email, phone) {
  fact(list, "factEmail", email ? mailLink(email) : "");
  fact(list, "factPhone", phone);
}

// The panel's item and heading; returns its list of facts, emptied to be filled.
export function panelFacts(panel, item, heading) {
  panel.item = item;
  $(panel.name + "-detail-heading").textContent = heading;
  const done = $(panel.name + "-detail-done");
  if (done) { done.hidden = true; }
  const facts = $(panel.name + "-facts");
  facts.replaceChildren();
  return facts;
}

// The list's cell with the button that opens the item in the panel (`label` says which item, for screen readers).
export function openerCell(panel, item, text, label) {
  const cell = document.createElement("td");
  const url = sameOrigin(item.url);
  if (url) {
    const open = button(text);
    open.setAttribute("aria-label", label);
    open.dataset[panel.opener] = item.id;
    open.addEventListener("click", () => openPanel(panel, url));
    cell.append(open);
  }
  return cell;
}

export async function openPanel(panel, url) {
  const ticket = panel.latest.next();
  showAlert($(panel.list + "-error"), "");
  status(panel.loading());
  const result = await load(url, [403, 404]);
  if (!result || !ticket.current()) { return; }
  if (!result.ok) {
    // Erased or out of reach since the list was read: say so, and show the list as it is now.
    status("");
    showAlert($(panel.list + "-error"), result.body.message || t("failed"));
    panel.refresh();
    return;
  }
  showAlert($(panel.name + "-detail-alert"), "");
  panel.show(result.body, true);
  $(panel.name + "-detail").hidden = false;
  $(panel.name + "-detail-heading").focus();
  status("");
}

// Close the panel; focus goes back to the item's button in the list (or to the section's heading).
export function closePanel(panel, focus) {
  const id = panel.item && panel.item.id;
  panel.item = null;
  panel.latest.skip();
  $(panel.name + "-detail").hidden = true;
  $(panel.name + "-facts").replaceChildren();
  showAlert($(panel.name + "-detail-alert"), "");
  if (!focus) { return; }
  const opener = Array.from($(panel.list + "-table").querySelectorAll("button[data-" + panel.opener + "]"))
    .find((node) => node.dataset[panel.opener] === id);
  (opener || $(panel.home)).focus();
}

// The open item again, after someone else changed it (`version`: the open item's, as it was read before): shown as
// it is now, with why.
export async function reloadPanel(panel, message, version) {
  const url = panel.item && sameOrigin(panel.item.url);
  if (!url) { return; }
  const result = await load(url, [403, 404]);
  if (!result) { return; }
  if (!result.ok) {
    closePanel(panel, false);
    showAlert($(panel.list + "-error"), result.body.message || message);
    $(panel.home).focus();
  } else {
    const note = panel.reloaded(result.body, version);
    panel.show(result.body, true);
    showAlert($(panel.name + "-detail-alert"), message, note);
    $(panel.name + "-detail-heading").focus();
  }
  panel.changed();
}

// Send a decision on the open item (`parts`: its form, see forms.formParts), with the version it was read at.
// Errors go next to their fields and in the form's alert; if someone else changed the item meanwhile (or decided
// first), it is shown anew.
export function decide(panel, path, body, parts, done) {
  const url = panel.item && sameOrigin(panel.item.url);
  if (!url) { return; }
  sendForm(Object.assign({
    lock: panel.lock, url: url + path, body: Object.assign({ version: panel.item.version }, body),
    clear: $(panel.name + "-detail-alert"),
    onDone: (item) => {
      panel.show(item, true);
      showDone($(panel.name + "-detail-done"), done);
      panel.changed();
    },
    onStale: (message) => reloadPanel(panel, message, panel.item && panel.item.version),
  }, parts));
}

// The item named by the page's address (#PREFIX-ID, from a link on the start page), opened once its list has come.
export function openFromAddress(panel, prefix, found) {
  const wanted = decodeURIComponent(window.location.hash.slice(1));
  if (!wanted.startsWith(prefix + "-")) { return; }
  const item = found.find((candidate) => candidate.id === wanted.slice(prefix.length + 1));
  const url = item && sameOrigin(item.url);
  history.replaceState(null, "", window.location.pathname + window.location.search); // opened once, not on each reload of the list
  if (url) { openPanel(panel, url); }
}
