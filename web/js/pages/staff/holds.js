// Admin: every hold placed on a patient's item in a year, by whom, why, and when lifted.
import { api } from "../../api.js";
import { formatTime, fullName, h, practiceToday } from "../../dom.js";

const RESOURCES = { "visit-summary": "Visit summary", "lab-result": "Test result" };

export async function render({ query, go }) {
  const thisYear = Number(practiceToday().slice(0, 4));
  const year = query.get("year") || String(thisYear);
  const report = await api.get("/reports/holds", { year, limit: 100 });
  const select = h("select", { id: "holds-year", onchange: (e) => go(`/staff/holds?year=${e.target.value}`) },
    [0, 1, 2, 3].map((back) => {
      const y = String(thisYear - back);
      return h("option", { value: y, selected: y === year }, y);
    }));
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Holds report"),
      h("p", {}, "Items a clinician kept from a patient for a while, with the recorded reason (Cures Act).")),
    h("div", { class: "record-switch" }, h("label", { for: "holds-year" }, "Year"), select)),
    h("section", { class: "panel", "aria-label": `Holds in ${year}` }, report.items.length
      ? h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, ["Patient", "Item", "Reason", "Held", "Lifted"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, report.items.map((x) => h("tr", {},
          h("td", {}, x.patient ? h("a", { href: `#/staff/patients/${x.patient.patient_id}` }, fullName(x.patient)) : "—"),
          h("td", {}, RESOURCES[x.resource] || x.resource),
          h("td", {}, x.reason),
          h("td", {}, `${formatTime(x.held_at)} by ${x.held_by_name}`),
          h("td", {}, x.released_at ? `${formatTime(x.released_at)} by ${x.released_by_name}`
            : h("span", { class: "badge warn" }, "Still held")))))))
      : h("p", { class: "empty" }, `No holds in ${year}.`)),
  ];
}
