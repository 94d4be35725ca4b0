// Visit summaries (patient side): the list, newest first. A held one shows as pending.
import { api } from "../api.js";
import { formatDay, h } from "../dom.js";
import * as session from "../session.js";

export async function render() {
  const patient = session.currentPatient();
  const { items } = await api.get(`/patients/${patient.patient_id}/visit-summaries`, { limit: 50 });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Visit summaries"),
      h("p", {}, "What was discussed at each visit and what to do next."))),
    h("section", { class: "panel", "aria-label": "Visit summaries" },
      items.length ? h("ul", { class: "list" }, items.map((v) => h("li", {},
        h("div", { class: "row" },
          v.status === "pending"
            ? h("strong", {}, `Visit on ${formatDay(v.visit_date)}`)
            : h("a", { href: `#/visits/${v.summary_id}`, class: "strong-link" }, `Visit on ${formatDay(v.visit_date)}`),
          v.status === "pending" ? h("span", { class: "badge warn" }, "Pending") : null,
          v.amended_at ? h("span", { class: "badge" }, "Amended") : null),
        // Who and why on one line; a pending summary's explanation is a sentence of its own.
        h("p", { class: "small muted" }, [v.provider_name ? `With ${v.provider_name}` : "",
          v.status === "pending" ? "" : v.reason].filter(Boolean).join(" · ")),
        v.status === "pending" ? h("p", { class: "small" }, v.message) : null)))
        : h("p", { class: "empty" }, "No visit summaries yet.")),
  ];
}
