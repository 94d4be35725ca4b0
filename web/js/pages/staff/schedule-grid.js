// Staff: the schedule as a time grid (issue 14). Day: a column per clinician (one at a time
// on a phone, chosen with a selector); week: one clinician, a column per day. A row per slot
// length. Every cell says what it is in words and a sign, not by colour alone: open (a
// button: book), a visit (a button: the patient, visit and status; cancel, move or mark),
// requested (a button for the front desk: approve or decline), blocked (hatched, with its label), past and closed.
import { api } from "../../api.js";
import { h, practiceToday } from "../../dom.js";
import { notice, showNotice, takeFlash } from "../../forms.js";
import { dayWords, STATUS, timeWords, zoneWords } from "../../appointments-common.js";
import * as session from "../../session.js";
import { layoutTabs, monday, shift } from "./schedule.js";
import { bookAt, openRequest, openVisit } from "./schedule-actions.js";

const NARROW = "(max-width: 719px)";
const HIDDEN = ["cancelled", "proposed", "declined"];
const MERGED = ["past", "closed", "blocked", "booked"];
const minutes = (hhmm) => { const [hh, mm] = hhmm.split(":").map(Number); return hh * 60 + mm; };
const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const length = (a) => Math.round((new Date(a.end) - new Date(a.start)) / 60000);

/** Every visit on the schedule for the range (following the cursor when the API pages). */
async function visits(query) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 20; page += 1) {
    const got = await api.get("/schedule", { ...query, ...(cursor ? { cursor } : {}) });
    items.push(...got.items);
    cursor = got.cursor;
    if (!cursor) break;
  }
  return items.filter((a) => !HIDDEN.includes(a.status));
}

/** One column's rows: each a cell {kind, span, ...} or "covered" (inside a taller cell above). */
function layout(column, rows, step) {
  const out = rows.map(() => null);
  const at = (time) => Math.floor((minutes(time) - minutes(rows[0])) / step);
  for (const a of column.visits) {
    const i = at(a.time);
    if (i < 0 || i >= rows.length || out[i] !== null) continue;
    const span = Math.max(1, Math.min(Math.ceil(length(a) / step), rows.length - i));
    out[i] = { kind: "visit", span, visit: a };
    for (let k = 1; k < span; k += 1) if (out[i + k] === null) out[i + k] = "covered";
  }
  const cells = new Map(column.cells.map((c) => [c.time, c]));
  for (const r of column.requests) {
    const i = at(r.time);
    if (i >= 0 && i < rows.length && out[i] === null) out[i] = { kind: "request", span: 1, request: r, cell: cells.get(r.time) };
  }
  rows.forEach((time, i) => {
    if (out[i] !== null) return;
    const cell = cells.get(time);
    out[i] = { kind: cell ? cell.state : "closed", span: 1, cell, label: cell?.label || column.holiday || "" };
  });
  for (let i = 0; i < rows.length; i += 1) {
    const first = out[i];
    if (!first?.kind || !MERGED.includes(first.kind)) continue;
    for (let j = i + 1; j < rows.length && out[j]?.kind === first.kind && out[j].label === first.label; j += 1) {
      out[j] = "covered";
      first.span += 1;
    }
  }
  return out;
}

/** Arrow keys move between the grid's buttons by where they sit (cells span rows). */
function arrows(event) {
  const step = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] }[event.key];
  const from = event.target.closest(".grid-button");
  if (!step || !from) return;
  const here = from.getBoundingClientRect();
  const [dx, dy] = step;
  let best = null;
  let bestDistance = Infinity;
  for (const button of event.currentTarget.querySelectorAll(".grid-button")) {
    const box = button.getBoundingClientRect();
    const ahead = dy ? (dy > 0 ? box.top >= here.bottom - 1 : box.bottom <= here.top + 1)
      : (dx > 0 ? box.left >= here.right - 1 : box.right <= here.left + 1);
    const inLine = dy ? box.left < here.right && box.right > here.left : box.top < here.bottom && box.bottom > here.top;
    const distance = dy ? Math.abs(box.top - here.top) : Math.abs(box.left - here.left);
    if (ahead && inLine && distance < bestDistance) [best, bestDistance] = [button, distance];
  }
  if (best) {
    event.preventDefault();
    best.focus();
  }
}

export async function render({ query, go }) {
  const view = query.get("view") === "week" ? "week" : "day";
  const date = query.get("date") || practiceToday();
  const chosen = query.get("provider") || "";
  const first = view === "week" ? monday(date) : date;
  const days = view === "week" ? 7 : 1;
  const range = { date: first, days, ...(chosen ? { provider_id: chosen } : {}) };
  const [frame, items] = await Promise.all([api.get("/schedule/grid", range), visits(range)]);
  // A week is one clinician's; on a phone so is a day (a column each does not fit 375 px).
  const narrow = window.matchMedia(NARROW).matches;
  const provider = chosen || ((view === "week" || narrow) && frame.clinicians[0]?.provider_id) || "";
  const link = (changes) => {
    const q = new URLSearchParams({ date, view, ...(chosen ? { provider: chosen } : {}), ...changes });
    if (q.get("view") === "day") q.delete("view");
    if (!q.get("provider")) q.delete("provider");
    if (q.get("layout") === "grid") q.delete("layout");
    return `/staff/schedule?${q}`;
  };
  const status = takeFlash(notice());
  const again = () => go(link({}));
  const step = frame.slot_minutes;
  // A clinician with visits but no hours now (deactivated, hours removed) still shows them.
  const extra = new Map();
  for (const a of items) {
    if (!frame.columns.some((c) => c.provider_id === a.provider_id && c.date === a.date)) {
      extra.set(`${a.provider_id} ${a.date}`, { provider_id: a.provider_id, name: a.provider_name, date: a.date,
        holiday: null, hours: [], cells: [], requests: [] });
    }
  }
  const columns = [...frame.columns, ...extra.values()].filter((c) => !provider || c.provider_id === provider).map((c) => ({
    ...c, visits: items.filter((a) => a.provider_id === c.provider_id && a.date === c.date) }));
  const who = provider ? (frame.clinicians.find((c) => c.provider_id === provider) || { name: "One clinician" }).name
    : "All clinicians";
  const unit = view === "week" ? "week" : "day";

  // Rows: every slot from the earliest hour (or visit) shown to the latest end.
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of columns) {
    for (const cell of c.cells) { lo = Math.min(lo, minutes(cell.time)); hi = Math.max(hi, minutes(cell.time) + step); }
    for (const a of c.visits) { lo = Math.min(lo, minutes(a.time)); hi = Math.max(hi, minutes(a.time) + length(a)); }
  }
  lo -= lo % step;
  const rows = [];
  for (let m = lo; m < hi; m += step) rows.push(hhmm(m));

  const desk = session.hasRole("front_desk", "admin");
  const canBook = session.hasRole("provider", "nurse", "front_desk", "admin");
  const heads = columns.map((c) => (view === "week" ? dayWords(c.date, { short: true }) : c.name));
  const where = (c, time) => `${timeWords(time)}, ${view === "week" ? dayWords(c.date) : c.name}`;
  const cellFor = (c, slot, time) => {
    const td = (cls, ...children) => h("td", { class: `grid-cell ${cls}`, rowspan: slot.span > 1 ? slot.span : null },
      ...children);
    switch (slot.kind) {
      case "visit": {
        const a = slot.visit;
        const [label] = STATUS[a.status] || [a.status];
        return td(`grid-visit is-${a.status}`, h("button", { type: "button", class: "grid-button",
          onclick: () => openVisit(a, { again, canBook }) },
        h("span", { class: "grid-sign", "aria-hidden": "true" }, a.status === "booked" ? "●" : "✓"),
        h("strong", {}, a.patient_name),
        h("span", { class: "grid-line" }, `${a.visit_type_name}${a.mode === "telehealth" ? " (video)" : ""}`),
        h("span", { class: "grid-line grid-status" }, label),
        a.checked_in_online ? h("span", { class: "grid-line grid-checkin" }, "Checked in online") : null,  // issue 17
        h("span", { class: "visually-hidden" }, `, ${where(c, a.time)}`)));
      }
      case "open":
        return td("grid-open", canBook ? h("button", { type: "button", class: "grid-button",
          "aria-label": `Open: book ${where(c, time)}`, onclick: () => bookAt(c, slot.cell, { again }) },
        h("span", { class: "grid-sign", "aria-hidden": "true" }, "+"), "Open") : "Open");
      case "request":
        // The front desk approves or declines it here (a dialog); others see that it was asked for.
        return td("grid-request", desk ? h("button", { type: "button", class: "grid-button",
          onclick: () => openRequest(c, slot.request, { again }) },
        h("span", { class: "grid-sign", "aria-hidden": "true" }, "?"), h("strong", {}, "Requested"),
        h("span", { class: "grid-line" }, slot.request.visit_type_name),
        h("span", { class: "visually-hidden" }, `, ${where(c, time)}: approve or decline`))
          : [h("span", { class: "grid-sign", "aria-hidden": "true" }, "?"), h("strong", {}, "Requested"),
            h("span", { class: "grid-line" }, slot.request.visit_type_name),
            h("span", { class: "visually-hidden" }, `, ${where(c, time)}`)]);
      case "blocked":
        return td("grid-blocked", h("span", { class: "grid-sign", "aria-hidden": "true" }, "✕"), "Blocked",
          h("span", { class: "grid-line" }, slot.label));
      case "booked":
        return td("grid-taken", "Booked");
      case "past":
        return td("grid-past", h("span", { class: "muted small" }, "Past"));
      default:
        return td("grid-closed", h("span", { class: "muted small" }, c.holiday ? `Closed: ${c.holiday}` : "Closed"));
    }
  };
  const laid = columns.map((c) => layout(c, rows, step));
  const table = rows.length ? h("div", { class: "table-wrap grid-wrap", tabindex: "0", role: "region",
    "aria-label": `Schedule grid, ${who}` }, h("table", { class: "schedule-grid", onkeydown: arrows },
    h("caption", { class: "visually-hidden" }, `${view === "week" ? `Week of ${dayWords(first)}` : dayWords(date)}, ${who}: `
      + `a row per ${step} minutes`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Time"), heads.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((time, i) => h("tr", {}, h("th", { scope: "row" }, timeWords(time)),
      columns.map((c, k) => (laid[k][i] === "covered" ? null : cellFor(c, laid[k][i], time))))))))
    : h("p", { class: "empty" }, frame.clinicians.length ? "No working hours in this range." : "No clinician has hours yet.");

  const pick = h("select", { id: "grid-provider", name: "provider" },
    view === "day" && !narrow ? h("option", { value: "", selected: !provider }, "All clinicians") : null,
    frame.clinicians.map((p) => h("option", { value: p.provider_id, selected: p.provider_id === provider }, p.name)));
  const filter = h("form", { class: "actions schedule-controls", "aria-label": "Whose schedule", onsubmit: (e) => {
    e.preventDefault();
    go(link({ provider: pick.value }));
  } }, h("label", { for: "grid-provider" }, "Clinician"), pick, h("button", { type: "submit", class: "small" }, "Show schedule"));

  const legend = h("ul", { class: "grid-legend", "aria-label": "What the cells mean" },
    [["grid-open", "+", "Open: press to book"], ["grid-visit", "●", "Visit: press to cancel, move or mark"],
      ["grid-request", "?", desk ? "Requested by a patient: press to approve or decline" : "Requested by a patient"], ["grid-blocked", "✕", "Blocked"], ["grid-past", "", "Past or closed"]]
      .map(([cls, sign, words]) => h("li", {}, h("span", { class: `grid-swatch ${cls}`, "aria-hidden": "true" }, sign), words)));
  const heading = view === "week" ? `Week of ${dayWords(first)}` : dayWords(date);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Schedule"),
      h("p", {}, `${heading} · ${who} · ${zoneWords(frame.timezone)} time`))),
    h("div", { class: "actions schedule-controls" },
      h("a", { class: "button small", href: `#${link({ date: shift(date, -days) })}` }, `← Previous ${unit}`),
      h("label", { for: "schedule-date", class: "visually-hidden" }, view === "week" ? "Show the week of" : "Show the day"),
      h("input", { type: "date", id: "schedule-date", value: date,
        onchange: (e) => e.target.value && go(link({ date: e.target.value })) }),
      h("a", { class: "button small", href: `#${link({ date: shift(date, days) })}` }, `Next ${unit} →`)),
    h("nav", { class: "tabs", "aria-label": "Day or week" }, h("ul", {},
      [["day", "Day"], ["week", "Week"]].map(([key, label]) => h("li", {}, h("a", { href: `#${link({ view: key })}`,
        "aria-current": key === view ? "page" : null }, label))))),
    layoutTabs(link, "grid"),
    filter, status, legend,
    h("div", { class: "panel grid-panel" }, table),
  ];
}
