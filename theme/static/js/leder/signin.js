// Sign in and out, on every view: e-mail and password, then a new password or a code when the sign-in service asks
// for one; the session's end, checked with the API when it comes. A network leader without the code from an app
// turns it on first (mfa.js): the API refuses them everything else until then; another leader may from the button.
"use strict";

import { api, onEnrolmentNeeded, onSessionEnded, post, request, setUser, signedIn } from "./api.js";
import { $, showAlert, showDone, status } from "./dom.js";
import { clearFieldErrors, markFieldErrors } from "./forms.js";
import { enrolmentShown, hideEnrolment, showEnrolment, wireEnrolment } from "./mfa.js";
import { formatTime, t } from "./text.js";

const ENROLMENT = "mfa_enrolment_required"; // the API's reason for refusing the network leader without the code

// Sign-in fields in page order: the API's errors[name] goes next to the input.
const FIELDS = { username: "signin-username", password: "signin-password", new_password: "signin-new-password", code: "signin-code" };
const CHALLENGES = { NEW_PASSWORD_REQUIRED: "signin-new-password-field", SOFTWARE_TOKEN_MFA: "signin-code-field" };

let challenge = null; // { name, session } while the sign-in service asks for a new password or a code
let expiryTimer = 0;
let view = { signedIn: () => {}, signedOut: () => {} }; // what the page does when someone signs in or out

// The message in the alert; each field's error next to its field (or in the alert if that field is not shown).
function showSignInErrors(message, errors) {
  const marked = markFieldErrors(FIELDS, errors);
  showAlert($("signin-error"), message, marked.rest);
  if (marked.first) { marked.first.focus(); }
}

function resetSignIn() {
  challenge = null;
  clearFieldErrors($("signin-form"), FIELDS);
  showAlert($("signin-error"), "");
  ["signin-password", "signin-new-password", "signin-code"].forEach((id) => { $(id).value = ""; });
  $("signin-username").readOnly = false;
  $("signin-password-field").hidden = false;
  Object.values(CHALLENGES).forEach((id) => { $(id).hidden = true; });
  $("signin-restart").hidden = true;
}

function startChallenge(answer) {
  const field = CHALLENGES[answer.challenge];
  resetSignIn();
  if (!field || !answer.session) {
    showAlert($("signin-error"), t("failed"));
    return;
  }
  challenge = { name: answer.challenge, session: answer.session };
  $("signin-username").readOnly = true;
  $("signin-password-field").hidden = true;
  $(field).hidden = false;
  $("signin-restart").hidden = false;
  $(field).querySelector("input").focus();
}

// The sign-in form instead of the signed-in area, with `message` in the live region.
export function showSignIn(message, focus) {
  setUser(null);
  clearTimeout(expiryTimer);
  view.signedOut();
  showAlert($("leader-alert"), "");
  hideEnrolment();
  $("leader-area").hidden = true;
  resetSignIn();
  $("signin").hidden = false;
  status(message);
  if (focus) { $("signin-heading").focus(); }
}

function showSignedIn(me, focus) {
  if (me.mfa_required && !me.mfa) {
    requireEnrolment();
    return;
  }
  setUser(me);
  resetSignIn();
  hideEnrolment();
  $("signin").hidden = true;
  const role = me.area_name ? me.role_label + ", " + me.area_name : me.role_label;
  $("leader-who").textContent = t("who", { name: me.name, role: role });
  $("mfa-start").hidden = Boolean(me.mfa);
  $("mfa-done").hidden = true;
  showExpiry(me.expires_at);
  $("leader-area").hidden = false;
  view.signedIn(me, focus);
}

// The network leader without the code from an app: the steps to turn it on, and nothing of the area until then.
function requireEnrolment() {
  if (signedIn()) { view.signedOut(); }
  setUser(null);
  resetSignIn();
  $("signin").hidden = true;
  $("leader-area").hidden = true;
  showAlert($("leader-alert"), "");
  showEnrolment(true);
}

// Any other leader, from the session's button: the steps instead of the view, and back to it after.
function offerEnrolment() {
  $("leader-area").hidden = true;
  showEnrolment(false);
}

// The code is on: the area (the view the leader chose it from, or the network leader's first), with the news of it.
function enrolmentDone(me, message) {
  if (signedIn()) {
    setUser(Object.assign({}, signedIn(), { mfa: true }));
    $("mfa-start").hidden = true;
    $("leader-area").hidden = false;
  } else {
    showSignedIn(me, false);
  }
  showDone($("mfa-done"), message);
}

function enrolmentCancelled() {
  $("leader-area").hidden = false;
  $("mfa-start").focus();
}

// When the session ends, ask the API once more (the clock may differ); a 401 brings back the sign-in form.
function showExpiry(expiresAt) {
  clearTimeout(expiryTimer);
  $("leader-expires").textContent = expiresAt ? t("expires", { time: formatTime(expiresAt) }) : "";
  const wait = new Date(expiresAt).getTime() - Date.now();
  if (wait > 0 && wait < 2 ** 31 - 1) { expiryTimer = setTimeout(checkSession, wait + 1000); }
}

async function checkSession() {
  try {
    const result = await request(api + "/meg");
    if (result.status === 401) { showSignIn(t("expired"), true); } else if (result.ok && signedIn()) { showExpiry(result.body.expires_at); }
  } catch (error) {
    // Offline now: the next request says what happened.
  }
}

async function signIn() {
  const body = { username: $("signin-username").value.trim() };
  if (!challenge) {
    body.password = $("signin-password").value;
  } else if (challenge.name === "NEW_PASSWORD_REQUIRED") {
    Object.assign(body, { session: challenge.session, new_password: $("signin-new-password").value });
  } else {
    Object.assign(body, { session: challenge.session, code: $("signin-code").value.replace(/\s+/g, "") });
  }
  clearFieldErrors($("signin-form"), FIELDS);
  showAlert($("signin-error"), "");
  const result = await post({
    lock: "signIn", url: api + "/innlogging", body: body, box: $("signin-error"), button: $("signin-submit"), text: t("signingIn"),
  });
  if (!result) { return; }
  if (result.ok && result.body.challenge) {
    startChallenge(result.body);
  } else if (result.ok && result.body.username) {
    showSignedIn(result.body, true);
  } else {
    showSignInErrors(result.body.message || t("failed"), result.body.errors || {});
  }
}

async function signOut() {
  let result;
  try {
    result = await request(api + "/utlogging", {});
  } catch (error) {
    showAlert(enrolmentShown() ? $("mfa-error") : $("leader-alert"), t("offline"));
    return;
  }
  if (result.ok || result.status === 401) {
    showSignIn(t("signedOut"), true);
  } else {
    showAlert(enrolmentShown() ? $("mfa-error") : $("leader-alert"), result.body.message || t("failed"));
  }
}

// Wire the forms, and ask the API whether someone is signed in already. `handlers.signedIn(me, focus)` shows the
// view (focus: signed in just now, by the form); `handlers.signedOut()` clears what it showed.
export async function startSignIn(handlers) {
  view = handlers;
  onSessionEnded((message) => showSignIn(message, true));
  onEnrolmentNeeded(requireEnrolment);
  wireEnrolment({
    done: enrolmentDone,
    cancel: enrolmentCancelled,
    signOut: signOut,
    ended: (message) => showSignIn(message || t("expired"), true),
  });
  $("mfa-start").addEventListener("click", offerEnrolment);
  $("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn();
  });
  $("signin-restart").addEventListener("click", () => {
    resetSignIn();
    $("signin-username").focus();
  });
  $("signout").addEventListener("click", signOut);

  status(t("checking"));
  let result;
  try {
    result = await request(api + "/meg");
  } catch (error) {
    showSignIn("", false);
    showAlert($("signin-error"), t("offline"));
    return;
  }
  if (result.ok && result.body.username) {
    status("");
    showSignedIn(result.body, false);
    return;
  }
  if (result.status === 403 && result.body.reason === ENROLMENT) {
    status("");
    requireEnrolment();
    return;
  }
  showSignIn("", false);
  if (result.status !== 401) { showAlert($("signin-error"), result.body.message || t("failed")); }
}
