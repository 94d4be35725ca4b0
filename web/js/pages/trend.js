// The trend of one test: an SVG chart drawn here (the normal range as a band) and the
// same values as a table, which is what screen readers read.
import { api } from "../api.js";
import { h } from "../dom.js";
import { marker, valueText } from "../results-common.js";
import * as session from "../session.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 640;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

export async function render({ params }) {
  const patient = session.currentPatient();
  const t = await api.get(`/patients/${patient.patient_id}/results/trend`, { code: params.code });
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/results" }, "← All test results")),
      h("h1", {}, `${t.name}: trend`),
      h("p", {}, t.range && t.range.text ? `Normal range: ${t.range.text}${t.units ? ` ${t.units}` : ""}` : ""))),
    t.points.length ? h("section", { class: "panel", "aria-labelledby": "chart-h" },
      h("h2", { id: "chart-h", class: "visually-hidden" }, "Chart"), chart(t)) : h("p", { class: "empty" }, "No values yet."),
    t.points.length ? h("section", { class: "panel", "aria-labelledby": "table-h" },
      h("h2", { id: "table-h" }, "All values"),
      h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "All values" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Date"), h("th", { scope: "col" }, "Result"),
          h("th", { scope: "col" }, "In range?"))),
        h("tbody", {}, [...t.points].reverse().map((p) => h("tr", {},
          h("th", { scope: "row" }, h("a", { href: `#/results/${p.report_id}` }, p.when)),
          h("td", {}, valueText(p)), h("td", {}, marker(p)))))))) : null,
  ];
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function chart(t) {
  const points = t.points.filter((p) => p.number !== null && p.number !== undefined && !Number.isNaN(Number(p.number)));
  if (!points.length) return h("p", {}, "These results are not numbers, so there is no chart; see the table.");
  const values = points.map((p) => Number(p.number));
  const low = t.range && t.range.low !== null ? Number(t.range.low) : null;
  const high = t.range && t.range.high !== null ? Number(t.range.high) : null;
  const all = values.concat([low, high].filter((v) => v !== null));
  let min = Math.min(...all);
  let max = Math.max(...all);
  const pad = (max - min || Math.abs(max) || 1) * 0.15;
  min = Math.max(0, min - pad);
  max += pad;
  const times = points.map((p) => new Date(p.collected_at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (ms) => PAD.left + (t1 === t0 ? 0.5 : (ms - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const band = (low !== null || high !== null) ? svg("rect", { class: "range-band", x: PAD.left,
    y: y(high !== null ? high : max), width: W - PAD.left - PAD.right,
    height: Math.max(0, y(low !== null ? low : min) - y(high !== null ? high : max)) }) : null;
  const line = svg("polyline", { class: "trend-line", fill: "none",
    points: points.map((p, i) => `${x(times[i])},${y(values[i])}`).join(" ") });
  const dots = points.map((p, i) => svg("circle", { class: `dot marker-${p.marker}`, cx: x(times[i]), cy: y(values[i]), r: 5 }));
  const labels = points.map((p, i) => svg("text", { x: x(times[i]), y: H - 12, "text-anchor": "middle", class: "axis" },
    new Date(p.collected_at).toLocaleDateString(undefined, { month: "short", year: "numeric" })));
  const ticks = [min, (min + max) / 2, max].map((v) => svg("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end",
    class: "axis" }, Number(v.toPrecision(3))));
  return svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "trend-chart", role: "img",
    "aria-label": `${t.name} over time; the values are in the table below.` },
  svg("title", {}, `${t.name} over time`), band, line, dots, labels, ticks);
}
