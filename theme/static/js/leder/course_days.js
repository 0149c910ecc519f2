// The days of a course form: a row per day with its date, start and end (or, for a series of meetings, a date only),
// added and removed with buttons. The inputs are named as the API names the fields (days.{n}.day, days.{n}.start,
// days.{n}.end; dates.{n}) and have the ids #BASE-{n}-day, -start, -end; focus goes to the day added, or after a
// removal to the day now in its place (or the one before), and the live region says what happened.
"use strict";

import { $, button, element, status } from "./dom.js";
import { texts } from "./text.js";

const t = texts($("leader-view"));

function input(id, name, type, label, value) {
  const field = element("div", null, "field course-day__" + type);
  const caption = element("label", label, "field__label");
  caption.htmlFor = id;
  const node = element("input", null, "field__input");
  node.type = type;
  node.id = id;
  node.name = name;
  node.value = value || "";
  field.append(caption, node);
  return field;
}

// A list in #BASE-list with its add button #BASE-add; `name` is the API's (days, dates); `times`: a date and two
// times per row, else a date only; at most `max` rows, at least one. `changed` is told of an added or removed row.
export function dayList({ base, name, times, max, changed = () => {} }) {
  const rows = $(base + "-list");
  const add = $(base + "-add");
  let min = "";

  function id(n, part) {
    return base + "-" + n + (times ? "-" + part : "");
  }

  function legend(n) {
    return times ? t("dayLegend", { n: n }) : t("dateLegend", { n: n });
  }

  function values() {
    return Array.from(rows.children).map((row, n) => (times
      ? { day: $(id(n, "day")).value, start: $(id(n, "start")).value, end: $(id(n, "end")).value }
      : $(id(n, "day")).value));
  }

  function row(value, n, count) {
    const item = element("li", null, times ? "course-day" : "course-day course-day--date");
    const remove = button(times ? t("removeDay") : t("removeDate"), "button button--secondary button--small course-day__remove");
    remove.setAttribute("aria-label", times ? t("removeDayN", { n: n + 1 }) : t("removeDateN", { n: n + 1 }));
    remove.hidden = count < 2;
    remove.addEventListener("click", () => removeRow(n));
    const parts = element("div", null, "course-day__fields");
    if (times) {
      const group = element("fieldset", null, "course-day__group");
      group.append(element("legend", legend(n + 1), "course-day__legend"));
      parts.append(
        input(id(n, "day"), name + "." + n + ".day", "date", t("dayDate"), value.day),
        input(id(n, "start"), name + "." + n + ".start", "time", t("dayStart"), value.start),
        input(id(n, "end"), name + "." + n + ".end", "time", t("dayEnd"), value.end),
        remove,
      );
      group.append(parts);
      item.append(group);
    } else {
      parts.append(input(id(n, "day"), name + "." + n, "date", legend(n + 1), value), remove);
      item.append(parts);
    }
    const day = item.querySelector("input[type=date]");
    if (min) { day.min = min; }
    return item;
  }

  function render(list) {
    rows.replaceChildren(...list.map((value, n) => row(value, n, list.length)));
    add.hidden = list.length >= max;
  }

  function removeRow(n) {
    const list = values();
    list.splice(n, 1);
    render(list);
    $(id(Math.min(n, list.length - 1), "day")).focus();
    status(times ? t("dayRemoved", { n: n + 1 }) : t("dateRemoved", { n: n + 1 }));
    changed();
  }

  add.addEventListener("click", () => {
    const list = values();
    if (list.length >= max) { return; }
    const last = list[list.length - 1];
    list.push(times ? { day: "", start: last ? last.start : "", end: last ? last.end : "" } : "");
    render(list);
    $(id(list.length - 1, "day")).focus();
    status(times ? t("dayAdded", { n: list.length }) : t("dateAdded", { n: list.length }));
    changed();
  });

  return {
    // An error in the summary with the row and input it is at ("Dag 2, sluttid: ..."), if it is one of these.
    describe(field, error) {
      const found = new RegExp("^" + name + "\\.(\\d+)(?:\\.(day|start|end))?$").exec(field);
      if (!found || Boolean(found[2]) !== times) { return null; }
      const n = Number(found[1]) + 1;
      if (!times) { return t("dateError", { n: n, error: error }); }
      const part = { day: t("dayDate"), start: t("dayStart"), end: t("dayEnd") }[found[2]];
      return t("dayError", { n: n, field: part.toLowerCase(), error: error });
    },
    // The rows anew (at least one, empty); `earliest`: the first date the picker offers, if any.
    set(list, earliest) {
      min = earliest || "";
      render(list && list.length ? list.slice(0, max) : [times ? { day: "", start: "", end: "" } : ""]);
    },
    values: values,
    // The API's field names of the rows, with the ids of their inputs.
    fields() {
      const found = {};
      Array.from(rows.children).forEach((row, n) => {
        if (times) {
          ["day", "start", "end"].forEach((part) => { found[name + "." + n + "." + part] = id(n, part); });
        } else {
          found[name + "." + n] = id(n, "day");
        }
      });
      return found;
    },
  };
}
