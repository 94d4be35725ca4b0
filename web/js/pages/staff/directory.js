// Staff: find a patient by name (either order, or a prefix), phone, date of birth or MRN.
// The API reads the one box (q) and lists recent patients first.
import { api } from "../../api.js";
import { formatDay, h } from "../../dom.js";
import { field, onSubmit } from "../../forms.js";
import * as session from "../../session.js";
import { statusBadge } from "./common.js";

export function resultsTable(items, { action = null } = {}) {
  if (!items.length) return h("p", { class: "empty", role: "status" }, "No patients match.");
  return h("div", { class: "table-wrap" }, h("table", {},
    h("caption", { class: "muted small" }, `${items.length} patient${items.length === 1 ? "" : "s"} found`),
    h("thead", {}, h("tr", {}, ["Name", "Date of birth", "MRN", "Portal"].map((t) => h("th", { scope: "col" }, t)),
      action ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Action")) : null)),
    h("tbody", {}, items.map((p) => h("tr", {},
      h("td", {}, action ? `${p.family_name}, ${p.given_name}`
        : h("a", { href: `#/staff/patients/${p.patient_id}` }, `${p.family_name}, ${p.given_name}`)),
      h("td", {}, formatDay(p.birth_date)),
      h("td", {}, p.mrn),
      h("td", {}, statusBadge(p.account_status)),
      action ? h("td", {}, action(p)) : null)))));
}

export function searchForm(onResults, { label = "Find a patient", initial = "" } = {}) {
  const form = h("form", { role: "search", class: "search-form" },
    field(label, "q", { value: initial, required: true, autocomplete: "off",
      hint: "Name (“Alex Morgan”, “Morgan, Alex” or the first letters), phone, date of birth (MM/DD/YYYY) or MRN." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Search")));
  onSubmit(form, async (data) => {
    const result = await api.get("/patients", { q: data.q, limit: 50 });
    onResults(result.items, data.q);
  });
  // API errors name "name"/"phone"/"mrn"/"birth_date": all are this one box.
  form.querySelector("[data-field=q]").dataset.alias = "name phone mrn birth_date";
  return form;
}

export function render({ query, go }) {
  const results = h("div", { "aria-live": "polite" });
  const canCreate = session.hasRole("provider", "nurse", "front_desk", "admin");
  const form = searchForm((items, q) => {
    results.replaceChildren(h("section", { class: "panel", "aria-label": "Search results" }, resultsTable(items)));
    history.replaceState(null, "", `#/staff?q=${encodeURIComponent(q)}`);
  }, { initial: query.get("q") || "" });
  // After the page is on screen (a detached form cannot submit): repeat the search in the URL.
  if (query.get("q")) setTimeout(() => form.isConnected && form.requestSubmit());
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Patients"),
      h("p", {}, "Search the patient directory.")),
    canCreate ? h("a", { class: "button primary", href: "#/staff/new" }, "New patient") : null),
    h("section", { class: "panel" }, form),
    results,
  ];
}
