// /leder/nyheter/: the news a leader writes. Write one (its picture goes straight to the file store with the form the
// API signs), preview its text as the site will show it, save it as a draft or publish it; open one to change it,
// take it down, publish it again or bring the version before back; its versions. A change is made on the version
// the leader saw: if someone else saved in between, the API says so (409) and nothing is overwritten.
"use strict";

import { api, load, newest, send } from "./api.js";
import { $, button, clearTables, element, fillOptions, fillTable, items, link, rowHeader, showAlert, showDone, status, tableRow } from "./dom.js";
import { resetForm, showErrorSummary } from "./forms.js";
import { showHtml, uploadFile } from "./site_files.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));
const latest = { list: newest(), article: newest() };
const FIELDS = {
  title: "news-title",
  summary: "news-summary",
  area: "news-area",
  body: "news-body",
  image: "news-image",
  image_alt: "news-image-alt",
};
let current = null; // the article being changed, as the API last gave it (null: a new one)
let picture = ""; // the upload id of a new picture, once it is in the store
let onlyArea = ""; // an area leader's one area: chosen for them

function articleBody(publish) {
  const body = {
    title: $("news-title").value,
    summary: $("news-summary").value,
    area: $("news-area").value,
    body: $("news-body").value,
    image: picture,
    image_alt: $("news-image-alt").value,
    keep_image: !$("news-remove-image").checked,
    publish: publish,
  };
  if (current) { body.version = current.version; }
  return body;
}

function showPictureNow() {
  const image = current && current.image;
  $("news-image-now").textContent = image ? t("currentImage", { alt: image.alt }) : t("noImage");
  $("news-remove-image-choice").hidden = !image;
}

// The form ----------------------------------------------------------------------------------------------------

function openForm(article) {
  current = article;
  picture = "";
  const form = $("news-form");
  resetForm(form, FIELDS, $("news-error"));
  form.reset();
  $("news-area").value = onlyArea;
  $("news-done").hidden = true;
  $("news-preview").hidden = true;
  $("news-form-heading").textContent = article ? t("editHeading") : t("newHeading");
  if (article) {
    $("news-title").value = article.title;
    $("news-summary").value = article.summary;
    $("news-area").value = article.area;
    $("news-body").value = article.body;
    $("news-image-alt").value = article.image ? article.image.alt : "";
  }
  $("news-save-publish").textContent = article && article.status === "published" ? t("savePublished") : $("news-save-publish").dataset.label;
  $("news-save-draft").hidden = Boolean(article && article.status === "published");
  showPictureNow();
  form.hidden = false;
  $("news-form-heading").focus();
}

async function uploadPicture(file) {
  showAlert($("news-error"), "");
  const answer = await uploadFile({
    url: api + "/nyheter/bilde", file: file, box: $("news-error"), button: $("news-image"),
    text: t("uploading", { name: file.name }), failed: t("uploadFailed", { name: file.name }),
    onRefused: (body) => {
      showErrorSummary(FIELDS, $("news-error"), body, (count) => t("errorsHeading", { count: count }));
      $("news-image").value = "";
    },
  });
  if (!answer) { return; }
  picture = answer.id;
  $("news-image-now").textContent = t("uploaded", { name: file.name });
  status(t("uploaded", { name: file.name }));
}

$("news-image").addEventListener("change", async (event) => {
  const file = (event.target.files || [])[0];
  picture = "";
  if (file) { await uploadPicture(file); }
});

async function preview() {
  resetForm($("news-form"), FIELDS, $("news-error"));
  const result = await send({
    lock: "news-preview", url: api + "/nyheter/forhandsvisning", body: articleBody(false), box: $("news-error"),
    button: $("news-preview-button"), text: t("previewing"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showErrorSummary(FIELDS, $("news-error"), result.body, (count) => t("errorsHeading", { count: count }));
    return;
  }
  showHtml($("news-preview-body"), result.body.html);
  $("news-preview").hidden = false;
  $("news-preview-heading").focus();
  status(t("previewReady"));
}

async function save(publish, clicked) {
  resetForm($("news-form"), FIELDS, $("news-error"));
  const url = current ? `${api}/nyheter/${encodeURIComponent(current.id)}` : api + "/nyheter";
  const result = await send({
    lock: "news-save", url: url, method: current ? "PUT" : "POST", body: articleBody(publish), box: $("news-error"),
    button: clicked, text: t("saving"),
  });
  if (!result) { return; }
  if (!result.ok) {
    showErrorSummary(FIELDS, $("news-error"), result.body, (count) => t("errorsHeading", { count: count }));
    return;
  }
  const article = result.body.article;
  openForm(article);
  showArticle(result.body);
  showDone($("news-done"), article.status === "published" ? t("savedPublished") : t("savedDraft"));
  await loadArticles();
}

$("news-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const clicked = event.submitter || $("news-save-draft");
  save(clicked.value === "publish", clicked);
});
$("news-preview-button").addEventListener("click", preview);
$("news-new").addEventListener("click", () => {
  latest.article.skip();
  $("news-article").hidden = true;
  openForm(null);
});

// One article: its status, its steps and its versions ------------------------------------------------------------

function showArticle(detail) {
  const article = detail.article;
  $("news-article-status").textContent = `${article.status_label} · ${article.area_name}${article.published_text ? " · " + article.published_text : ""}`;
  $("news-article-link").replaceChildren(...(article.status === "published" ? [link(t("openPage"), article.url)] : []));
  $("news-publish").hidden = article.status === "published";
  $("news-withdraw").hidden = article.status !== "published";
  $("news-restore").hidden = !detail.can_restore;
  $("news-versions").replaceChildren(...items(detail.revisions).map((one) => element("li", t("version", {
    version: one.version, action: one.action_label, saved: one.saved_text, by: one.changed_by || "–", status: one.status_label,
  }))));
  showAlert($("news-article-error"), "");
  $("news-article").hidden = false;
}

async function openArticle(id) {
  const ticket = latest.article.next();
  const result = await load(`${api}/nyheter/${encodeURIComponent(id)}`);
  if (!result || !ticket.current()) { return; }
  openForm(result.body.article);
  showArticle(result.body);
}

async function step(path, clicked, done) {
  if (!current) { return; }
  const result = await send({
    lock: "news-step", url: `${api}/nyheter/${encodeURIComponent(current.id)}/${path}`, body: { version: current.version },
    box: $("news-article-error"), button: clicked,
  });
  if (!result) { return; }
  if (!result.ok) {
    showAlert($("news-article-error"), result.body.message || "", result.body.errors);
    return;
  }
  openForm(result.body.article);
  showArticle(result.body);
  showDone($("news-done"), done(result.body.article));
  await loadArticles();
}

$("news-publish").addEventListener("click", () => step("publisering", $("news-publish"), () => t("savedPublished")));
$("news-withdraw").addEventListener("click", () => step("nedtaking", $("news-withdraw"), () => t("withdrawn")));
$("news-restore").addEventListener("click", () => step("tilbakestilling", $("news-restore"), () => t("restored")));
$("news-close").addEventListener("click", () => {
  latest.article.skip();
  current = null;
  $("news-article").hidden = true;
  $("news-form").hidden = true;
  $("news-preview").hidden = true;
  $("news-list-heading").focus();
});

// The list ------------------------------------------------------------------------------------------------------

function articleRow(article) {
  const edit = button(t("edit"));
  edit.setAttribute("aria-label", t("editFor", { title: article.title }));
  edit.addEventListener("click", () => openArticle(article.id));
  const cell = document.createElement("td");
  cell.append(edit);
  return tableRow(
    rowHeader(article.title),
    element("td", article.area_name),
    element("td", article.status_label),
    element("td", article.published_text),
    element("td", article.updated_text),
    cell,
  );
}

async function loadArticles() {
  const ticket = latest.list.next();
  const result = await load(api + "/nyheter");
  if (!result || !ticket.current()) { return null; }
  const articles = items(result.body.articles);
  fillTable("news", articles, articleRow, t("noArticles"));
  return result.body;
}

export async function show() {
  $("news-save-publish").dataset.label = $("news-save-publish").textContent;
  status(t("loading"));
  const found = await loadArticles();
  if (!found) { return; }
  onlyArea = found.areas.length === 1 ? found.areas[0].id : "";
  fillOptions($("news-area"), found.areas, "name", onlyArea);
  const count = items(found.articles).length;
  status(count ? t("articlesFound", { count: count }) : t("noArticles"));
}

export function clear() {
  latest.list.skip();
  latest.article.skip();
  current = null;
  picture = "";
  clearTables("news");
  $("news-form").reset();
  $("news-form").hidden = true;
  $("news-preview").hidden = true;
  $("news-article").hidden = true;
  showAlert($("news-error"), "");
}
