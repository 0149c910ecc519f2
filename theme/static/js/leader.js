// The leaders' area (/leder/): sign in, courses and participants, CSV downloads and, for the network leader, the
// audit log. Talks JSON to /api/leder/*; the session is an HttpOnly cookie this script never sees. Every text it
// shows comes from the page (data-text-* on #leader-app, translated by the template). Data goes in as text
// (textContent), never as markup.
(function () {
  "use strict";

  const app = document.getElementById("leader-app");
  if (!app || !window.fetch) { return; }

  const api = app.dataset.api;
  const locale = document.documentElement.lang || "nb";
  const $ = (id) => document.getElementById(id);
  // Sign-in fields in page order: the API's errors[name] goes next to the input.
  const FIELDS = { username: "signin-username", password: "signin-password", new_password: "signin-new-password", code: "signin-code" };
  const CHALLENGES = { NEW_PASSWORD_REQUIRED: "signin-new-password-field", SOFTWARE_TOKEN_MFA: "signin-code-field" };

  let user = null;
  let challenge = null; // { name, session } while the sign-in service asks for a new password or a code
  let busy = false;
  let expiryTimer = 0;
  const latest = { courses: 0, participants: 0, audit: 0 }; // only the newest answer of each kind is shown

  // ---------- Small helpers ----------

  function t(key, values) {
    const template = app.dataset["text" + key.charAt(0).toUpperCase() + key.slice(1)] || "";
    return template.replace(/\{(\w+)\}/g, (match, name) => (values && values[name] != null ? String(values[name]) : match));
  }

  function element(tag, content, className) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content != null) { node.textContent = String(content); }
    return node;
  }

  function sameOrigin(url) {
    if (!url) { return null; }
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) { return iso || ""; }
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Oslo" }).format(date);
  }

  function formatDay(day) {
    const date = new Date(day + "T00:00:00Z");
    if (!day || Number.isNaN(date.getTime())) { return day || ""; }
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  function formatMonth(month) {
    const date = new Date(month + "-01T00:00:00Z");
    if (!month || Number.isNaN(date.getTime())) { return month || ""; }
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
  }

  function thisMonth() {
    const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: "Europe/Oslo" })
      .formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return part("year") + "-" + part("month");
  }

  function status(message) {
    $("leader-status").textContent = message || "";
  }

  // A message in an alert region; the API's field errors (a period or month it refused) listed under it.
  function showAlert(container, message, errors) {
    container.replaceChildren();
    if (!message) { return; }
    const box = element("div", null, "error-summary leader-alert");
    box.append(element("p", message));
    const details = Object.values(errors || {}).filter((text) => text && text !== message);
    if (details.length) {
      const list = document.createElement("ul");
      list.append(...details.map((text) => element("li", text)));
      box.append(list);
    }
    container.append(box);
    if (box.scrollIntoView) { box.scrollIntoView({ block: "nearest" }); }
  }

  // One request; a network failure throws. POSTs when a body is given.
  async function request(url, body) {
    const options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    return { status: response.status, ok: response.ok, body: data || {} };
  }

  // A GET for the signed-in area: null when it failed in a way already shown (offline, session ended, refused);
  // the statuses in `handled` are the caller's to show.
  async function load(url, handled = []) {
    let result;
    try {
      result = await request(url);
    } catch (error) {
      status("");
      showAlert($("leader-alert"), t("offline"));
      return null;
    }
    if (!user) { return null; }
    if (result.status === 401) {
      showSignIn(t("expired"), true);
      return null;
    }
    if (!result.ok && !handled.includes(result.status)) {
      status("");
      showAlert($("leader-alert"), result.body.message || t("failed"), result.body.errors);
      return null;
    }
    return result;
  }

  function downloadLinks(excelUrl, commaUrl) {
    const links = [];
    [[excelUrl, "excel"], [commaUrl, "comma"]].forEach(([url, key]) => {
      const href = sameOrigin(url);
      if (!href) { return; }
      const link = element("a", t(key), "leader-download");
      link.href = href;
      link.setAttribute("download", "");
      links.push(link);
    });
    return links;
  }

  function emptyRow(columns, message) {
    const row = document.createElement("tr");
    const cell = element("td", message);
    cell.colSpan = columns;
    row.append(cell);
    return row;
  }

  // ---------- Sign in and out ----------

  function clearFieldErrors() {
    const form = $("signin-form");
    form.querySelectorAll("[data-field-error]").forEach((note) => note.remove());
    form.querySelectorAll(".field--error").forEach((field) => field.classList.remove("field--error"));
    Object.values(FIELDS).forEach((id) => {
      const input = $(id);
      input.removeAttribute("aria-invalid");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id + "-error");
      if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
  }

  // The message in the alert; each field's error next to its field (or in the alert if that field is not shown).
  function showSignInErrors(message, errors) {
    const rest = Object.assign({}, errors);
    let first = null;
    Object.keys(FIELDS).forEach((name) => {
      const input = $(FIELDS[name]);
      if (!errors[name] || input.closest("[hidden]")) { return; }
      delete rest[name];
      const note = element("p", null, "field__error");
      note.id = input.id + "-error";
      note.setAttribute("data-field-error", "");
      note.append(element("span", t("error") + ": ", "visually-hidden"), document.createTextNode(errors[name]));
      input.before(note);
      input.setAttribute("aria-invalid", "true");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      input.setAttribute("aria-describedby", ids.concat(note.id).join(" "));
      input.closest(".field").classList.add("field--error");
      first = first || input;
    });
    showAlert($("signin-error"), message, rest);
    if (first) { first.focus(); }
  }

  function resetSignIn() {
    challenge = null;
    clearFieldErrors();
    showAlert($("signin-error"), "");
    ["signin-password", "signin-new-password", "signin-code"].forEach((id) => { $(id).value = ""; });
    $("signin-username").readOnly = false;
    $("signin-password-field").hidden = false;
    Object.values(CHALLENGES).forEach((id) => { $(id).hidden = true; });
    $("signin-restart").hidden = true;
  }

  function startChallenge(answer) {
    const field = CHALLENGES[answer.challenge];
    if (!field || !answer.session) {
      resetSignIn();
      showAlert($("signin-error"), t("failed"));
      return;
    }
    resetSignIn();
    challenge = { name: answer.challenge, session: answer.session };
    $("signin-username").readOnly = true;
    $("signin-password-field").hidden = true;
    $(field).hidden = false;
    $("signin-restart").hidden = false;
    $(field).querySelector("input").focus();
  }

  function clearData() {
    ["courses-table", "participants-table", "audit-table"].forEach((id) => $(id).tBodies[0].replaceChildren());
    ["courses-bars", "period-downloads", "participants-downloads"].forEach((id) => $(id).replaceChildren());
    ["period-from", "period-to", "audit-month"].forEach((id) => { $(id).value = ""; });
    showAlert($("leader-alert"), "");
  }

  function showSignIn(message, focus) {
    user = null;
    clearTimeout(expiryTimer);
    clearData();
    $("leader-area").hidden = true;
    resetSignIn();
    $("signin").hidden = false;
    status(message);
    if (focus) { $("signin-heading").focus(); }
  }

  function showSignedIn(me, focus) {
    user = me;
    resetSignIn();
    $("signin").hidden = true;
    const role = me.area_name ? me.role_label + ", " + me.area_name : me.role_label;
    $("leader-who").textContent = t("who", { name: me.name, role: role });
    showExpiry(me.expires_at);
    $("courses-content").hidden = false;
    $("courses-message").hidden = true;
    $("participants").hidden = true;
    $("audit").hidden = me.role !== "nettverksleder";
    $("leader-area").hidden = false;
    if (focus) { $("leader-who").focus(); }
    loadCourses();
    if (me.role === "nettverksleder") {
      $("audit-month").value = thisMonth();
      loadAudit();
    }
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
      if (result.status === 401) { showSignIn(t("expired"), true); } else if (result.ok && user) { showExpiry(result.body.expires_at); }
    } catch (error) {
      // Offline now: the next request says what happened.
    }
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) { return; }
    const body = { username: $("signin-username").value.trim() };
    if (!challenge) {
      body.password = $("signin-password").value;
    } else if (challenge.name === "NEW_PASSWORD_REQUIRED") {
      Object.assign(body, { session: challenge.session, new_password: $("signin-new-password").value });
    } else {
      Object.assign(body, { session: challenge.session, code: $("signin-code").value.replace(/\s+/g, "") });
    }
    clearFieldErrors();
    showAlert($("signin-error"), "");
    busy = true;
    $("signin-submit").setAttribute("aria-disabled", "true");
    status(t("signingIn"));
    let result = null;
    try {
      result = await request(api + "/innlogging", body);
    } catch (error) {
      showAlert($("signin-error"), t("offline"));
    }
    busy = false;
    $("signin-submit").removeAttribute("aria-disabled");
    status("");
    if (!result) { return; }
    if (result.ok && result.body.challenge) {
      startChallenge(result.body);
    } else if (result.ok && result.body.username) {
      showSignedIn(result.body, true);
    } else {
      showSignInErrors(result.body.message || t("failed"), result.body.errors || {});
    }
  });

  $("signin-restart").addEventListener("click", () => {
    resetSignIn();
    $("signin-username").focus();
  });

  $("signout").addEventListener("click", async () => {
    let result;
    try {
      result = await request(api + "/utlogging", {});
    } catch (error) {
      showAlert($("leader-alert"), t("offline"));
      return;
    }
    if (result.ok || result.status === 401) {
      showSignIn(t("signedOut"), true);
    } else {
      showAlert($("leader-alert"), result.body.message || t("failed"));
    }
  });

  // ---------- Courses, chart and participants ----------

  function courseRow(course) {
    const row = document.createElement("tr");
    const title = element("th", course.title);
    title.scope = "row";
    const cell = document.createElement("td");
    const lists = element("div", null, "leader-lists");
    cell.append(lists);
    const participantsUrl = sameOrigin(course.participants_url);
    if (participantsUrl) {
      const button = element("button", t("participants"), "button button--secondary button--small");
      button.type = "button";
      button.addEventListener("click", () => loadParticipants(participantsUrl, course));
      lists.append(button);
    }
    lists.append(...downloadLinks(course.csv_url, course.csv_comma_url));
    row.append(
      title,
      element("td", course.date_text),
      element("td", course.area_name || ""),
      element("td", course.capacity, "num"),
      element("td", course.confirmed, "num"),
      element("td", course.waiting, "num"),
      cell,
    );
    return row;
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

  async function loadCourses() {
    const number = ++latest.courses;
    const query = new URLSearchParams();
    if ($("period-from").value) { query.set("fra", $("period-from").value); }
    if ($("period-to").value) { query.set("til", $("period-to").value); }
    showAlert($("leader-alert"), "");
    status(t("loadingCourses"));
    const result = await load(api + "/kurs" + (query.toString() ? "?" + query : ""), [403]);
    if (!result || number !== latest.courses) { return; }
    if (result.status === 403) {
      // A role that sees no courses (a host unit): say so, and show nothing else.
      $("courses-content").hidden = true;
      $("courses-message").textContent = result.body.message || t("failed");
      $("courses-message").hidden = false;
      status("");
      return;
    }
    const data = result.body;
    const courses = Array.isArray(data.courses) ? data.courses : [];
    $("period-from").value = data.from || "";
    $("period-to").value = data.to || "";
    $("courses-caption").textContent = t("coursesCaption", { from: formatDay(data.from), to: formatDay(data.to) });
    $("courses-table").tBodies[0].replaceChildren(...(courses.length ? courses.map(courseRow) : [emptyRow(7, t("noCourses"))]));
    $("courses-bars").replaceChildren(...courses.map(courseBar));
    $("courses-chart").hidden = !courses.length;
    $("period-downloads").replaceChildren(...downloadLinks(data.period_csv_url, data.period_csv_comma_url));
    status(courses.length ? t("coursesFound", { count: courses.length }) : t("noCourses"));
  }

  function participantRow(registration) {
    const row = document.createElement("tr");
    const name = element("th", registration.name);
    name.scope = "row";
    const place = registration.position
      ? t("position", { status: registration.status_label, position: registration.position })
      : registration.status_label;
    const email = document.createElement("td");
    if (registration.email) {
      const link = element("a", registration.email);
      link.href = "mailto:" + registration.email;
      email.append(link);
    }
    row.append(
      name,
      element("td", place),
      element("td", registration.workplace),
      element("td", registration.municipality),
      email,
      element("td", registration.phone),
      element("td", registration.created_text),
    );
    return row;
  }

  async function loadParticipants(url, course) {
    const number = ++latest.participants;
    showAlert($("leader-alert"), "");
    status(t("loadingParticipants"));
    const result = await load(url);
    if (!result || number !== latest.participants) { return; }
    const info = result.body.course || course;
    const registrations = Array.isArray(result.body.registrations) ? result.body.registrations : [];
    $("participants-heading").textContent = t("participants") + ": " + info.title;
    $("participants-caption").textContent = t("participantsCaption", { title: info.title, date: info.date_text });
    $("participants-downloads").replaceChildren(...downloadLinks(info.csv_url, info.csv_comma_url));
    $("participants-table").tBodies[0].replaceChildren(
      ...(registrations.length ? registrations.map(participantRow) : [emptyRow(7, t("noParticipants"))]),
    );
    $("participants").hidden = false;
    $("participants-heading").focus();
    status(registrations.length ? t("participantsFound", { count: registrations.length }) : t("noParticipants"));
  }

  $("period-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadCourses();
  });

  // ---------- Audit log (network leader only) ----------

  const auditCaption = $("audit-caption").textContent;

  async function loadAudit() {
    const number = ++latest.audit;
    const month = $("audit-month").value.trim();
    showAlert($("leader-alert"), "");
    status(t("loadingAudit"));
    const result = await load(api + "/revisjon" + (month ? "?maned=" + encodeURIComponent(month) : ""));
    if (!result || number !== latest.audit) { return; }
    const data = result.body;
    const entries = Array.isArray(data.entries) ? data.entries : [];
    if (data.month) { $("audit-month").value = data.month; }
    $("audit-caption").textContent = data.month ? auditCaption + ", " + formatMonth(data.month) : auditCaption;
    $("audit-table").tBodies[0].replaceChildren(...(entries.length ? entries.map((entry) => {
      const row = document.createElement("tr");
      const time = element("td");
      const stamp = element("time", entry.at_text || formatTime(entry.at));
      if (entry.at) { stamp.dateTime = entry.at; }
      time.append(stamp);
      row.append(
        time,
        element("td", entry.actor),
        element("td", entry.action_label || entry.action),
        element("td", entry.subject || "–"),
        element("td", entry.rows == null ? "–" : entry.rows, "num"),
      );
      return row;
    }) : [emptyRow(5, t("noAudit"))]));
    status(entries.length ? t("auditFound", { count: entries.length }) : t("noAudit"));
  }

  $("audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadAudit();
  });

  // ---------- Start: signed in already? ----------

  (async function start() {
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
    showSignIn("", false);
    if (result.status !== 401) { showAlert($("signin-error"), result.body.message || t("failed")); }
  })();
})();
