// The leaders' area (/leder/): sign in, courses and participants, attendance (who came to a course or meeting, marked
// on a phone) and the hours toward the yearly goal, hospitation requests (list, details, the host's
// answer, erasure), the roster (change reports to approve or decline, coverage, each unit's resource nurses and
// history, signatures, the first import), CSV downloads and, for the network leader, the audit log. Talks JSON to
// /api/leder/*; the session is an HttpOnly cookie this script never sees. Every text it shows comes from the page
// (data-text-* on #leader-app, translated by the template). Data goes in as text (textContent), never as markup.
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
  // The hospitation forms, the same way: the API's field name -> the input's id.
  const FILTER_FIELDS = { status: "hospitations-status", enhet: "hospitations-unit" };
  const CONFIRM_FIELDS = { first_day: "confirm-first-day", last_day: "confirm-last-day", meeting_time: "confirm-meeting-time", message: "confirm-message" };
  const DECLINE_FIELDS = { reason: "decline-reason" };
  // The emails link to sections: the host unit's to /leder/#hospiteringer, the roster's to /leder/#navneliste.
  const ANCHORS = { "#hospiteringer": "hospiteringer", "#navneliste": "navneliste", "#timer": "timer" };
  // The hours' filter: the API's field name -> the input's id.
  const HOURS_FIELDS = { ar: "hours-year", omrade: "hours-area" };

  let user = null;
  let challenge = null; // { name, session } while the sign-in service asks for a new password or a code
  let expiryTimer = 0;
  // What is on its way, one of each at a time: the sign-in, an answer to a request (or its erasure), a decision on a
  // change report, signature dates, a file being read, checked or imported.
  const working = { signIn: false, answer: false, decision: false, signatures: false, import: false, attendance: false };
  const latest = { // only the newest answer of each kind is shown
    courses: 0, participants: 0, audit: 0, hospitations: 0, hospitation: 0, roster: 0, reports: 0, report: 0, attendance: 0, hours: 0,
  };

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

  function today() {
    return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Oslo" })
      .format(new Date());
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
    if (ended(result)) { return null; }
    if (!result.ok && !handled.includes(result.status)) {
      status("");
      showAlert($("leader-alert"), result.body.message || t("failed"), result.body.errors);
      return null;
    }
    return result;
  }

  // True when no one is signed in any more, or the API says the session has ended (then the sign-in form is back).
  function ended(result) {
    if (!user) { return true; }
    if (result.status !== 401) { return false; }
    showSignIn(t("expired"), true);
    return true;
  }

  // A POST from a form's button, one per `lock` at a time (none without a URL): meanwhile the button is marked busy
  // and the live region says `text`. Null when it was not sent, or the network failed (said in `box`).
  async function post({ lock, url, body, box, button, text }) {
    if (working[lock] || !url) { return null; }
    working[lock] = true;
    button.setAttribute("aria-disabled", "true");
    status(text);
    let result = null;
    try {
      result = await request(url, body);
    } catch (error) {
      showAlert(box, t("offline"));
    }
    working[lock] = false;
    button.removeAttribute("aria-disabled");
    status("");
    return result;
  }

  // The same from the signed-in area ("Sending" unless told); null also when the session has ended.
  async function send(options) {
    const result = await post(Object.assign({ text: t("sending") }, options));
    return !result || ended(result) ? null : result;
  }

  function downloadLinks(excelUrl, commaUrl, labels = [t("excel"), t("comma")]) {
    const links = [];
    [[excelUrl, labels[0]], [commaUrl, labels[1]]].forEach(([url, label]) => {
      const href = sameOrigin(url);
      if (!href) { return; }
      const link = element("a", label, "leader-download");
      link.href = href;
      link.setAttribute("download", "");
      links.push(link);
    });
    return links;
  }

  function button(text, className) {
    const node = element("button", text, className || "button button--secondary button--small");
    node.type = "button";
    return node;
  }

  function tableRow(...cells) {
    const row = document.createElement("tr");
    row.append(...cells);
    return row;
  }

  // The cell that names the row, for screen readers.
  function rowHeader(text) {
    const cell = element("th", text);
    cell.scope = "row";
    return cell;
  }

  function emptyRow(columns, message) {
    const cell = element("td", message);
    cell.colSpan = columns;
    return tableRow(cell);
  }

  // Back to the page's own first option ("all", or "choose").
  function clearOptions(select) {
    while (select.options.length > 1) { select.remove(1); }
    select.value = "";
  }

  // ---------- Field errors (sign-in, the filters and the forms of the signed-in area) ----------

  // `fields` maps the API's field names to the ids of the inputs of `form`, in page order.
  function clearFieldErrors(form, fields) {
    form.querySelectorAll("[data-field-error]").forEach((note) => note.remove());
    form.querySelectorAll(".field--error").forEach((field) => field.classList.remove("field--error"));
    Object.values(fields).forEach((id) => {
      const input = $(id);
      input.removeAttribute("aria-invalid");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id + "-error");
      if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
  }

  // Each field's error next to its field, described by it and marked invalid. Returns the first such input, and the
  // errors of fields that are not shown (those go in the alert).
  function markFieldErrors(fields, errors) {
    const rest = Object.assign({}, errors);
    let first = null;
    Object.keys(fields).forEach((name) => {
      const input = $(fields[name]);
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
    return { first: first, rest: rest };
  }

  function resetForm(form, fields, box) {
    clearFieldErrors(form, fields);
    showAlert(box, "");
  }

  // The API's refusal of a form (its answer's body): each field's error next to its field, the message and the
  // errors in the form's alert, and focus on the first field in error.
  function showFormErrors(fields, box, body) {
    const errors = body.errors || {};
    const marked = markFieldErrors(fields, errors);
    showAlert(box, body.message || t("failed"), errors);
    if (marked.first) { marked.first.focus(); }
  }

  // ---------- Forms and filtered lists of the signed-in area ----------

  // Send a form of the signed-in area (the options of send, and the form's `form` and `fields`). First its errors go
  // (and the alert `clear`, if given). A success with an id goes to `onDone`; a 409 or 404 (changed or gone
  // meanwhile) to `onStale`, with the API's message; anything else is shown at the fields and in `box`.
  async function sendForm(options) {
    const { lock, url, form, fields, box, clear, onDone, onStale } = options;
    if (working[lock] || !url) { return; }
    resetForm(form, fields, box);
    if (clear) { showAlert(clear, ""); }
    const result = await send(options);
    if (!result) { return; }
    if (result.ok && result.body.id) {
      onDone(result.body);
    } else if (result.status === 409 || result.status === 404) {
      onStale(result.body.message || t("failed"));
    } else {
      showFormErrors(fields, box, result.body);
    }
  }

  // A list read after its filter form (`parts`: the form, its `fields` and its alert `box`), the newest answer of its
  // `kind` only; `loading` is said in the live region, if given. The form's errors go first; the API's refusal of a
  // filter (the statuses in `refused`) is shown at its fields. Null when there is nothing (more) to show.
  async function loadFiltered(kind, url, parts, refused, loading) {
    const number = ++latest[kind];
    resetForm(parts.form, parts.fields, parts.box);
    if (loading) { status(loading); }
    const result = await load(url, refused);
    if (!result || number !== latest[kind]) { return null; }
    if (!result.ok) {
      status("");
      showFormErrors(parts.fields, parts.box, result.body);
      return null;
    }
    return result;
  }

  // The news that a form went through, in its place on the page, with focus.
  function showDone(node, text) {
    node.textContent = text;
    node.hidden = false;
    node.focus();
  }

  // ---------- Sign in and out ----------

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
    ["courses-table", "participants-table", "audit-table", "hospitations-table"].forEach((id) => $(id).tBodies[0].replaceChildren());
    ["courses-bars", "period-downloads", "participants-downloads", "hospitations-downloads", "evaluations-downloads"]
      .forEach((id) => $(id).replaceChildren());
    ["period-from", "period-to", "audit-month"].forEach((id) => { $(id).value = ""; });
    ["hospitations-status", "hospitations-unit"].forEach((id) => clearOptions($(id)));
    resetForm($("hospitations-form"), FILTER_FIELDS, $("hospitations-error"));
    closePanel(requestPanel, false);
    closePanel(attendancePanel, false);
    clearRoster();
    clearHours();
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
    // A host unit sees hospitation requests only: its courses answer would be a 403, so it is not asked.
    const seesCourses = me.role !== "vertsenhet";
    $("courses").hidden = !seesCourses;
    $("courses-content").hidden = false;
    $("courses-message").hidden = true;
    $("participants").hidden = true;
    $("hospitations").hidden = false;
    $("roster").hidden = !seesCourses; // the roster is the network's and the areas', not a host unit's
    $("hours").hidden = !seesCourses; // so are the hours toward the goal
    $("annual-report").hidden = !seesCourses; // and the annual report
    $("audit").hidden = me.role !== "nettverksleder";
    $("leader-area").hidden = false;
    // /leder/#hospiteringer or #navneliste (the links in the emails): the section was hidden when the browser looked
    // for it, so go there now, and again once the sections above it have taken their room.
    const anchor = ANCHORS[window.location.hash];
    const heading = anchor ? $(anchor) : null;
    const toSection = !!heading && !heading.closest("[hidden]");
    if (toSection) { heading.focus(); } else if (focus) { $("leader-who").focus(); }
    const loads = [loadHospitations(!seesCourses)];
    if (seesCourses) { loads.push(loadCourses(), loadReports(false), loadRoster(false), loadHours(false)); }
    if (toSection) {
      Promise.all(loads).then(() => {
        if (document.activeElement === heading && heading.scrollIntoView) { heading.scrollIntoView({ block: "start" }); }
      });
    }
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
    if (working.signIn) { return; }
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
    if (attendanceUrl) {
      const open = button(t("attendance"));
      open.setAttribute("aria-label", t("attendanceFor", { title: course.title }));
      open.dataset.attendance = course.id;
      open.addEventListener("click", () => openPanel(attendancePanel, attendanceUrl));
      lists.append(open);
    }
    lists.append(...downloadLinks(course.csv_url, course.csv_comma_url));
    if (course.evaluation_url) {
      // The evaluation's summary is a page of its own (HTML from the API), to read or print.
      const evaluation = element("a", t("evaluation"));
      evaluation.href = course.evaluation_url;
      evaluation.setAttribute("aria-label", t("evaluationFor", { title: course.title }));
      lists.append(evaluation);
    }
    return tableRow(
      rowHeader(course.title),
      element("td", course.date_text),
      element("td", course.area_name || ""),
      element("td", course.capacity, "num"),
      element("td", course.confirmed, "num"),
      element("td", course.waiting, "num"),
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
    const place = registration.position
      ? t("position", { status: registration.status_label, position: registration.position })
      : registration.status_label;
    const email = document.createElement("td");
    if (registration.email) { email.append(mailLink(registration.email)); }
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

  // ---------- Attendance: who came to a course or meeting ----------

  // The list of one event in a panel under the courses (see the details panels below): a big checkbox row per
  // person, those with a seat first, then the area's resource nurses who may come without one. Read-only before the
  // event's day. Saving sends everyone ticked; everyone else on the list did not come.
  const attendancePanel = {
    name: "attendance", list: "courses", home: "courses-heading", opener: "attendance", loading: "loadingAttendance",
    lock: "attendance", item: null, show: showAttendance, refresh: () => loadCourses(), changed: () => {},
    reloaded: () => ({ reloaded: t("attendanceReloaded") }),
  };

  // The person's workplace and area, how they are on the list, and the absence they reported (if any).
  function personParts(person, id) {
    const parts = element("span", null, "attendance-person__text");
    const name = element("span", person.name, "attendance-person__name");
    name.id = id + "-name";
    const about = element("span", null, "attendance-person__about");
    about.id = id + "-about";
    const where = [person.workplace, person.area_name].filter(Boolean);
    about.append(
      document.createTextNode(where.length === 2 ? t("attendanceAbout", { workplace: where[0], area: where[1] }) : where.join("")),
      document.createTextNode(" "),
      element("span", person.source_label, "attendance-person__source attendance-person__source--" + person.source),
    );
    parts.append(name, about);
    if (person.absence) {
      const absence = element("span", t("attendanceAbsence", { reason: person.absence }), "attendance-person__absence");
      absence.id = id + "-absence";
      parts.append(absence);
    }
    return parts;
  }

  function personRow(person, index) {
    const id = "attendance-person-" + index;
    const row = element("li", null, "attendance-person");
    row.dataset.search = [person.name, person.workplace, person.area_name].join(" ").toLocaleLowerCase(locale);
    const label = element("label", null, "attendance-person__label");
    label.htmlFor = id;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = id;
    box.name = "present";
    box.value = person.id;
    box.checked = person.present === true;
    box.setAttribute("aria-labelledby", id + "-name");
    box.setAttribute("aria-describedby", id + "-about" + (person.absence ? " " + id + "-absence" : ""));
    label.append(box, personParts(person, id));
    row.append(label);
    return row;
  }

  // The same person, to read only (before the event's day).
  function personItem(person, index) {
    const row = element("li", null, "attendance-person attendance-person--read");
    row.append(personParts(person, "attendance-read-" + index));
    return row;
  }

  function countPresent() {
    const boxes = $("attendance-list").querySelectorAll("input[type=checkbox]");
    const ticked = Array.from(boxes).filter((box) => box.checked).length;
    $("attendance-count").textContent = t("attendanceCount", { present: ticked, total: boxes.length });
    return { present: ticked, total: boxes.length };
  }

  // Only the rows whose name, workplace or area has what is typed; ticked ones stay ticked when hidden.
  function filterPeople(announce) {
    const query = $("attendance-search").value.trim().toLocaleLowerCase(locale);
    const rows = Array.from($("attendance-list").children);
    let shown = 0;
    rows.forEach((row) => {
      row.hidden = !!query && !(row.dataset.search || "").includes(query);
      if (!row.hidden) { shown++; }
    });
    const text = query ? t("attendanceShown", { shown: shown, total: rows.length }) : "";
    if (announce || !text) { $("attendance-shown").textContent = text; }
  }

  function showAttendance(data) {
    const course = data.course || {};
    const id = data.id || course.id;
    if (!attendancePanel.item || attendancePanel.item.id !== id) { $("attendance-search").value = ""; } // another event
    const facts = panelFacts(attendancePanel, { id: id, url: data.url }, t("attendanceHeading", { title: course.title }));
    fact(facts, "factDate", course.date_text);
    fact(facts, "factHours", course.hours_text);
    const people = Array.isArray(data.people) ? data.people : [];
    const empty = people.length ? null : element("li", t("noPeople"), "attendance-empty");
    const canMark = !!data.can_mark && people.length > 0;
    $("attendance-not-yet").textContent = data.not_yet || "";
    $("attendance-not-yet").hidden = !!data.can_mark || !data.not_yet;
    $("attendance-form").hidden = !canMark;
    $("attendance-readonly").hidden = canMark;
    $("attendance-readonly").replaceChildren(...(canMark ? [] : (empty ? [empty] : people.map(personItem))));
    $("attendance-list").replaceChildren(...(canMark ? people.map(personRow) : []));
    showAlert($("attendance-error"), "");
    countPresent();
    filterPeople(false);
  }

  $("attendance-list").addEventListener("change", countPresent);
  $("attendance-search").addEventListener("input", () => filterPeople(true));
  // Enter in the search box finds; it does not save the list.
  $("attendance-search").addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); } });
  $("attendance-close").addEventListener("click", () => closePanel(attendancePanel, true));

  $("attendance-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = attendancePanel.item && sameOrigin(attendancePanel.item.url);
    if (!url) { return; }
    const present = Array.from($("attendance-list").querySelectorAll("input[type=checkbox]:checked")).map((box) => box.value);
    $("attendance-detail-done").hidden = true;
    sendForm({
      lock: "attendance", url: url, body: { present: present }, form: $("attendance-form"), fields: {},
      box: $("attendance-error"), button: $("attendance-submit"), clear: $("attendance-detail-alert"),
      onDone: (data) => {
        showAttendance(data);
        const count = countPresent();
        const done = $("attendance-detail-done");
        done.textContent = t("attendanceSaved", count);
        done.hidden = false;
        status(t("attendanceSaved", count)); // focus stays on the button; the live region says it
      },
      onStale: (message) => reloadPanel(attendancePanel, message),
    });
  });

  // ---------- Details panels (a hospitation request, a change report) ----------

  // A panel shows one item of a list, by the page's names: #NAME-detail with its -heading, -alert and -done (the news
  // of a decision), and #NAME-facts; the list's alert #LIST-error and table #LIST-table, whose buttons that open an
  // item carry data-OPENER; `home` (the section's heading) takes focus when the item is gone. `item` is the item open,
  // as the API last sent it; `show` fills the panel, `refresh` reads the list again, `changed` everything a decision
  // changes, and `reloaded` says why an item read again after a 409 or 404 differs from the version that was sent.

  // One fact of the item: a term and its text (or a node, such as a link); nothing when there is no value.
  function fact(list, key, value) {
    if (value == null || value === "") { return; }
    const details = element("dd", typeof value === "object" ? null : value);
    if (typeof value === "object") { details.append(value); }
    list.append(element("dt", t(key)), details);
  }

  function mailLink(address) {
    const link = element("a", address);
    link.href = "mailto:" + address;
    return link;
  }

  // A person's name, with the e-mail address as a link in brackets after it.
  function personFact(name, email) {
    if (!email) { return name; }
    const part = document.createDocumentFragment();
    part.append(document.createTextNode((name || "") + " ("), mailLink(email), document.createTextNode(")"));
    return part;
  }

  function contactFacts(list, email, phone) {
    fact(list, "factEmail", email ? mailLink(email) : "");
    fact(list, "factPhone", phone);
  }

  // The panel's item and heading; returns its list of facts, emptied to be filled.
  function panelFacts(panel, item, heading) {
    panel.item = item;
    $(panel.name + "-detail-heading").textContent = heading;
    $(panel.name + "-detail-done").hidden = true;
    const facts = $(panel.name + "-facts");
    facts.replaceChildren();
    return facts;
  }

  // The list's cell with the button that opens the item in the panel (`label` says which item, for screen readers).
  function openerCell(panel, item, text, label) {
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

  async function openPanel(panel, url) {
    const number = ++latest[panel.name];
    showAlert($(panel.list + "-error"), "");
    status(t(panel.loading));
    const result = await load(url, [403, 404]);
    if (!result || number !== latest[panel.name]) { return; }
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
  function closePanel(panel, focus) {
    const id = panel.item && panel.item.id;
    panel.item = null;
    latest[panel.name]++;
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
  async function reloadPanel(panel, message, version) {
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

  // A form's parts by the page's names: #NAME-form, its alert #NAME-error and its button #NAME-submit.
  function formParts(name, fields) {
    return { form: $(name + "-form"), fields: fields, box: $(name + "-error"), button: $(name + "-submit") };
  }

  // Send a decision on the open item (`parts`: its form, see formParts), with the version it was read at. Errors go
  // next to their fields and in the form's alert; if someone else changed the item meanwhile (or decided first), it
  // is shown anew.
  function decide(panel, path, body, parts, done) {
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

  // ---------- Hospitation requests ----------

  // The request open in the details panel; the host's answer to it (or its erasure) is one at a time.
  const requestPanel = {
    name: "hospitation", list: "hospitations", home: "hospiteringer", opener: "request", loading: "loadingHospitation",
    lock: "answer", item: null, show: showHospitation, refresh: () => loadHospitations(false), changed: () => loadHospitations(false),
    reloaded: () => ({ reloaded: t("reloaded") }),
  };

  function hospitationFilters() {
    return { status: $("hospitations-status").value, enhet: $("hospitations-unit").value };
  }

  // A same-origin URL with the given query parameters (empty ones left out); null for any other origin.
  function withQuery(url, params) {
    const href = sameOrigin(url);
    if (!href) { return null; }
    const parsed = new URL(href);
    Object.keys(params).forEach((name) => { if (params[name]) { parsed.searchParams.set(name, params[name]); } });
    return parsed.href;
  }

  // The choices the API sends, after the page's own first option ("all"); the chosen one stays chosen.
  function fillOptions(select, choices, label, chosen) {
    clearOptions(select);
    (Array.isArray(choices) ? choices : []).forEach((choice) => {
      const option = element("option", choice[label]);
      option.value = choice.id;
      select.append(option);
    });
    select.value = chosen;
    if (select.value !== chosen) { select.value = ""; }
  }

  function hospitationRow(item) {
    return tableRow(
      rowHeader(item.name),
      element("td", item.workplace),
      element("td", item.status_label),
      element("td", item.host_unit_name),
      element("td", item.wishes_text),
      element("td", item.days_text || "–"),
      element("td", item.created_text),
      openerCell(requestPanel, item, t("openRequest"), t("openRequestFrom", { name: item.name })),
    );
  }

  // The list for the chosen status and host unit, with its downloads. `announce`: say in the live region how many.
  async function loadHospitations(announce) {
    const filters = hospitationFilters();
    const query = new URLSearchParams();
    Object.keys(filters).forEach((name) => { if (filters[name]) { query.set(name, filters[name]); } });
    const parts = { form: $("hospitations-form"), fields: FILTER_FIELDS, box: $("hospitations-error") };
    const result = await loadFiltered("hospitations", api + "/hospiteringer" + (query.toString() ? "?" + query : ""), parts, [422],
      announce && t("loadingHospitations"));
    if (!result) { return; }
    const data = result.body;
    const requests = Array.isArray(data.requests) ? data.requests : [];
    fillOptions($("hospitations-status"), data.statuses, "label", filters.status);
    fillOptions($("hospitations-unit"), data.units, "name", filters.enhet);
    // One host unit to choose from (a host unit's own): nothing to filter on.
    $("hospitations-unit-field").hidden = $("hospitations-unit").options.length < 3 && !filters.enhet;
    $("hospitations-caption").textContent = t("hospitationsCaption", { count: requests.length });
    $("hospitations-table").tBodies[0].replaceChildren(
      ...(requests.length ? requests.map(hospitationRow) : [emptyRow(8, t("noHospitations"))]),
    );
    $("hospitations-downloads").replaceChildren(...downloadLinks(
      withQuery(data.csv_url, filters),
      withQuery(data.csv_url, Object.assign({}, filters, { format: "komma" })),
      [t("requestsExcel"), t("requestsComma")],
    ));
    $("evaluations-downloads").replaceChildren(...downloadLinks(
      withQuery(data.evaluations_csv_url, {}),
      withQuery(data.evaluations_csv_url, { format: "komma" }),
      [t("evaluationsExcel"), t("evaluationsComma")],
    ));
    if (announce) { status(requests.length ? t("hospitationsFound", { count: requests.length }) : t("noHospitations")); }
  }

  $("hospitations-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadHospitations(true);
  });

  // Fill the details panel from the request; its forms as the request now allows. Typed-in values stay unless
  // `fresh` (another request, or an answer that has been sent).
  function showHospitation(item, fresh) {
    const facts = panelFacts(requestPanel, item, t("detailHeading", { name: item.name }));
    fact(facts, "factStatus", item.status_label);
    fact(facts, "factWorkplace", item.workplace);
    fact(facts, "factMunicipality", item.municipality);
    fact(facts, "factArea", item.area_name);
    contactFacts(facts, item.email, item.phone);
    fact(facts, "factLeader", personFact(item.leader_name, item.leader_email));
    fact(facts, "factHost", item.host_unit_name);
    fact(facts, "factWishes", item.wishes_text);
    fact(facts, "factDays", item.days_text);
    fact(facts, "factMeeting", item.meeting_time ? item.meeting_time.replace(":", ".") : "");
    fact(facts, "factMessage", item.host_message);
    fact(facts, "factReason", item.decline_reason);
    fact(facts, "factGoals", item.goals);
    fact(facts, "factReceived", item.created_text);
    fact(facts, "factLearned", item.learned);
    fact(facts, "factRecommend", item.recommend_label);
    fact(facts, "factChange", item.change);

    const moving = item.status === "confirmed";
    $("confirm-heading").textContent = t(moving ? "moveTitle" : "confirmTitle");
    $("confirm-submit").textContent = t(moving ? "moveButton" : "confirmButton");
    $("confirm-form").hidden = !item.can_answer;
    $("decline-form").hidden = !item.can_decline;
    $("erase-part").hidden = !item.can_erase;
    $("erase-confirm").hidden = true;
    showAlert($("erase-error"), "");
    if (fresh) {
      resetForm($("confirm-form"), CONFIRM_FIELDS, $("confirm-error"));
      resetForm($("decline-form"), DECLINE_FIELDS, $("decline-error"));
      $("confirm-first-day").value = item.first_day || "";
      $("confirm-last-day").value = item.last_day || "";
      $("confirm-meeting-time").value = item.meeting_time || "";
      $("confirm-message").value = item.host_message || "";
      $("decline-reason").value = "";
    }
    ["confirm-first-day", "confirm-last-day"].forEach((id) => { $(id).min = today(); });
  }

  $("hospitation-close").addEventListener("click", () => closePanel(requestPanel, true));

  // The host's answer: dates (a confirmation, or a move), or a no.
  $("confirm-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decide(requestPanel, "/bekreft", {
      first_day: $("confirm-first-day").value,
      last_day: $("confirm-last-day").value,
      meeting_time: $("confirm-meeting-time").value,
      message: $("confirm-message").value,
    }, formParts("confirm", CONFIRM_FIELDS), t("confirmed"));
  });

  $("decline-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decide(requestPanel, "/avslag", { reason: $("decline-reason").value }, formParts("decline", DECLINE_FIELDS), t("declined"));
  });

  // Erasure (the network leader): asked once more on the page, then for good.
  $("erase-start").addEventListener("click", () => {
    const item = requestPanel.item;
    if (!item) { return; }
    showAlert($("erase-error"), "");
    $("erase-question").textContent = t("eraseQuestion", { name: item.name });
    $("erase-confirm").hidden = false;
    $("erase-question").focus();
  });

  $("erase-no").addEventListener("click", () => {
    $("erase-confirm").hidden = true;
    $("erase-start").focus();
  });

  $("erase-yes").addEventListener("click", async () => {
    const url = requestPanel.item && sameOrigin(requestPanel.item.url);
    const result = await send({ lock: "answer", url: url && url + "/sletting", body: {}, box: $("erase-error"), button: $("erase-yes") });
    if (!result) { return; }
    if (result.ok || result.status === 404) {
      closePanel(requestPanel, false);
      $("hospiteringer").focus();
      status(t("erased"));
      loadHospitations(false);
    } else {
      showAlert($("erase-error"), result.body.message || t("failed"));
      $("erase-question").focus();
    }
  });

  // ---------- Roster (navneliste): change reports, coverage, the units' resource nurses, signatures, import ----------

  // What the roster answer last said (the units, whether the network leader's date may be set, the import).
  let roster = null;
  // The change report open in its details panel; a decision on it is one at a time.
  const reportPanel = {
    name: "report", list: "reports", home: "reports-heading", opener: "report", loading: "loadingReport",
    lock: "decision", item: null, show: showReport, refresh: () => loadReports(false), changed: reportChanged,
    reloaded: reportReloaded,
  };
  let upload = null; // { filename, content } of the file last checked, for the import that may follow
  let imported = false; // the import is done: its receipt stays in view although the part would otherwise go
  const APPROVE_FIELDS = { entry: "approve-entry" };
  const REPORT_DECLINE_FIELDS = { reason: "report-decline-reason" };
  const IMPORT_FIELDS = { file: "import-file" };
  const IMPORT_MAX_BYTES = 4 * 1024 * 1024;

  function list(items, className) {
    const node = element("ul", null, className);
    node.append(...items.map((item) => (item instanceof Node ? item : element("li", item))));
    return node;
  }

  function listItem(...parts) {
    const item = document.createElement("li");
    item.append(...parts.map((part) => (part instanceof Node ? part : document.createTextNode(part))));
    return item;
  }

  // ----- Change reports -----

  function reportRow(item) {
    return tableRow(
      element("td", item.created_text),
      element("td", item.unit_name),
      element("td", item.kind_label),
      rowHeader(item.named),
      element("td", item.effective_text),
      element("td", item.status_label),
      openerCell(reportPanel, item, t("openReport"), t("openReportAbout", { name: item.named, unit: item.unit_name })),
    );
  }

  async function loadReports(announce) {
    const select = $("reports-status");
    // Until the statuses have come, the list shows the reports that wait for a decision.
    const chosen = select.options.length > 1 ? select.value : "pending";
    const parts = { form: $("reports-form"), fields: { status: "reports-status" }, box: $("reports-error") };
    const result = await loadFiltered("reports", api + "/endringsmeldinger" + (chosen ? "?status=" + encodeURIComponent(chosen) : ""),
      parts, [403, 422], announce && t("loadingReports"));
    if (!result) { return; }
    const reports = Array.isArray(result.body.reports) ? result.body.reports : [];
    fillOptions(select, result.body.statuses, "label", chosen);
    const label = select.value ? select.options[select.selectedIndex].text : "";
    $("reports-caption").textContent = label
      ? t("reportsCaptionStatus", { status: label, count: reports.length })
      : t("reportsCaption", { count: reports.length });
    $("reports-table").tBodies[0].replaceChildren(...(reports.length ? reports.map(reportRow) : [emptyRow(7, t("noReports"))]));
    if (announce) { status(reports.length ? t("reportsFound", { count: reports.length }) : t("noReports")); }
  }

  $("reports-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadReports(true);
  });

  function showReport(item, fresh) {
    const facts = panelFacts(reportPanel, item, t("reportHeading", { kind: item.kind_label, name: item.named }));
    const starts = item.kind === "new" || item.kind === "replacement";
    fact(facts, "factStatus", item.status_label);
    fact(facts, "factKind", item.kind_label);
    fact(facts, "factUnit", item.unit_name);
    fact(facts, "factArea", item.area_name);
    fact(facts, "factEffective", item.effective_text);
    fact(facts, "factLeaving", item.leaving_email ? item.leaving_name + " (" + item.leaving_email + ")" : item.leaving_name);
    fact(facts, "factContactName", item.contact_name);
    fact(facts, "factContactNewName", item.contact_new_name);
    fact(facts, "factContactNewEmail", item.contact_new_email);
    fact(facts, "factContactNewPhone", item.contact_new_phone);
    fact(facts, "factNewName", item.new_name);
    contactFacts(facts, item.new_email, item.new_phone);
    fact(facts, "factEducation", item.new_education_label);
    fact(facts, "factListed", starts ? (item.new_listed ? t("yes") : t("no")) : "");
    fact(facts, "factComment", item.comment);
    fact(facts, "factReporter", personFact(item.reporter_name, item.reporter_email));
    fact(facts, "factReported", item.created_text);
    fact(facts, "factDecided", item.decided_text ? (item.decided_by ? item.decided_text + " (" + item.decided_by + ")" : item.decided_text) : "");
    fact(facts, "factDeclineReason", item.decline_reason);

    const pending = item.status === "pending";
    $("approve-form").hidden = !pending;
    $("report-decline-form").hidden = !pending;
    $("approve-entry-field").hidden = !(pending && item.needs_entry);
    if (fresh) {
      resetForm($("approve-form"), APPROVE_FIELDS, $("approve-error"));
      resetForm($("report-decline-form"), REPORT_DECLINE_FIELDS, $("report-decline-error"));
      const select = $("approve-entry");
      clearOptions(select);
      (Array.isArray(item.candidates) ? item.candidates : []).forEach((candidate) => {
        const option = element("option", t("candidate", { name: candidate.name, email: candidate.email, start: candidate.start_text }));
        option.value = candidate.id;
        select.append(option);
      });
      select.value = item.suggested || "";
      if (select.value !== (item.suggested || "")) { select.value = ""; }
      $("report-decline-reason").value = "";
    }
  }

  // A decision (or a report read again) changes the list of reports and may change the roster.
  function reportChanged() {
    loadReports(false);
    loadRoster(false);
  }

  // Read again after a 409 or 404: if the report itself has not changed (the unit's list did, or the person is on it
  // already), the message alone says it.
  function reportReloaded(item, version) {
    return item.version !== version || item.status !== "pending" ? { reloaded: t("reportReloaded") } : {};
  }

  $("report-close").addEventListener("click", () => closePanel(reportPanel, true));

  // Approve or decline the open report.
  $("approve-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const item = reportPanel.item;
    const entry = item && item.needs_entry ? $("approve-entry").value : "";
    decide(reportPanel, "/godkjenning", { entry: entry }, formParts("approve", APPROVE_FIELDS), t("approved"));
  });

  $("report-decline-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decide(reportPanel, "/avslag", { reason: $("report-decline-reason").value }, formParts("report-decline", REPORT_DECLINE_FIELDS),
      t("reportDeclined"));
  });

  // ----- Coverage -----

  function coverageRow(row) {
    return tableRow(
      rowHeader(row.name),
      element("td", row.units, "num"),
      element("td", row.covered, "num"),
      element("td", row.uncovered, "num"),
      element("td", t("percent", { percent: row.percent }), "num"),
      element("td", row.nurses, "num"),
      element("td", row.unsigned, "num"),
      element("td", row.grunnkurs_due, "num"),
    );
  }

  // The chart is an image of every area the leader sees; its text alternative says what it shows, and the table
  // has the numbers. With one area chosen, the table alone tells it.
  function showChart(data, rows) {
    const figure = $("coverage-figure");
    figure.querySelectorAll("img").forEach((node) => node.remove());
    const src = sameOrigin(data.chart_url);
    figure.hidden = !src || !!data.area || !rows.length;
    if (figure.hidden) { return; }
    const image = document.createElement("img");
    image.className = "roster-chart__image";
    image.alt = t("chartAlt", { areas: rows.map((row) => t("chartArea", { name: row.name, covered: row.covered, units: row.units })).join(" ") });
    image.src = withQuery(src, { v: String(latest.roster) }); // a new address, so the browser asks again
    figure.prepend(image);
  }

  // ----- The units and their resource nurses -----

  function signatureText(day) {
    return day ? formatDay(day) : t("missing");
  }

  function signatureList(entry) {
    const signatures = entry.signatures || {};
    return list([
      t("signedNurse", { date: signatureText(signatures.nurse) }),
      t("signedLeader", { date: signatureText(signatures.leader) }),
      t("signedNetwork", { date: signatureText(signatures.network) }),
    ], "roster-signatures");
  }

  function grunnkursText(entry) {
    if (entry.grunnkurs_due) { return t("grunnkursDue"); }
    const taken = (entry.courses || []).find((course) => course.kind === "grunnkurs");
    return taken ? t("grunnkursTaken", { date: taken.day_text }) : t("grunnkursNotNeeded");
  }

  function coursesFact(entry) {
    const courses = Array.isArray(entry.courses) ? entry.courses : [];
    if (!courses.length) { return t("noEntryCourses"); }
    return list(courses.map((course) => t("course", { title: course.title, date: course.day_text })), "roster-courses");
  }

  // The form to record the dates the function description was signed. The network leader's date is read-only
  // unless the signed-in leader is the network leader.
  function signatureForm(entry) {
    const base = "sign-" + entry.id;
    const fields = { nurse: base + "-nurse", leader: base + "-leader", network: base + "-network" };
    const form = element("form", null, "form roster-sign");
    form.id = base;
    form.noValidate = true;
    form.hidden = true;
    const legendId = base + "-legend";
    const group = element("fieldset", null, "form__group");
    const legend = element("legend", t("signLegend", { name: entry.name }));
    legend.id = legendId;
    group.append(legend);
    const box = element("div");
    box.id = base + "-error";
    box.setAttribute("role", "alert");
    const signatures = entry.signatures || {};
    const mayNetwork = !!(roster && roster.can_sign_for_network);
    [["nurse", t("signerNurse")], ["leader", t("signerLeader")], ["network", t("signerNetwork")]].forEach(([name, text]) => {
      const field = element("div", null, "field");
      const label = element("label", text, "field__label");
      label.htmlFor = fields[name];
      const input = element("input", null, "field__input");
      input.type = "date";
      input.id = fields[name];
      input.name = name;
      input.value = signatures[name] || "";
      input.max = today();
      field.append(label);
      if (name === "network" && !mayNetwork) {
        const hint = element("p", t("networkOnly"), "field__hint");
        hint.id = fields[name] + "-hint";
        field.append(hint);
        input.readOnly = true;
        input.setAttribute("aria-describedby", hint.id);
      }
      field.append(input);
      group.append(field);
    });
    const submit = element("button", t("saveSignatures"), "button");
    submit.type = "submit";
    form.append(box, group, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sign(entry, form, fields, box, submit);
    });
    return form;
  }

  function sign(entry, form, fields, box, submit) {
    const body = { version: entry.version };
    Object.keys(fields).forEach((name) => { body[name] = $(fields[name]).value; });
    sendForm({
      lock: "signatures", url: sameOrigin(entry.signatures_url), body: body, form: form, fields: fields, box: box, button: submit,
      onDone: () => signed(entry),
      onStale: (message) => signaturesStale(entry, message),
    });
  }

  // The list anew (coverage and the unsigned list change too); then back to this nurse, with the news.
  async function signed(entry) {
    await loadRoster(false);
    const toggle = $("sign-toggle-" + entry.id);
    if (toggle) { toggle.focus(); }
    status(t("signaturesSaved", { name: entry.name }));
  }

  // Changed (or ended) meanwhile: show it as it is now, with the form open and why.
  async function signaturesStale(entry, message) {
    await loadRoster(false);
    const again = $("sign-" + entry.id);
    const toggle = $("sign-toggle-" + entry.id);
    if (again && toggle) {
      toggleSignatures(toggle, again, false);
      showAlert($("sign-" + entry.id + "-error"), message, { reloaded: t("signaturesReloaded") });
      toggle.focus();
    } else {
      showAlert($("roster-error"), message);
      $("roster-units-heading").focus();
    }
  }

  function toggleSignatures(toggle, form, focus) {
    const opening = form.hidden;
    form.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening && focus) { form.querySelector("input:not([readonly])").focus(); }
  }

  function entryCard(entry) {
    const card = element("li", null, "roster-entry");
    card.id = "roster-entry-" + entry.id;
    card.append(element("p", entry.name, "roster-entry__name"));
    const facts = element("dl", null, "roster-facts");
    contactFacts(facts, entry.email, entry.phone);
    fact(facts, "factEducation", entry.education_label);
    fact(facts, "factFrom", entry.active ? entry.start_text : t("startsLater", { date: entry.start_text }));
    fact(facts, "factTo", entry.end_text);
    fact(facts, "factListed", entry.listed ? t("yes") : t("no"));
    fact(facts, "factSignatures", signatureList(entry));
    fact(facts, "factGrunnkurs", grunnkursText(entry));
    fact(facts, "factCourses", coursesFact(entry));
    card.append(facts);
    if (sameOrigin(entry.signatures_url)) {
      const form = signatureForm(entry);
      const toggle = button(t("recordSignatures"));
      toggle.id = "sign-toggle-" + entry.id;
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", form.id);
      toggle.setAttribute("aria-label", t("recordSignaturesFor", { name: entry.name }));
      toggle.addEventListener("click", () => toggleSignatures(toggle, form, true));
      card.append(element("p", null, "roster-entry__actions"), form);
      card.querySelector(".roster-entry__actions").append(toggle);
    }
    return card;
  }

  function historyRow(entry) {
    return tableRow(
      rowHeader(entry.name),
      element("td", entry.start_text),
      element("td", entry.end_text || "–"),
      element("td", entry.start_reason_label),
      element("td", entry.end_reason_label || "–"),
      element("td", entry.email),
    );
  }

  async function toggleHistory(toggle, box, unit) {
    if (toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = t("showHistory");
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const url = sameOrigin(unit.history_url);
    if (!url) { return; }
    status(t("loadingHistory"));
    const result = await load(url, [403, 404]);
    if (!result) { return; }
    if (!result.ok) {
      status("");
      showAlert($("roster-error"), result.body.message || t("failed"));
      return;
    }
    const entries = Array.isArray(result.body.entries) ? result.body.entries : [];
    const captionId = box.id + "-caption";
    const scroll = element("div", null, "table-scroll");
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-labelledby", captionId);
    scroll.tabIndex = 0;
    const table = element("table", null, "table");
    const caption = element("caption", t("historyCaption", { unit: unit.name }));
    caption.id = captionId;
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    [t("historyName"), t("historyFrom"), t("historyTo"), t("historyStarted"), t("historyEnded"), t("historyEmail")].forEach((text) => {
      const th = element("th", text);
      th.scope = "col";
      headRow.append(th);
    });
    head.append(headRow);
    const body = document.createElement("tbody");
    body.append(...(entries.length ? entries.map(historyRow) : [emptyRow(6, t("noHistory"))]));
    table.append(caption, head, body);
    scroll.append(table);
    box.replaceChildren(scroll);
    box.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = t("hideHistory");
    status(t("historyFound", { unit: unit.name, count: entries.length }));
  }

  function unitCard(unit) {
    const card = element("section", null, "roster-unit");
    const headingId = "roster-unit-" + unit.id;
    card.setAttribute("aria-labelledby", headingId);
    const heading = element("h5", unit.name);
    heading.id = headingId;
    card.append(heading, element("p", [unit.kind_label, unit.municipality].filter(Boolean).join(", "), "roster-unit__meta"));
    const entries = Array.isArray(unit.entries) ? unit.entries : [];
    if (entries.length) {
      card.append(list(entries.map(entryCard), "roster-entries"));
    } else {
      card.append(element("p", t("noNurse"), "roster-unit__empty"));
    }
    if (sameOrigin(unit.history_url)) {
      const box = element("div", null, "roster-history");
      box.id = "roster-history-" + unit.id;
      box.hidden = true;
      const toggle = button(t("showHistory"));
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", box.id);
      toggle.setAttribute("aria-describedby", headingId);
      toggle.addEventListener("click", () => toggleHistory(toggle, box, unit));
      const actions = element("p", null, "roster-unit__actions");
      actions.append(toggle);
      card.append(actions, box);
    }
    return card;
  }

  // The units under a heading per area, in the order the API sends them (by area, then by name).
  function unitGroups(units) {
    const groups = [];
    units.forEach((unit) => {
      let group = groups[groups.length - 1];
      if (!group || group.name !== unit.area_name) {
        group = { name: unit.area_name, units: [] };
        groups.push(group);
      }
      group.units.push(unit);
    });
    return groups.map((group) => {
      const part = element("div", null, "roster-area");
      part.append(element("h4", group.name), ...group.units.map(unitCard));
      return part;
    });
  }

  function unsignedItem(entry) {
    const signatures = entry.signatures || {};
    const missing = [];
    if (!signatures.nurse) { missing.push(t("signerNurse")); }
    if (!signatures.leader) { missing.push(t("signerLeader")); }
    if (!signatures.network) { missing.push(t("signerNetwork")); }
    const link = element("a", entry.name);
    link.href = "#roster-entry-" + entry.id;
    return listItem(link, " " + t("unsignedAt", { unit: entry.unit_name, missing: missing.join(", ").toLowerCase() }));
  }

  // Everything the roster answer holds, for the chosen area. `announce`: say in the live region what came.
  async function loadRoster(announce) {
    const area = $("roster-area").value;
    const parts = { form: $("roster-area-form"), fields: { omrade: "roster-area" }, box: $("roster-error") };
    const result = await loadFiltered("roster", api + "/navneliste" + (area ? "?omrade=" + encodeURIComponent(area) : ""), parts,
      [403, 422], announce && t("loadingRoster"));
    if (!result) { return; }
    const data = result.body;
    roster = data;
    const areas = Array.isArray(data.areas) ? data.areas : [];
    fillOptions($("roster-area"), areas, "name", data.area || "");
    $("roster-area-form").hidden = areas.length < 2;

    const pending = Number(data.pending_reports) || 0;
    $("reports-pending").textContent = t("reportsPending", { count: pending });
    $("reports-pending").hidden = !pending;

    const rows = Array.isArray(data.coverage) ? data.coverage : [];
    $("coverage-table").tBodies[0].replaceChildren(...(rows.length ? rows.map(coverageRow) : [emptyRow(8, t("noCoverage"))]));
    showChart(data, rows);
    const uncovered = Array.isArray(data.uncovered) ? data.uncovered : [];
    $("uncovered-list").replaceChildren(...(uncovered.length
      ? uncovered.map((unit) => element("li", t("unitInArea", { unit: unit.name, area: unit.area_name })))
      : [element("li", t("allCovered"))]));
    $("coverage-downloads").replaceChildren(...downloadLinks(
      withQuery(data.coverage_csv_url, {}),
      withQuery(data.coverage_csv_url, { format: "komma" }),
      [t("coverageExcel"), t("coverageComma")],
    ));

    const unsigned = Array.isArray(data.unsigned) ? data.unsigned : [];
    $("unsigned-list").replaceChildren(...(unsigned.length ? unsigned.map(unsignedItem) : [element("li", t("allSigned"))]));
    const units = Array.isArray(data.units) ? data.units : [];
    $("roster-unit-list").replaceChildren(...unitGroups(units));
    $("roster-downloads").replaceChildren(...downloadLinks(
      withQuery(data.csv_url, {}),
      withQuery(data.csv_url, { format: "komma" }),
      [t("rosterExcel"), t("rosterComma")],
    ));
    $("roster-history-downloads").replaceChildren(...downloadLinks(
      withQuery(data.history_csv_url, {}),
      withQuery(data.history_csv_url, { format: "komma" }),
      [t("historyExcel"), t("historyComma")],
    ));

    $("roster-import").hidden = !data.can_import && !imported;
    $("import-form").hidden = !data.can_import;
    if (announce) {
      const nurses = units.reduce((sum, unit) => sum + (Array.isArray(unit.entries) ? unit.entries.length : 0), 0);
      status(t("rosterFound", { units: units.length, nurses: nurses }));
    }
  }

  $("roster-area-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadRoster(true);
  });

  // ----- The first import (the network leader) -----

  // The file's bytes as base64, a slice at a time (a 4 MB file in one call to fromCharCode is too many arguments).
  function base64(buffer) {
    const bytes = new Uint8Array(buffer);
    const parts = [];
    for (let start = 0; start < bytes.length; start += 0x8000) {
      parts.push(String.fromCharCode.apply(null, bytes.subarray(start, start + 0x8000)));
    }
    return window.btoa(parts.join(""));
  }

  function readFile(file) {
    if (file.arrayBuffer) { return file.arrayBuffer(); }
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(file);
    });
  }

  function clearImportReport() {
    upload = null;
    $("import-report").hidden = true;
    $("import-report-body").replaceChildren();
    $("import-confirm").hidden = true;
  }

  // What the check found: the file's problem, or the rows ready per area and each row to correct, by its line.
  function showImportReport(data) {
    const body = $("import-report-body");
    const parts = [];
    if (data.file_problem) {
      const box = element("div", null, "error-summary leader-alert");
      box.append(element("p", data.file_problem));
      parts.push(box);
    } else {
      parts.push(element("p", t("importRows", { filename: data.filename, count: Number(data.rows) || 0 })));
      const perArea = Array.isArray(data.per_area) ? data.per_area : [];
      if (perArea.length) {
        parts.push(list(perArea.map((area) => t("importArea", { area: area.name, count: area.rows })), "roster-list"));
      }
      const columns = data.columns && typeof data.columns === "object" ? Object.values(data.columns) : [];
      if (columns.length) { parts.push(element("p", t("importColumns", { columns: columns.join(", ") }), "field__hint")); }
    }
    const problems = Array.isArray(data.problems) ? data.problems : [];
    if (problems.length) {
      const box = element("div", null, "roster-problems");
      box.append(element("h5", t("importProblems", { count: problems.length })));
      box.append(list(problems.map((problem) => {
        const item = listItem(element("strong", t("importLine", { line: problem.line })));
        const messages = Array.isArray(problem.messages) ? problem.messages : [];
        item.append(list(messages));
        return item;
      }), "roster-problem-list"));
      parts.push(box);
    }
    const duplicates = Array.isArray(data.duplicates) ? data.duplicates : [];
    if (duplicates.length) {
      parts.push(element("h5", t("importDuplicatesHeading")));
      parts.push(list(duplicates.map((duplicate) => t("importDuplicate", { line: duplicate.line, first: duplicate.same_as })), "roster-list"));
    }
    if (Number(data.blank) > 0) { parts.push(element("p", t("importBlank", { count: data.blank }))); }
    if (Number(data.windows_lines) > 0) { parts.push(element("p", t("importWindows", { count: data.windows_lines }), "notice")); }
    if (!data.ready && !data.file_problem) { parts.push(element("p", t("importFix"), "leader-warning")); }
    body.replaceChildren(...parts);
    const count = Number(data.rows) || 0;
    $("import-confirm").textContent = count === 1 ? t("importButtonOne") : t("importButton", { count: count });
    $("import-confirm").hidden = !data.ready;
    $("import-report").hidden = false;
  }

  async function sendImport(confirm) {
    resetForm($("import-form"), IMPORT_FIELDS, $("import-error"));
    $("import-done").hidden = true;
    const result = await send({
      lock: "import", url: roster && sameOrigin(roster.import_url), body: Object.assign({ confirm: confirm }, upload),
      box: $("import-error"), button: confirm ? $("import-confirm") : $("import-check"), text: confirm ? t("importing") : t("checkingFile"),
    });
    if (!result) { return; }
    const data = result.body;
    if (result.ok && confirm) {
      imported = true;
      clearImportReport();
      $("import-file").value = "";
      showDone($("import-done"), t("imported", { count: data.imported }));
      loadRoster(false);
    } else if (result.ok) {
      showImportReport(data);
      $("import-report-heading").focus();
      status(data.ready ? t("importReady", { count: data.rows }) : t("importNotReady"));
    } else if (result.status === 422 && "ready" in data) {
      showImportReport(data);
      showAlert($("import-error"), data.message || t("failed"));
      $("import-report-heading").focus();
    } else {
      if (result.status === 409) { clearImportReport(); loadRoster(false); }
      showFormErrors(IMPORT_FIELDS, $("import-error"), data);
    }
  }

  // The file refused before it is sent (too big, unreadable): said at the field and in the form's alert.
  function refuseFile(message) {
    markFieldErrors(IMPORT_FIELDS, { file: message });
    showAlert($("import-error"), message);
    $("import-file").focus();
  }

  $("import-file").addEventListener("change", () => {
    clearImportReport();
    $("import-done").hidden = true;
  });

  $("import-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (working.import || !roster || !sameOrigin(roster.import_url)) { return; }
    resetForm($("import-form"), IMPORT_FIELDS, $("import-error"));
    clearImportReport();
    const file = $("import-file").files[0];
    if (file && file.size > IMPORT_MAX_BYTES) {
      refuseFile(t("fileTooBig"));
      return;
    }
    let content = "";
    if (file) {
      working.import = true; // reading a large file takes a moment: one check at a time
      try {
        content = base64(await readFile(file));
      } catch (error) {
        refuseFile(t("fileUnreadable"));
        return;
      } finally {
        working.import = false;
      }
    }
    upload = { filename: file ? file.name : "", content: content };
    sendImport(false);
  });

  $("import-confirm").addEventListener("click", () => {
    if (working.import || !upload || !roster || !sameOrigin(roster.import_url)) { return; }
    sendImport(true);
  });

  function clearRoster() {
    roster = null;
    imported = false;
    closePanel(reportPanel, false);
    clearImportReport();
    ["reports-table", "coverage-table"].forEach((id) => $(id).tBodies[0].replaceChildren());
    ["uncovered-list", "unsigned-list", "roster-unit-list", "coverage-downloads", "roster-downloads", "roster-history-downloads"]
      .forEach((id) => $(id).replaceChildren());
    $("coverage-figure").querySelectorAll("img").forEach((node) => node.remove());
    ["reports-status", "roster-area"].forEach((id) => clearOptions($(id)));
    $("import-file").value = "";
    $("import-done").hidden = true;
    $("reports-pending").hidden = true;
    ["roster-error", "reports-error", "import-error"].forEach((id) => showAlert($(id), ""));
  }

  // ---------- Hours at local meetings toward the yearly goal ----------

  function hoursRow(nurse, goalText) {
    const mark = nurse.behind
      ? element("strong", t("hoursBehind", { goal: goalText }), "hours-behind")
      : element("span", t("hoursReached"), "hours-reached");
    const cell = document.createElement("td");
    cell.append(mark);
    return tableRow(
      rowHeader(nurse.name),
      element("td", nurse.unit_name),
      element("td", nurse.area_name),
      element("td", nurse.hours_text, "num"),
      cell,
    );
  }

  function hoursAreaRow(area) {
    return tableRow(
      rowHeader(area.name),
      element("td", area.nurses, "num"),
      element("td", area.behind, "num"),
      element("td", area.average_text, "num"),
    );
  }

  // The chart is an image beside the table that has its numbers (so its text alternative is empty).
  function showHoursChart(data, areas) {
    const figure = $("hours-figure");
    $("hours-chart-box").replaceChildren();
    const src = sameOrigin(data.chart_url);
    figure.hidden = !src || !areas.length;
    if (figure.hidden) { return; }
    const image = document.createElement("img");
    image.className = "roster-chart__image hours-chart__image";
    image.alt = "";
    image.src = withQuery(src, { v: String(latest.hours) }); // a new address, so the browser asks again
    $("hours-chart-box").append(image);
  }

  // The hours of the chosen year (this year at first) and area. `announce`: say in the live region what came.
  async function loadHours(announce) {
    const filters = { ar: $("hours-year").value.trim(), omrade: $("hours-area").value };
    const query = new URLSearchParams();
    Object.keys(filters).forEach((name) => { if (filters[name]) { query.set(name, filters[name]); } });
    const parts = { form: $("hours-form"), fields: HOURS_FIELDS, box: $("hours-error") };
    const result = await loadFiltered("hours", api + "/timer" + (query.toString() ? "?" + query : ""), parts, [403, 422],
      announce && t("loadingHours"));
    if (!result) { return; }
    const data = result.body;
    const nurses = Array.isArray(data.nurses) ? data.nurses : [];
    const areas = Array.isArray(data.areas) ? data.areas : [];
    const choices = Array.isArray(data.choices) ? data.choices : [];
    $("hours-year").value = data.year || "";
    fillOptions($("hours-area"), choices, "name", data.area || "");
    $("hours-area-field").hidden = choices.length < 2;
    $("hours-caption").textContent = t("hoursCaption", { year: data.year });
    $("hours-areas-caption").textContent = t("hoursAreasCaption", { year: data.year });
    $("hours-table").tBodies[0].replaceChildren(
      ...(nurses.length ? nurses.map((nurse) => hoursRow(nurse, data.goal_text)) : [emptyRow(5, t("noHours"))]),
    );
    $("hours-areas-table").tBodies[0].replaceChildren(...(areas.length ? areas.map(hoursAreaRow) : [emptyRow(4, t("noHours"))]));
    showHoursChart(data, areas);
    $("hours-downloads").replaceChildren(...downloadLinks(
      withQuery(data.csv_url, {}),
      withQuery(data.csv_url, { format: "komma" }),
      [t("hoursExcel"), t("hoursComma")],
    ));
    if (announce) {
      status(t("hoursFound", { count: nurses.length, behind: nurses.filter((nurse) => nurse.behind).length }));
    }
  }

  $("hours-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadHours(true);
  });

  function clearHours() {
    ["hours-table", "hours-areas-table"].forEach((id) => $(id).tBodies[0].replaceChildren());
    $("hours-downloads").replaceChildren();
    $("hours-chart-box").replaceChildren();
    $("hours-figure").hidden = true;
    $("hours-year").value = "";
    clearOptions($("hours-area"));
    resetForm($("hours-form"), HOURS_FIELDS, $("hours-error"));
  }

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
      const time = element("td");
      const stamp = element("time", entry.at_text || formatTime(entry.at));
      if (entry.at) { stamp.dateTime = entry.at; }
      time.append(stamp);
      return tableRow(
        time,
        element("td", entry.actor),
        element("td", entry.action_label || entry.action),
        element("td", entry.subject || "–"),
        element("td", entry.rows == null ? "–" : entry.rows, "num"),
      );
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
