// /leder/arsrapport/: the annual report is a page of its own that the API makes (numbers, charts, the Word
// document); this view links to it, so it has no data to read.
"use strict";

export function show() {
  return Promise.resolve();
}

export function clear() {}
