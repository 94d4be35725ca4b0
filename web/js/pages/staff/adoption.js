// Admin and providers (issue 15): how the portal is doing, twelve practice weeks of counts.
// Each figure: the current value, a sparkline (inline SVG, decorative) and the same points
// in a table for screen readers and exact numbers.
import { api } from "../../api.js";
import { formatDay, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} m` : `${hours} h`;
}

export function show(value, unit) {
  if (value === null || value === undefined) return "—";
  if (unit === "percent") return `${value}%`;
  if (unit === "duration") return duration(value);
  if (unit === "cents") return (value / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
  return Number(value).toLocaleString("en-US");
}

/** A small line of the points; gaps (no value) break the line. Hidden from screen readers. */
export function sparkline(points, { width = 160, height = 36 } = {}) {
  const values = points.filter((v) => v !== null && v !== undefined);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const step = width / Math.max(1, points.length - 1);
  const el = svg("svg", { viewBox: `0 0 ${width} ${height + 4}`, width, height: height + 4, class: "sparkline",
    "aria-hidden": "true", focusable: "false" });
  let d = "";
  let down = false;  // the pen: a gap lifts it
  points.forEach((v, i) => {
    if (v === null || v === undefined) { down = false; return; }
    const x = (i * step).toFixed(1);
    const y = (2 + height - ((v - min) / (max - min || 1)) * height).toFixed(1);
    d += `${down ? "L" : "M"}${x},${y} `;
    down = true;
  });
  el.append(svg("path", { d: d.trim() || "M0,0", fill: "none", stroke: "currentColor", "stroke-width": 2 }));
  const last = points.length - 1;
  if (points[last] !== null && points[last] !== undefined) {
    const y = 2 + height - ((points[last] - min) / (max - min || 1)) * height;
    el.append(svg("circle", { cx: last * step, cy: y, r: 3, fill: "currentColor" }));
  }
  return el;
}

function figureCard(f, weeks) {
  const id = `adoption-${f.key}`;
  return h("section", { class: "panel adoption-figure", "aria-labelledby": `${id}-h` },
    h("h2", { id: `${id}-h` }, f.label),
    h("p", { class: "adoption-value" }, show(f.value, f.unit), h("span", { class: "muted" }, f.period === "now" ? " now" : " this week")),
    sparkline(f.points),
    h("details", {}, h("summary", {}, "Twelve weeks"),
      h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": `${f.label} by week, scrolls sideways` },
        h("table", { "aria-label": `${f.label}, by week` },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Week of"), h("th", { scope: "col" }, "Value"))),
        h("tbody", {}, weeks.map((w, i) => h("tr", {},
          h("th", { scope: "row" }, formatDay(w) + (i === weeks.length - 1 ? " (so far)" : "")),
          h("td", {}, show(f.points[i], f.unit)))))))));
}

// The admin: who gets the weekly "small wins" email (Monday morning, practice time).
function recipientsForm(list) {
  const status = notice();
  const form = h("form", { class: "stack" },
    field("Send the weekly email to", "weekly_email_recipients", { type: "textarea", rows: 3,
      value: list.join("\n"), hint: "Staff email addresses, one a line. It goes out on Monday morning with last week's wins." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save recipients")), status);
  onSubmit(form, async (data) => {
    const addresses = data.weekly_email_recipients.split(/[\s,;]+/).filter(Boolean);
    await api.patch("/practice", { weekly_email_recipients: addresses });
    showNotice(status, addresses.length ? `Saved: ${addresses.length} recipient${addresses.length === 1 ? "" : "s"}.`
      : "Saved: nobody gets the weekly email.");
  });
  return h("section", { class: "panel", "aria-labelledby": "adoption-weekly-h" },
    h("h2", { id: "adoption-weekly-h" }, "Weekly email"), form);
}

export async function render() {
  const board = await api.get("/staff/adoption");
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Portal adoption"),
      h("p", {}, "How patients use the portal, week by week (Monday to Sunday, practice time). Counts only: no patient is named here."))),
    h("div", { class: "adoption-grid" }, board.figures.map((f) => figureCard(f, board.weeks))),
    h("section", { class: "panel", "aria-labelledby": "adoption-pools-h" },
      h("h2", { id: "adoption-pools-h" }, "First response by pool (twelve weeks, business hours)"),
      board.pools.length
        ? h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "First response by pool, scrolls sideways" }, h("table", {},
          h("thead", {}, h("tr", {}, ["Pool", "Conversations answered", "Median", "90th percentile"]
            .map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, board.pools.map((p) => h("tr", {},
            h("th", { scope: "row" }, p.name || p.pool), h("td", {}, String(p.count)),
            h("td", {}, duration(p.median_seconds)), h("td", {}, duration(p.p90_seconds)))))))
        : h("p", { class: "empty" }, "No conversations answered in these twelve weeks.")),
    board.weekly_email_recipients ? recipientsForm(board.weekly_email_recipients) : null,
  ];
}
