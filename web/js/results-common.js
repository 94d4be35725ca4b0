// Shared by the patient's and the clinician's result pages: the in/out-of-range marker
// (words first, colour second) and the values table.
import { h } from "./dom.js";

const MARKER_CLASS = { normal: "ok", high: "warn", low: "warn", abnormal: "warn", critical: "bad", none: "" };

export function marker(o) {
  return h("span", { class: `badge marker-${o.marker} ${MARKER_CLASS[o.marker] || ""}` }, o.marker_words);
}

export function valueText(o) {
  return `${o.value}${o.units ? ` ${o.units}` : ""}`;
}

/** One row per value: name, value with units, range, marker; `extra(o)` adds cells. */
export function valuesTable(observations, { caption, trendHref = null, extra = null, extraHeads = [] }) {
  // Focusable and named: on a phone the table scrolls sideways, by keyboard too.
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, h("table", { class: "results-table" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Test"), h("th", { scope: "col" }, "Result"),
      h("th", { scope: "col" }, "Normal range"), h("th", { scope: "col" }, "In range?"),
      extraHeads.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, observations.map((o) => h("tr", {},
      h("th", { scope: "row" }, o.name,
        o.name !== o.lab_name && o.lab_name ? h("span", { class: "small muted block" }, o.lab_name) : null,
        o.trend && trendHref ? h("a", { class: "small block", href: trendHref(o) }, `See the trend of ${o.name}`) : null),
      h("td", { class: "prose" }, valueText(o),
        o.replaces ? h("span", { class: "small muted block" }, `Corrected; was ${o.replaces.value}`) : null,
        (o.notes || []).map((n) => h("span", { class: "small muted block" }, n))),
      h("td", {}, o.range || "—"),
      h("td", {}, marker(o)),
      extra ? extra(o) : null)))));
}
