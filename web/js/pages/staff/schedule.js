// Staff: the practice's schedule, one day or a week (Monday to Sunday), for every
// clinician or one. Shown as a time grid (schedule-grid.js) unless layout=list: this list,
// where visits are marked arrived, completed or missed.
import { api } from "../../api.js";
import { h, practiceToday } from "../../dom.js";
import { notice, showNotice } from "../../forms.js";
import { videoLinkForm } from "./schedule-actions.js";
import { dayWords, STATUS, timeWords, visitTypes, zoneWords } from "../../appointments-common.js";
import * as session from "../../session.js";

export function shift(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week that holds `date`. */
export function monday(date) {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return shift(date, -((weekday + 6) % 7));
}

/** Every clinician who sees a visit type (the list any staff member may read). */
async function clinicians() {
  const seen = new Map();
  for (const t of (await visitTypes()).items) for (const p of t.providers) seen.set(p.provider_id, p.name);
  return [...seen].map(([id, name]) => ({ provider_id: id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** "Checked in online" (issue 17), leading to what the check-in changed. */
export function checkedIn(a) {
  if (!a.checked_in_online) return null;
  return [" ", h("a", { class: "badge ok", href: `#/staff/checkin/${a.patient_id}/${a.appointment_id}` }, "Checked in online",
    h("span", { class: "visually-hidden" }, `${a.patient_name ? `: ${a.patient_name}` : ""}, see what changed`))];
}

/** Grid or list: the same day or week either way. */
export function layoutTabs(link, layout) {
  return h("nav", { class: "tabs", "aria-label": "Grid or list" }, h("ul", {}, [["grid", "Grid"], ["list", "List"]]
    .map(([key, label]) => h("li", {}, h("a", { href: `#${link({ layout: key })}`, "aria-current": key === layout ? "page" : null },
      label)))));
}

export async function render(context) {
  const { query, go } = context;
  if (query.get("layout") !== "list") return (await import("./schedule-grid.js")).render(context);
  const date = query.get("date") || practiceToday();
  const view = query.get("view") === "week" ? "week" : "day";
  const provider = query.get("provider") || "";
  const first = view === "week" ? monday(date) : date;
  const [schedule, people] = await Promise.all([
    api.getAll("/schedule", { date: first, days: view === "week" ? 7 : 1, ...(provider ? { provider_id: provider } : {}) }),
    clinicians(),
  ]);
  const link = (changes) => {
    const q = new URLSearchParams({ date, view, layout: "list", ...(provider ? { provider } : {}), ...changes });
    if (q.get("view") === "day") q.delete("view");
    if (q.get("layout") === "grid") q.delete("layout");
    if (!q.get("provider")) q.delete("provider");
    return `/staff/schedule?${q}`;
  };
  const status = notice();
  const canMark = session.hasRole("provider", "nurse", "front_desk", "admin");
  const mark = async (button, a, value) => {
    button.disabled = true;
    try {
      await api.post(`/patients/${a.patient_id}/appointments/${a.appointment_id}/status`, { status: value });
      go(link({}));
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };
  // Each mark asks first (a tap on the wrong row is easy on a phone); completed and no-show
  // are offered only once the visit has started (the API refuses them before).
  const MARKS = [["arrived", "Arrived", "arrived"], ["fulfilled", "Completed", "completed"], ["noshow", "No-show", "a no-show"]];
  const actions = (a) => {
    if (!canMark || !["booked", "arrived"].includes(a.status)) return null;
    const box = h("div", { class: "actions" });
    const offer = () => box.replaceChildren(...MARKS
      .filter(([value]) => (value === "arrived" ? a.status === "booked" : a.started))
      .map(([value, words, said]) => h("button", { type: "button", class: "small", onclick: () => ask(value, said) },
        words, h("span", { class: "visually-hidden" }, `: ${a.patient_name} at ${timeWords(a.time)}`))));
    const ask = (value, said) => {
      const yes = h("button", { type: "button", class: "small primary", onclick: (e) => mark(e.currentTarget, a, value) },
        `Yes, mark ${said}`);
      box.replaceChildren(h("p", { class: "small", role: "status" }, `Mark ${a.patient_name} at ${timeWords(a.time)} as ${said}?`),
        yes, h("button", { type: "button", class: "small", onclick: () => { offer(); box.querySelector("button")?.focus(); } }, "Not now"));
      yes.focus();
    };
    offer();
    return box.childElementCount ? box : null;
  };
  const badge = (a) => {
    const [label, tone] = STATUS[a.status] || [a.status, ""];
    return [h("span", { class: `badge ${tone}` }, label), checkedIn(a)];
  };
  // The practice's video service link for one video visit (overrides the clinician's).
  const canLink = session.hasRole("provider", "nurse", "front_desk", "admin");
  const videoLink = (a) => (canLink ? videoLinkForm(a, () => go(link({}))) : null);
  const rows = schedule.items.filter((a) => a.status !== "cancelled");
  const who = provider ? (people.find((p) => p.provider_id === provider) || { name: "One clinician" }).name : "All clinicians";
  const step = view === "week" ? 7 : 1;
  const unit = view === "week" ? "week" : "day";

  const dateInput = h("input", { type: "date", id: "schedule-date", value: date,
    onchange: (e) => e.target.value && go(link({ date: e.target.value })) });
  const pick = h("select", { id: "schedule-provider", name: "provider" },
    h("option", { value: "", selected: !provider }, "All clinicians"),
    people.map((p) => h("option", { value: p.provider_id, selected: p.provider_id === provider }, p.name)));
  const filter = h("form", { class: "actions schedule-controls", "aria-label": "Whose schedule", onsubmit: (e) => {
    e.preventDefault();
    go(link({ provider: pick.value }));
  } }, h("label", { for: "schedule-provider" }, "Clinician"), pick,
  h("button", { type: "submit", class: "small" }, "Show schedule"));

  const dayTable = (items) => h("div", { class: "table-wrap wide-only" }, h("table", {},
    h("thead", {}, h("tr", {}, ["Time", "Patient", "Visit", "Clinician", "Status", ""].map((t) =>
      h("th", { scope: "col" }, t || h("span", { class: "visually-hidden" }, "Actions"))))),
    h("tbody", {}, items.map((a) => h("tr", {},
      h("td", {}, timeWords(a.time)),
      h("td", {}, h("a", { href: `#/staff/patients/${a.patient_id}` }, a.patient_name)),
      h("td", {}, a.visit_type_name, a.mode === "telehealth" ? " (video)" : ""),
      h("td", {}, a.provider_name),
      h("td", {}, badge(a)),
      h("td", {}, actions(a), videoLink(a)))))));

  // A list that wraps on a phone: the week's days, and the day view on a narrow screen
  // (a six-column table does not fit 320 px).
  const visitList = (items, className = "list") => h("ul", { class: className }, items.map((a) => h("li", { class: "schedule-visit" },
    h("div", { class: "row" }, h("strong", {}, timeWords(a.time)), badge(a)),
    h("p", {}, h("a", { href: `#/staff/patients/${a.patient_id}` }, a.patient_name),
      ` · ${a.visit_type_name}${a.mode === "telehealth" ? " (video)" : ""} · ${a.provider_name}`),
    actions(a), videoLink(a))));
  const weekDays = Array.from({ length: 7 }, (_, i) => shift(first, i));
  const week = () => weekDays.map((d) => {
    const items = rows.filter((a) => a.date === d);
    return h("section", { class: "panel schedule-day", "aria-labelledby": `day-${d}` },
      h("h2", { id: `day-${d}` }, dayWords(d), h("span", { class: "muted small" },
        ` · ${items.length ? `${items.length} visit${items.length === 1 ? "" : "s"}` : "no visits"}`)),
      items.length ? visitList(items) : null);
  });

  const heading = view === "week" ? `Week of ${dayWords(first)}` : dayWords(date);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Schedule"),
      h("p", {}, `${heading} · ${who} · ${zoneWords(schedule.timezone)} time`)),
    h("div", { class: "actions schedule-controls" },
      h("a", { class: "button small", href: `#${link({ date: shift(date, -step) })}` }, `← Previous ${unit}`),
      h("label", { for: "schedule-date", class: "visually-hidden" }, view === "week" ? "Show the week of" : "Show the day"),
      dateInput,
      h("a", { class: "button small", href: `#${link({ date: shift(date, step) })}` }, `Next ${unit} →`))),
    h("nav", { class: "tabs", "aria-label": "Day or week" }, h("ul", {}, [["day", "Day"], ["week", "Week"]].map(([key, label]) =>
      h("li", {}, h("a", { href: `#${link({ view: key })}`, "aria-current": key === view ? "page" : null }, label))))),
    layoutTabs(link, "list"),
    filter,
    status,
    view === "week" ? week() : h("section", { class: "panel", "aria-label": `Visits on ${dayWords(date)}` }, rows.length
      ? [dayTable(rows), visitList(rows, "list narrow-only")] : h("p", { class: "empty" }, "No visits on this day.")),
  ];
}
