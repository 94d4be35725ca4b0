// Test results (patient side): newest first, new ones marked; held or waiting ones
// show as pending. The choice to see some results only after review lives here too.
import { api } from "../api.js";
import { h } from "../dom.js";
import { checkbox, field, notice, onSubmit, showNotice } from "../forms.js";
import { inlineForm } from "../health-form.js";
import * as session from "../session.js";

const SEVERITY = { critical: ["bad", "Needs attention"], abnormal: ["warn", "Some values out of range"],
  normal: ["ok", "All in range"] };

export async function render() {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}/results`;
  const [{ items }, prefs] = await Promise.all([api.get(base, { limit: 50 }), api.get(`${base}/preferences`)]);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Test results"),
      h("p", {}, "Your lab and in-office test results, with your clinician's comments. New results appear here "
        + "as soon as the lab sends them."))),
    h("section", { class: "panel", "aria-label": "Test results" },
      items.length ? h("ul", { class: "list" }, items.map(row)) : h("p", { class: "empty" }, "No test results yet.")),
    waitChoice(base, prefs),
  ];
}

function row(r) {
  const title = r.status === "pending" ? h("strong", {}, r.name)
    : h("a", { href: `#/results/${r.report_id}`, class: "strong-link" }, r.name);
  const [kind, words] = SEVERITY[r.severity] || [];
  return h("li", {},
    h("div", { class: "row" }, title,
      r.new ? h("span", { class: "badge ok" }, "New") : null,
      r.status === "pending" ? h("span", { class: "badge warn" }, "Pending") : null,
      r.status === "preliminary" ? h("span", { class: "badge warn" }, "Preliminary") : null,
      r.status === "corrected" ? h("span", { class: "badge warn" }, "Corrected") : null,
      kind ? h("span", { class: `badge ${kind}` }, words) : null),
    h("p", { class: "small muted" }, r.collected ? `Collected ${r.collected}` : "",
      r.status === "pending" ? ` · ${r.message}` : (r.has_comment ? " · Your clinician commented" : "")));
}

function waitChoice(base, prefs) {
  const status = notice();
  const form = h("form", { "aria-label": "When to see new results" },
    h("p", { class: "small" }, "Results appear as soon as they arrive. If you prefer, you can see some kinds "
      + "only after your clinician has looked at them, for up to a few days."),
    h("fieldset", {}, h("legend", {}, "Wait for my clinician's review for"),
      prefs.available.map((c) => checkbox(c.label, `cat-${c.key}`, { checked: prefs.categories.includes(c.key) }))),
    field("Days to wait at most", "days", { type: "number", value: prefs.days, min: 1, max: prefs.max_days,
      hint: `After this many days you see the result even if it has not been reviewed (practice default ${prefs.default_days}).` }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save my choice")));
  onSubmit(form, async (data) => {
    const categories = prefs.available.map((c) => c.key).filter((k) => data[`cat-${k}`]);
    const saved = await api.put(`${base}/preferences`, { categories, days: Number(data.days) || prefs.default_days });
    showNotice(status, saved.categories.length ? "Saved. Those results will wait for your clinician's review."
      : "Saved. You will see every result as soon as it arrives.");
  });
  return h("section", { class: "panel", "aria-labelledby": "wait-h" }, h("h2", { id: "wait-h" }, "When to see new results"),
    status, inlineForm("Change when I see new results", form));
}
