// The leaders' area's entry: one static page per view (/leder/ is the start page "Til behandling", then
// /leder/kurs/, /leder/hospitering/, ...). Signs in on whichever view the leader opened, shows the navigation for
// the leader's role, and loads the view's own module, which reads only its own data. The old one-page addresses
// (/leder/#hospiteringer in the emails) go to their view.
"use strict";

import { $ } from "./dom.js";
import { startSignIn } from "./signin.js";
import { app } from "./text.js";

// Each view's module, loaded only on its own page. A module exports show(me) (returns when its data has come) and
// clear() (forget what it showed, when the leader signs out).
const VIEWS = {
  start: () => import("./start.js"),
  courses: () => import("./courses.js"),
  letters: () => import("./letters.js"),
  news: () => import("./news.js"),
  documents: () => import("./documents.js"),
  governance: () => import("./governance.js"),
  hospitation: () => import("./hospitation.js"),
  roster: () => import("./roster.js"),
  units: () => import("./units.js"),
  hours: () => import("./hours.js"),
  annual_report: () => import("./annual_report.js"),
  self_report: () => import("./self_report.js"),
  people: () => import("./people.js"),
  audit: () => import("./audit.js"),
};
// The sections of the one long page that came before the views, by their anchors, and the views that have them now.
const ANCHORS = {
  "#hospiteringer": "hospitation",
  "#navneliste": "roster",
  "#reports-heading": "roster",
  "#roster-units-heading": "roster",
  "#timer": "hours",
  "#arsrapport": "annual_report",
  "#courses-heading": "courses",
  "#participants-heading": "courses",
  "#audit-heading": "audit",
};

const view = app.dataset.view;
let module = null; // the view's module, once it is loaded

function navItems() {
  return Array.from($("leader-nav").querySelectorAll("li[data-view]"));
}

function mayUse(item, role) {
  return item.dataset.roles.split(" ").includes(role);
}

function viewUrl(name) {
  const item = navItems().find((node) => node.dataset.view === name);
  return item.querySelector("a").href;
}

// The navigation shows the views the leader's role may use; the page says so if this view is not one of them.
async function signedIn(me, focus) {
  const items = navItems();
  items.forEach((item) => { item.hidden = !mayUse(item, me.role); });
  const here = items.find((item) => item.dataset.view === view);
  if (!mayUse(here, me.role)) {
    const first = items.find((item) => mayUse(item, me.role));
    if (view === "start" && first) { // a host unit's area is the hospitation requests: its start is there
      window.location.replace(first.querySelector("a").href + (focus ? "#" + first.dataset.view : ""));
      return;
    }
    $("leader-view").hidden = true;
    $("leader-not-for-role").hidden = false;
    if (focus) { $("leader-not-for-role").focus(); }
    return;
  }
  $("leader-not-for-role").hidden = true;
  $("leader-view").hidden = false;
  const heading = $("leader-view").querySelector("h2");
  // Signed in just now, or come by an old address or the start page's link to the section: to its heading.
  const toHeading = focus || window.location.hash === "#" + heading.id || window.location.hash === "#" + view;
  module = module || await VIEWS[view]();
  const shown = module.show(me); // shows the section at once (the roster's waits for it), then reads the data
  if (toHeading) { heading.focus(); }
  await shown;
  // Once the lists have taken their room, the heading is in view again.
  if (toHeading && document.activeElement === heading && heading.scrollIntoView) { heading.scrollIntoView({ block: "start" }); }
}

function signedOut() {
  navItems().forEach((item) => { item.hidden = false; });
  $("leader-not-for-role").hidden = true;
  if (module) { module.clear(); }
}

const moved = view === "start" && ANCHORS[window.location.hash];
if (moved) {
  window.location.replace(viewUrl(moved) + window.location.hash);
} else {
  startSignIn({ signedIn: signedIn, signedOut: signedOut });
}
