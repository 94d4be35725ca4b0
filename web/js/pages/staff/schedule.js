// Staff: the practice's day schedule; mark arrived, completed or missed.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { notice, showNotice } from "../../forms.js";
import { dayWords, STATUS, timeWords, zoneWords } from "../../appointments-common.js";
import * as session from "../../session.js";

function shift(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function render({ query, go }) {
  const date = query.get("date") || new Date().toLocaleDateString("en-CA");
  const schedule = await api.get("/schedule", { date });
  const status = notice();
  const canMark = session.hasRole("provider", "nurse", "front_desk", "admin");
  const mark = async (button, a, value, words) => {
    button.disabled = true;
    try {
      await api.post(`/patients/${a.patient_id}/appointments/${a.appointment_id}/status`, { status: value });
      go(`/staff/schedule?date=${date}`);
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };
  const dateInput = h("input", { type: "date", id: "schedule-date", value: date,
    onchange: (e) => e.target.value && go(`/staff/schedule?date=${e.target.value}`) });
  const rows = schedule.items.filter((a) => a.status !== "cancelled");
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Schedule"),
      h("p", {}, `${dayWords(date)} · ${zoneWords(schedule.timezone)} time`)),
    h("div", { class: "actions" },
      h("a", { class: "button small", href: `#/staff/schedule?date=${shift(date, -1)}` }, "← Previous day"),
      h("label", { for: "schedule-date", class: "visually-hidden" }, "Show the day"), dateInput,
      h("a", { class: "button small", href: `#/staff/schedule?date=${shift(date, 1)}` }, "Next day →"))),
    status,
    h("section", { class: "panel", "aria-label": `Visits on ${dayWords(date)}` }, rows.length
      ? h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, ["Time", "Patient", "Visit", "Clinician", "Status", ""].map((t) =>
          h("th", { scope: "col" }, t || h("span", { class: "visually-hidden" }, "Actions"))))),
        h("tbody", {}, rows.map((a) => {
          const [label, tone] = STATUS[a.status] || [a.status, ""];
          return h("tr", {},
            h("td", {}, timeWords(a.time)),
            h("td", {}, h("a", { href: `#/staff/patients/${a.patient_id}` }, a.patient_name)),
            h("td", {}, a.visit_type_name, a.mode === "telehealth" ? " (video)" : ""),
            h("td", {}, a.provider_name),
            h("td", {}, h("span", { class: `badge ${tone}` }, label)),
            h("td", {}, canMark && a.status === "booked" ? h("div", { class: "actions" },
              [["arrived", "Arrived"], ["fulfilled", "Completed"], ["noshow", "No-show"]].map(([value, words]) =>
                h("button", { type: "button", class: "small", onclick: (e) => mark(e.currentTarget, a, value, words) },
                  words, h("span", { class: "visually-hidden" }, `: ${a.patient_name} at ${timeWords(a.time)}`)))) : null));
        }))))
      : h("p", { class: "empty" }, "No visits on this day.")),
  ];
}
