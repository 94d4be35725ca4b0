// Admin: import patients from the practice system's CSV export (issue 15). Choose the file,
// check the dry run's report row by row, then apply it. Idempotent by MRN: importing the same
// file again changes nothing. Below, the invitations in batches (invite-batches.js). See docs/rollout.md.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { notice, showNotice } from "../../forms.js";
import { batchSection } from "./invite-batches.js";

const OUTCOMES = { created: "New patient", updated: "Updated", unchanged: "Unchanged", error: "Not imported" };
const FIELDS = { mrn: "MRN", given_name: "given name", family_name: "family name", birth_date: "birth date",
  sex: "sex", email: "email", phone: "phone" };

function reportTable(report) {
  const rows = report.rows.map((r) => h("tr", { class: r.outcome === "error" ? "row-error" : "" },
    h("td", {}, String(r.row)), h("td", {}, r.mrn || "—"), h("td", {}, OUTCOMES[r.outcome]),
    h("td", {}, r.outcome === "error" ? `${FIELDS[r.field] || r.field}: ${r.message}`
      : r.changed.length ? `Changes: ${r.changed.map((f) => FIELDS[f] || f).join(", ")}` : "")));
  const t = report.totals;
  return h("div", {},
    h("p", { "data-testid": "import-totals" }, `${t.created} new, ${t.updated} updated, ${t.unchanged} unchanged, `
      + `${t.error} with errors${report.applied ? " — applied." : " (dry run: nothing was written yet)."}`),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Import report" },
      h("table", { class: "table" }, h("caption", { class: "visually-hidden" }, "Import report, one row per line of the file"),
        h("thead", {}, h("tr", {}, ...["Line", "MRN", "Result", "Details"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows))));
}

export async function render() {
  const batches = await batchSection();
  const status = notice();
  const result = h("div", { "aria-live": "polite" });
  const file = h("input", { type: "file", id: "import-file", name: "file", accept: ".csv,text/csv" });
  let text = "";
  const apply = h("button", { type: "button", class: "primary", disabled: true }, "Apply the import");
  const run = async (applying) => {
    status.className = "notice";
    showNotice(status, "");
    try {
      const report = await api.post("/patients/import", { csv: text, apply: applying });
      result.replaceChildren(reportTable(report));
      if (applying) batches.offer(report.rows.filter((r) => r.outcome === "created").map((r) => r.patient_id));
      apply.disabled = applying || (report.totals.created + report.totals.updated === 0);
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    }
  };
  const check = h("button", { type: "button", onclick: async () => {
    const chosen = file.files[0];
    if (!chosen) {
      status.className = "notice notice-error";
      showNotice(status, "Choose the CSV file first.");
      return;
    }
    text = await chosen.text();
    await run(false);
  } }, "Check the file (dry run)");
  apply.addEventListener("click", () => run(true));
  return [h("section", { class: "panel" },
    h("h1", {}, "Import patients"),
    h("p", { class: "lead" }, "Bring the practice's patients over from the practice system's CSV export. "
      + "Check the file first: nothing is written until you apply it. Importing the same file again changes nothing."),
    h("p", { class: "small muted" }, "Columns (header row): MRN, given name (or First Name), family name (or Last Name), "
      + "birth date (DOB: YYYY-MM-DD or MM/DD/YYYY), sex (F, M, O, U), email, phone. At most 500 patients per file."),
    status,
    h("div", { class: "field" }, h("label", { for: "import-file" }, "CSV file"), file),
    h("div", { class: "actions" }, check, apply),
    result), batches.section];
}
