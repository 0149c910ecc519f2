// Requests to /api/leder/* and who is signed in. The session is an HttpOnly cookie this script never sees: the API
// says who it is (/meg), and a 401 means it has ended. What is on its way is one of each kind at a time.
"use strict";

import { $, showAlert, status } from "./dom.js";
import { app, t } from "./text.js";

export const api = app.dataset.api;

let user = null; // the signed-in leader, as /meg answered; null when no one is
let ended = () => {}; // what the sign-in does when the API says the session has ended
let enrol = () => {}; // what it does when the API says the network leader must turn on the code from an app first
const working = new Set(); // the kinds of request on their way

export function signedIn() {
  return user;
}

export function setUser(me) {
  user = me;
}

// The sign-in tells what to do when a request finds that the session has ended.
export function onSessionEnded(callback) {
  ended = callback;
}

// ... and when a request is refused until the code from an app is on (403, reason "mfa_enrolment_required").
export function onEnrolmentNeeded(callback) {
  enrol = callback;
}

// One request; a network failure throws. POSTs when a body is given (or sends it with `method`, say PUT).
export async function request(url, body, method) {
  const options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
  if (body !== undefined) {
    options.method = method || "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  return { status: response.status, ok: response.ok, body: data || {} };
}

// True when no one is signed in any more, or the API says the session has ended (then the sign-in form is back) or
// reaches nothing until the code from an app is on (then the steps to turn it on are shown).
function sessionEnded(result) {
  if (!user) { return true; }
  if (result.status === 403 && result.body.reason === "mfa_enrolment_required") {
    enrol();
    return true;
  }
  if (result.status !== 401) { return false; }
  ended(t("expired"));
  return true;
}

// A GET for the signed-in area: null when it failed in a way already shown (offline, session ended, refused);
// the statuses in `handled` are the caller's to show.
export async function load(url, handled = []) {
  let result;
  try {
    result = await request(url);
  } catch (error) {
    status("");
    showAlert($("leader-alert"), t("offline"));
    return null;
  }
  if (sessionEnded(result)) { return null; }
  if (!result.ok && !handled.includes(result.status)) {
    status("");
    showAlert($("leader-alert"), result.body.message || t("failed"), result.body.errors);
    return null;
  }
  return result;
}

export function busy(lock) {
  return working.has(lock);
}

// Mark `lock` as on its way while `work` runs (a file being read, say); false if it was already.
export async function whileBusy(lock, work) {
  if (working.has(lock)) { return false; }
  working.add(lock);
  try {
    await work();
  } finally {
    working.delete(lock);
  }
  return true;
}

// A POST (or `method`) from a form's button, one per `lock` at a time (none without a URL): meanwhile the button is
// marked busy and the live region says `text`. Null when it was not sent, or the network failed (said in `box`).
export async function post({ lock, url, body, box, button, text, method }) {
  if (working.has(lock) || !url) { return null; }
  working.add(lock);
  button.setAttribute("aria-disabled", "true");
  status(text);
  let result = null;
  try {
    result = await request(url, body, method);
  } catch (error) {
    showAlert(box, t("offline"));
  }
  working.delete(lock);
  button.removeAttribute("aria-disabled");
  status("");
  return result;
}

// The same from the signed-in area ("Sending" unless told); null also when the session has ended.
export async function send(options) {
  const result = await post(Object.assign({ text: t("sending") }, options));
  return !result || sessionEnded(result) ? null : result;
}

// Only the newest answer of a kind is shown: latest.next() before asking, and the answer is shown only while
// its ticket is current(); latest.skip() makes every ticket out of date (a panel closed, the data cleared).
export function newest() {
  let number = 0;
  return {
    next() {
      const mine = ++number;
      return { current: () => mine === number };
    },
    skip() { number++; },
    get count() { return number; },
  };
}
