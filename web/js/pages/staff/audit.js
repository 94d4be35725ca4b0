// Admin: a patient's audit trail within a date range.
import { formatDay, fullName, h } from "../../dom.js";
import { field } from "../../forms.js";
import { api } from "../../api.js";
import { accessLog } from "../access-log.js";
import { resultsTable, searchForm } from "./directory.js";

const SETTINGS = "practice-settings"; // services/practice.py SETTINGS_AUDIT

export async function render({ query, go }) {
  const patientId = query.get("patient");
  if (!patientId) {
    const results = h("div", { "aria-live": "polite" });
    const choose = (p) => h("a", { class: "button small", href: `#/staff/audit?patient=${p.patient_id}` },
      "Show audit", h("span", { class: "visually-hidden" }, ` for ${p.given_name} ${p.family_name}`));
    return [
      h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Audit search"),
        h("p", {}, "Every read and change of a patient's record: who, what, when and from where."))),
      h("section", { class: "panel" }, searchForm((items) => results.replaceChildren(resultsTable(items, { action: choose })),
        { label: "Which patient?" })),
      results,
      h("p", {}, h("a", { href: `#/staff/audit?patient=${SETTINGS}` }, "Changes to the practice settings")),
    ];
  }
  // The practice settings' changes (who changed which settings, when) have their own trail.
  const patient = patientId === SETTINGS ? null : await api.get(`/patients/${patientId}`);
  const since = query.get("since") || "";
  const until = query.get("until") || "";
  const form = h("form", { class: "grid-2", "aria-label": "Date range" },
    field("From", "since", { type: "date", value: since }),
    field("To", "until", { type: "date", value: until }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Show")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams({ patient: patientId });
    if (data.get("since")) params.set("since", data.get("since"));
    if (data.get("until")) params.set("until", data.get("until"));
    go(`/staff/audit?${params}`);
  });
  const log = accessLog(patientId, patient ? `${fullName(patient)}'s` : "the practice settings'",
    { path: "/audit", query: { patient_id: patientId, since, until },
      ...(patient ? {} : { empty: "No changes to the practice settings in this period." }) });
  log.querySelector("h2").textContent = since || until
    ? `Audit events ${since ? `from ${formatDay(since)} ` : ""}${until ? `to ${formatDay(until)}` : ""}` : "Audit events";
  if (!patient) log.querySelector("p.muted").textContent = "Who changed which practice settings, newest first.";
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/staff/audit" }, "← Choose another patient")),
      h("h1", {}, patient ? `Audit: ${fullName(patient)}` : "Audit: practice settings"),
      patient ? h("p", {}, `MRN ${patient.mrn} · born ${formatDay(patient.birth_date)}`) : null)),
    h("section", { class: "panel" }, form),
    log,
  ];
}
