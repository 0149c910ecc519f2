// What the letters, news and documents views share: a file put straight into the file store with the form the API signs
// (S3's presigned POST; locally the server's stand-in), and sanitised HTML from the API shown as the site will.
"use strict";

import { send } from "./api.js";
import { sameOrigin, showAlert } from "./dom.js";

// The API's answer (the upload's id, or the letter's file) once the file is in the store; null if the API refused it
// (onRefused(body) shows why) or the post failed (said in `box` with `failed`). Letters, news and documents use it.
export async function uploadFile({ url, file, box, button, text, failed, onRefused, body }) {
  const asked = body || { name: file.name, size: file.size };
  const started = await send({ lock: "upload-" + file.name, url: url, body: asked, box: box, button: button, text: text });
  if (!started) { return null; }
  if (!started.ok) {
    onRefused(started.body);
    return null;
  }
  const form = new FormData();
  Object.entries(started.body.fields || {}).forEach(([name, value]) => form.append(name, value));
  form.append("file", file);
  const target = started.body.url;
  let stored = false;
  try {
    const answer = await fetch(target, { method: "POST", body: form, credentials: sameOrigin(target) ? "same-origin" : "omit" });
    stored = answer.ok;
  } catch (error) {
    stored = false;
  }
  if (!stored) {
    showAlert(box, failed);
    return null;
  }
  return started.body;
}

// Sanitised HTML from the API (nh3 on the server: text, headings, lists, links) into container.
export function showHtml(container, html) {
  const parsed = new DOMParser().parseFromString(html || "", "text/html");
  container.replaceChildren(...Array.from(parsed.body.childNodes));
}
